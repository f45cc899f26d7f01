"""Targets (report.yaml and the 工作要点): met, missed or without data; for unit-scope targets, the units
that fall short.

A rate target's value is a percentage (出庭应诉率 ≥ 90 means 90%).  Comparisons are exact (integer
cross-multiplication), so 89.96% does not pass a 90% target even though it prints as 90.0%.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd

from annual_report.config.catalogue import OPERATORS
from annual_report.config.workspace import Target
from annual_report.statistics.aggregate import Totals
from annual_report.statistics.rates import rate_values

MET, MISSED, NO_DATA = "达标", "未达标", "无数据"
TARGET_COLUMNS = ["no", "metric", "name", "op", "value", "scope", "kinds", "source", "actual", "numerator",
                  "denominator", "status", "units_checked", "units_met", "shortfall_count"]
SHORTFALL_COLUMNS = ["no", "metric", "unit", "name", "kind", "actual", "numerator", "denominator", "status"]


def _is_rate(stats: Totals, target: Target) -> bool:
    return stats.catalogue.by_id[target.metric].is_rate


def _meets(stats: Totals, target: Target, figures: pd.DataFrame) -> pd.Series:
    """Whether each figure meets the target (NA without data); a rate as numerator·100 against
    value·denominator, so nothing is rounded."""
    p, q = Fraction(Decimal(repr(target.value))).as_integer_ratio()
    numerator, denominator = figures["numerator"], figures["denominator"]
    if _is_rate(stats, target):
        left, right = numerator * 100 * q, (denominator * p).mask(denominator == 0)
    else:
        left, right = numerator * q, pd.Series(p, index=numerator.index, dtype="Int64")
    return OPERATORS[target.op](left, right).astype("boolean")


def _figures(stats: Totals, target: Target, kinds: list[str]) -> pd.DataFrame:
    """Per valid unit of `kinds`: value (count) or numerator and denominator (rate), in registry order."""
    units = stats.units.loc[stats.units["unit"].isin(stats.wide.index) & stats.units["kind"].isin(kinds),
                            ["unit", "name", "kind"]]
    if _is_rate(stats, target):
        rates = stats.unit_rates.loc[stats.unit_rates["metric"] == target.metric,
                                     ["unit", "numerator", "denominator"]]
        return units.merge(rates, on="unit", how="left").astype({"numerator": "Int64", "denominator": "Int64"})
    return units.assign(numerator=stats.wide[target.metric].reindex(units["unit"]).to_numpy(), denominator=pd.NA)


def _summed(stats: Totals, target: Target, kinds: list[str]) -> pd.DataFrame:
    """The target's headline figure: region totals, or the summed totals of its kinds, as one row."""
    if target.kinds:
        rows = stats.kind_totals.loc[stats.kind_totals["kind"].isin(kinds) &
                                     (stats.kind_totals["metric"] == target.metric)]
    else:
        rows = stats.totals.loc[stats.totals["metric"] == target.metric]
    count = "numerator" if _is_rate(stats, target) else "value"
    return pd.DataFrame({"numerator": [rows[count].sum(min_count=1)],
                         "denominator": [rows["denominator"].sum(min_count=1)]}).astype("Int64")


def _actual(stats: Totals, target: Target, figures: pd.DataFrame) -> pd.Series:
    """Figures as numbers: a count, or a rate in %."""
    numerator, denominator = figures["numerator"], figures["denominator"]
    actual = rate_values(numerator, denominator) if _is_rate(stats, target) else numerator
    return actual.astype("Float64")


def _unit_scope(stats: Totals, target: Target, no: int, kinds: list[str]) -> tuple[pd.DataFrame, int, int]:
    """Units short of a unit-scope target or without data for it, how many were checked and met it."""
    units = _figures(stats, target, kinds)
    unit_met = _meets(stats, target, units)
    # a rate with no cases (denominator 0) does not apply to the unit; a missing count is listed
    if _is_rate(stats, target):
        applicable = units["denominator"].fillna(0) > 0
    else:
        applicable = pd.Series(True, units.index)
    short = units.assign(no=no, metric=target.metric, actual=_actual(stats, target, units),
                         status=unit_met.isna().map({True: NO_DATA, False: MISSED}))
    short = short[applicable & ~unit_met.fillna(False)]
    return short[SHORTFALL_COLUMNS], int((applicable & unit_met.notna()).sum()), int(unit_met.fillna(False).sum())


def check_targets(stats: Totals, targets: list[Target]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per target, one row per unit short of a unit-scope target or without data for it).

    `actual` is the region figure (or the summed figure of the target's kinds) with its `numerator` and
    `denominator`; a unit-scope target is met when no unit with data falls short, and counts
    units_checked / units_met.
    """
    kind_names = dict(zip(stats.units["kind"], stats.units["kind_name"], strict=True))
    rows, shortfalls = [], []
    for no, target in enumerate(targets, start=1):
        kinds = target.kinds or list(kind_names)
        headline = _summed(stats, target, kinds)
        met = _meets(stats, target, headline).iloc[0]
        short = pd.DataFrame(columns=SHORTFALL_COLUMNS)
        checked = passed = pd.NA
        if target.scope == "unit":
            short, checked, passed = _unit_scope(stats, target, no, kinds)
            met = not (short["status"] == MISSED).any() if checked else pd.NA
            shortfalls.append(short)
        rows.append({
            "no": no, "metric": target.metric, "name": stats.catalogue.by_id[target.metric].name,
            "op": target.op, "value": target.value, "scope": target.scope,
            "kinds": "、".join(kind_names.get(k, k) for k in target.kinds) or "全部", "source": target.source,
            "actual": _actual(stats, target, headline).iloc[0], "numerator": headline["numerator"].iloc[0],
            "denominator": headline["denominator"].iloc[0],
            "status": NO_DATA if pd.isna(met) else MET if met else MISSED,
            "units_checked": checked, "units_met": passed,
            "shortfall_count": int((short["status"] == MISSED).sum()),
        })
    shortfall_table = pd.concat(shortfalls, ignore_index=True) if shortfalls else pd.DataFrame(
        columns=SHORTFALL_COLUMNS)
    table = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    return table.astype({"numerator": "Int64", "denominator": "Int64", "actual": "Float64"}), shortfall_table
