"""What validation hands on: one result per registry unit, and every finding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from annual_report.config.workspace import Unit
from annual_report.findings import Finding, Severity, has_errors
from annual_report.intake.records import LowerRegion
from annual_report.submission import UnitSubmission

# Errors that name no figure and yet leave none of the unit's figures trustworthy: a table whose merged cells
# make it unclear which row or column a value belongs to, a workbook hiding a sheet out of Excel's reach, a check
# that failed. Any other error keeps out only the figure it names (a cell, a rule's two sides), or none (an error
# about the narrative); so does one of these that names its figure (a Word table's value cell merged over two
# rows names the metric of each).
WHOLE_UNIT_RULES = frozenset({"merged_cells", "very_hidden_sheet", "check_failed"})


class UnitStatus(StrEnum):
    SUBMITTED = "已提交"
    MISSING = "缺报"
    ERROR = "有错误"
    WARNING = "有警告"


@dataclass
class UnitResult:
    """One registry unit after validation."""

    unit: Unit
    submission: UnitSubmission | None = None
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    received_at: dt.datetime | None = None  # submitted_at, else the newest file's modification time
    time_unread: bool = False  # the stated time could not be read: received_at is the file's, never "late"
    narrative_file: str = ""  # the file whose narrative items are used
    section_files: dict[str, str] = field(default_factory=dict)  # sections filled from another file (a Word report)
    rejected: set[str] = field(default_factory=set)  # metric ids an error keeps out of every total and rate
    lower: LowerRegion | None = None  # a lower region's run: its units' figures and status (intake/lower.py)

    def file_of(self, section: str) -> str:
        """The file a section's items came from."""
        return self.section_files.get(section, self.narrative_file)

    @property
    def status(self) -> UnitStatus:
        if self.submission is None and not self.files:
            return UnitStatus.MISSING
        if has_errors(self.findings):
            return UnitStatus.ERROR
        if any(f.severity is Severity.WARNING for f in self.findings):
            return UnitStatus.WARNING
        return UnitStatus.SUBMITTED

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """Warnings about what the unit sent (being missing is its status, not a warning)."""
        return sum(f.severity is Severity.WARNING and f.rule != "missing_submission" for f in self.findings)

    @property
    def figures_valid(self) -> bool:
        """The unit's figures count in the totals, but for those an error concerns (`rejected`); an error of
        WHOLE_UNIT_RULES keeps all of them out."""
        return self.submission is not None and not any(
            f.severity is Severity.ERROR and f.rule in WHOLE_UNIT_RULES and not f.metric for f in self.findings)

    @property
    def counted(self) -> dict[str, int]:
        """The figures that count in the totals: none when the unit's figures are out, else all but the
        rejected."""
        if not self.figures_valid:
            return {}
        return {m: v for m, v in self.submission.metrics.items() if m not in self.rejected}  # type: ignore[union-attr]


@dataclass
class ValidationReport:
    units: dict[str, UnitResult]  # registry order
    findings: list[Finding]  # every finding, including files that name no known unit

    @property
    def submissions(self) -> dict[str, UnitSubmission]:
        """Every unit's accepted submission (narrative is used even when figures are excluded)."""
        return {k: r.submission for k, r in self.units.items() if r.submission is not None}

    @property
    def valid_units(self) -> list[str]:
        return [k for k, r in self.units.items() if r.figures_valid]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)
