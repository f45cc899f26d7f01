"""What goes into one unit's fill-in workbook, from the same registry, catalogue, outline, themes and plan
that validate what it sends back."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from annual_report.config.catalogue import Catalogue, Metric
from annual_report.config.outline import SECTION_NAMES, SectionKey
from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Unit, Workspace


@dataclass(frozen=True)
class FigureRow:
    metric: Metric
    required: bool  # the unit's kind must report it
    last_year: int | None  # the unit's own figure last year, for reference


@dataclass(frozen=True)
class SectionSheet:
    key: SectionKey
    name: str  # the sheet name: what the section holds (SECTION_NAMES)
    heading: str  # the section's heading in this year's report


@dataclass
class FormContent:
    title: str
    unit: Unit
    kind_name: str
    year: int
    deadline: str
    figures: list[FigureRow]
    sections: list[SectionSheet]
    topics: list[str]  # 主要举措和成效 sub-headings, in report order
    themes: dict[SectionKey, list[str]]  # theme leads a unit may pin an item to
    metric_names: list[str] = field(default_factory=list)  # every count of the catalogue, for 其他数字
    tasks: list[str] = field(default_factory=list)  # 「21 落实……」, every plan task
    own_tasks: list[str] = field(default_factory=list)  # those the unit leads or takes part in


def _reportable(catalogue: Catalogue, metric_id: str) -> list[Metric]:
    """The counts a unit fills in for a metric: a rate's numerator and denominator, a combined count's parts."""
    metric = catalogue.by_id[metric_id]
    if metric.is_rate:
        return [m for i in (metric.numerator, metric.denominator) if i for m in _reportable(catalogue, i)]
    if metric.parts:
        return [m for part in metric.parts for m in _reportable(catalogue, part)]
    return [metric]


def _last_year(ws: Workspace, unit: Unit, history: pd.DataFrame) -> dict[str, int]:
    if history.empty:
        return {}
    rows = history[(history["year"] == ws.config.year - 1) & (history["unit"] == unit.id)]
    return {str(r.metric): int(r.value) for r in rows.itertuples() if pd.notna(r.value)}


def _task_label(number: str, title: str) -> str:
    return f"{number} {title.rstrip('。')}"[:60]


def form_content(ws: Workspace, unit: Unit, plan: WorkPlan | None, history: pd.DataFrame) -> FormContent:
    """The workbook of `unit`: its kind's required counts first, then (optional) those its kind offers, the
    counts it reported last year and those its tasks' targets need; outline sections, topics, themes and
    plan tasks."""
    config, catalogue = ws.config, ws.catalogue
    last = _last_year(ws, unit, history)
    required = [m for i in config.kinds[unit.kind].required for m in _reportable(catalogue, i)]
    own = [t for t in (plan.tasks if plan else []) if unit.id in t.units]
    offered = [m.id for i in config.kinds[unit.kind].optional
               for m in ([catalogue.by_id[i]] if i in catalogue.by_id else catalogue.counts) if m.id == i or m.group == i]
    optional = [m for i in [*offered, *last, *(g.metric for t in own for g in t.targets)] if i in catalogue.by_id
                for m in _reportable(catalogue, i)]
    order = {m.id: n for n, m in enumerate(catalogue.metrics)}
    chosen = {m.id: m for m in required}
    extra = {m.id: m for m in optional if m.id not in chosen}
    figures = [FigureRow(m, True, last.get(m.id)) for m in chosen.values()] + [
        FigureRow(m, False, last.get(m.id)) for m in sorted(extra.values(), key=lambda m: order[m.id])]
    sections = [SectionSheet(s.key, SECTION_NAMES[s.key], s.heading) for s in config.outline.sections]
    return FormContent(
        title=f"{config.region}{config.year}年度法治政府建设情况报送表",
        unit=unit, kind_name=config.kinds[unit.kind].name, year=config.year,
        deadline=f"{config.deadline.year}年{config.deadline.month}月{config.deadline.day}日",
        figures=figures, sections=sections, topics=[t.heading for t in config.outline.topics],
        themes={s.key: [t.lead for t in ws.themes.of(s.key)] for s in sections},
        metric_names=[m.name for m in catalogue.counts if not m.parts],
        tasks=[_task_label(t.number, t.label) for t in (plan.tasks if plan else [])],
        own_tasks=[_task_label(t.number, t.label) for t in own])
