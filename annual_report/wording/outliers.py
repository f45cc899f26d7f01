"""Outliers in words: a message per flagged figure, and the warning findings the 审阅稿 shows."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd

from annual_report.findings import Finding, Severity
from annual_report.statistics import Statistics
from annual_report.wording.numbers import format_percent, plain, round_half_up


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


def kind_message(label: str, name: str, unit_word: str, value: float, median: float, kind: str, n_units: int,
                 score: float) -> str:
    return (f"{label}「{name}」为{_number(value)}{unit_word}，同类单位（{kind}，{n_units}个）的中位数为"
            f"{_number(median)}{unit_word}，明显偏{'高' if score > 0 else '低'}（稳健z值{score:.1f}）；请核实")


def outlier_messages(stats: Statistics) -> pd.Series:
    """One message per row of stats.outliers."""
    units = stats.units.set_index("unit")[["label", "kind_name"]].to_dict("index")  # dicts: no per-row .at
    metrics = stats.metrics.set_index("metric")[["name", "unit"]].to_dict("index")
    factor = stats.options.outlier_factor
    return pd.Series([
        yoy_message(units[r.unit]["label"], metrics[r.metric]["name"], metrics[r.metric]["unit"],
                    r.value, r.reference, factor)
        if r.rule == "outlier_yoy" else
        kind_message(units[r.unit]["label"], metrics[r.metric]["name"], metrics[r.metric]["unit"],
                     r.value, r.reference, units[r.unit]["kind_name"], int(r.n_units), r.score)
        for r in stats.outliers.itertuples()
    ], index=stats.outliers.index, dtype=object)


def outlier_findings(stats: Statistics) -> list[Finding]:
    """Warnings on the flagged figures, each naming its unit and metric (so the 审阅稿 can place it)."""
    return [
        Finding(unit=r.unit, location=f"metrics.{r.metric}", metric=r.metric, rule=r.rule,
                severity=Severity.WARNING, message=message)
        for r, message in zip(stats.outliers.itertuples(), outlier_messages(stats), strict=True)
    ]
