"""Validation at upload: one file read and validated in the workspace's context, exactly as a build would.

The file is checked under the name a build reads it by, `<unit>.<ext>`, so a two-column table without a
「单位」 row belongs to the unit that uploaded it, as it will in the build.
"""

from __future__ import annotations

from pathlib import Path

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


def finding_rows(findings: list[dict[str, str]]) -> list[dict[str, str]]:
    """Findings as a page shows them: errors first, each with its severity in Chinese."""
    ordered = sorted(findings, key=lambda f: f["severity"] != Severity.ERROR)
    return [{**f, "level": Severity(f["severity"]).word,
             "where": " ".join(x for x in (f.get("file", ""), f.get("location", "")) if x)} for f in ordered]
