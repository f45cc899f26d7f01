"""The 报送情况 table: one row per registry unit, built here once for every place that shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from annual_report.config.workspace import ReportConfig
from annual_report.findings import Severity
from annual_report.validation.results import UnitStatus, ValidationReport


@dataclass(frozen=True)
class StatusRow:
    unit: str  # id
    name: str
    label: str  # short name
    kind: str
    kind_name: str
    status: UnitStatus
    errors: int
    warnings: int
    received_at: dt.datetime | None
    on_time: bool  # received no later than the end of the deadline day
    late: bool
    figures_valid: bool  # its figures count in the totals
    files: tuple[str, ...]

    @property
    def submitted(self) -> bool:
        return self.status is not UnitStatus.MISSING


def status_rows(report: ValidationReport, config: ReportConfig) -> list[StatusRow]:
    cutoff = dt.datetime.combine(config.deadline + dt.timedelta(days=1), dt.time())
    return [
        StatusRow(unit=r.unit.id, name=r.unit.name, label=r.unit.label, kind=r.unit.kind,
                  kind_name=config.kinds[r.unit.kind].name, status=r.status, errors=r.errors,
                  warnings=r.warnings, received_at=r.received_at,
                  on_time=r.received_at is not None and r.received_at < cutoff,
                  late=r.received_at is not None and r.received_at >= cutoff and not r.time_unread,
                  figures_valid=r.figures_valid, files=tuple(r.files))
        for r in report.units.values()
    ]


def build_counts(report: ValidationReport, files: int) -> dict[str, int]:
    """The figures a build reports about its input: files, units expected/submitted/valid, findings."""
    statuses = [r.status for r in report.units.values()]
    return {
        "files": files,
        "units_expected": len(report.units),
        "units_submitted": sum(s is not UnitStatus.MISSING for s in statuses),
        "units_valid": len(report.valid_units),
        "units_with_errors": statuses.count(UnitStatus.ERROR),
        "errors": sum(f.severity is Severity.ERROR for f in report.findings),
        "warnings": sum(f.severity is Severity.WARNING for f in report.findings),
    }
