"""Compose the report document from the outline, the statistics and the units' narrative.

The same composition gives both editions: the 审阅稿 (review) carries source units and the validation
warnings that affect a figure as notes; the 公开稿 (public) leaves them out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from annual_report.charts import yoy_chart
from annual_report.document import (
    Attachment,
    Block,
    Chart,
    Edition,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    Table,
)
from annual_report.findings import Finding, Severity
from annual_report.narrative import MergedItem, Narrative, as_sentence
from annual_report.statistics import Statistics
from annual_report.validation import ValidationReport
from annual_report.wording import Figures, outlier_findings, sentences_for_group
from annual_report.wording.numbers import chinese_number, format_date, ordinal
from annual_report.workspace import Workspace

NOTHING_TO_REPORT = {"other": "无其他需要报告的情况。"}


def _labels(ws: Workspace, unit_ids: list[str]) -> str:
    return "、".join(ws.config.unit_by_id[u].label for u in unit_ids)


def _items(ws: Workspace, items: list[MergedItem]) -> list[Block]:
    return [
        Paragraph(text=as_sentence(item.text), lead=ordinal(i), notes=[f"来源：{_labels(ws, item.units)}"])
        for i, item in enumerate(items, start=1)
    ]


def _figure_notes(ws: Workspace, report: ValidationReport, warnings: list[Finding], groups: list[str]
                  ) -> list[str]:
    """Review notes on these groups' figures: units whose figures were left out, warnings on the metrics."""
    metric_ids = {m.id for m in ws.catalogue.metrics if m.group in groups}
    left_out = [r.unit.label for r in report.units.values()
                if r.submission is not None and not r.figures_valid and metric_ids & set(r.submission.metrics)]
    notes = [f"以下单位的相关数字因有错误未计入合计：{'、'.join(left_out)}"] if left_out else []
    for f in warnings:
        if f.metric in metric_ids:
            unit = ws.config.unit_by_id.get(f.unit)
            label = unit.label if unit else f.unit
            notes.append(f.message if label in f.message else f"{label}：{f.message}")
    return notes


def _achievements(ws: Workspace, figures: Figures, report: ValidationReport, narrative: Narrative) -> list[Block]:
    stats = figures.stats
    warnings = [f for f in [*report.findings, *stats.findings, *outlier_findings(stats)]
                if f.severity is Severity.WARNING]
    blocks: list[Block] = []
    number = 0
    for topic in ws.config.outline.topics:
        sentences = [s for g in topic.groups for s in sentences_for_group(figures, g)]
        items = narrative.topics.get(topic.key, [])
        if not sentences and not items:
            continue
        number += 1
        blocks.append(Heading(2, f"（{chinese_number(number)}）{topic.heading}"))
        if sentences:
            blocks.append(Paragraph(text="".join(sentences), notes=_figure_notes(ws, report, warnings, topic.groups)))
        blocks += _items(ws, items)
    return blocks


def _body(ws: Workspace, figures: Figures, report: ValidationReport, narrative: Narrative) -> list[Block]:
    blocks: list[Block] = [Paragraph(text=ws.config.opening)] if ws.config.opening else []
    for i, section in enumerate(ws.config.outline.sections, start=1):
        blocks.append(Heading(1, f"{chinese_number(i)}、{section.heading}"))
        if section.key == "achievements":
            blocks += _achievements(ws, figures, report, narrative)
            continue
        items = narrative.sections.get(section.key, [])
        blocks += _items(ws, items) or [Paragraph(text=NOTHING_TO_REPORT.get(section.key, "暂无。"))]
    return blocks


def _cell(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _table(caption: str, frame: pd.DataFrame, columns: dict[str, str], numeric: set[str],
           widths: list[float]) -> Table:
    return Table(
        caption=caption,
        header=list(columns.values()),
        rows=[[_cell(v) for v in row] for row in frame[list(columns)].itertuples(index=False)],
        numeric_columns={i for i, c in enumerate(columns) if c in numeric},
        widths=widths,
    )


def statistics_table(figures: Figures) -> Table:
    totals = figures.stats.totals
    metrics = totals["metric"]
    frame = totals.assign(
        name=metrics.map(figures.stats.metrics.set_index("metric")["name"]), display=metrics.map(figures.display),
        last=metrics.map(lambda m: figures.yoy(m).last), phrase=metrics.map(lambda m: figures.yoy(m).phrase),
        formula=metrics.map(figures.formula),
    )
    return _table("主要统计指标", frame,
                  {"name": "指标", "display": "本年", "last": "上年", "phrase": "同比", "formula": "计算方法"},
                  {"display", "last"}, [2.9, 1.7, 1.7, 2.6, 3.1])


def targets_table(figures: Figures) -> Table:
    stats = figures.stats
    shortfalls = stats.shortfalls.assign(
        entry=stats.shortfalls["name"] + stats.shortfalls["status"].map({"无数据": "（无数据）"}).fillna(""))
    short = shortfalls.groupby("no")["entry"].agg("、".join) if not shortfalls.empty else {}
    targets = stats.targets
    per_unit = targets["scope"] == "unit"
    checked = targets["units_checked"].astype(object)
    actual = pd.Series(figures.rows(targets), index=targets.index, dtype=object)
    frame = targets.assign(
        short=targets["no"].map(short),
        requirement=[figures.requirement(m, op, v) for m, op, v in zip(targets["metric"], targets["op"],
                                                                      targets["value"], strict=True)],
        actual_display=actual.where(
            ~per_unit, targets["units_met"].astype(object).astype(str) + "/" + checked.astype(str) + "个单位达标"),
    )
    return _table("年度目标完成情况", frame,
                  {"name": "指标", "requirement": "目标", "source": "依据", "actual_display": "完成",
                   "status": "结果", "short": "未达标单位"},
                  {"actual_display"}, [2.6, 1.6, 2.0, 1.4, 1.2, 3.2])


def reporting_table(stats: Statistics) -> Table:
    frame = stats.reporting.assign(
        received=stats.reporting["received_at"].map(lambda t: "" if pd.isna(t) else f"{t:%Y-%m-%d}"),
        timely=stats.reporting.apply(lambda r: "逾期" if r["late"] else ("按时" if r["on_time"] else ""), axis=1),
    )
    return _table("各单位报送情况", frame,
                  {"name": "单位", "kind_name": "类型", "status": "状态", "received": "报送日期", "timely": "时效"},
                  set(), [3.6, 2.6, 1.3, 1.8, 1.0])


def completeness_paragraph(stats: Statistics) -> Paragraph:
    row = stats.completeness.iloc[0]
    text = (f"应报送单位{row['expected']}个，已报送{row['submitted']}个，其中按时报送{row['on_time']}个、"
            f"逾期{row['late']}个，未报送{row['missing']}个；数据通过审核计入统计{row['valid']}个。")
    if row["missing_units"]:
        text += f"未报送单位：{row['missing_units']}。"
    return Paragraph(text=text)


def key_rates_chart(stats: Statistics, folder: Path) -> list[Chart]:
    """A bar chart of this year's and last year's key rates (the catalogue's highlights), those with a
    value in either year."""
    yoy = stats.yoy.set_index("metric")
    shown = [m for m in stats.catalogue.highlights.chart if m in yoy.index and not (
        pd.isna(yoy.at[m, "this_year"]) and pd.isna(yoy.at[m, "last_year"]))]
    if not shown:
        return []
    names = stats.metrics.set_index("metric")["name"]
    values = [[None if pd.isna(v) else float(v) for v in yoy.loc[shown, col]] for col in ("this_year", "last_year")]
    caption = f"{stats.region}主要比率指标{stats.year}年与{stats.year - 1}年对比"
    folder.mkdir(parents=True, exist_ok=True)
    image = yoy_chart([names[m] for m in shown], values[0], values[1], caption, "%", folder / "key-rates.png",
                      labels=(f"{stats.year}年", f"{stats.year - 1}年"), ids=shown,
                      decimals=stats.options.percent_decimals)
    return [Chart(image=image, caption=caption)]


def compose(ws: Workspace, figures: Figures, report: ValidationReport, narrative: Narrative,
            edition: Edition, charts: list[Chart] | None = None) -> ReportDocument:
    stats = figures.stats
    date = ws.config.signature_date or ws.config.deadline
    attachments = [
        Attachment(title=f"{ws.config.region}{ws.config.year}年度法治政府建设主要统计指标",
                   blocks=[statistics_table(figures), *(charts or [])]),
        Attachment(title=f"{ws.config.region}{ws.config.year}年度法治政府建设目标完成情况",
                   blocks=[targets_table(figures)]),
        Attachment(title=f"{ws.config.region}{ws.config.year}年度法治政府建设材料报送情况",
                   blocks=[completeness_paragraph(stats), reporting_table(stats)]),
    ]
    return ReportDocument(
        title=ws.config.title,
        body=_body(ws, figures, report, narrative),
        signature=Signature(name=ws.config.government, date=date, date_text=format_date(date)),
        attachments=attachments,
        edition=edition,
    )

