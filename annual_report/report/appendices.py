"""The appendices of each edition.

公开稿: what the government publishes — the region's figures (only those reported, no formulas; no 上年/同比
columns without last year's figures), the chart where both years have data, the region's targets. 审阅稿: the
same figures with how each was obtained and the metrics nobody reported in one list (those the body states from
a unit's text named apart), every target with the units short of it, the submission status, what the units
sent that the body leaves out, and the problems no sentence carries as a comment (files, units, history/,
inputs changed during the build).
"""

from __future__ import annotations

import io
import re

import pandas as pd

from annual_report.config.outline import SECTION_NAMES
from annual_report.config.workspace import ReportConfig
from annual_report.drafting.model import Draft, Piece
from annual_report.drafting.voice import speak
from annual_report.findings import Finding, Severity
from annual_report.report.charts import yoy_chart
from annual_report.report.coverage import TaskCoverage
from annual_report.report.levels import by_region, lower_regions
from annual_report.statistics import Statistics
from annual_report.text.lists import named as listed
from annual_report.text.numbers import chinese_number
from annual_report.word.document import Attachment, Block, Chart, Edition, Heading, Paragraph, Span, Table
from annual_report.wording import Figures
from annual_report.wording.figures import rate_decimals
from annual_report.wording.numbers import NO_DATA, format_date
from annual_report.wording.other_figures import other_figures_table

# a figure as worded: qualifier before, the number with its 万/亿 and 余, the unit, 以上 after
_FIGURE = re.compile(r"^((?:约|不足)?-?\d+(?:\.\d+)?余?)(.*?)(以上)?$")


def _cell(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def split_unit(shown: str) -> tuple[str, str]:
    """「416件」 → (「416」, 「件」), 「12.5万元」 → (「12.5」, 「万元」), 「约90场」 → (「约90」, 「场」),
    「90场以上」 → (「90以上」, 「场」), 「1.37万余条」 → (「1.37余」, 「万条」); words such as 「无」 stay whole."""
    match = _FIGURE.match(shown)
    if not match:
        return shown, ""
    number, unit = match[1], match[2]
    if unit[1:2] == "余" and unit[:1] in "万亿":
        number, unit = number + "余", unit[0] + unit[2:]
    return number + (match[3] or ""), unit


def _table(caption: str, frame: pd.DataFrame, columns: dict[str, str], numeric: set[str]) -> Table:
    return Table(
        caption=caption,
        header=list(columns.values()),
        rows=[[_cell(v) for v in row] for row in frame[list(columns)].itertuples(index=False)],
        numeric_columns={i for i, c in enumerate(columns) if c in numeric},
    )


def statistics_table(figures: Figures, edition: Edition) -> Table | None:
    """The region's figures that have data, the number apart from its unit (a 单位 column), with last year
    and 同比 where any figure has them; the 审阅稿 also shows how each total was obtained."""
    stats = figures.stats
    names = stats.metrics.set_index("metric")
    rows = []
    for metric in stats.totals["metric"]:
        shown = figures.display(metric)
        if shown == NO_DATA:
            continue  # the 审阅稿 lists these apart (no_data_paragraph)
        number, unit = split_unit(shown)
        last, _ = split_unit(figures.yoy(metric).last)
        rows.append({"name": names.at[metric, "name"], "unit": unit or ("%" if names.at[metric, "is_rate"] else
                                                                        names.at[metric, "unit"]),
                     "number": number, "last": last, "phrase": figures.yoy(metric).phrase,
                     "formula": figures.formula(metric)})
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    columns = {"name": "指标", "unit": "单位", "number": "本年", "last": "上年", "phrase": "同比"}
    for empty in [c for c in ("last", "phrase") if not frame[c].astype(bool).any()]:
        del columns[empty]  # no last year's figures: no empty columns
    if edition == "review":
        columns["formula"] = "计算方法"
    return _table("主要统计指标", frame, columns, {"number", "last"})


def no_data_paragraph(config: ReportConfig, figures: Figures, draft: Draft) -> Paragraph | None:
    """审阅稿: the metrics no unit reported, in one list; those the body states from a unit's text named
    apart, with what it says, so that no table calls a figure of the body 「无数据」."""
    stats = figures.stats
    names = stats.metrics.set_index("metric")["name"]
    missing = [m for m in stats.totals["metric"] if figures.display(m) == NO_DATA]
    if not missing:
        return None
    stated = draft.unreported_in_body()
    said = [f"{names[m]}（正文据{config.unit_by_id[stated[m][0]].label}「{stated[m][1]}」）" for m in missing if m in stated]
    silent = [names[m] for m in missing if m not in stated]
    text = f"以下{len(silent)}项指标没有单位报送数字：{'、'.join(silent)}。" if silent else ""
    if said:
        text += (f"以下{len(said)}项指标没有单位在报表中报送，正文所写数字来自单位的文字材料，请核实后补报或改写："
                 f"{'；'.join(said)}。")
    return Paragraph(text=text)


def targets_table(figures: Figures, edition: Edition, limit: int | None = None) -> Table | None:
    """Targets and their results: the region's in the 公开稿; every target with the units short of it in
    the 审阅稿 (at most `limit` named, then 「等N个单位」)."""
    stats = figures.stats
    targets = stats.targets if edition == "review" else stats.targets[stats.targets["scope"] == "region"]
    if targets.empty:
        return None
    shortfalls = stats.shortfalls.assign(
        entry=stats.shortfalls["name"] + stats.shortfalls["status"].map({"无数据": "（无数据）"}).fillna(""))
    short = shortfalls.groupby("no")["entry"].agg(lambda s: listed(list(s), limit or len(s))) \
        if not shortfalls.empty else {}
    per_unit = targets["scope"] == "unit"
    actual = pd.Series(figures.rows(targets), index=targets.index, dtype=object)
    done = targets["units_met"].astype(object).astype(str) + "/" + targets["units_checked"].astype(object).astype(str)
    checked = targets["units_checked"].fillna(0).astype(int) > 0
    frame = targets.assign(
        short=targets["no"].map(short),
        requirement=[figures.requirement(m, op, v) for m, op, v in zip(targets["metric"], targets["op"],
                                                                      targets["value"], strict=True)],
        # a unit-scope target none of whose units has data says so, never 「0/0个单位达标」
        actual_display=actual.where(~per_unit, (done + "个单位达标").where(checked, NO_DATA)),
    )
    columns = {"name": "指标", "requirement": "目标", "source": "依据", "actual_display": "完成", "status": "结果"}
    if edition == "review":
        columns["short"] = "未达标单位"
    return _table("年度目标完成情况", frame, columns, {"actual_display"})


def reporting_table(stats: Statistics, limit: int | None = None) -> Table:
    """One row per unit; with more than `limit` units, one row per kind (validation.xlsx has every unit)."""
    if limit is not None and len(stats.reporting) > limit:
        return _table("各类单位报送情况", stats.completeness.iloc[1:],
                      {"scope": "类型", "expected": "应报送", "submitted": "已报送", "on_time": "按时",
                       "late": "逾期", "missing": "未报送", "valid": "数据有效"},
                      {"expected", "submitted", "on_time", "late", "missing", "valid"})
    frame = stats.reporting.assign(
        received=stats.reporting["received_at"].map(lambda t: "" if pd.isna(t) else format_date(t)),
        timely=stats.reporting.apply(lambda r: "逾期" if r["late"] else ("按时" if r["on_time"] else ""), axis=1),
    )
    return _table("各单位报送情况", frame,
                  {"name": "单位", "kind_name": "类型", "status": "状态", "received": "报送日期", "timely": "时效"},
                  set())


def completeness_paragraph(stats: Statistics, limit: int | None = None, tabled: int | None = None) -> Paragraph:
    """The counts; missing units named up to `limit`; beyond `tabled` units, where the per-unit table is."""
    row = stats.completeness.iloc[0]
    text = (f"应报送单位{row['expected']}个，已报送{row['submitted']}个，其中按时报送{row['on_time']}个、"
            f"逾期{row['late']}个，未报送{row['missing']}个；数据通过审核计入统计{row['valid']}个。")
    if row["missing_units"]:
        missing = row["missing_units"].split("、")
        text += f"未报送单位：{listed(missing, limit or len(missing))}。"
    if tabled is not None and len(stats.reporting) > tabled:
        text += "各单位报送情况见 validation.xlsx「报送情况」表。"
    return Paragraph(text=text)


def key_rates_chart(stats: Statistics) -> list[Chart]:
    """A bar chart of the key rates (the catalogue's highlights) that have a figure in both years."""
    yoy = stats.yoy.set_index("metric")
    shown = [m for m in stats.catalogue.highlights.chart if m in yoy.index
             and pd.notna(yoy.at[m, "this_year"]) and pd.notna(yoy.at[m, "last_year"])]
    if not shown:
        return []
    names = stats.metrics.set_index("metric")["name"]
    values = [[float(v) for v in yoy.loc[shown, col]] for col in ("this_year", "last_year")]
    caption = f"{stats.region}主要比率指标{stats.year}年与{stats.year - 1}年对比"
    png = io.BytesIO()
    yoy_chart([names[m] for m in shown], values[0], values[1], caption, "%", png,
              labels=(f"{stats.year}年", f"{stats.year - 1}年"), ids=shown,
              decimals=[rate_decimals(stats, m) for m in shown])
    return [Chart(png=png.getvalue(), caption=caption, name="key-rates.png")]


def remainder(config: ReportConfig, draft: Draft) -> Attachment | None:
    """未写入正文的报送内容, by section and theme, each item with its units and why it was left out."""
    if not draft.remainder and not draft.remainder_omitted:
        return None
    reasons = {p.source: p.placed for p in draft.placements}
    blocks: list[Block] = []
    sections = [s.key for s in config.outline.sections]
    current = None
    for section, topic, theme, piece in sorted(draft.remainder, key=lambda e: sections.index(e[0])):
        if section != current:
            current = section
            blocks.append(Heading(2, f"（{chinese_number(sections.index(section) + 1)}）{SECTION_NAMES[section]}"))
        blocks.append(_left_out(config, piece, "·".join(x for x in (topic, theme) if x),
                                reasons.get(piece.sources[0], "")))
    if draft.remainder_omitted:
        blocks.append(Paragraph(text=f"以上列出{len(draft.remainder)}条（报送单位较多、含数字的在前），另有"
                                     f"{draft.remainder_omitted}条未列出；全部条目及去向见 validation.xlsx"
                                     "「文字材料归类」表。"))
    return Attachment(title=f"{config.region}{config.year}年度未写入正文的报送内容", blocks=blocks)


def _left_out(config: ReportConfig, piece: Piece, where: str, reason: str) -> Paragraph:
    labels = listed([config.unit_by_id[u].label for u in piece.units], config.drafting.units_listed)
    text = speak(piece.template, labels)
    return Paragraph(lead="" if text.startswith(labels) else f"{labels}：",
                     spans=[Span(text, notes=[f"{where}；{reason}"])])


def problems_attachment(config: ReportConfig, findings: list[Finding]) -> Attachment | None:
    """问题清单: warnings and errors that name no figure, so that no sentence carries them as a comment (a file
    that cannot be read, a unit's missing section, last year's data, an input changed during the build);
    errors first, at most `drafting.remainder` rows, all of them in validation.xlsx."""
    shown = sorted((f for f in findings if not f.metric and f.severity is not Severity.INFO
                    and f.rule != "missing_submission"), key=lambda f: f.severity is not Severity.ERROR)
    if not shown:
        return None
    limit, names = config.drafting.remainder, {u.id: u.label for u in config.units}
    frame = pd.DataFrame([{"unit": names.get(f.unit, f.unit), "where": " ".join(filter(None, (f.file, f.location))),
                           "severity": f.severity.word, "message": f.message} for f in shown[:limit]])
    table = _table("未在正文批注的问题", frame, {"unit": "单位", "where": "文件和位置", "severity": "级别",
                                          "message": "说明"}, set())
    table.wrap, table.widths = {0, 1, 3}, [4, 7, 3, 14]
    blocks: list[Block] = [table]
    if len(shown) > limit:
        blocks.append(Paragraph(text=f"以上列出{limit}条，另有{len(shown) - limit}条；全部问题见 validation.xlsx「问题清单」表。"))
    return Attachment(title=f"{config.region}{config.year}年度汇编中发现的其他问题", blocks=blocks)


def _reporters(row: TaskCoverage, limit: int) -> str:
    """「市司法局；据文字对应：市民政局」: units naming the task, then those matched by wording."""
    named = listed(list(row.reported), limit)
    if not row.matched:
        return named
    return "；".join(filter(None, [named, f"据文字对应：{listed(list(row.matched), limit)}"]))


def coverage_attachment(config: ReportConfig, coverage: list[TaskCoverage]) -> Attachment | None:
    """年度工作要点任务落实情况: the tasks nobody reported on, then every task with its units and targets."""
    if not coverage:
        return None
    silent = [c for c in coverage if c.unreported]
    named = "；".join(f"第{c.task.number}项「{c.task.label.rstrip('。；;')}」" for c in silent)
    opening = (f"以下{len(silent)}项任务没有单位报送落实情况：{named}。" if silent
               else f"全部{len(coverage)}项任务均有单位报送落实情况。")
    if any(c.matched for c in coverage):
        opening += "「据文字对应」的单位所报内容未注明任务编号，系按文字与任务名称对应，请核对。"
    limit = config.drafting.units_listed
    frame = pd.DataFrame([{"number": c.task.number, "task": c.task.label, "lead": c.lead,
                           "reported": _reporters(c, limit),
                           "silent": listed(list(c.silent), limit), "targets": "；".join(c.targets)}
                          for c in coverage])
    table = _table("工作要点任务落实情况", frame, {"number": "序号", "task": "任务", "lead": "牵头单位",
                                            "reported": "已报送的单位", "silent": "未报送的责任单位",
                                            "targets": "目标完成情况"}, {"number"})
    table.wrap = {1, 2, 3, 4, 5}
    return Attachment(title=f"{config.region}{config.year}年度工作要点任务落实情况",
                      blocks=[Paragraph(text=opening), table])


def attachments(config: ReportConfig, figures: Figures, draft: Draft, edition: Edition,
                charts: list[Chart], coverage: list[TaskCoverage] | None = None,
                findings: list[Finding] | None = None) -> list[Attachment]:
    """The edition's appendices, those with nothing to show left out."""
    title = f"{config.region}{config.year}年度法治政府建设"
    stats, found = figures.stats, []
    table = statistics_table(figures, edition)
    missing = no_data_paragraph(config, figures, draft) if edition == "review" else None
    if table is not None or missing is not None:
        found.append(Attachment(title=f"{title}主要统计指标", blocks=[b for b in (table, missing) if b is not None] + charts))
    limit, tabled = config.drafting.units_listed, config.drafting.units_tabled
    if (table := targets_table(figures, edition, limit)) is not None:
        found.append(Attachment(title=f"{title}目标完成情况", blocks=[table]))
    if edition == "review":
        if (regions := by_region(config, figures, lower_regions(findings or []))) is not None:
            found.append(regions)
        if not stats.completeness.empty:
            found.append(Attachment(title=f"{title}材料报送情况",
                                    blocks=[completeness_paragraph(stats, limit, tabled),
                                            reporting_table(stats, tabled)]))
        if (others := other_figures_table(stats)) is not None:
            found.append(Attachment(title=f"{config.region}{config.year}年度未计入合计的其他数字", blocks=[others]))
        if (tasks := coverage_attachment(config, coverage or [])) is not None:
            found.append(tasks)
        if (left := remainder(config, draft)) is not None:
            found.append(left)
        if (problems := problems_attachment(config, [*(findings or []), *stats.findings, *draft.findings])):
            found.append(problems)
    return found
