"""Year over year: this year's region figures against last year's, as numbers.

Last year's rate comes from last year's counts when history has both; otherwise from the percentage that
history gives for the rate itself.
"""

from __future__ import annotations

import pandas as pd

from annual_report.statistics.aggregate import Totals
from annual_report.statistics.rates import exact, percent

YOY_COLUMNS = ["metric", "this_year", "last_year", "last_numerator", "last_denominator", "change",
               "change_percent"]


def _row(totals: Totals, last: pd.Series, metric_id: str) -> dict[str, object] | None:
    metric = totals.catalogue.by_id[metric_id]
    numerator = denominator = change = change_percent = None
    if metric.is_rate:
        this = totals.rate(metric_id).exact
        num, den = exact(last.get(metric.numerator)), exact(last.get(metric.denominator))
        if num is not None and den is not None:
            numerator, denominator = int(num), int(den)
            before = percent(numerator, denominator)
        else:
            before = exact(last.get(metric_id))
    else:
        this, before = totals.total(metric_id), exact(last.get(metric_id))
        if this is not None and before is not None:
            change = this - before
            change_percent = change * 100 / before if before else None
    if this is None and before is None:
        return None
    return {
        "metric": metric_id,
        "this_year": None if this is None else float(this),
        "last_year": None if before is None else float(before),
        "last_numerator": numerator,
        "last_denominator": denominator,
        "change": None if change is None else float(change),
        "change_percent": None if change_percent is None else float(change_percent),
    }


def yoy_table(totals: Totals, history: pd.DataFrame) -> pd.DataFrame:
    """One row per metric known this year or last: both values (a rate in %; last year's counts when known),
    and for counts the change and the change in % of last year."""
    last = history.loc[history["year"] == totals.year - 1].set_index("metric")["value"] \
        if not history.empty else pd.Series(dtype=float)
    rows = [_row(totals, last, m) for m in totals.metrics["metric"]]
    table = pd.DataFrame([r for r in rows if r is not None], columns=YOY_COLUMNS)
    return table.astype({"last_numerator": "Int64", "last_denominator": "Int64", "this_year": "Float64",
                         "last_year": "Float64", "change": "Float64", "change_percent": "Float64"})
