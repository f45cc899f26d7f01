"""Task coverage: for each task of the year's 工作要点, who leads it, which units reported on it (items naming
the task number, and items without a number whose wording matches the task's title), and how its targets
came out."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from annual_report.config.outline import SECTION_KEYS
from annual_report.config.plan import PlanTask, WorkPlan
from annual_report.config.workspace import ReportConfig
from annual_report.text.likeness import cjk_pairs
from annual_report.validation import ValidationReport
from annual_report.wording import Figures

# Sections whose items report what was done (问题 and 下一年度安排 do not report a task as carried out).
DONE_SECTIONS = ("achievements", "responsibility", "other")
# An item without task numbers is linked to the task whose title it matches best when it contains at least
# this share of the title's wording (character pairs, rarer pairs weighing more). Tuned on the example's
# items that name their tasks: at 0.4 it links 12 of them to the named task and 1 to a neighbour (6 → 7).
WORDING_SHARE = 0.4


@dataclass(frozen=True)
class TaskCoverage:
    task: PlanTask
    lead: str  # the lead unit's short name (the first responsible unit when the plan names no lead), or ""
    responsible: list[str]  # short names, lead first
    reported: list[str]  # units that wrote items naming the task (responsible or not)
    matched: list[str]  # units not in `reported` whose items match the task by wording (to be checked)
    silent: list[str]  # responsible units that wrote nothing on it
    targets: list[str]  # 「出庭应诉率不小于90%：85.6%，未达标」

    @property
    def unreported(self) -> bool:
        return not self.reported and not self.matched


def _label(config: ReportConfig, unit: str) -> str:
    found = config.unit_by_id.get(unit)
    return found.label if found else unit


def match_by_wording(tasks: list[PlanTask], texts: list[str]) -> list[str | None]:
    """For each text, the number of the task whose title it matches best (ties: plan order), or None when no
    title reaches WORDING_SHARE. A pair's weight is its inverse frequency among the texts."""
    pairs = [cjk_pairs(t) for t in texts]
    seen = Counter(p for found in pairs for p in found)
    titles = [(task.number, cjk_pairs(task.label)) for task in tasks]
    weight = {p: math.log((len(texts) + 1) / (seen[p] + 1)) + 1 for _, title in titles for p in title}
    holders: dict[str, list[int]] = {}
    for i, (_, title) in enumerate(titles):
        for p in title:
            holders.setdefault(p, []).append(i)
    totals = [sum(weight[p] for p in title) for _, title in titles]
    found_tasks: list[str | None] = []
    for found in pairs:
        score = [0.0] * len(titles)
        for p in found & weight.keys():
            for i in holders[p]:
                score[i] += weight[p]
        best = max(range(len(titles)), key=lambda i: (score[i] / totals[i] if totals[i] else 0.0, -i), default=None)
        found_tasks.append(titles[best][0] if best is not None and totals[best]
                           and score[best] / totals[best] >= WORDING_SHARE else None)
    return found_tasks


def _writers(config: ReportConfig, plan: WorkPlan, report: ValidationReport
             ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Units per task number: those naming it in an item, and those matched by wording only."""
    named: dict[str, list[str]] = {}
    done: list[tuple[str, str, bool]] = []  # (unit, text, names a task) of reported work
    for unit in config.units:
        submission = report.units[unit.id].submission
        if submission is None:
            continue
        for section in SECTION_KEYS:
            for item in submission.items(section):
                for number in item.tasks:
                    _add(named, number, unit.id)
                if section in DONE_SECTIONS:
                    done.append((unit.id, item.text, bool(item.tasks)))
    matched: dict[str, list[str]] = {}
    for (unit, _, numbered), number in zip(done, match_by_wording(plan.tasks, [t for _, t, _ in done]), strict=True):
        if number is not None and not numbered and unit not in named.get(number, []):
            _add(matched, number, unit)
    return named, matched


def _add(units_of: dict[str, list[str]], number: str, unit: str) -> None:
    listed = units_of.setdefault(number, [])
    if unit not in listed:
        listed.append(unit)


def task_coverage(config: ReportConfig, plan: WorkPlan | None, report: ValidationReport,
                  figures: Figures) -> list[TaskCoverage]:
    """One row per plan task, in plan order; empty without a plan."""
    if plan is None:
        return []
    named, matched = _writers(config, plan, report)
    targets = figures.stats.targets
    shown = dict(zip(targets["no"], figures.rows(targets), strict=True)) if not targets.empty else {}
    rows = []
    for task in plan.tasks:
        source = f"{plan.title}第{task.number}项"
        results = [f"{r.name}{figures.requirement(r.metric, r.op, r.value)}："
                   + (shown[r.no] if shown[r.no] == r.status else f"{shown[r.no]}，{r.status}")
                   for r in targets.itertuples() if r.source == source]
        reported, by_wording = named.get(task.number, []), matched.get(task.number, [])
        rows.append(TaskCoverage(
            task=task, lead=_label(config, task.lead or (task.units[0] if task.units else "")),
            responsible=[_label(config, u) for u in task.units],
            reported=[_label(config, u) for u in reported], matched=[_label(config, u) for u in by_wording],
            silent=[_label(config, u) for u in task.units if u not in reported and u not in by_wording],
            targets=results))
    return rows
