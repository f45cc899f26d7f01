"""Checks on the year's 工作要点 against the registry and what units sent: it must be this year's plan, name
units the registry knows, give every task a unit, and set targets on figures some responsible unit reports."""

from __future__ import annotations

from annual_report.config.plan import PlanTask, WorkPlan
from annual_report.config.workspace import Workspace
from annual_report.findings import Finding, Severity
from annual_report.validation.results import UnitResult


def _finding(ws: Workspace, rule: str, severity: Severity, message: str, task: PlanTask | None = None) -> Finding:
    return Finding(file=ws.relative(ws.plan_path), location=f"第{task.number}项" if task else "", rule=rule,
                   severity=severity, message=message)


def _target_metrics(ws: Workspace, metric_id: str) -> set[str]:
    metric = ws.catalogue.by_id[metric_id]
    return {metric.numerator or "", metric.denominator or ""} if metric.is_rate else {metric_id}


def _task_findings(ws: Workspace, task: PlanTask, units: dict[str, UnitResult]) -> list[Finding]:
    found = []
    named = dict.fromkeys([*task.units, *([task.lead] if task.lead else []), *task.assist])
    unknown = [u for u in named if u not in ws.config.unit_by_id and u not in task.unresolved]
    if unknown:
        found.append(_finding(ws, "plan_unknown_unit", Severity.WARNING,
                              f"责任单位「{'、'.join(unknown)}」不在单位名录中；请核对单位编号", task))
    if task.unresolved:
        found.append(_finding(ws, "plan_unresolved_unit", Severity.WARNING,
                              f"责任单位「{'、'.join(task.unresolved)}」未能对应到单位名录；请在 plan-mapping.yaml 中"
                              "填写其单位编号后重新导入", task))
    responsible = [u for u in task.units if u in ws.config.unit_by_id]
    for target in task.targets:
        wanted = _target_metrics(ws, target.metric)
        if responsible and not any(
                wanted & set(getattr(units[u].submission, "metrics", {}) or {}) for u in responsible):
            names = "、".join(ws.config.unit_by_id[u].label for u in responsible)
            found.append(_finding(
                ws, "plan_target_unreported", Severity.WARNING,
                f"目标「{ws.catalogue.by_id[target.metric].name}」的数字，责任单位（{names}）都没有报送；"
                "请核对责任单位或催报", task))
    return found


def plan_findings(ws: Workspace, plan: WorkPlan | None, units: dict[str, UnitResult]) -> list[Finding]:
    """Problems of the plan: another year's plan is an error; the rest are warnings, located by task."""
    if plan is None:
        return []
    found = []
    if plan.year is not None and plan.year != ws.config.year:
        found.append(_finding(ws, "plan_wrong_year", Severity.ERROR,
                              f"工作要点是{plan.year}年的，本次汇编的是{ws.config.year}年度；请换用本年度的工作要点"))
    orphans = [t.number for t in plan.tasks if not t.units and not t.unresolved]
    if orphans:
        shown = "、".join(orphans[:10]) + ("等" if len(orphans) > 10 else "")
        found.append(_finding(ws, "plan_no_unit", Severity.WARNING,
                              f"工作要点第{shown}项（共{len(orphans)}项）没有责任单位，这些任务的落实情况无法核对；"
                              "请在 plan.yaml 中填写 units"))
    return found + [f for task in plan.tasks for f in _task_findings(ws, task, units)]
