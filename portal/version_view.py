"""A version as a reviewer reads it before deciding: its figures beside last year's and the region's, and
its text items by section, read from the kept file exactly as a build would read it."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass

import pandas as pd

from annual_report.config.catalogue import Metric
from annual_report.config.outline import SECTION_NAMES
from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Workspace
from annual_report.intake import read_file
from annual_report.pipeline import Checked
from annual_report.submission import UnitSubmission
from annual_report.validation import validate
from portal.versions import Version, Versions, unit_folder


@dataclass(frozen=True)
class FigureLine:
    metric: Metric
    value: int | None  # this version's
    last: int | None  # the unit's last year
    region: int | None  # the region's total now (units whose figures count)
    region_last: int | None  # the region's total last year
    required: bool  # the unit's kind must report it


@dataclass(frozen=True)
class VersionView:
    version: Version
    figures: list[FigureLine]
    sections: list[tuple[str, list[tuple[str, str]]]]  # (section heading, [(topic heading or "", text)])
    other_figures: list[str]  # figures outside the catalogue, as written
    readable: bool  # False: nothing could be read from the file (its findings say why)


class VersionReader:
    """Versions read once each (a version never changes); the region's figures are taken fresh each time."""

    def __init__(self, versions: Versions) -> None:
        self.versions = versions
        self._read: dict[int, UnitSubmission | None] = {}
        self._lock = threading.Lock()

    def submission(self, ws: Workspace, plan: WorkPlan | None, version: Version) -> UnitSubmission | None:
        with self._lock:
            if version.id not in self._read:
                folder = self.versions.checking / unit_folder(version.unit) / "view"
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{unit_folder(version.unit)}{version.suffix}"  # read as the build reads it
                shutil.copyfile(self.versions.file(version), path)
                report = validate(ws, [read_file(path, ws)], plan)
                result = report.units.get(version.unit)
                self._read[version.id] = result.submission if result else None
            return self._read[version.id]


def _last(history: pd.DataFrame, year: int, unit: str | None = None) -> dict[str, int]:
    rows = history[history["year"] == year]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    return {str(r.metric): int(r.value) for r in rows.itertuples() if pd.notna(r.value)}


def _amount(value: int, qualifier: str) -> str:
    """「约90」「不足90」 but 「90余」「90以上」, as the unit wrote it."""
    return f"{qualifier}{value}" if qualifier in ("约", "不足") else f"{value}{qualifier}"


def version_view(ws: Workspace, checked: Checked, submission: UnitSubmission | None, version: Version,
                 history: tuple[pd.DataFrame, pd.DataFrame]) -> VersionView:
    """The view of `version`: figures of its unit's kind and those it reported, with last year's (from
    history/: the unit's and the region's) and the region's current totals; its items by outline section."""
    config, catalogue = ws.config, ws.catalogue
    unit = config.unit_by_id[version.unit]
    required = config.kinds[unit.kind].required
    metrics = submission.metrics if submission else {}
    last, region_last = _last(history[1], config.year - 1, unit.id), _last(history[0], config.year - 1)
    counted = [r.submission for r in checked.report.units.values() if r.figures_valid and r.submission]
    ids = [*required, *(m for m in metrics if m not in required)]
    figures = [FigureLine(metric=catalogue.by_id[m], value=metrics.get(m), last=last.get(m),
                          region=sum(s.metrics.get(m, 0) for s in counted) if counted else None,
                          region_last=region_last.get(m), required=m in required)
               for m in ids if m in catalogue.by_id]
    topics = {t.key: t.heading for t in config.outline.topics}
    sections = [(SECTION_NAMES[s.key], [(topics.get(i.topic or "", ""), i.text) for i in getattr(submission, s.key)])
                for s in config.outline.sections] if submission else []
    others = [f"{f.name}：{_amount(f.value, f.qualifier)}{f.unit}" for f in (submission.other_figures if submission else [])]
    return VersionView(version=version, figures=figures, sections=[s for s in sections if s[1]],
                       other_figures=others, readable=submission is not None)
