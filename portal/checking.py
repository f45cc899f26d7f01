"""Validation at upload: one file read and validated in the workspace's context, exactly as a build would.

The file is checked under the name a build reads it by, `<unit>.<ext>`, so a two-column table without a
「单位」 row belongs to the unit that uploaded it, as it will in the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from annual_report.config.catalogue import Catalogue
from annual_report.config.outline import SECTION_NAMES
from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Workspace
from annual_report.findings import Finding, Severity
from annual_report.intake import read_file
from annual_report.validation import validate


def check_file(ws: Workspace, plan: WorkPlan | None, path: Path, unit: str, shown_as: str) -> list[Finding]:
    """The findings of one unit's file: the file's own, and the unit-level ones (required metrics, catalogue
    rules); a file with another unit's material is an error. `file` in each finding is `shown_as`."""
    intake = read_file(path, ws)
    report = validate(ws, [intake], plan)
    here = ws.relative(path)
    mine = [f for f in report.findings if (f.file == here or f.unit == unit) and f.rule != "missing_submission"]
    others = [r.unit.label for key, r in report.units.items() if key != unit and r.files]
    if others:
        mine.insert(0, Finding(
            unit=unit, file=here, rule="other_unit", severity=Severity.ERROR,
            message=f"文件中是{'、'.join(others)}的材料，不是本单位的；请只上传本单位的报送文件"))
    return [f.model_copy(update={"file": shown_as}) for f in mine]


_KEY_PATH = re.compile(r"(?<![A-Za-z0-9_.])(metrics\.[A-Za-z0-9_.]+|[a-z_]+)(?:\[(\d+)\])?(?![A-Za-z0-9_])")
_KEYS_IN_BRACKETS = re.compile(r"\s*[（(]([A-Za-z_][A-Za-z0-9_.]*(?:\s*[-+*/]\s*[A-Za-z_][A-Za-z0-9_.]*)*)[）)]")
_FIELDS = {"unit": "单位名称", "year": "年度", "submitted_at": "报送时间", "contact": "联系人", "metrics": "统计数字",
           "other_figures": "目录外的数字"}


class Plain:
    """Findings in the words units use: key paths (responsibility, achievements[3], metrics.lit.lost) as the
    section, item or metric they name, and no program keys in brackets after Chinese names."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.names = {m.id: m.name for m in catalogue.metrics}

    def _path(self, match: re.Match[str]) -> str:
        key, index = match.group(1), match.group(2)
        if key.startswith("metrics."):
            name = self.names.get(key[8:])
            return f"「{name}」" if name else match.group(0)
        named = f"「{SECTION_NAMES[key]}」" if key in SECTION_NAMES else _FIELDS.get(key)  # type: ignore[index]
        if named is None:
            return match.group(0)
        return f"{named}第{int(index) + 1}条" if index is not None else named

    def location(self, location: str) -> str:
        return _KEY_PATH.sub(self._path, location)

    def message(self, message: str) -> str:
        def drop(match: re.Match[str]) -> str:
            keys = re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", match.group(1))
            known = all(k in self.names or k in SECTION_NAMES for k in keys)
            return "" if known else match.group(0)

        return _KEYS_IN_BRACKETS.sub(drop, message)


def finding_rows(findings: list[dict[str, str]], plain: Plain | None = None) -> list[dict[str, str]]:
    """Findings as a page shows them: errors first, each with its severity in Chinese; with `plain`, located
    and worded without program keys."""
    ordered = sorted(findings, key=lambda f: f["severity"] != Severity.ERROR)
    rows = []
    for f in ordered:
        location = plain.location(f.get("location", "")) if plain else f.get("location", "")
        message = plain.message(f["message"]) if plain else f["message"]
        rows.append({**f, "message": message, "level": Severity(f["severity"]).word,
                     "where": " ".join(x for x in (f.get("file", ""), location) if x)})
    return rows
