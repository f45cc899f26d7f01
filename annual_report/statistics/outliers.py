"""Outlier warnings on units' counts, for the compiler to check (figures are kept).

* outlier_yoy: a count changed more than `outlier_factor` times against the unit's own last year
  (the smaller side is taken as at least 1, so 0 → 2 is not flagged but 0 → 40 is);
* outlier_kind: a count far from its unit kind: robust z = 0.6745·(x − median)/MAD beyond ±`outlier_z`
  (Iglewicz–Hoaglin), only with at least 5 units reporting and a MAD above 0.
"""

from __future__ import annotations

import pandas as pd

from annual_report.findings import Finding, Severity
from annual_report.statistics.aggregate import Statistics

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
    factor = f"{stats.options.outlier_factor:g}"
    return flagged.assign(rule="outlier_yoy", message=[
        f"{r.label}「{r.name}」为{r.value:g}{r.unit_word}，上年为{r.reference:g}{r.unit_word}，"
        f"{'增加' if r.value > r.reference else '减少'}幅度超过{factor}倍；请核实是否填错"
        for r in flagged.itertuples()
    ])


def _kind(stats: Statistics) -> pd.DataFrame:
    values = stats.values.astype({"value": float})
    by = values.groupby(["kind", "metric"])["value"]
    median = by.transform("median")
    mad = (values["value"] - median).abs().groupby([values["kind"], values["metric"]]).transform("median")
    z = (Z_SCALE * (values["value"] - median) / mad).where((mad > 0) & (by.transform("size") >= MIN_UNITS))
    scored = values.assign(reference=median, score=z, n_units=by.transform("size"))
    flagged = _labelled(stats, scored[z.abs() > stats.options.outlier_z])
    return flagged.assign(rule="outlier_kind", message=[
        f"{r.label}「{r.name}」为{r.value:g}{r.unit_word}，同类单位（{r.kind_name}，{r.n_units}个）的中位数为"
        f"{r.reference:g}{r.unit_word}，明显偏{'高' if r.score > 0 else '低'}（稳健z值{r.score:.1f}）；请核实"
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
