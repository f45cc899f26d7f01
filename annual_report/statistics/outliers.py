"""Outliers among units' counts, for the compiler to check (figures are kept).

* outlier_yoy: a count changed more than `outlier_factor` times against the unit's own last year
  (the smaller side is taken as at least 1, so 0 → 2 is not flagged but 0 → 40 is);
* outlier_kind: a count far from its unit kind: robust z = 0.6745·(x − median)/MAD beyond ±`outlier_z`
  (Iglewicz–Hoaglin), only with at least 5 units reporting and a MAD above 0.
"""

from __future__ import annotations

import pandas as pd

from annual_report.config.workspace import StatisticsOptions
from annual_report.statistics.aggregate import Totals

MIN_UNITS = 5
Z_SCALE = 0.6745
OUTLIER_COLUMNS = ["unit", "metric", "rule", "value", "reference", "score", "n_units"]


def _yoy(totals: Totals, history_units: pd.DataFrame, factor: float) -> pd.DataFrame:
    if history_units.empty:
        return pd.DataFrame(columns=OUTLIER_COLUMNS)
    last = history_units.loc[history_units["year"] == totals.year - 1, ["unit", "metric", "value"]]
    both = totals.values.merge(last.rename(columns={"value": "reference"}), on=["unit", "metric"])
    high = both[["value", "reference"]].max(axis=1).astype(float)
    low = both[["value", "reference"]].min(axis=1).astype(float).clip(lower=1)
    return both.assign(score=high / low, rule="outlier_yoy", n_units=pd.NA)[high > factor * low]


def _kind(totals: Totals, z_limit: float) -> pd.DataFrame:
    values = totals.values.astype({"value": float})
    by = values.groupby(["kind", "metric"])["value"]
    median = by.transform("median")
    mad = (values["value"] - median).abs().groupby([values["kind"], values["metric"]]).transform("median")
    z = (Z_SCALE * (values["value"] - median) / mad).where((mad > 0) & (by.transform("size") >= MIN_UNITS))
    scored = values.assign(reference=median, score=z, n_units=by.transform("size"), rule="outlier_kind")
    return scored[z.abs() > z_limit]


def find_outliers(totals: Totals, history_units: pd.DataFrame, options: StatisticsOptions) -> pd.DataFrame:
    """Both checks over valid units' counts: unit, metric, rule, value, reference (last year or the kind's
    median), score (change factor or robust z), n_units (units of the kind compared)."""
    found = [t for t in (_yoy(totals, history_units, options.outlier_factor), _kind(totals, options.outlier_z))
             if not t.empty]
    if not found:
        return pd.DataFrame(columns=OUTLIER_COLUMNS)
    return pd.concat(found, ignore_index=True)[OUTLIER_COLUMNS]
