"""Aggregation: valid units' counts as one tidy table, totals for the region and per unit kind.

Counts are summed; rates are recomputed from the summed numerator and denominator, never averaged.  A
metric with a role (复议 as_authority, 诉讼 as_respondent) is summed only from units that report in that
role, so a case reported by 司法局 as 复议机关 and by a department as 被申请人 is counted once.

A combined count (司法建议和检察建议) is the sum of its parts: a unit that gave the parts and not the
combined figure has it added up from them. A qualified value (「90余」) is summed as its number; a total
with qualified parts carries their combined qualifier (text.numbers.combined_qualifier: 余 when every
qualified part is a lower bound, 不足 when every one is an upper bound, else 约), and a rate computed from a
qualified count is 「约」.

Totals tables have one row per metric: `value` (Int64) holds a count, `numerator`/`denominator` (Int64)
and `percent` (Float64) a rate, `units` how many units' figures went into it, `qualifier` ("" or
余/以上/约/不足).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields
from fractions import Fraction
from functools import cached_property
from typing import Any

import pandas as pd

from annual_report.config.catalogue import Catalogue
from annual_report.config.workspace import Workspace
from annual_report.findings import Severity
from annual_report.statistics.rates import percent, rate_values
from annual_report.statistics.tables import ROLES, metric_table, unit_table
from annual_report.text.numbers import combined_qualifier
from annual_report.validation import ValidationReport

LONG_COLUMNS = ["unit", "metric", "value"]
TOTAL_COLUMNS = ["metric", "value", "numerator", "denominator", "percent", "units", "qualifier"]
OTHER_COLUMNS = ["unit", "name", "measure", "value", "qualifier", "file", "location"]


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


def _index(table: pd.DataFrame, keys: list[str],
           columns: Sequence[str] = ("value", "numerator", "denominator", "percent")) -> dict[Hashable, tuple]:
    """Rows of `table` as {key: (columns…)}; missing columns read as NA."""
    if table.empty:
        return {}
    frame = table.reindex(columns=[*keys, *columns])
    key_values = frame[keys[0]] if len(keys) == 1 else pd.MultiIndex.from_frame(frame[keys])
    return dict(zip(key_values, frame[list(columns)].itertuples(index=False, name=None), strict=True))


@dataclass(frozen=True, eq=False)
class Totals:
    """The year's counts and their totals, with look-ups by metric."""

    region: str
    year: int
    catalogue: Catalogue
    metrics: pd.DataFrame  # tables.metric_table
    units: pd.DataFrame  # tables.unit_table: the whole registry
    values: pd.DataFrame  # unit, kind, metric, value, qualifier: counts of valid units
    wide: pd.DataFrame  # index unit (valid units), one Int64 column per count metric
    unit_rates: pd.DataFrame  # unit, metric, numerator, denominator, percent
    totals: pd.DataFrame  # region: TOTAL_COLUMNS
    kind_totals: pd.DataFrame  # the same with a leading kind column
    excluded: pd.DataFrame  # unit, name, kind, reason: submitted but figures left out for errors
    other_figures: pd.DataFrame  # OTHER_COLUMNS: figures units sent outside the catalogue, never summed

    def parts(self) -> dict[str, Any]:
        """The fields, to build a Statistics from."""
        return {f.name: getattr(self, f.name) for f in fields(Totals)}

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
        _, numerator, denominator, value = index.get(key, (None, None, None, None))
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

    def qualifier(self, metric_id: str) -> str:
        """The region figure's qualifier: "" or 余/以上/约/不足."""
        row = self.totals.loc[self.totals["metric"] == metric_id, "qualifier"]
        return "" if row.empty or not isinstance(row.iloc[0], str) else row.iloc[0]

    def units_counted(self, metric_id: str) -> int:
        """How many units' figures went into the region figure of a count."""
        row = self.totals.loc[self.totals["metric"] == metric_id, "units"]
        return 0 if row.empty or pd.isna(row.iloc[0]) else int(row.iloc[0])


def _check_long(frame: pd.DataFrame, units: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """A caller's long table (unit, metric, value) checked against the registry and the catalogue."""
    missing = [c for c in LONG_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"长表缺少列：{'、'.join(missing)}（需要 unit, metric, value）")
    long = frame[LONG_COLUMNS].assign(qualifier=frame["qualifier"].fillna("") if "qualifier" in frame else "")
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


def _withheld(report: ValidationReport, metrics: pd.DataFrame) -> set[tuple[str, str]]:
    """(unit, rate) pairs a unit stays out of: one side of the rate was given but could not be read."""
    rates = metrics.loc[metrics["is_rate"], ["metric", "numerator", "denominator"]].itertuples(index=False)
    sides = [(rate, {numerator, denominator}) for rate, numerator, denominator in rates]
    return {(unit, rate) for unit in report.valid_units for rate, used in sides
            if used & report.units[unit].withheld}


def _from_report(report: ValidationReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The long table of valid units' counts, and the units whose figures errors keep out."""
    long = pd.DataFrame(
        [
            (unit, metric, value, sub.qualifiers.get(metric, ""))
            for unit in report.valid_units
            for sub in [report.units[unit].submission] if sub is not None
            for metric, value in sub.metrics.items()
        ],
        columns=[*LONG_COLUMNS, "qualifier"],
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


def other_figures(report: ValidationReport) -> pd.DataFrame:
    """Every unit's figures outside the catalogue (OTHER_COLUMNS), in registry order."""
    return pd.DataFrame(
        [(unit, f.name, f.unit, f.value, f.qualifier, r.narrative_file, f.location)
         for unit, r in report.units.items() if r.submission is not None for f in r.submission.other_figures],
        columns=OTHER_COLUMNS,
    ).astype({"value": "Int64"})


def with_combined(long: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """`long` with each unit's combined counts that it did not give, added up from the parts it gave."""
    parts = metrics[["metric", "parts"]].explode("parts").dropna()
    given = long.merge(parts.rename(columns={"metric": "combined", "parts": "metric"}), on="metric")
    if given.empty:
        return long
    sums = given.groupby(["unit", "combined"]).agg(
        value=("value", "sum"), qualifier=("qualifier", combined_qualifier)).reset_index()
    sums = sums.rename(columns={"combined": "metric"}).merge(long[["unit", "metric"]], how="left", indicator=True)
    added = sums.loc[sums["_merge"] == "left_only", long.columns]
    return pd.concat([long, added.astype({"value": "Int64"})], ignore_index=True)


def _counted(values: pd.DataFrame, units: pd.DataFrame, metrics: pd.DataFrame) -> pd.Series:
    """Rows that count in region and kind totals: metrics without a role, or units reporting in that role."""
    role = values["metric"].map(metrics.set_index("metric")["role"])
    flags = units.set_index("unit")[list(ROLES)]
    counted = role.isna()
    for r in ROLES:
        counted |= (role == r) & values["unit"].map(flags[r]).astype(bool)
    return counted


def _rates(values: pd.DataFrame, by: list[str], metrics: pd.DataFrame,
           withheld: AbstractSet[tuple[str, str]] = frozenset()) -> pd.DataFrame:
    """Rate rows recomputed from units' counts summed per `by` group: [*by, metric, numerator, denominator,
    percent]; a unit is left out of a rate (both sides) where `withheld` says so."""
    defs = metrics.loc[metrics["is_rate"], ["metric", "numerator", "denominator"]]
    counts = values[[*(["unit"] if "unit" not in by else []), *by, "metric", "value", "qualifier"]]

    def side(column: str) -> pd.DataFrame:
        pairs = defs[["metric", column]].merge(counts.rename(columns={"metric": column}), on=column)
        if withheld:
            pairs = pairs[[(u, m) not in withheld for u, m in zip(pairs["unit"], pairs["metric"], strict=True)]]
        return pairs.groupby([*by, "metric"], as_index=False).agg(
            **{f"{column}_value": ("value", "sum"), f"{column}_q": ("qualifier", combined_qualifier)})

    rates = side("numerator").merge(side("denominator"), on=[*by, "metric"], how="outer")
    rates = rates.rename(columns={"numerator_value": "numerator", "denominator_value": "denominator"})
    rates = rates.astype({"numerator": "Int64", "denominator": "Int64"})
    rates["percent"] = rate_values(rates["numerator"], rates["denominator"]).astype("Float64")
    qualified = (rates["numerator_q"].fillna("") != "") | (rates["denominator_q"].fillna("") != "")
    rates["qualifier"] = qualified.map({True: "约", False: ""}).astype(object)
    return rates.drop(columns=["numerator_q", "denominator_q"])


def _summary(values: pd.DataFrame, by: list[str], metrics: pd.DataFrame,
             withheld: set[tuple[str, str]]) -> pd.DataFrame:
    """Counts summed and rates recomputed per `by` group (region when empty), every catalogue metric listed."""
    sums = values.groupby([*by, "metric"]).agg(value=("value", "sum"), units=("value", "count"),
                                               qualifier=("qualifier", combined_qualifier)).reset_index()
    table = pd.concat([sums, _rates(values, by, metrics, withheld)], ignore_index=True)
    levels = [*(values[b].drop_duplicates().sort_values() for b in by), metrics["metric"]]
    full = pd.MultiIndex.from_product(levels, names=[*by, "metric"]).to_frame(index=False)
    table = full.merge(table, on=[*by, "metric"], how="left")
    table["qualifier"] = table["qualifier"].fillna("").astype(object)
    types = {c: "Int64" for c in ("value", "numerator", "denominator", "units")} | {"percent": "Float64"}
    return table.astype(types)[[*by, *TOTAL_COLUMNS]]


def aggregate(source: ValidationReport | pd.DataFrame, ws: Workspace) -> Totals:
    """Totals from a ValidationReport (valid units only) or from a long table (unit, metric, value)."""
    units, metrics = unit_table(ws.config), metric_table(ws.catalogue)
    withheld: set[tuple[str, str]] = set()
    if isinstance(source, pd.DataFrame):
        long, excluded = _check_long(source, units, metrics), pd.DataFrame(columns=["unit", "reason"])
        others = pd.DataFrame(columns=OTHER_COLUMNS)
    else:
        (long, excluded), others = _from_report(source), other_figures(source)
        withheld = _withheld(source, metrics)
    long = with_combined(long, metrics)
    kinds = units.set_index("unit")["kind"]
    values = long.assign(kind=long["unit"].map(kinds))[["unit", "kind", "metric", "value", "qualifier"]]
    counted = values[_counted(values, units, metrics)]
    count_ids = metrics.loc[~metrics["is_rate"], "metric"]
    valid = units.loc[units["unit"].isin(values["unit"]), "unit"]
    wide = values.pivot(index="unit", columns="metric", values="value").reindex(index=valid, columns=count_ids)
    wide = wide.astype("Int64").rename_axis(index="unit", columns=None)
    return Totals(
        region=ws.config.region,
        year=ws.config.year,
        catalogue=ws.catalogue,
        metrics=metrics,
        units=units,
        values=values,
        wide=wide,
        unit_rates=_rates(values, ["unit"], metrics, withheld),
        totals=_summary(counted, [], metrics, withheld),
        kind_totals=_summary(counted, ["kind"], metrics, withheld),
        excluded=excluded.merge(units[["unit", "name", "kind"]], on="unit")[["unit", "name", "kind", "reason"]],
        other_figures=others,
    )
