"""Task coverage: for each task of the year's 工作要点, who leads it, which responsible units reported on it
(items naming the task number), and how its targets came out."""

from __future__ import annotations

from dataclasses import dataclass

from annual_report.plan import PlanTask, WorkPlan
from annual_report.validation import ValidationReport
from annual_report.wording import Figures
from annual_report.workspace import ReportConfig


@dataclass(frozen=True)
class TaskCoverage:
    task: PlanTask
    lead: str  # the lead unit's short name (the first responsible unit when the plan names no lead), or ""
    responsible: list[str]  # short names, lead first
    reported: list[str]  # units that wrote items on the task (responsible or not)
    silent: list[str]  # responsible units that wrote nothing on it
    targets: list[str]  # 「出庭应诉率不小于90%：85.6%，未达标」

    @property
    def unreported(self) -> bool:
        return not self.reported


def _label(config: ReportConfig, unit: str) -> str:
    found = config.unit_by_id.get(unit)
    return found.label if found else unit


def task_coverage(config: ReportConfig, plan: WorkPlan | None, report: ValidationReport,
                  figures: Figures) -> list[TaskCoverage]:
    """One row per plan task, in plan order; empty without a plan."""
    if plan is None:
        return []
    writers: dict[str, list[str]] = {}
    for unit in config.units:
        submission = report.units[unit.id].submission
        if submission is None:
            continue
        for section in ("achievements", "responsibility", "problems", "next_year", "other"):
            for item in submission.items(section):  # type: ignore[arg-type]
                for number in item.tasks:
                    if unit.id not in writers.setdefault(number, []):
                        writers[number].append(unit.id)
    targets = figures.stats.targets
    shown = dict(zip(targets["no"], figures.rows(targets), strict=True)) if not targets.empty else {}
    rows = []
    for task in plan.tasks:
        source = f"{plan.title}第{task.number}项"
        results = [f"{r.name}{figures.requirement(r.metric, r.op, r.value)}："
                   + (shown[r.no] if shown[r.no] == r.status else f"{shown[r.no]}，{r.status}")
                   for r in targets.itertuples() if r.source == source]
        reported = writers.get(task.number, [])
        rows.append(TaskCoverage(
            task=task, lead=_label(config, task.lead or (task.units[0] if task.units else "")),
            responsible=[_label(config, u) for u in task.units],
            reported=[_label(config, u) for u in reported],
            silent=[_label(config, u) for u in task.units if u not in reported], targets=results))
    return rows
