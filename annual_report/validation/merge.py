"""A unit's several files merged into one submission: the newest submission wins, statistics tables add
their figures, and where two files disagree on a figure the newer file's value is taken, with a warning."""

from __future__ import annotations

from annual_report.dates import format_datetime
from annual_report.findings import Finding, Severity
from annual_report.outline import SECTION_KEYS
from annual_report.submission import UnitSubmission
from annual_report.validation.records import CheckedRecord
from annual_report.validation.results import UnitResult
from annual_report.validation.rules import unit_rules
from annual_report.workspace import Unit, Workspace


def _discarded(checked: list[CheckedRecord], narratives: list[CheckedRecord]) -> list[CheckedRecord]:
    """Older submissions, including rejected ones (wrong year) that a newer usable one corrects."""
    return narratives[1:] + [c for c in checked if c.rejected and not c.is_table and narratives
                             and c.received_at < narratives[0].received_at]


def _duplicate(unit: Unit, older: CheckedRecord, chosen: CheckedRecord) -> Finding:
    return Finding(unit=unit.id, file=older.record.file, rule="duplicate", severity=Severity.WARNING,
                   message=f"同一单位有多份报送，已采用较新的「{chosen.record.file}」"
                           f"（{format_datetime(chosen.received_at)}），本文件未采用")


def _merged_metrics(sources: list[CheckedRecord], unit: Unit, ws: Workspace
                    ) -> tuple[dict[str, int], dict[str, CheckedRecord], list[Finding]]:
    """Each metric's value and the record it came from; a conflict keeps the newer file's value."""
    metrics: dict[str, int] = {}
    origin: dict[str, CheckedRecord] = {}
    findings: list[Finding] = []
    for c in sources:
        for metric_id, value in c.submission.metrics.items():  # type: ignore[union-attr]
            prev = origin.get(metric_id)
            if prev is not None and metrics[metric_id] != value:
                newer = c if c.received_at >= prev.received_at else prev
                findings.append(Finding(
                    unit=unit.id, file=c.record.file, location=c.record.where(f"metrics.{metric_id}"),
                    metric=metric_id, rule="conflict", severity=Severity.WARNING,
                    message=f"「{ws.catalogue.by_id[metric_id].name}」在「{prev.record.file}」中为 "
                            f"{metrics[metric_id]}，在本文件中为 {value}；已采用较新文件「{newer.record.file}」"
                            "的数值，请核实"))
                if newer is prev:
                    continue
            metrics[metric_id] = value
            origin[metric_id] = c
    return metrics, origin, findings


def merge_unit(unit: Unit, checked: list[CheckedRecord], ws: Workspace) -> UnitResult:
    """Choose the newest submission, merge statistics tables into it, then run the unit-level rules."""
    result = UnitResult(unit=unit, files=sorted({c.record.file for c in checked}))
    usable = [c for c in checked if not c.rejected]
    narratives = sorted((c for c in usable if not c.is_table), key=lambda c: c.received_at, reverse=True)
    discarded = _discarded(checked, narratives)
    result.findings = [f for c in checked if c not in discarded for f in c.findings]
    # When the unit's material arrived: its chosen submission, else the newest file that named it.
    result.received_at = (narratives[0] if narratives else max(checked, key=lambda c: c.received_at)).received_at
    result.findings += [_duplicate(unit, older, narratives[0]) for older in discarded]
    if not usable:
        return result
    sources = narratives[:1] + sorted((c for c in usable if c.is_table), key=lambda c: c.received_at)
    metrics, origin, conflicts = _merged_metrics(sources, unit, ws)
    result.findings += conflicts
    result.withheld = {m for c in sources for m in c.record.withheld} - set(metrics)
    base = narratives[0] if narratives else sources[0]
    result.narrative_file = base.record.file
    sections = {s: base.submission.items(s) for s in SECTION_KEYS}  # type: ignore[union-attr]
    result.submission = UnitSubmission.model_construct(
        unit=unit.id, year=ws.config.year, submitted_at=base.submitted_at, contact=base.submission.contact,
        metrics=metrics, other_figures=base.submission.other_figures, **sections,  # type: ignore[union-attr]
    ).with_qualifiers({m: q for m, c in origin.items() if (q := c.submission.qualifiers.get(m))})  # type: ignore[union-attr]
    given = set().union(*(c.given for c in sources))
    result.findings += unit_rules(result.submission, unit, given, origin, base, ws)
    return result
