"""Rate arithmetic, exact: a rate is numerator × 100 / denominator of counts summed over the same units, never
an average of rates, and never one unit's numerator over another's denominator.

A unit counts in a rate only with both of its parts (`rate_pairs`): one that gave 出庭应诉 and not 开庭审理 is
left out of 出庭应诉率, and says so. A proportion (a rate whose numerator is a subset of its denominator) above
100% is not a rate: it is withheld, with an error (`over_100`).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd

RATE_COLUMNS = ["metric", "numerator", "denominator", "percent", "qualifier"]


def percent(numerator: int, denominator: int) -> Fraction | None:
    """numerator / denominator × 100, exactly; None when the denominator is 0."""
    return Fraction(numerator * 100, denominator) if denominator else None


def rate_values(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator × 100 / denominator per row, NA where the denominator is 0 or missing."""
    return (numerator * 100 / denominator).mask(denominator.fillna(0) == 0)


def exact(value: object) -> Fraction | None:
    """A number as written (95.2 stays 95.2, not its binary neighbour); None for NA."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return Fraction(Decimal(repr(float(value))))  # type: ignore[arg-type]


def rate_pairs(values: pd.DataFrame, metrics: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each unit's two parts of each rate where it gave both: [unit, kind, metric, numerator, denominator,
    qualified]; and the units that gave one part above 0 and not the other, which other units gave: [unit,
    metric, missing] (the id of the part it lacks; a part nobody reports is not asked for). `values` is the
    long table [unit, kind, metric, value, qualifier]."""
    defs = metrics.loc[metrics["is_rate"], ["metric", "numerator", "denominator"]]

    def side(column: str) -> pd.DataFrame:
        named = values.rename(columns={"metric": column, "value": f"{column}_value", "qualifier": f"{column}_q"})
        return defs[["metric", column]].merge(named, on=column).drop(columns=column)

    both = side("numerator").merge(side("denominator"), on=["unit", "kind", "metric"], how="outer", indicator=True)
    both = both.merge(defs, on="metric")
    paired = both[both["_merge"] == "both"]
    pairs = pd.DataFrame({
        "unit": paired["unit"], "kind": paired["kind"], "metric": paired["metric"],
        "numerator": paired["numerator_value"].astype("Int64"), "denominator": paired["denominator_value"].astype("Int64"),
        "qualified": (paired["numerator_q"].fillna("") != "") | (paired["denominator_q"].fillna("") != ""),
    })
    one = both[both["_merge"] != "both"]
    one = one[one["numerator_value"].fillna(one["denominator_value"]).fillna(0) > 0]
    lone = pd.DataFrame({"unit": one["unit"], "metric": one["metric"],
                         "missing": one["denominator"].where(one["_merge"] == "left_only", one["numerator"])})
    lone = lone[lone["missing"].isin(values["metric"])]
    return pairs.reset_index(drop=True), lone.reset_index(drop=True)


def summed_rates(pairs: pd.DataFrame, by: list[str], proportions: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rates per `by` group from the units' paired parts: [*by, *RATE_COLUMNS] (qualifier 约 when a part was
    approximate); and the rows of proportions above 100%, withheld from the first table (all three NA)."""
    if pairs.empty:
        empty = pd.DataFrame(columns=[*by, *RATE_COLUMNS])
        return empty, empty
    rates = pairs.groupby([*by, "metric"], as_index=False).agg(
        numerator=("numerator", "sum"), denominator=("denominator", "sum"), qualified=("qualified", "any"))
    rates = rates.astype({"numerator": "Int64", "denominator": "Int64"})
    rates["percent"] = rate_values(rates["numerator"], rates["denominator"]).astype("Float64")
    rates["qualifier"] = rates.pop("qualified").map({True: "约", False: ""}).astype(object)
    over = rates["metric"].isin(proportions) & (rates["numerator"] > rates["denominator"]).fillna(False)
    withheld = rates[over].copy()
    rates.loc[over, ["numerator", "denominator", "percent"]] = pd.NA
    return rates[[*by, *RATE_COLUMNS]], withheld[[*by, *RATE_COLUMNS]]

