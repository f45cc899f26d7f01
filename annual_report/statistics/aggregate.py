"""Aggregation: valid units' counts as one tidy table, totals for the region and per unit kind.

Counts are summed; rates are recomputed from the summed numerator and denominator, never averaged.  A
metric with a role (复议 as_authority, 诉讼 as_respondent) is summed only from units that report in that
role, so a case reported by 司法局 as 复议机关 and by a department as 被申请人 is counted once.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import pandas as pd

from annual_report.catalogue import Catalogue
from annual_report.findings import Finding, Severity
from annual_report.statistics.metadata import ROLE_WORDS, ROLES, metric_table, unit_table
from annual_report.statistics.numbers import format_count, format_money, format_rate, percent, rate_values
from annual_report.validation import ValidationReport
from annual_report.workspace import StatisticsOptions, Workspace

LONG_COLUMNS = ["unit", "metric", "value"]


@dataclass(frozen=True)
class RateValue:
    """A rate as its two counts; value is the percentage (20.22… for 72/356), None when not computable."""

    numerator: int | None
    denominator: int | None
    value: float | None

    @property
    def exact(self) -> Fraction | None:
        if self.numerator is None or self.denominator is None:
            return None
        return percent(self.numerator, self.denominator)


def _int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


@dataclass(frozen=True, eq=False)
class Statistics:
    """Every statistics table of one year, plus the look-ups the Word renderer needs.

    Tables are tidy DataFrames; `value` of a rate row is its percentage, of a count row the count.
    `aggregate` fills the tables up to `excluded`; `compute_statistics` fills the rest.
    """

    region: str
    year: int
    catalogue: Catalogue
    options: StatisticsOptions
    metrics: pd.DataFrame  # metadata.metric_table
    units: pd.DataFrame  # metadata.unit_table: the whole registry
    values: pd.DataFrame  # unit, kind, metric, value: counts of valid units
    wide: pd.DataFrame  # index unit (valid units), one Int64 column per count metric
    unit_rates: pd.DataFrame  # unit, metric, value, numerator, denominator
    totals: pd.DataFrame  # region: metric, value, numerator, denominator, units, display, formula
    kind_totals: pd.DataFrame  # the same with a leading kind column
    excluded: pd.DataFrame  # unit, name, kind, reason: submitted but figures left out for errors
    history: pd.DataFrame = field(default_factory=pd.DataFrame)  # year, metric, value: earlier region totals
    history_units: pd.DataFrame = field(default_factory=pd.DataFrame)  # year, unit, metric, value
    yoy: pd.DataFrame = field(default_factory=pd.DataFrame)  # yoy.yoy_table
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)  # targets.check_targets
    shortfalls: pd.DataFrame = field(default_factory=pd.DataFrame)  # units short of a unit-scope target
    completeness: pd.DataFrame = field(default_factory=pd.DataFrame)  # completeness summary per scope
    reporting: pd.DataFrame = field(default_factory=pd.DataFrame)  # completeness per unit
    outliers: pd.DataFrame = field(default_factory=pd.DataFrame)  # outliers.find_outliers
    findings: list[Finding] = field(default_factory=list)  # history problems and outlier warnings

    @property
    def decimals(self) -> int:
        return self.options.percent_decimals

    @cached_property
    def _region(self) -> dict[Hashable, tuple]:
        return _index(self.totals, ["metric"])

    @cached_property
    def _kinds(self) -> dict[Hashable, tuple]:
        return _index(self.kind_totals, ["kind", "metric"])

    @cached_property
    def _units(self) -> dict[Hashable, tuple]:
        return _index(self.unit_rates, ["unit", "metric"])

    def _metric(self, metric_id: str, rate: bool) -> None:
        metric = self.catalogue.by_id[metric_id]  # KeyError for an unknown id
        if metric.is_rate != rate:
            raise ValueError(f"{metric_id} 是{'比率' if metric.is_rate else '计数'}指标，请用 "
                             f"{'rate' if metric.is_rate else 'total'}()")

    def _count(self, index: dict[Hashable, tuple], key: Hashable, metric_id: str) -> int | None:
        self._metric(metric_id, rate=False)
        row = index.get(key)
        return None if row is None else _int(row[0])

    def _rate(self, index: dict[Hashable, tuple], key: Hashable, metric_id: str) -> RateValue:
        self._metric(metric_id, rate=True)
        value, numerator, denominator = index.get(key, (None, None, None))
        return RateValue(_int(numerator), _int(denominator), None if pd.isna(value) else float(value))

    def total(self, metric_id: str) -> int | None:
        """The region total of a count; None when no counted unit reported it."""
        return self._count(self._region, metric_id, metric_id)

    def rate(self, metric_id: str) -> RateValue:
        return self._rate(self._region, metric_id, metric_id)

    def kind_total(self, kind: str, metric_id: str) -> int | None:
        return self._count(self._kinds, (kind, metric_id), metric_id)

    def unit_rate(self, unit: str, metric_id: str) -> RateValue:
        return self._rate(self._units, (unit, metric_id), metric_id)

    def display(self, metric_id: str) -> str:
        """The region figure as printed: 416件, 20.2%, 无, 12.5万元, 无数据."""
        return describe_value(self.catalogue, metric_id, *self._region.get(metric_id, (None, None, None)),
                              self.decimals)

    @cached_property
    def _yoy(self) -> dict[Hashable, tuple]:
        return {} if self.yoy.empty else _index(self.yoy, ["metric"], ["phrase", "prose", "last_display"])

    def yoy_phrase(self, metric_id: str) -> str:
        """The 同比 column: 同比增长…% / 提高…个百分点 / 与上年持平 / 新增; "" when last year is unknown."""
        return self._yoy.get(metric_id, ("", "", ""))[0]

    def yoy_prose(self, metric_id: str) -> str:
        """The same for a sentence: 上年为0 where the column says 新增."""
        return self._yoy.get(metric_id, ("", "", ""))[1]

    def last_year_display(self, metric_id: str) -> str:
        """Last year's region figure as printed; "" when unknown."""
        return self._yoy.get(metric_id, ("", "", ""))[2]


def _index(table: pd.DataFrame, keys: list[str],
           columns: Sequence[str] = ("value", "numerator", "denominator")) -> dict[Hashable, tuple]:
    """Rows of `table` as {key: (columns…)}; missing columns read as NA."""
    if table.empty:
        return {}
    frame = table.reindex(columns=[*keys, *columns])
    key_values = frame[keys[0]] if len(keys) == 1 else pd.MultiIndex.from_frame(frame[keys])
    return dict(zip(key_values, frame[list(columns)].itertuples(index=False, name=None), strict=True))


def describe_value(catalogue: Catalogue, metric_id: str, value: object, numerator: object, denominator: object,
                   decimals: int) -> str:
    """One figure as printed, from a table row's value / numerator / denominator."""
    metric = catalogue.by_id[metric_id]
    if metric.is_rate:
        return format_rate(_int(numerator), _int(denominator), decimals)
    if metric.money:
        return format_money(_int(value), metric.unit)
    return format_count(_int(value), metric.unit)


def _formula(catalogue: Catalogue, metric_id: str, units: object, numerator: object, denominator: object) -> str:
    """How a total was obtained: 「行政复议直接纠错72件 ÷ 行政复议审结356件」 or 「12个单位合计」."""
    metric = catalogue.by_id[metric_id]
    if metric.is_rate:
        num, den = catalogue.by_id[metric.numerator or ""], catalogue.by_id[metric.denominator or ""]
        return (f"{num.name}{format_count(_int(numerator), num.unit)} ÷ "
                f"{den.name}{format_count(_int(denominator), den.unit)}")
    if not _int(units):
        return "无单位报送"
    role = f"（只计作为{ROLE_WORDS[metric.role]}报送的单位）" if metric.role else ""
    return f"{_int(units)}个单位合计{role}"


def _check_long(frame: pd.DataFrame, units: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """A caller's long table (unit, metric, value) checked against the registry and the catalogue."""
    missing = [c for c in LONG_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"长表缺少列：{'、'.join(missing)}（需要 unit, metric, value）")
    long = frame[LONG_COLUMNS].copy()
    problems = {
        "不在单位名录中的单位": ~long["unit"].isin(units["unit"]),
        "不是计数指标": ~long["metric"].isin(metrics.loc[~metrics["is_rate"], "metric"]),
        "重复的单位和指标": long.duplicated(["unit", "metric"]),
    }
    for what, mask in problems.items():
        if mask.any():
            sample = "、".join(f"{u}/{m}" for u, m in long.loc[mask, ["unit", "metric"]].head(5).itertuples(
                index=False))
            raise ValueError(f"长表中有{what}：{sample}")
    long["value"] = long["value"].astype("Int64")
    return long


def _from_report(report: ValidationReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The long table of valid units' counts, and the units whose figures errors keep out."""
    long = pd.DataFrame(
        [
            (unit, metric, value)
            for unit in report.valid_units
            for metric, value in report.units[unit].submission.metrics.items()  # type: ignore[union-attr]
        ],
        columns=LONG_COLUMNS,
    ).astype({"value": "Int64"})
    excluded = pd.DataFrame(
        [
            (unit, "；".join(f.message for f in r.findings if f.severity is Severity.ERROR))
            for unit, r in report.units.items()
            if not r.figures_valid and (r.submission is not None or r.files)
        ],
        columns=["unit", "reason"],
    )
    return long, excluded


def _counted(values: pd.DataFrame, units: pd.DataFrame, metrics: pd.DataFrame) -> pd.Series:
    """Rows that count in region and kind totals: metrics without a role, or units reporting in that role."""
    role = values["metric"].map(metrics.set_index("metric")["role"])
    flags = units.set_index("unit")[list(ROLES)]
    counted = role.isna()
    for r in ROLES:
        counted |= (role == r) & values["unit"].map(flags[r]).astype(bool)
    return counted


def _rates(sums: pd.DataFrame, by: list[str], metrics: pd.DataFrame) -> pd.DataFrame:
    """Rate rows recomputed from summed counts: [*by, metric, value, numerator, denominator]."""
    defs = metrics.loc[metrics["is_rate"], ["metric", "numerator", "denominator"]]
    counts = sums[[*by, "metric", "value"]]

    def side(column: str) -> pd.DataFrame:
        return defs[["metric", column]].merge(
            counts.rename(columns={"metric": column, "value": f"{column}_value"}), on=column
        )[[*by, "metric", f"{column}_value"]]

    rates = side("numerator").merge(side("denominator"), on=[*by, "metric"], how="outer")
    rates = rates.rename(columns={"numerator_value": "numerator", "denominator_value": "denominator"})
    rates["value"] = rate_values(rates["numerator"], rates["denominator"])
    return rates


def _summary(values: pd.DataFrame, by: list[str], metrics: pd.DataFrame) -> pd.DataFrame:
    """Counts summed and rates recomputed per `by` group (region when empty), every catalogue metric listed."""
    groups = values.groupby([*by, "metric"])["value"]
    sums = groups.agg(value="sum", units="count").reset_index()
    table = pd.concat([sums, _rates(sums, by, metrics)], ignore_index=True)
    levels = [*(values[b].drop_duplicates().sort_values() for b in by), metrics["metric"]]
    full = pd.MultiIndex.from_product(levels, names=[*by, "metric"]).to_frame(index=False)
    table = full.merge(table, on=[*by, "metric"], how="left")
    for column in ("numerator", "denominator", "units"):
        table[column] = table[column].astype("Int64")
    table["value"] = table["value"].astype("Float64")
    return table


def _describe(table: pd.DataFrame, catalogue: Catalogue, decimals: int) -> pd.DataFrame:
    """Add the printed figure and its formula to a totals table."""
    rows = list(table[["metric", "value", "numerator", "denominator", "units"]].itertuples(index=False))
    return table.assign(
        display=[describe_value(catalogue, m, v, n, d, decimals) for m, v, n, d, _ in rows],
        formula=[_formula(catalogue, m, u, n, d) for m, _, n, d, u in rows],
    )


def aggregate(source: ValidationReport | pd.DataFrame, ws: Workspace) -> Statistics:
    """Totals from a ValidationReport (valid units only) or from a long table (unit, metric, value)."""
    units, metrics = unit_table(ws.config), metric_table(ws.catalogue)
    if isinstance(source, pd.DataFrame):
        long, excluded = _check_long(source, units, metrics), pd.DataFrame(columns=["unit", "reason"])
    else:
        long, excluded = _from_report(source)
    kinds = units.set_index("unit")["kind"]
    values = long.assign(kind=long["unit"].map(kinds))[["unit", "kind", "metric", "value"]]
    counted = values[_counted(values, units, metrics)]
    count_ids = metrics.loc[~metrics["is_rate"], "metric"]
    valid = units.loc[units["unit"].isin(values["unit"]), "unit"]
    wide = values.pivot(index="unit", columns="metric", values="value").reindex(index=valid, columns=count_ids)
    wide = wide.astype("Int64").rename_axis(index="unit", columns=None)
    decimals = ws.config.statistics.percent_decimals
    return Statistics(
        region=ws.config.region,
        year=ws.config.year,
        catalogue=ws.catalogue,
        options=ws.config.statistics,
        metrics=metrics,
        units=units,
        values=values,
        wide=wide,
        unit_rates=_rates(values, ["unit"], metrics).astype({"numerator": "Int64", "denominator": "Int64"}),
        totals=_describe(_summary(counted, [], metrics), ws.catalogue, decimals),
        kind_totals=_describe(_summary(counted, ["kind"], metrics), ws.catalogue, decimals),
        excluded=excluded.merge(units[["unit", "name", "kind"]], on="unit")[["unit", "name", "kind", "reason"]],
    )
