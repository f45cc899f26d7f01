"""Aggregation: units' counts as one tidy table, totals for the region and per unit kind.

Counts are summed; rates are recomputed from the numerator and denominator summed over the units that gave
both (rates.py), never averaged. An error keeps out the figure it concerns (and, through it, the rates and
the combined counts that use it), not the unit's other figures; every figure a total lacks is listed in
`left_out` with the reason, for the 审阅稿 to say 「不含……」 where the total is printed. A metric with a role (复议 as_authority, 诉讼 as_respondent) is summed only from units that report in that
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

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, fields
from fractions import Fraction
from functools import cached_property
from typing import Any

import pandas as pd

from annual_report.config.catalogue import Catalogue
from annual_report.config.workspace import Workspace
from annual_report.findings import Finding, Severity
from annual_report.statistics.rates import percent, rate_pairs, summed_rates
from annual_report.statistics.tables import ROLES, metric_table, unit_table
from annual_report.text.numbers import combined_qualifier
from annual_report.validation import ValidationReport

LONG_COLUMNS = ["unit", "metric", "value"]
TOTAL_COLUMNS = ["metric", "value", "numerator", "denominator", "percent", "units", "qualifier"]
LEFT_OUT_COLUMNS = ["metric", "unit", "reason"]
WRONG = "数据有误"  # why a figure is left out: an error concerns it
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
    excluded: pd.DataFrame  # unit, name, kind, reason: submitted, but an error keeps all their figures out
    left_out: pd.DataFrame  # LEFT_OUT_COLUMNS: each figure a region total or rate lacks, and why
    other_figures: pd.DataFrame  # OTHER_COLUMNS: figures units sent outside the catalogue, never summed
    findings: list[Finding]  # rates a unit is left out of for a missing part; proportions above 100%

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

    def lacking(self, metric_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(unit id, reason) of each unit whose figure one of these totals lacks, registry order, once."""
        rows = self.left_out[self.left_out["metric"].isin(list(metric_ids))].drop_duplicates("unit")
        order = {u: i for i, u in enumerate(self.units["unit"])}
        return sorted(zip(rows["unit"], rows["reason"], strict=True), key=lambda r: order.get(r[0], len(order)))

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


def _from_report(report: ValidationReport) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The long table of the counts that count, the units whose figures errors keep out entirely, and the
    figures errors keep out one by one ([metric, unit]: rejected, or a whole unit's)."""
    rows: list[tuple[str, str, int, str]] = []
    for unit, r in report.units.items():
        if counted := r.counted:
            qualifiers = r.submission.qualifiers  # type: ignore[union-attr]
            rows += [(unit, metric, value, qualifiers.get(metric, "")) for metric, value in counted.items()]
    long = pd.DataFrame(rows, columns=[*LONG_COLUMNS, "qualifier"]).astype({"value": "Int64"})
    out = [r for r in report.units.values() if not r.figures_valid and (r.submission is not None or r.files)]
    excluded = pd.DataFrame(
        [(r.unit.id, "；".join(f.message for f in r.findings if f.severity is Severity.ERROR)) for r in out],
        columns=["unit", "reason"])
    rejected = pd.DataFrame(
        [(metric, unit) for unit, r in report.units.items() if r.submission is not None
         for metric in (r.submission.metrics.keys() | r.rejected if not r.figures_valid else r.rejected)],
        columns=["metric", "unit"])
    return long, excluded, rejected


def other_figures(report: ValidationReport) -> pd.DataFrame:
    """Every unit's figures outside the catalogue (OTHER_COLUMNS), in registry order."""
    return pd.DataFrame(
        [(unit, f.name, f.unit, f.value, f.qualifier, r.narrative_file, f.location)
         for unit, r in report.units.items() if r.submission is not None for f in r.submission.other_figures],
        columns=OTHER_COLUMNS,
    ).astype({"value": "Int64"})


def with_combined(long: pd.DataFrame, metrics: pd.DataFrame, rejected: pd.DataFrame | None = None) -> pd.DataFrame:
    """`long` with each unit's combined counts that it did not give, added up from the parts it gave (not
    where an error keeps one of its parts out: the sum would be short)."""
    parts = metrics[["metric", "parts"]].explode("parts").dropna()
    given = long.merge(parts.rename(columns={"metric": "combined", "parts": "metric"}), on="metric")
    if rejected is not None and not rejected.empty:
        short = rejected.merge(parts.rename(columns={"metric": "combined", "parts": "metric"}), on="metric")
        given = given.merge(short[["unit", "combined"]].drop_duplicates(), how="left", indicator=True)
        given = given[given.pop("_merge") == "left_only"]
    if given.empty:
        return long
    sums = _sums(given, ["unit", "combined"]).drop(columns="units")
    sums = sums.rename(columns={"combined": "metric"}).merge(long[["unit", "metric"]], how="left", indicator=True)
    added = sums.loc[sums["_merge"] == "left_only", long.columns]
    return pd.concat([long, added.astype({"value": "Int64"})], ignore_index=True)


def _sums(values: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group: the values summed, how many there were, and their combined qualifier (worked out only for
    the few groups with a qualified value; "" for the rest)."""
    sums = values.groupby(by).agg(value=("value", "sum"), units=("value", "count"))
    qualified = values[values["qualifier"].fillna("") != ""]
    combined = qualified.groupby(by)["qualifier"].agg(combined_qualifier)
    sums["qualifier"] = combined.reindex(sums.index).fillna("").astype(object) if len(combined) else ""
    return sums.reset_index()


def _counted(values: pd.DataFrame, units: pd.DataFrame, metrics: pd.DataFrame) -> pd.Series:
    """Rows that count in region and kind totals: metrics without a role, or units reporting in that role."""
    role = values["metric"].map(metrics.set_index("metric")["role"])
    flags = units.set_index("unit")[list(ROLES)]
    counted = role.isna()
    for r in ROLES:
        counted |= (role == r) & values["unit"].map(flags[r]).astype(bool)
    return counted


def _summary(values: pd.DataFrame, pairs: pd.DataFrame, by: list[str], metrics: pd.DataFrame
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts summed and rates recomputed per `by` group (region when empty), every catalogue metric listed;
    and the proportions above 100% withheld from it."""
    sums = _sums(values, [*by, "metric"])
    rates, over = summed_rates(pairs, by, set(metrics.loc[metrics["proportion"], "metric"]))
    table = pd.concat([sums, rates], ignore_index=True)
    levels = [*(values[b].drop_duplicates().sort_values() for b in by), metrics["metric"]]
    full = pd.MultiIndex.from_product(levels, names=[*by, "metric"]).to_frame(index=False)
    table = full.merge(table, on=[*by, "metric"], how="left")
    table["qualifier"] = table["qualifier"].fillna("").astype(object)
    types = {c: "Int64" for c in ("value", "numerator", "denominator", "units")} | {"percent": "Float64"}
    return table.astype(types)[[*by, *TOTAL_COLUMNS]], over


def _left_out(rejected: pd.DataFrame, lone: pd.DataFrame, pairs: pd.DataFrame, metrics: pd.DataFrame
              ) -> pd.DataFrame:
    """Each figure a total lacks: counts errors keep out, and rates without a unit because an error keeps a
    part out or the unit gave one part only (「缺少「开庭审理」」)."""
    names = metrics.set_index("metric")["name"]
    defs = metrics.loc[metrics["is_rate"], ["metric", "numerator", "denominator"]]
    sides = defs.melt(id_vars="metric", value_name="part")[["metric", "part"]]
    via_part = sides.merge(rejected.rename(columns={"metric": "part"}), on="part")[["metric", "unit"]]
    via_part = via_part.merge(pairs[["metric", "unit"]].drop_duplicates(), how="left", indicator=True)
    via_part = via_part.loc[via_part.pop("_merge") == "left_only"]
    lacking = lone.assign(reason="缺少「" + lone["missing"].map(names) + "」")
    return pd.concat([rejected.assign(reason=WRONG), via_part.assign(reason=WRONG), lacking[LEFT_OUT_COLUMNS]],
                     ignore_index=True).drop_duplicates(["metric", "unit"])[LEFT_OUT_COLUMNS]


def _rate_findings(lone: pd.DataFrame, over: pd.DataFrame, units: pd.DataFrame, metrics: pd.DataFrame,
                   values: pd.DataFrame) -> list[Finding]:
    """A warning for each unit a rate leaves out for a missing part, an error for each proportion above 100%."""
    column = {c: dict(zip(metrics["metric"], metrics[c], strict=True)) for c in ("name", "unit", "numerator",
                                                                                 "denominator")}
    names, measure = column["name"], column["unit"]
    labels = dict(zip(units["unit"], units["label"], strict=True))
    given = dict(zip(zip(values["unit"], values["metric"], strict=True), values["value"], strict=True))
    found = []
    for unit, rate, missing in zip(lone["unit"], lone["metric"], lone["missing"], strict=True):
        part = column["numerator"][rate] if missing == column["denominator"][rate] else column["denominator"][rate]
        found.append(Finding(
            unit=unit, metric=rate, rule="rate_part_missing", severity=Severity.WARNING,
            message=f"{labels[unit]}报送了「{names[part]}」{given.get((unit, part), '')}{measure[part]}，未报送「{names[missing]}」，"
                    f"未计入{names[rate]}（比率只用同一单位的分子和分母）；请补报「{names[missing]}」"))
    for metric, numerator, denominator in zip(over["metric"], over["numerator"], over["denominator"], strict=True):
        num, den = column["numerator"][metric], column["denominator"][metric]
        found.append(Finding(
            metric=metric, rule="rate_over_100", severity=Severity.ERROR,
            message=f"{names[metric]}按合计计算为{numerator}÷{denominator}，超过100%"
                    f"（{names[num]}多于{names[den]}），报告不列该比率；请核对各单位的这两个数字"))
    return found


def _lower_pairs(report: ValidationReport) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(unit, rate) → the parts a lower region's run gives the rate: summed over its units that gave both, where
    its count totals may each cover other units."""
    return {(unit, metric): parts for unit, r in report.units.items() if r.lower is not None and r.figures_valid
            for metric, parts in r.lower.paired.items()}


def _rate_pairs(values: pd.DataFrame, metrics: pd.DataFrame, paired: dict[tuple[str, str], tuple[int, int, str]]
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """rate_pairs' tables, a lower region's rates in `values` taken from its run (`_lower_pairs`)."""
    pairs, lone = rate_pairs(values, metrics)
    kinds = dict(zip(values["unit"], values["kind"], strict=True))
    given = pd.DataFrame([(u, kinds[u], m, n, d, bool(q)) for (u, m), (n, d, q) in paired.items() if u in kinds],
                         columns=pairs.columns).astype({"numerator": "Int64", "denominator": "Int64"})
    if given.empty:
        return pairs, lone
    keys = pd.MultiIndex.from_frame(given[["unit", "metric"]])
    pairs = pairs[~pd.MultiIndex.from_frame(pairs[["unit", "metric"]]).isin(keys)]
    lone = lone[~pd.MultiIndex.from_frame(lone[["unit", "metric"]]).isin(keys)] if len(lone) else lone
    return pd.concat([pairs, given], ignore_index=True), lone


def aggregate(source: ValidationReport | pd.DataFrame, ws: Workspace) -> Totals:
    """Totals from a ValidationReport (the figures that count) or from a long table (unit, metric, value)."""
    units, metrics = unit_table(ws.config), metric_table(ws.catalogue)
    if isinstance(source, pd.DataFrame):
        long, excluded = _check_long(source, units, metrics), pd.DataFrame(columns=["unit", "reason"])
        rejected, others = pd.DataFrame(columns=["metric", "unit"]), pd.DataFrame(columns=OTHER_COLUMNS)
    else:
        (long, excluded, rejected), others = _from_report(source), other_figures(source)
    long = with_combined(long, metrics, rejected)
    kinds = units.set_index("unit")["kind"]
    values = long.assign(kind=long["unit"].map(kinds))[["unit", "kind", "metric", "value", "qualifier"]]
    counted = values[_counted(values, units, metrics)]
    paired = {} if isinstance(source, pd.DataFrame) else _lower_pairs(source)
    pairs, lone = _rate_pairs(counted, metrics, paired)
    totals, over = _summary(counted, pairs, [], metrics)
    count_ids = metrics.loc[~metrics["is_rate"], "metric"]
    valid = units.loc[units["unit"].isin(values["unit"]), "unit"]
    wide = values.pivot(index="unit", columns="metric", values="value").reindex(index=valid, columns=count_ids)
    wide = wide.astype("Int64").rename_axis(index="unit", columns=None)
    proportions = set(metrics.loc[metrics["proportion"], "metric"])
    return Totals(
        region=ws.config.region,
        year=ws.config.year,
        catalogue=ws.catalogue,
        metrics=metrics,
        units=units,
        values=values,
        wide=wide,
        unit_rates=summed_rates(_rate_pairs(values, metrics, paired)[0], ["unit"], proportions)[0],
        totals=totals,
        kind_totals=_summary(counted, pairs, ["kind"], metrics)[0],
        excluded=excluded.merge(units[["unit", "name", "kind"]], on="unit")[["unit", "name", "kind", "reason"]],
        left_out=_left_out(rejected, lone, pairs, metrics),
        other_figures=others,
        findings=_rate_findings(lone, over, units, metrics, counted),
    )
