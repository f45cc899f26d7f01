"""A unit's several files merged into one submission: the newest submission wins, statistics tables add
their figures, and where two files disagree on a figure the newer file's value is taken, with a warning.

A Word report is never a duplicate of a submission: it is the narrative when the unit sent no other, and
otherwise fills the sections the chosen submission leaves empty. Its figures (tables and prose) give way
to any value the unit sent in another file: where they agree, the figure counts as confirmed; where they
differ, the other file's value is taken with a `figure_from_text_replaced` warning instead of a conflict.
Of two Word reports the newer is taken. A lower region's 公开稿 is its text only: its figures are the totals of
its statistics.json."""

from __future__ import annotations

from annual_report.config.outline import SECTION_KEYS
from annual_report.config.workspace import Unit, Workspace
from annual_report.findings import Finding, Severity
from annual_report.submission import NarrativeItem, OtherFigure, UnitSubmission
from annual_report.text.dates import format_datetime
from annual_report.validation.records import CheckedRecord
from annual_report.validation.results import UnitResult
from annual_report.validation.rules import stated_rates, unit_rules


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


def _newest(records: list[CheckedRecord]) -> list[CheckedRecord]:
    return sorted(records, key=lambda c: c.received_at, reverse=True)


def _report_figures(report: CheckedRecord, metrics: dict[str, int], origin: dict[str, CheckedRecord], unit: Unit,
                    ws: Workspace) -> tuple[set[str], list[Finding]]:
    """The Word report's figures where no other file gave the metric; the metrics other files gave, and a
    warning for each the report states differently."""
    given_elsewhere, findings = set(), []
    for metric_id, value in report.submission.metrics.items():  # type: ignore[union-attr]
        other = origin.get(metric_id)
        if other is None:
            metrics[metric_id], origin[metric_id] = value, report
            continue
        given_elsewhere.add(metric_id)
        if metrics[metric_id] != value:
            where = report.record.where(f"metrics.{metric_id}")
            findings.append(Finding(
                unit=unit.id, file=report.record.file, location=where, metric=metric_id,
                rule="figure_from_text_replaced", severity=Severity.WARNING,
                message=f"Word 报告{where}的「{ws.catalogue.by_id[metric_id].name}」为 {value}，「{other.record.file}」"
                        f"中为 {metrics[metric_id]}；已采用「{other.record.file}」的数值（其他文件中的数字优先于 Word "
                        "报告），请核实报告中的数字"))
    return given_elsewhere, findings


def _narrative(base: CheckedRecord, report: CheckedRecord | None, result: UnitResult
               ) -> tuple[dict[str, list[NarrativeItem]], list[OtherFigure]]:
    """The chosen submission's sections and other figures, what it leaves empty filled from the Word report."""
    sub = base.submission
    sections = {s: sub.items(s) for s in SECTION_KEYS}  # type: ignore[union-attr]
    others = list(sub.other_figures)  # type: ignore[union-attr]
    if report is None or report is base:
        return sections, others
    extra = report.submission  # type: ignore[union-attr]
    for section in SECTION_KEYS:
        if not sections[section] and extra.items(section):  # type: ignore[union-attr]
            sections[section] = extra.items(section)  # type: ignore[union-attr]
            result.section_files[section] = report.record.file
    names = {f.name for f in others}
    return sections, others + [f for f in extra.other_figures if f.name not in names]  # type: ignore[union-attr]


def merge_unit(unit: Unit, checked: list[CheckedRecord], ws: Workspace) -> UnitResult:
    """Choose the newest submission (else Word report), merge statistics tables and the Word report into it,
    then run the unit-level rules."""
    result = UnitResult(unit=unit, files=sorted({c.record.file for c in checked}))
    usable = [c for c in checked if not c.rejected]
    submissions = _newest([c for c in usable if not c.is_table and not c.is_report])
    reports = _newest([c for c in usable if c.is_report])
    narratives = submissions or reports
    discarded = _discarded(checked, narratives) + (reports[1:] if submissions else [])
    result.findings = [f for c in checked if c not in discarded for f in c.findings]
    # When the unit's material arrived: its chosen submission, else the newest file that named it.
    timed = narratives[0] if narratives else max(checked, key=lambda c: c.received_at)
    result.received_at, result.time_unread = timed.received_at, timed.time_unread
    result.findings += [_duplicate(unit, older, reports[0] if older in reports else narratives[0])
                        for older in discarded]
    if not usable:
        return result
    sources = submissions[:1] + sorted((c for c in usable if c.is_table), key=lambda c: c.received_at)
    metrics, origin, conflicts = _merged_metrics(sources, unit, ws)
    report = reports[0] if reports else None
    result.lower = next((c.record.lower for c in sources if c.record.lower is not None), None)
    if report is not None and result.lower is not None:  # a lower region's 公开稿: its text only, the totals
        result.findings = [f for f in result.findings
                           if not (f.file == report.record.file and (f.metric or f.severity is not Severity.ERROR))]
    elif report is not None:
        elsewhere, replaced = _report_figures(report, metrics, origin, unit, ws)
        result.findings = [f for f in result.findings if not (f.rule == "figure_from_text" and f.metric in elsewhere
                                                               and f.file == report.record.file)] + replaced
        sources.append(report)
    result.findings += conflicts
    base = narratives[0] if narratives else sources[0]
    result.narrative_file = base.record.file
    sections, others = _narrative(base, report, result)
    others = others if result.lower is None else []  # a lower region's figures are its totals alone
    result.submission = UnitSubmission.model_construct(
        unit=unit.id, year=ws.config.year, submitted_at=base.submitted_at, contact=base.submission.contact,
        metrics=metrics, other_figures=others, **sections,  # type: ignore[union-attr]
    ).with_qualifiers({m: q for m, c in origin.items() if (q := c.submission.qualifiers.get(m))})  # type: ignore[union-attr]
    given = set().union(*(c.given for c in sources))
    if result.lower is None:  # a lower region's figures met these unit by unit; its totals are sums over units
        result.findings += unit_rules(result.submission, unit, given, origin, base, ws)
    if report is not None and result.lower is None:
        result.findings += stated_rates(result.submission, unit, report, ws)
    result.rejected = rejected(result.findings, ws)
    return result


def rejected(findings: list[Finding], ws: Workspace) -> set[str]:
    """The figures errors keep out: the one a finding names, and both sides of a violated cross-field rule
    (which of them is wrong is for the unit to say)."""
    rules = {r.id: r for r in ws.catalogue.rules}
    out: set[str] = set()
    for f in findings:
        if f.severity is Severity.ERROR and f.metric:
            rule = rules.get(f.rule)
            out.update([*rule.left_terms, *rule.right_terms] if rule else [f.metric])
    return out
