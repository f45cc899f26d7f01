"""The appendices: the statistics table and chart, the targets, the submission status, and (审阅稿 only) what
the units sent that the body does not carry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from annual_report.charts import yoy_chart
from annual_report.document import Attachment, Block, Chart, Heading, Paragraph, Span, Table
from annual_report.drafting.model import Draft
from annual_report.drafting.voice import speak
from annual_report.outline import SECTION_NAMES
from annual_report.statistics import Statistics
from annual_report.wording import Figures
from annual_report.wording.lists import named
from annual_report.wording.numbers import chinese_number
from annual_report.workspace import ReportConfig


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


def targets_table(figures: Figures, limit: int | None = None) -> Table:
    """`limit`: names at most this many units that missed a target (then 「等N个单位」)."""
    stats = figures.stats
    shortfalls = stats.shortfalls.assign(
        entry=stats.shortfalls["name"] + stats.shortfalls["status"].map({"无数据": "（无数据）"}).fillna(""))
    short = shortfalls.groupby("no")["entry"].agg(lambda s: named(list(s), limit or len(s))) \
        if not shortfalls.empty else {}
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


def reporting_table(stats: Statistics, limit: int | None = None) -> Table:
    """One row per unit; with more than `limit` units, one row per kind (validation.xlsx has every unit)."""
    if limit is not None and len(stats.reporting) > limit:
        return _table("各类单位报送情况", stats.completeness.iloc[1:],
                      {"scope": "类型", "expected": "应报送", "submitted": "已报送", "on_time": "按时",
                       "late": "逾期", "missing": "未报送", "valid": "数据有效"},
                      {"expected", "submitted", "on_time", "late", "missing", "valid"},
                      [3.2, 1.4, 1.4, 1.2, 1.2, 1.4, 1.6])
    frame = stats.reporting.assign(
        received=stats.reporting["received_at"].map(lambda t: "" if pd.isna(t) else f"{t:%Y-%m-%d}"),
        timely=stats.reporting.apply(lambda r: "逾期" if r["late"] else ("按时" if r["on_time"] else ""), axis=1),
    )
    return _table("各单位报送情况", frame,
                  {"name": "单位", "kind_name": "类型", "status": "状态", "received": "报送日期", "timely": "时效"},
                  set(), [3.6, 2.6, 1.3, 1.8, 1.0])


def completeness_paragraph(stats: Statistics, limit: int | None = None, tabled: int | None = None) -> Paragraph:
    """The counts; missing units named up to `limit`; beyond `tabled` units, where the per-unit table is."""
    row = stats.completeness.iloc[0]
    text = (f"应报送单位{row['expected']}个，已报送{row['submitted']}个，其中按时报送{row['on_time']}个、"
            f"逾期{row['late']}个，未报送{row['missing']}个；数据通过审核计入统计{row['valid']}个。")
    if row["missing_units"]:
        missing = row["missing_units"].split("、")
        text += f"未报送单位：{named(missing, limit or len(missing))}。"
    if tabled is not None and len(stats.reporting) > tabled:
        text += "各单位报送情况见 validation.xlsx「报送情况」表。"
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


def remainder(config: ReportConfig, draft: Draft) -> Attachment | None:
    """未写入正文的报送内容, by section and theme, each item with its units and why it was left out."""
    if not draft.remainder and not draft.remainder_omitted:
        return None
    blocks: list[Block] = []
    sections = [s.key for s in config.outline.sections]
    entries = sorted(draft.remainder, key=lambda e: sections.index(e[0]))
    current = None
    reasons = {id(p.source): p.placed for p in draft.placements}
    for section, topic, theme, piece in entries:
        if section != current:
            current = section
            blocks.append(Heading(2, f"（{chinese_number(sections.index(section) + 1)}）{SECTION_NAMES[section]}"))
        labels = named([config.unit_by_id[u].label for u in piece.units], config.drafting.units_listed)
        text = speak(piece.template, labels)
        where = "·".join(x for x in (topic, theme) if x)
        blocks.append(Paragraph(lead="" if text.startswith(labels) else f"{labels}：", spans=[Span(
            text, notes=[f"{where}；{_reason(reasons, piece)}"])]))
    if draft.remainder_omitted:
        blocks.append(Paragraph(text=f"以上列出{len(draft.remainder)}条（报送单位较多、含数字的在前），另有"
                                     f"{draft.remainder_omitted}条未列出；全部条目及去向见 validation.xlsx"
                                     "「文字材料归类」表。"))
    return Attachment(title=f"{config.region}{config.year}年度未写入正文的报送内容", blocks=blocks)


def _reason(reasons: dict[int, str], piece: object) -> str:
    """Why the piece stayed out: the placement of its first source that has one (looked up by identity)."""
    return next((reasons[id(s)] for s in getattr(piece, "sources", []) if id(s) in reasons), "")
