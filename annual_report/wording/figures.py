"""The year's figures as the report prints them: each region figure, its formula and its year-over-year
phrase formatted once, from the statistics' numbers.

Per metric: a rate's decimal places (report.yaml statistics.decimals, else the catalogue's `decimals`,
else statistics.percent_decimals), a count's 万/亿 scaling (the catalogue's `scale`, or money), and the
qualifier of the figure (「90余场」).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from annual_report.config.catalogue import OPERATOR_WORDS
from annual_report.statistics import Statistics
from annual_report.statistics.rates import exact, percent
from annual_report.wording.numbers import (
    ZERO_BASE,
    format_count,
    format_percent,
    format_rate,
    plain,
    qualified,
    rate_change,
    yoy_count_phrase,
    yoy_rate_phrase,
)


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


@dataclass(frozen=True)
class YearOverYear:
    phrase: str  # the 同比 column: 同比增长…% / 提高…个百分点 / 与上年持平 / 新增
    prose: str  # the same in a sentence: 上年为0 where the column says 新增
    last: str  # last year's figure as printed
    change: Decimal | float | None  # the 变化 column: counts' difference, or rates' points as printed


NO_YOY = YearOverYear("", "", "", None)


def rate_decimals(stats: Statistics, metric_id: str) -> int:
    """A rate's decimal places: report.yaml statistics.decimals, else the catalogue's, else percent_decimals."""
    override = stats.options.decimals.get(metric_id)
    own = stats.catalogue.by_id[metric_id].decimals
    return override if override is not None else own if own is not None else stats.options.percent_decimals


class Figures:
    """Region figures of `stats` as printed; any other figure through `describe`."""

    def __init__(self, stats: Statistics) -> None:
        self.stats = stats
        self.decimals = stats.options.percent_decimals  # the default; decimals_of() per metric
        totals = stats.totals.set_index("metric")
        self._display = {m: self.describe(m, r.value, r.numerator, r.denominator, r.qualifier)
                         for m, r in totals.iterrows()}
        self._formula = {m: self._formula_of(m, r.units, r.numerator, r.denominator) for m, r in totals.iterrows()}
        self._yoy = {r.metric: self._yoy_of(r) for r in stats.yoy.itertuples(index=False)}
        self._partial = self._partial_parts()

    def decimals_of(self, metric_id: str) -> int:
        return rate_decimals(self.stats, metric_id)

    def describe(self, metric_id: str, value: object, numerator: object = None, denominator: object = None,
                 qualifier: object = "", basis: int | None = None) -> str:
        """One figure as printed: 416件, 20.2%, 无 (a rate without cases), 12.5万元, 15.77万人次, 90余场,
        无数据; with `basis`, in 万/亿 exactly when `basis` would be (a row of a table keeps one unit)."""
        metric = self.stats.catalogue.by_id[metric_id]
        q = qualifier if isinstance(qualifier, str) else ""
        if metric.is_rate:
            return format_rate(_int(numerator), _int(denominator), self.decimals_of(metric_id), q)
        scale = metric.scaling
        return format_count(_int(value), metric.unit, scale_from=scale.start if scale else None,
                            scale_decimals=scale.decimals if scale else 0, qualifier=q, basis=basis)

    def partial(self, metric_id: str) -> bool:
        """A figure prose leaves out, true but not the whole story beside the figures it goes with: a part of a
        combined count whose parts do not add up to it (some units gave only the combined figure); a rate whose
        numerator and denominator are not the totals of its two counts (a unit gave one part only, or an error
        keeps one out), which beside those totals would not be their quotient."""
        return metric_id in self._partial

    def _partial_parts(self) -> set[str]:
        stats = self.stats
        found: set[str] = set()
        for metric in stats.catalogue.counts:
            if metric.parts and (stats.total(metric.id) or 0) != sum(stats.total(p) or 0 for p in metric.parts):
                found.update(metric.parts)
        for metric in stats.catalogue.rates:
            rate = stats.rate(metric.id)
            if rate.numerator is not None and (rate.numerator, rate.denominator) != (
                    stats.total(metric.numerator or ""), stats.total(metric.denominator or "")):
                found.add(metric.id)
        return found

    def rows(self, table: pd.DataFrame) -> list[str]:
        """Each row's figure as printed, from its metric, numerator and denominator (a count's value is in
        numerator), as in the targets and shortfalls tables."""
        return [self.describe(m, n, n, d) for m, n, d in zip(table["metric"], table["numerator"],
                                                             table["denominator"], strict=True)]

    def display(self, metric_id: str) -> str:
        """The region figure as printed."""
        return self._display[metric_id]

    def formula(self, metric_id: str) -> str:
        """How the region figure was obtained: 「行政复议直接纠错72件 ÷ 行政复议审结356件」 or 「12个单位合计」."""
        return self._formula[metric_id]

    def yoy(self, metric_id: str) -> YearOverYear:
        return self._yoy.get(metric_id, NO_YOY)

    def number(self, metric_id: str) -> str:
        """The bare region number, no unit or scaling but with its qualifier (356, 20.2, 90余); "" when there
        is none."""
        metric = self.stats.catalogue.by_id[metric_id]
        value = self.stats.rate(metric_id).exact if metric.is_rate else self.stats.total(metric_id)
        if value is None:
            return ""
        text = format_percent(value, self.decimals_of(metric_id)).removesuffix("%") if metric.is_rate else plain(value)
        return qualified(text, "", self.stats.qualifier(metric_id))

    def requirement(self, metric_id: str, op: str, value: float) -> str:
        """A target as written: 不小于90%, 不小于5次."""
        metric = self.stats.catalogue.by_id[metric_id]
        if metric.is_rate and op in (">=", "==") and value == 100:
            return "达到100%"  # a rate cannot exceed 100%: 「不小于100%」 reads as a slip
        return f"{OPERATOR_WORDS[op]}{plain(Decimal(repr(value)))}{'%' if metric.is_rate else metric.unit}"

    def _formula_of(self, metric_id: str, units: object, numerator: object, denominator: object) -> str:
        catalogue = self.stats.catalogue
        metric = catalogue.by_id[metric_id]
        if metric.is_rate:
            num, den = catalogue.by_id[metric.numerator or ""], catalogue.by_id[metric.denominator or ""]
            return (f"{num.name}{format_count(_int(numerator), num.unit)} ÷ "
                    f"{den.name}{format_count(_int(denominator), den.unit)}")
        if not _int(units):
            return "无单位报送"
        role = f"（只计作为{catalogue.roles[metric.role]}报送的单位）" if metric.role else ""
        return f"{_int(units)}个单位合计{role}"

    def _yoy_of(self, row: object) -> YearOverYear:
        metric_id: str = row.metric  # type: ignore[attr-defined]
        if self.stats.catalogue.by_id[metric_id].is_rate:
            this: Fraction | int | None = self.stats.rate(metric_id).exact
            last_num, last_den = _int(row.last_numerator), _int(row.last_denominator)  # type: ignore[attr-defined]
            before = percent(last_num, last_den) if last_num is not None and last_den is not None \
                else exact(row.last_year)  # type: ignore[attr-defined]
            decimals = self.decimals_of(metric_id)
            phrase = yoy_rate_phrase(this, before, decimals)
            last = "" if before is None else format_percent(before, decimals)
            return YearOverYear(phrase, phrase, last, rate_change(this, before, decimals))
        this, before = self.stats.total(metric_id), exact(row.last_year)  # type: ignore[attr-defined]
        last = "" if before is None else self.describe(metric_id, int(before), basis=this)
        change = None if pd.isna(row.change) else float(row.change)  # type: ignore[attr-defined]
        return YearOverYear(yoy_count_phrase(this, before, self.decimals),
                            yoy_count_phrase(this, before, self.decimals, zero_base=ZERO_BASE), last, change)
