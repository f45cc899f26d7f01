"""statistics.xlsx: the statistics for the compiling office, one sheet per table, Chinese headers.

汇总 gives each total with its formula text and, for counts, a live Excel SUM/SUMIFS over 分单位 (role
metrics sum only the units flagged 是 in that role's column), so the office can audit the figures in Excel.
Figures stay numbers: a rate's cell shows its own decimal places, a qualified figure its qualifier through
the number format (0"余", "约"0). Under 分单位's table, the figures units sent outside the catalogue. Where
lower regions' runs are among the units, 下级地区分单位 has their own units' figures, as their runs give them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter, quote_sheetname

from annual_report.intake.records import LowerRegion
from annual_report.config.run_files import REGION_TOTAL, ROLE_COLUMN_PREFIX, SUMMARY_SHEET, UNIT_KEY_COLUMNS, UNIT_SHEET
from annual_report.outputs.xlsx import COUNT_FORMAT, DATE_FORMAT, Sheet, write_sheets
from annual_report.report.coverage import TaskCoverage
from annual_report.statistics import Statistics
from annual_report.statistics.tables import ROLES
from annual_report.text.numbers import qualified_text
from annual_report.wording import Figures, outlier_messages

YES = "是"
RULE_WORDS = {"outlier_yoy": "与本单位上年相比", "outlier_kind": "与同类单位相比"}
QUALIFIER_FORMATS = {"余": '{f}"余"', "以上": '{f}"以上"', "约": '"约"{f}', "不足": '"不足"{f}'}
OTHER_FIGURES_TITLE = "目录外数字（未计入合计）"
LOWER_UNITS_SHEET = "下级地区分单位"


def percent_format(decimals: int) -> str:
    return f"0.{'0' * decimals}%" if decimals else "0%"


def qualified_format(number_format: str, qualifier: object) -> str:
    """The number format that shows a qualifier with the number: 0"余", "约"0.0%."""
    return QUALIFIER_FORMATS.get(qualifier if isinstance(qualifier, str) else "", "{f}").format(f=number_format)


def _base_format(figures: Figures, metric: str) -> str:
    """A rate's percent format at its decimals, or the count format."""
    return percent_format(figures.decimals_of(metric)) if figures.stats.catalogue.by_id[metric].is_rate \
        else COUNT_FORMAT


def _formats(figures: Figures, metrics: pd.Series, qualifiers: pd.Series) -> pd.Series:
    """Per row: the metric's base format, with the row's qualifier where it has one."""
    base = {m: _base_format(figures, m) for m in metrics.unique()}
    formats = metrics.map(base).astype(object)
    qualified = qualifiers.isin(list(QUALIFIER_FORMATS))
    formats[qualified] = [qualified_format(f, q) for f, q in zip(formats[qualified], qualifiers[qualified],
                                                                 strict=True)]
    return formats


def _fraction(percent: pd.Series, denominator: pd.Series | None = None) -> pd.Series:
    """Percentages as fractions for a % number format; 无 where the denominator is 0."""
    out = (percent.astype("Float64") / 100).astype(object).where(percent.notna(), None)
    if denominator is not None:
        out = out.mask(denominator.fillna(-1) == 0, "无")
    return out


def _figure(table: pd.DataFrame, rate: pd.Series) -> pd.Series:
    """A totals column: the count, or the rate as a fraction."""
    counts = table["value"].astype(object).where(table["value"].notna(), None)
    return counts.mask(rate, _fraction(table["percent"], table["denominator"]))


def _with_metadata(stats: Statistics, table: pd.DataFrame) -> pd.DataFrame:
    """`table` with each metric's name, group name, unit, role and kind (is_rate)."""
    return table.merge(stats.metrics[["metric", "name", "group_name", "unit", "role", "is_rate"]], on="metric")


def _role_columns(stats: Statistics) -> list[str]:
    return [f"{ROLE_COLUMN_PREFIX}{stats.catalogue.roles[r]}" for r in ROLES]


def _unit_formats(figures: Figures, table: pd.DataFrame, columns: pd.Index) -> dict[str, str | pd.Series]:
    """Each metric column's format: one for the column, or per row where a unit qualified its figure."""
    qualifiers = table.pivot(index="unit", columns="metric", values="qualifier")
    qualifiers = qualifiers.reindex(index=figures.stats.wide.index, columns=columns).astype(object).fillna("")
    names = figures.stats.metrics.set_index("metric")["name"]
    formats: dict[str, str | pd.Series] = {}
    for m in columns:
        column = qualifiers[m].reset_index(drop=True)
        formats[names[m]] = _formats(figures, pd.Series(m, index=column.index), column) \
            if column.isin(list(QUALIFIER_FORMATS)).any() else _base_format(figures, m)
    return formats


def _unit_sheet(stats: Statistics, figures: Figures) -> Sheet:
    metrics = stats.metrics.set_index("metric")
    units = stats.units.set_index("unit").loc[stats.wide.index]
    keys = pd.DataFrame({
        "单位编号": units.index, "单位名称": units["name"].to_numpy(), "单位类型": units["kind_name"].to_numpy(),
        **{column: units[r].map({True: YES, False: ""}).to_numpy()
           for column, r in zip(_role_columns(stats), ROLES, strict=True)},
    })
    counts = stats.wide.rename(columns=metrics["name"]).reset_index(drop=True)
    rate_ids = pd.Index(stats.metrics.loc[stats.metrics["is_rate"], "metric"])
    rates = stats.unit_rates.pivot(index="unit", columns="metric", values="percent")
    rates = rates.reindex(index=stats.wide.index, columns=rate_ids)
    rates = rates.apply(_fraction).rename(columns=metrics["name"]).reset_index(drop=True)
    table = pd.concat([keys, counts, rates], axis=1)
    formats: dict[str, str | pd.Series] = {**_unit_formats(figures, stats.values, stats.wide.columns),
                                           **_unit_formats(figures, stats.unit_rates, rate_ids)}
    others = stats.other_figures
    if others.empty:
        return Sheet(UNIT_SHEET, [table], formats, freeze="C2")
    other = pd.DataFrame({
        "单位编号": others["unit"], "单位名称": others["unit"].map(stats.units.set_index("unit")["name"]),
        OTHER_FIGURES_TITLE: others["name"], "数值": others["value"], "计量单位": others["measure"],
        "文件": others["file"], "位置": others["location"]})
    formats["数值"] = others["qualifier"].map(lambda q: qualified_format(COUNT_FORMAT, q))
    return Sheet(UNIT_SHEET, [table, other], formats, freeze="C2")


def _sum_formulas(stats: Statistics) -> tuple[pd.Series, pd.Series]:
    """For each count metric with a total: =SUM over its 分单位 column, or =SUMIFS on the role column; and the
    value Excel will compute (cached in the file for readers that do not calculate)."""
    n = len(stats.wide)
    sheet = quote_sheetname(UNIT_SHEET)
    first = len(UNIT_KEY_COLUMNS) + len(ROLES) + 1
    column = {m: get_column_letter(first + i) for i, m in enumerate(stats.wide.columns)}
    role_column = {r: get_column_letter(len(UNIT_KEY_COLUMNS) + 1 + i) for i, r in enumerate(ROLES)}
    flags = stats.units.set_index("unit").reindex(stats.wide.index)[list(ROLES)].fillna(False).astype(bool)

    def formula(metric: str, role: str | None) -> tuple[str, int]:
        cells = f"{sheet}!{column[metric]}2:{column[metric]}{n + 1}"
        if role is None or pd.isna(role):
            return f"=SUM({cells})", int(stats.wide[metric].sum())
        range_ = f"{sheet}!{role_column[role]}2:{role_column[role]}{n + 1}"
        return f'=SUMIFS({cells},{range_},"{YES}")', int(stats.wide.loc[flags[role], metric].sum())

    totals = _with_metadata(stats, stats.totals)
    usable = ~totals["is_rate"] & totals["value"].notna() & (n > 0)
    cells = [formula(m, r) if ok else (None, None) for m, r, ok in zip(totals["metric"], totals["role"], usable,
                                                                       strict=True)]
    return pd.Series([c[0] for c in cells], dtype=object), pd.Series([c[1] for c in cells], dtype=object)


def _summary_sheet(stats: Statistics, figures: Figures) -> Sheet:
    totals = _with_metadata(stats, stats.totals)
    rate = totals["is_rate"]
    kinds = stats.kind_totals.merge(stats.units[["kind", "kind_name"]].drop_duplicates(), on="kind")
    per_kind_rows = {name: group.set_index("metric").reindex(totals["metric"]).reset_index()
                     for name, group in kinds.groupby("kind_name", sort=False)}
    per_kind = {name: _figure(rows, rate) for name, rows in per_kind_rows.items()}
    formulas, results = _sum_formulas(stats)
    table = pd.DataFrame({
        "指标编号": totals["metric"], "指标名称": totals["name"], "分组": totals["group_name"],
        "计量单位": totals["unit"], REGION_TOTAL: _figure(totals, rate), **per_kind,
        "分子": totals["numerator"], "分母": totals["denominator"], "公式": totals["metric"].map(figures.formula),
        "Excel 合计（核对）": formulas, "报送单位数": totals["units"],
    })
    formats = {REGION_TOTAL: _formats(figures, totals["metric"], totals["qualifier"]),
               **{name: _formats(figures, totals["metric"], rows["qualifier"]) for name, rows in per_kind_rows.items()},
               "分子": COUNT_FORMAT, "分母": COUNT_FORMAT, "Excel 合计（核对）": COUNT_FORMAT}
    return Sheet(SUMMARY_SHEET, [table], formats, formulas={"Excel 合计（核对）"}, freeze="C2",
                 results={"Excel 合计（核对）": results})


def _yoy_sheet(stats: Statistics, figures: Figures, pct: str) -> Sheet:
    yoy = _with_metadata(stats, stats.yoy)
    words = yoy["metric"].map(figures.yoy)
    table = pd.DataFrame({
        "指标编号": yoy["metric"], "指标名称": yoy["name"], "本年": yoy["metric"].map(figures.display),
        "上年": words.map(lambda w: w.last),
        "变化（件数或百分点）": words.map(lambda w: None if w.change is None else float(w.change)),
        "变化幅度": _fraction(yoy["change_percent"]), "表述": words.map(lambda w: w.phrase),
    })
    return Sheet("同比", [table], {"变化幅度": pct}, freeze="C2")


def _targets_sheet(stats: Statistics, figures: Figures) -> Sheet:
    short = stats.shortfalls
    shown = pd.Series(figures.rows(short), index=short.index, dtype=object)
    lists = short.assign(entry=short["name"] + "（" + shown + "）"
                         ).groupby("no")["entry"].agg("、".join)
    targets = stats.targets
    table = pd.DataFrame({
        "序号": targets["no"], "指标名称": targets["name"],
        "要求": [figures.requirement(m, op, v) for m, op, v in zip(targets["metric"], targets["op"],
                                                                  targets["value"], strict=True)],
        "范围": targets["scope"].map({"region": "全域", "unit": "各单位"}), "适用单位类型": targets["kinds"],
        "来源": targets["source"], "实际": figures.rows(targets), "结果": targets["status"],
        "达标单位": (targets["units_met"].astype(str) + "/" + targets["units_checked"].astype(str)).where(
            targets["scope"] == "unit", ""),
        "未达标单位": targets["no"].map(lists).astype(object).fillna(""),
    })
    return Sheet("目标完成", [table])


def _reporting_sheet(stats: Statistics, pct: str) -> Sheet:
    summary, units = stats.completeness, stats.reporting
    if summary.empty:
        return Sheet("报送情况", [pd.DataFrame({"说明": ["未提供校验结果，无报送情况"]})])
    rates = ["报送率", "按时报送率", "数据采用率"]
    head = pd.DataFrame({
        "范围": summary["scope"], "应报": summary["expected"], "已报": summary["submitted"],
        "按时": summary["on_time"], "逾期": summary["late"], "未报": summary["missing"], "数据采用": summary["valid"],
        **{name: _fraction(summary[col]) for name, col in
           zip(rates, ["reporting_rate", "on_time_rate", "valid_rate"], strict=True)},
        "未报单位": summary["missing_units"], "逾期单位": summary["late_units"],
    })
    excluded = dict(zip(stats.excluded["unit"], stats.excluded["reason"], strict=True))
    reasons = units["unit"].map(lambda unit: excluded.get(unit, ""))
    detail = pd.DataFrame({
        "单位编号": units["unit"], "单位名称": units["name"], "单位类型": units["kind_name"], "状态": units["status"],
        "报送时间": units["received_at"], "是否按时": units["on_time"].map({True: YES, False: ""}),
        "数据是否采用": units["valid"].map({True: YES, False: ""}), "未采用原因": reasons,
    })
    return Sheet("报送情况", [head, detail], {**dict.fromkeys(rates, pct), "报送时间": DATE_FORMAT})


def _outlier_sheet(stats: Statistics) -> Sheet:
    out = stats.outliers
    table = pd.DataFrame({
        "单位": out["unit"].map(stats.units.set_index("unit")["name"]),
        "指标": out["metric"].map(stats.metrics.set_index("metric")["name"]), "本年数值": out["value"],
        "参照值": out["reference"], "比较": out["rule"].map(RULE_WORDS), "说明": outlier_messages(stats),
    })
    return Sheet("异常值", [table])


def _coverage_sheet(coverage: list[TaskCoverage]) -> Sheet:
    """One row per task (only written when there is a plan, so the rows name the columns)."""
    table = pd.DataFrame(
        [{"任务编号": c.task.number, "任务": c.task.label, "牵头单位": c.lead, "责任单位": "、".join(c.responsible),
          "已报送落实情况的单位": "、".join(c.reported), "据文字对应的单位（未注明任务编号，请核对）": "、".join(c.matched),
          "未报送的责任单位": "、".join(c.silent), "目标及完成情况": "；".join(c.targets)} for c in coverage])
    return Sheet("工作要点落实", [table])


def _lower_units_sheet(stats: Statistics, figures: Figures, lower: list[LowerRegion]) -> Sheet | None:
    """下级地区分单位: a row per unit of each lower region's run, its counts (a qualified one as text: 约12) and
    rates as that run gives them; columns in the catalogue's order, a metric this level does not know by id."""
    counts = pd.DataFrame([{"地区": r.region, **u} for r in lower for u in r.units])
    if counts.empty:
        return None
    rates = pd.DataFrame([{"地区": r.region, **u} for r in lower for u in r.rates],
                         columns=["地区", "unit", "metric", "percent"])
    counts["cell"] = [qualified_text(v, q) if q else v
                      for v, q in zip(counts["value"], counts["qualifier"].fillna(""), strict=True)]
    rates["cell"] = _fraction(pd.to_numeric(rates["percent"]))
    keys = ["地区", "unit"]
    names = counts.drop_duplicates(keys).set_index(keys)["name"]
    wide = pd.concat([t.pivot_table(index=keys, columns="metric", values="cell", aggfunc="first", sort=False)
                      for t in (counts, rates) if not t.empty], axis=1)
    order = {m: i for i, m in enumerate(stats.catalogue.by_id)}
    wide = wide[sorted(wide.columns, key=lambda m: (m not in order, order.get(m, 0), m))]
    known = stats.metrics.set_index("metric")["name"]
    rate_ids = set(rates["metric"])
    formats: dict[str, str | pd.Series] = {
        known.get(m, m): (percent_format(figures.decimals_of(m)) if m in order else "0.0%") if m in rate_ids
        else COUNT_FORMAT for m in wide.columns}
    table = pd.concat([
        pd.DataFrame({"地区": wide.index.get_level_values(0), "单位编号": wide.index.get_level_values(1),
                      "单位名称": names.reindex(wide.index).to_numpy()}),
        wide.rename(columns=lambda m: known.get(m, m)).reset_index(drop=True)], axis=1)
    return Sheet(LOWER_UNITS_SHEET, [table], formats, freeze="D2")


def sheets(stats: Statistics, figures: Figures, coverage: list[TaskCoverage] | None = None,
           lower: list[LowerRegion] | None = None) -> list[Sheet]:
    pct = percent_format(figures.decimals)
    found = [_summary_sheet(stats, figures), _unit_sheet(stats, figures), _yoy_sheet(stats, figures, pct),
             _targets_sheet(stats, figures), _reporting_sheet(stats, pct), _outlier_sheet(stats)]
    below = _lower_units_sheet(stats, figures, lower) if lower else None
    return found + ([below] if below else []) + ([_coverage_sheet(coverage)] if coverage else [])


def write_statistics_workbook(stats: Statistics, figures: Figures, path: Path,
                              coverage: list[TaskCoverage] | None = None, lower: list[LowerRegion] | None = None
                              ) -> Path:
    """Write statistics.xlsx (汇总, 分单位, 同比, 目标完成, 报送情况, 异常值, with lower regions' runs
    下级地区分单位, and with a plan 工作要点落实)."""
    return write_sheets(sheets(stats, figures, coverage, lower), path)
