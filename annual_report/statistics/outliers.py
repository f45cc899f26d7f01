"""Outlier warnings on units' counts, for the compiler to check (figures are kept).

* outlier_yoy: a count changed more than `outlier_factor` times against the unit's own last year
  (the smaller side is taken as at least 1, so 0 → 2 is not flagged but 0 → 40 is);
* outlier_kind: a count far from its unit kind: robust z = 0.6745·(x − median)/MAD beyond ±`outlier_z`
  (Iglewicz–Hoaglin), only with at least 5 units reporting and a MAD above 0.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd

from annual_report.findings import Finding, Severity
from annual_report.statistics.aggregate import Statistics
from annual_report.statistics.numbers import format_percent, plain, round_half_up

MIN_UNITS = 5
Z_SCALE = 0.6745
OUTLIER_COLUMNS = ["unit", "metric", "rule", "value", "reference", "score", "message"]


def _labelled(stats: Statistics, table: pd.DataFrame) -> pd.DataFrame:
    units = stats.units[["unit", "label", "kind_name"]]
    metrics = stats.metrics[["metric", "name", "unit"]].rename(columns={"unit": "unit_word"})
    return table.merge(units, on="unit").merge(metrics, on="metric")


def _yoy(stats: Statistics) -> pd.DataFrame:
    if stats.history_units.empty:
        return pd.DataFrame(columns=OUTLIER_COLUMNS)
    last = stats.history_units.loc[stats.history_units["year"] == stats.year - 1, ["unit", "metric", "value"]]
    both = stats.values.merge(last.rename(columns={"value": "reference"}), on=["unit", "metric"])
    high = both[["value", "reference"]].max(axis=1).astype(float)
    low = both[["value", "reference"]].min(axis=1).astype(float).clip(lower=1)
    flagged = _labelled(stats, both.assign(score=high / low)[high > stats.options.outlier_factor * low])
    return flagged.assign(rule="outlier_yoy", message=[
        yoy_message(r.label, r.name, r.unit_word, r.value, r.reference, stats.options.outlier_factor)
        for r in flagged.itertuples()
    ])


def _exact(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _number(value: float) -> str:
    """A figure as written: 3150, 2.5, 1234567 (never 1.23457e+06)."""
    return plain(_exact(value))


def yoy_message(label: str, name: str, unit_word: str, value: float, reference: float, factor: float) -> str:
    """「…为3150次，是上年（820次）的3.8倍，超过3倍的提示界限；请核实」; for a fall 「…为150件，不足上年
    （600件）的1/3；请核实」; from a year at 0 「…为40件，上年为0件（按1计算，超过3倍的提示界限）；请核实」."""
    this, last, limit = (Fraction(_exact(v)) for v in (value, reference, factor))
    head, before = f"{label}「{name}」为{_number(value)}{unit_word}", f"{_number(reference)}{unit_word}"
    if this > last:
        if last == 0:
            return f"{head}，上年为{before}（按1计算，超过{_number(factor)}倍的提示界限）；请核实"
        return (f"{head}，是上年（{before}）的{plain(round_half_up(this / last, 1))}倍，"
                f"超过{_number(factor)}倍的提示界限；请核实")
    share = f"1/{limit}" if limit.denominator == 1 else format_percent(100 / limit, 1)
    return f"{head}，不足上年（{before}）的{share}；请核实"


def _kind(stats: Statistics) -> pd.DataFrame:
    values = stats.values.astype({"value": float})
    by = values.groupby(["kind", "metric"])["value"]
    median = by.transform("median")
    mad = (values["value"] - median).abs().groupby([values["kind"], values["metric"]]).transform("median")
    z = (Z_SCALE * (values["value"] - median) / mad).where((mad > 0) & (by.transform("size") >= MIN_UNITS))
    scored = values.assign(reference=median, score=z, n_units=by.transform("size"))
    flagged = _labelled(stats, scored[z.abs() > stats.options.outlier_z])
    return flagged.assign(rule="outlier_kind", message=[
        f"{r.label}「{r.name}」为{_number(r.value)}{r.unit_word}，同类单位（{r.kind_name}，{r.n_units}个）的中位数为"
        f"{_number(r.reference)}{r.unit_word}，明显偏{'高' if r.score > 0 else '低'}（稳健z值{r.score:.1f}）；请核实"
        for r in flagged.itertuples()
    ])


def find_outliers(stats: Statistics) -> pd.DataFrame:
    """Both checks over valid units' counts: unit, metric, rule, value, reference (last year or the kind's
    median), score (change factor or robust z), message."""
    found = [t for t in (_yoy(stats), _kind(stats)) if not t.empty]
    if not found:
        return pd.DataFrame(columns=OUTLIER_COLUMNS)
    return pd.concat(found, ignore_index=True)[OUTLIER_COLUMNS]


def outlier_findings(outliers: pd.DataFrame) -> list[Finding]:
    return [
        Finding(unit=r.unit, location=f"metrics.{r.metric}", rule=r.rule, severity=Severity.WARNING,
                message=r.message)
        for r in outliers.itertuples()
    ]
