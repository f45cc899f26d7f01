"""One record (a submission file, or one unit's row of a table) checked on its own: its unit, its
submission as the model accepts it, and its findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from annual_report.config.catalogue import name_key
from annual_report.config.outline import SECTION_KEYS
from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Unit, Workspace
from annual_report.findings import Finding, Severity
from annual_report.intake import RawRecord
from annual_report.submission import (
    SubmissionContext,
    UnitSubmission,
    check_submission,
    location,
    parse_time,
    unit_text,
)
from annual_report.text.numbers import is_blank


@dataclass
class CheckedRecord:
    record: RawRecord
    unit: Unit | None
    submission: UnitSubmission | None  # None: nothing in the record can be used (no unit, wrong year)
    findings: list[Finding]
    given: set[str]  # metric ids the record named, valid or not
    submitted_at: dt.datetime | None

    @property
    def rejected(self) -> bool:
        return self.submission is None

    @property
    def received_at(self) -> dt.datetime:
        return self.submitted_at or self.record.modified

    @property
    def time_unread(self) -> bool:
        """The record states when it was sent (填报日期, submitted_at, a report's date) in words that cannot
        be read: its file's time stands in, which may be later than the sending (a copied file)."""
        return self.submitted_at is None and not is_blank(self.record.data.get("submitted_at"))

    @property
    def is_table(self) -> bool:
        return self.record.kind == "statistics"

    @property
    def is_report(self) -> bool:
        """A Word report: its narrative fills in, its figures give way to any other file's."""
        return self.record.kind == "report"


def context_for(ws: Workspace, plan: WorkPlan | None) -> SubmissionContext:
    return SubmissionContext(
        catalogue=ws.catalogue, year=ws.config.year, topics=frozenset(ws.config.outline.topic_keys),
        tasks=frozenset(t.number for t in plan.tasks) if plan else None, themes=ws.themes.keys,
        timezone=ws.config.timezone, figure_map={name_key(k): v for k, v in ws.config.figure_map.items()})


def check_record(record: RawRecord, ws: Workspace, plan: WorkPlan | None) -> CheckedRecord:
    """Validate `record` with the submission model; a table row inherits the report year."""
    ctx = context_for(ws, plan)
    data = {"year": ws.config.year, **record.data} if record.kind == "statistics" else record.data
    submission = check_submission(data, ctx)
    label = unit_text(record.data.get("unit"))
    unit = ws.config.find_unit(label) if label else None
    who = unit.id if unit else label or ""
    findings = [f.model_copy(update={"unit": who}) for f in record.findings]
    findings += [Finding(unit=who, file=record.file, location=record.where(location(p.path)), rule=p.rule,
                         severity=p.severity, message=p.message,
                         metric=p.metric) for p in ctx.problems]
    if label and unit is None:
        findings.insert(0, Finding(
            unit=who, file=record.file, location=record.where("unit"), rule="unknown_unit",
            severity=Severity.ERROR,
            message=f"单位「{label}」不在本次汇编的单位名录中；请使用 report.yaml 中的单位编号、全称或简称"))
    findings += extracted_figures(record, submission, who, ws)
    if submission is not None and record.locations:  # a Word report's 第N段, a workbook's row
        for section in SECTION_KEYS:
            for item in submission.items(section):
                item.placed_at(record.where(item.location))
    return CheckedRecord(record=record, unit=unit, submission=submission, findings=findings,
                         given=ctx.given | record.withheld, submitted_at=_submitted_at(submission, record, ctx.timezone))


def extracted_figures(record: RawRecord, submission: UnitSubmission | None, unit: str, ws: Workspace) -> list[Finding]:
    """One warning per figure read from a report's prose and accepted: it is proposed, not confirmed."""
    found = []
    for metric_id, sentence in record.extracted.items():
        if submission is None or metric_id not in submission.metrics:
            continue
        metric, where = ws.catalogue.by_id[metric_id], record.where(f"metrics.{metric_id}")
        found.append(Finding(
            unit=unit, file=record.file, location=where, metric=metric_id, rule="figure_from_text",
            severity=Severity.WARNING,
            message=f"从{where}「{sentence}」读出「{metric.name}」{record.data['metrics'][metric_id]}{metric.unit}；"
                    "请核对，如不准确请用填报表格报送（表格中的数字优先）"))
    return found


def _submitted_at(submission: UnitSubmission | None, record: RawRecord, timezone: str) -> dt.datetime | None:
    """The record's own time: from the accepted submission, else read leniently from the rejected one."""
    if submission is not None:
        return submission.submitted_at
    try:
        return parse_time(record.data.get("submitted_at"), timezone)
    except (TypeError, ValueError):
        return None
