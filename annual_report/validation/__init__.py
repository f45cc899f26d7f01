"""Validation: every record checked on its own, each unit's files merged, then unit-level rules.

All findings are collected (never stopping at the first); a unit with an error keeps its place in the
status table but its figures stay out of the totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Unit, Workspace
from annual_report.findings import Finding, Severity
from annual_report.intake import FileIntake, RawRecord
from annual_report.text.dates import format_date
from annual_report.validation.merge import merge_unit
from annual_report.validation.plan_checks import plan_findings
from annual_report.validation.records import CheckedRecord, check_record
from annual_report.validation.results import UnitResult, UnitStatus, ValidationReport

__all__ = ["UnitResult", "UnitStatus", "ValidationReport", "validate", "validate_records"]


def _unreadable_file_unit(ws: Workspace, finding: Finding) -> Unit | None:
    """The unit a file that could not be read belongs to, when its name says so (sfj.xlsx, 市司法局.csv)."""
    if finding.unit or not finding.file:
        return None
    return ws.config.find_unit(PurePosixPath(finding.file).stem)


def _missing(unit: Unit, ws: Workspace) -> UnitResult:
    return UnitResult(unit=unit, findings=[Finding(
        unit=unit.id, rule="missing_submission", severity=Severity.WARNING,
        message=f"{unit.name}未报送材料（截止{format_date(ws.config.deadline)}）")])


def _failed(what: str, exc: Exception, unit: str = "", file: str = "") -> Finding:
    """An unexpected failure while checking one record or unit: an error for it, never a stopped build."""
    return Finding(unit=unit, file=file, rule="check_failed", severity=Severity.ERROR,
                   message=f"校验{what}时程序出错（{type(exc).__name__}），未采用；请把该文件转交技术支持")


def _check(record: RawRecord, ws: Workspace, plan: WorkPlan | None) -> CheckedRecord | Finding:
    try:
        return check_record(record, ws, plan)
    except Exception as exc:  # one record cannot stop the others
        unit = ws.config.find_unit(str(record.data.get("unit", "")))
        return _failed("本文件", exc, unit.id if unit else "", record.file)


def _merge(unit: Unit, checked: list[CheckedRecord], ws: Workspace) -> UnitResult:
    try:
        return merge_unit(unit, checked, ws)
    except Exception as exc:  # one unit cannot stop the others
        files = sorted({c.record.file for c in checked})
        return UnitResult(unit=unit, files=files, findings=[_failed(f"{unit.name}的材料", exc, unit.id, files[0])])


def validate_records(ws: Workspace, records: Iterable[RawRecord], plan: WorkPlan | None = None,
                     file_findings: Iterable[Finding] = ()) -> ValidationReport:
    """Check records (and place findings about whole files) into one result per registry unit."""
    loose: list[Finding] = []
    unreadable: dict[str, list[Finding]] = {}  # unit id → findings of its files that yielded no record
    for finding in file_findings:
        unit = _unreadable_file_unit(ws, finding)
        if unit is None:
            loose.append(finding)
        else:
            unreadable.setdefault(unit.id, []).append(finding.model_copy(update={"unit": unit.id}))
    by_unit: dict[str, list[CheckedRecord]] = {}
    for record in records:
        checked = _check(record, ws, plan)
        if isinstance(checked, Finding):
            unit = ws.config.unit_by_id.get(checked.unit)
            if unit is None:
                loose.append(checked)
            else:
                unreadable.setdefault(unit.id, []).append(checked)
        elif checked.unit is None:
            loose += checked.findings
        else:
            by_unit.setdefault(checked.unit.id, []).append(checked)
    units: dict[str, UnitResult] = {}
    for unit in ws.config.units:
        if unit.id in by_unit:
            result = _merge(unit, by_unit[unit.id], ws)
        else:
            result = UnitResult(unit=unit) if unit.id in unreadable else _missing(unit, ws)
        extra = unreadable.get(unit.id, [])
        result.findings = extra + result.findings
        result.files = sorted({*result.files, *(f.file for f in extra)})
        units[unit.id] = result
    findings = loose + [f for r in units.values() for f in r.findings] + plan_findings(ws, plan, units)
    return ValidationReport(units=units, findings=findings)


def validate(ws: Workspace, intakes: Iterable[FileIntake], plan: WorkPlan | None = None) -> ValidationReport:
    """Check every record of every file read and assemble one result per registry unit."""
    intakes = list(intakes)
    return validate_records(ws, [r for i in intakes for r in i.records], plan,
                            [f for i in intakes for f in i.findings])
