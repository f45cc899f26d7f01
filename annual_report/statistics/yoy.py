"""Year over year: this year's region totals against last year's, with the Chinese phrase for each.

Last year's rate is recomputed from last year's counts when history has both; otherwise the percentage
history gives for the rate itself is used.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd

from annual_report.statistics.aggregate import Statistics, describe_value
from annual_report.statistics.numbers import (
    ZERO_BASE,
    format_percent,
    percent,
    round_half_up,
    yoy_count_phrase,
    yoy_rate_phrase,
)

YOY_COLUMNS = ["metric", "this_year", "last_year", "change", "change_percent", "phrase", "prose", "this_display",
               "last_display"]


def _exact(value: object) -> Fraction | None:
    """A history number exactly as written (95.2 stays 95.2, not its binary neighbour)."""
    return None if value is None or pd.isna(value) else Fraction(Decimal(repr(float(value))))  # type: ignore[arg-type]


def _last_rate(last: pd.Series, metric_id: str, numerator: str, denominator: str) -> Fraction | None:
    num, den = _exact(last.get(numerator)), _exact(last.get(denominator))
    if num is not None and den is not None:
        return percent(int(num), int(den))
    return _exact(last.get(metric_id))


def _row(stats: Statistics, last: pd.Series, metric_id: str) -> dict[str, object] | None:
    metric = stats.catalogue.by_id[metric_id]
    decimals = stats.decimals
    if metric.is_rate:
        this: Fraction | int | None = stats.rate(metric_id).exact
        before = _last_rate(last, metric_id, metric.numerator or "", metric.denominator or "")
        phrase = prose = yoy_rate_phrase(this, before, decimals)
        last_display = "" if before is None else format_percent(before, decimals)
        change = None if this is None or before is None else (
            round_half_up(this, decimals) - round_half_up(before, decimals))
        change_percent = None
    else:
        this, before = stats.total(metric_id), _exact(last.get(metric_id))
        phrase = yoy_count_phrase(this, before, decimals)
        prose = yoy_count_phrase(this, before, decimals, zero_base=ZERO_BASE)
        last_display = "" if before is None else describe_value(stats.catalogue, metric_id, int(before), None,
                                                                 None, decimals)
        change = None if this is None or before is None else this - before
        change_percent = None if change is None or not before else change * 100 / before
    if this is None and before is None:
        return None
    return {
        "metric": metric_id,
        "this_year": None if this is None else float(this),
        "last_year": None if before is None else float(before),
        "change": None if change is None else float(change),
        "change_percent": None if change_percent is None else float(change_percent),
        "phrase": phrase,
        "prose": prose,
        "this_display": stats.display(metric_id),
        "last_display": last_display,
    }


def yoy_table(stats: Statistics) -> pd.DataFrame:
    """One row per metric known this year or last: values, change (counts: difference; rates:
    percentage points as printed), change_percent (counts), phrase (the 同比 column: 新增 when last year was
    0), prose (for sentences: 上年为0 instead) and both printed figures."""
    last = stats.history.loc[stats.history["year"] == stats.year - 1].set_index("metric")["value"] \
        if not stats.history.empty else pd.Series(dtype=float)
    rows = [_row(stats, last, m) for m in stats.metrics["metric"]]
    return pd.DataFrame([r for r in rows if r is not None], columns=YOY_COLUMNS)
