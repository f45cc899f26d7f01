"""Rules on a unit's merged submission: required metrics, the catalogue's cross-field rules, figures its
roles keep out of the totals, sections."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING

from annual_report.config.catalogue import OPERATOR_WORDS
from annual_report.config.outline import SECTION_KEYS, SECTION_NAMES
from annual_report.config.workspace import Unit, Workspace
from annual_report.findings import Finding, Severity
from annual_report.submission import UnitSubmission
from annual_report.text.numbers import round_half_up

if TYPE_CHECKING:
    from annual_report.validation.records import CheckedRecord


def missing_metrics(unit: Unit, given: set[str], base: CheckedRecord, ws: Workspace) -> list[Finding]:
    """Required counts the unit did not give (a combined count is given when all its parts are)."""
    kind = ws.config.kinds[unit.kind]
    parts = {m: ws.catalogue.by_id[m].parts for m in kind.required}
    return [
        Finding(unit=unit.id, file=base.record.file, location=f"metrics.{metric_id}", metric=metric_id,
                rule="missing_metric", severity=Severity.WARNING,
                message=f"缺少「{ws.catalogue.by_id[metric_id].name}」（{metric_id}）；{kind.name}必须填报此项，"
                        "没有发生请填 0")
        for metric_id in kind.required if metric_id not in given and not (parts[metric_id] and
                                                                         set(parts[metric_id]) <= given)
    ]


def cross_field(sub: UnitSubmission, unit: Unit, origin: dict[str, CheckedRecord], base: CheckedRecord,
                ws: Workspace) -> list[Finding]:
    """The catalogue's rules (败诉 ≤ 审结 …) on the unit's figures, located where the left figure came from."""
    names = ws.catalogue.by_id
    findings = []
    for rule in ws.catalogue.rules:
        violated = rule.check(sub.metrics)
        if violated is None:
            continue
        left, right = violated
        where = origin.get(rule.left_terms[0], base).record
        left_names = "与".join(names[t].name for t in rule.left_terms)
        right_names = "与".join(names[t].name for t in rule.right_terms)
        note = f"（{rule.note}）" if rule.note else ""
        findings.append(Finding(
            unit=unit.id, file=where.file, location=where.where(f"metrics.{rule.left_terms[0]}"),
            metric=rule.left_terms[0], rule=rule.id, severity=rule.severity,
            message=f"{left_names}（{left}）应{OPERATOR_WORDS[rule.op]}{right_names}（{right}）；请核对这两个数字{note}"))
    return findings


def uncounted_roles(sub: UnitSubmission, unit: Unit, origin: dict[str, CheckedRecord], base: CheckedRecord,
                    ws: Workspace) -> list[Finding]:
    """A figure of a role the unit does not report in stays out of the totals: say so, and whose figures
    are counted instead (同一案件不重复计算)."""
    catalogue, config = ws.catalogue, ws.config
    roles = config.roles_of(unit)
    found = []
    for metric_id, value in sub.metrics.items():
        metric = catalogue.by_id[metric_id]
        if metric.role is None or metric.role in roles:
            continue
        role = catalogue.roles[metric.role]
        counted = "、".join(u.label for u in config.units if metric.role in config.roles_of(u)) or "名录中没有这样的单位"
        instead = [m.name for m in catalogue.metrics if m.group == metric.group and m.role in roles and not m.is_rate]
        hint = f"如为本单位作为{'、'.join(catalogue.roles[r] for r in roles)}的案件，请改填「{'」「'.join(instead)}」；" \
            if instead else ""
        where = origin.get(metric_id, base).record
        found.append(Finding(
            unit=unit.id, file=where.file, location=where.where(f"metrics.{metric_id}"), metric=metric_id,
            rule="role_not_counted", severity=Severity.WARNING,
            message=f"{unit.label}报送的「{metric.name}」{value}{metric.unit}未计入合计：该指标只计作为{role}报送的单位"
                    f"（{counted}），{unit.label}不是{role}；{hint}如{unit.label}确为{role}，"
                    f"请在 report.yaml 中为其设置 roles"))
    return found


def sections(sub: UnitSubmission, unit: Unit, base: CheckedRecord, ws: Workspace) -> list[Finding]:
    """Narrative: figures only, an empty required section, items for a section the outline does not have."""
    def finding(rule: str, message: str, section: str = "") -> Finding:
        return Finding(unit=unit.id, file=base.record.file, location=section, rule=rule,
                       severity=Severity.WARNING, message=message)

    if base.is_table:
        return [finding("no_narrative", f"只收到{unit.name}的统计数据，未收到文字材料（举措成效、问题、下一年度安排）；请催报")]
    outline = ws.config.outline
    found = [finding("empty_section", f"「{SECTION_NAMES[s]}」（{s}）没有内容；请补充至少一条", s)
             for s in outline.required_sections if not sub.items(s)]
    return found + [
        finding("not_in_outline", f"本年度报告提纲没有「{SECTION_NAMES[s]}」部分，这{len(sub.items(s))}条内容"
                                  "不会写入报告；如需写入，请并入其他部分", s)
        for s in SECTION_KEYS if s not in outline.section_keys and sub.items(s)
    ]


def stated_rates(sub: UnitSubmission, unit: Unit, report: CheckedRecord, ws: Workspace) -> list[Finding]:
    """Rates a Word report's tables state (「出庭应诉率 100%」), against the rate of the unit's own counts: a
    mismatch is a warning; a rate the unit's counts cannot give is noted (rates are computed, not taken)."""
    found = []
    for rate_id, (written, where) in report.record.stated_rates.items():
        metric = ws.catalogue.by_id[rate_id]
        numerator, denominator = sub.metrics.get(metric.numerator or ""), sub.metrics.get(metric.denominator or "")
        try:
            stated = Decimal(written.strip().rstrip("%％").strip())
        except InvalidOperation:
            continue
        places = max(0, -stated.as_tuple().exponent)  # type: ignore[operator]
        if numerator is None or not denominator:
            parts = "、".join(f"「{ws.catalogue.by_id[m].name}」" for m in (metric.numerator, metric.denominator) if m)
            found.append(Finding(unit=unit.id, file=report.record.file, location=where, metric=rate_id,
                                 rule="rate_not_checked", severity=Severity.INFO,
                                 message=f"{where}的「{metric.name}」{written}未计入：比率由系统按分子÷分母计算，"
                                         f"请一并报送{parts}"))
        elif (computed := round_half_up(Fraction(numerator * 100, denominator), places)) != stated:
            found.append(Finding(unit=unit.id, file=report.record.file, location=where, metric=rate_id,
                                 rule="text_figure_mismatch", severity=Severity.WARNING,
                                 message=f"{where}的「{metric.name}」{written}与本单位报送的数字计算的{computed}%"
                                         f"（{numerator}÷{denominator}）不一致；请核实"))
    return found


def unit_rules(sub: UnitSubmission, unit: Unit, given: set[str], origin: dict[str, CheckedRecord],
               base: CheckedRecord, ws: Workspace) -> list[Finding]:
    return [*missing_metrics(unit, given, base, ws), *cross_field(sub, unit, origin, base, ws),
            *uncounted_roles(sub, unit, origin, base, ws), *sections(sub, unit, base, ws)]
