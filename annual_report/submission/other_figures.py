"""Figures a unit sends outside the catalogue (`other_figures`: name, unit, value): kept and shown in the
审阅稿 and the per-unit sheet, never in the totals.

A name the catalogue knows (name or alias), or that the office mapped in report.yaml `figure_map`, is that
metric and counts as if written under `metrics`, when its unit agrees. A problem with an entry is a warning
(`bad_other_figure`) that drops only the entry: such a figure never counts, so it never withholds the
unit's other figures.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationInfo
from pydantic_core import PydanticCustomError

from annual_report.config.catalogue import Metric, name_key
from annual_report.submission.context import SCALAR, SubmissionContext, context_of
from annual_report.submission.metrics import quantity

RULE = "bad_other_figure"
KEYS = ("name", "unit", "value")
OTHER_FIGURES_SCHEMA: dict[str, Any] = {
    "type": ["array", "null"],
    "description": "目录外的数字，每项含 name（名称）、unit（计量单位）、value（数值，写法同 metrics）；不计入合计",
    "items": {"description": "{name: 名称, unit: 计量单位, value: 数值}"},
}


class OtherFigure(BaseModel):
    name: str
    unit: str = ""
    value: int
    qualifier: str = ""  # 余/以上/约/不足 as written
    index: int = 0  # its place in the unit's other_figures
    metric: str = ""  # the catalogue metric it was counted as ("" when outside the catalogue)

    @property
    def location(self) -> str:
        return f"other_figures[{self.index}]"


def _text(raw: object) -> str:
    return str(raw).strip() if isinstance(raw, SCALAR) and not isinstance(raw, bool) else ""


def _metric(name: str, ctx: SubmissionContext) -> Metric | None:
    if ctx.catalogue is None:
        return None
    mapped = ctx.figure_map.get(name_key(name))
    return ctx.catalogue.by_id.get(mapped) if mapped else ctx.catalogue.resolve(name)


def _entry(raw: object, index: int, ctx: SubmissionContext) -> OtherFigure | None:
    if not isinstance(raw, dict):
        ctx.add(RULE, "目录外数字应写作「{name: 名称, unit: 计量单位, value: 数值}」，本项未采用")
        return None
    for key in sorted(str(k) for k in raw if str(k) not in KEYS):
        ctx.add("unknown_key", f"未知字段「{key}」，内容未采用；目录外数字只有 name、unit、value", key)
    name, unit = _text(raw.get("name")), _text(raw.get("unit"))
    if not name:
        ctx.add(RULE, "目录外数字没有名称（name），本项未采用", "name")
        return None
    count = quantity(raw.get("value"), ctx, "value", label=f"目录外数字「{name}」", unit=unit or "—", rule=RULE)
    if count is None:
        return None
    figure = OtherFigure(name=name, unit=unit, value=count[0], qualifier=count[1], index=index)
    metric = _metric(name, ctx)
    if metric is None:
        return figure
    if metric.is_rate:
        ctx.add(RULE, f"「{name}」是比率「{metric.name}」，由系统计算，本项未采用")
        return None
    if unit and name_key(unit) != name_key(metric.unit):
        ctx.add(RULE, f"「{name}」对应目录指标「{metric.name}」（{metric.unit}），但计量单位写的是「{unit}」，"
                      "未计入合计，列为目录外数字；请核对计量单位", "unit")
        return figure
    return figure.model_copy(update={"metric": metric.id})


def check_other_figures(raw: object, info: ValidationInfo) -> list[OtherFigure]:
    """Each entry checked on its own; a bad one is a warning and left out."""
    ctx = context_of(info)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PydanticCustomError("bad_type", "目录外数字（other_figures）应为列表，每项含 name、unit、value；未采用")
    figures = []
    for index, entry in enumerate(raw):
        with ctx.at("other_figures", index):
            figure = _entry(entry, index, ctx)
        if figure is not None:
            figures.append(figure)
    return figures


def count_mapped(metrics: dict[str, int], figures: list[OtherFigure], ctx: SubmissionContext) -> list[OtherFigure]:
    """Move figures that name a catalogue metric into `metrics`; the rest stay outside the catalogue."""
    kept = []
    for figure in figures:
        if not figure.metric:
            kept.append(figure)
        elif figure.metric in ctx.given:
            ctx.add("duplicate_metric", f"「{figure.name}」与「{ctx.keys[figure.metric]}」是同一指标，本项未采用；"
                                        "请删除重复的一项", "other_figures", figure.index, metric=figure.metric)
        else:
            metrics[figure.metric] = figure.value
            if figure.qualifier:
                ctx.qualifiers[figure.metric] = figure.qualifier
            ctx.given.add(figure.metric)
            ctx.keys[figure.metric] = figure.location
    return kept
