"""Figures stated in the units' text checked against the figures reported, and claims recomputed.

A figure whose words end with a catalogue metric's name or alias (「直接纠错率达17.3%」「受理行政复议申请416件」) is
compared with the region's totals and with the unit's own figures; agreeing with neither, it is measured against
the figures of the item's scope: the totals for an item that speaks for the region anywhere (全市…, 各级…), the
unit's own for any other. Claims
(「A超B N%」「占N%」「同比增长N%」, claims.py) are recomputed. A figure or claim that agrees with neither is a
warning located at the item, and its clause stays out of the 公开稿. A region figure written otherwise than
the report prints it (99.35% where the report says 99.4%, 90场 for 90余场) is rewritten the report's way: one
figure, one value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from annual_report.config.catalogue import Metric
from annual_report.drafting.claims import ClaimChecker
from annual_report.drafting.model import Source
from annual_report.findings import Finding, Severity
from annual_report.reading.metric_names import matcher_for
from annual_report.text.figures import Stated, stated_figures
from annual_report.text.numbers import round_half_up, same_measure
from annual_report.validation import ValidationReport
from annual_report.wording import Figures
from annual_report.wording.numbers import format_rate, plain, region_word

_CLAUSE_END = re.compile(r"[，,；;。]")
_DIGIT = re.compile(r"\d")
REGION_WORDS = ("各级",)  # besides 全市 (the region word) and the region's name
TOTAL = "全域合计"


def count_agrees(stated: str, wan: bool, before: str, after: str, reported: int) -> bool:
    """Whether a count as written agrees with a reported one: exactly; to the places written for 万
    (15.77万 is 157,650 to 157,749); at least the number for 余/多/超过/逾; within a tenth for 约/近."""
    value = Decimal(stated)
    if wan:
        places = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
        shown = round_half_up(Fraction(reported, 10_000), places)
    else:
        shown = Decimal(reported)
    if before in ("约", "近"):
        return abs(shown - value) <= value / 10
    if after or before in ("超过", "逾"):
        return shown >= value
    return shown == value


@dataclass
class FigureCheck:
    """What one item's figures came to."""

    contradicted: list[tuple[str, Finding]] = field(default_factory=list)  # phrases kept out of the 公开稿
    rewrites: list[tuple[str, str]] = field(default_factory=list)  # (as written, as the report prints it)
    region: list[tuple[str, str]] = field(default_factory=list)  # (phrase, metric id): the region's figures it quotes
    unreported: list[tuple[str, str]] = field(default_factory=list)  # (phrase, metric id): figures nobody reported


class FigureChecker:
    def __init__(self, figures: Figures, report: ValidationReport) -> None:
        self.figures = figures
        self.stats = stats = figures.stats
        self.report = report
        self.matcher = matcher_for(stats.catalogue)
        self.by_name = {n: m for m in stats.catalogue.metrics for n in (m.name, *m.aliases)}
        self.longest = max(map(len, self.by_name), default=0)
        self.region_words = (region_word(stats.region), stats.region, *REGION_WORDS)
        last = stats.year - 1
        self._last = {m: int(v) for y, m, v in stats.history[["year", "metric", "value"]].itertuples(index=False)
                      if y == last}
        self._last_units = {(u, m): int(v) for y, u, m, v in
                            stats.history_units[["year", "unit", "metric", "value"]].itertuples(index=False) if y == last}

    def check(self, source: Source) -> FigureCheck:
        """Each figure of the item that contradicts the reported ones, and each region figure to rewrite. A lower
        region's 公开稿 was checked against its own figures at its level, and its sentences may speak of any of
        its units: nothing here."""
        found = FigureCheck()
        if _DIGIT.search(source.text) is None or (source.unit in self.report.units
                                                  and self.report.units[source.unit].lower is not None):
            return found  # no figure, and so no claim, without a digit
        region = any(w in source.text for w in self.region_words)
        stated = stated_figures(source.text)
        for figure in stated:
            metric = self._metric_of(figure.subject, figure.is_percent)
            if metric is not None and metric.is_rate:
                self._rate(source, metric, figure, region, found)
            elif metric is not None and same_measure(figure.measure, metric.unit):
                self._count(source, metric, figure, region, found)
            elif metric is None and (after := self._named_after(source.text, figure)) is not None:
                phrase = source.text[figure.subject_start:self._clause_end(source.text, figure.end)]
                found.unreported.append((phrase, after))
        for claim in ClaimChecker(lambda words: self._named(words, source.unit, region)).check(source.text, stated):
            found.contradicted.append((claim.phrase, self._finding(
                source, "", f"文中「{claim.phrase}」按文中数字计算应为{claim.computed}（{claim.formula}），与所写的"
                            f"{claim.stated}不一致；请核实，公开稿未采用该句")))
        return found

    def _metric_of(self, subject: str, rate: bool) -> Metric | None:
        """The metric whose name or alias is the longest ending of the figure's words (一次性化解率, not 化解率)."""
        for i in range(len(subject) - 1):
            metric = self.by_name.get(subject[i:])
            if metric is not None and metric.is_rate == rate:
                return metric
        return None

    def _named_after(self, text: str, figure: Stated) -> str | None:
        """A count nobody reported that the words after the figure name (「32名同志为……行政执法特邀监督员」)."""
        clause = text[figure.end:self._clause_end(text, figure.end)]
        for i in range(max(0, len(clause) - self.longest), len(clause) - 1):
            metric = self.by_name.get(clause[i:])
            if metric is not None:
                unreported = not metric.is_rate and self.stats.total(metric.id) is None
                return metric.id if unreported and same_measure(figure.measure, metric.unit) else None
        return None

    @staticmethod
    def _clause_end(text: str, start: int) -> int:
        end = _CLAUSE_END.search(text, start)
        return end.start() if end else len(text)

    def _rate(self, source: Source, metric: Metric, figure: Stated, region: bool, found: FigureCheck) -> None:
        stated = Decimal(figure.number)
        decimals = max(0, -stated.as_tuple().exponent)  # type: ignore[operator]
        rate = self.stats.rate(metric.id)
        total = (TOTAL, (rate.numerator, rate.denominator))
        own = ("本单位报送的数字", (self._own(source.unit, metric.numerator or ""),
                                    self._own(source.unit, metric.denominator or "")))
        candidates = [(w, n, d) for w, (n, d) in ([total, own] if region else [own, total]) if n is not None and d]
        if rate.denominator is None:
            found.unreported.append((source.text[figure.subject_start:figure.end], metric.id))
        agreeing = [w for w, n, d in candidates if round_half_up(Fraction(n * 100, d), decimals) == stated]
        if agreeing:
            same = own[1] == total[1]
            if self._quotes_total(agreeing, region, same) and not self.figures.partial(metric.id):
                self._rewrite(found, figure.text, self.figures.display(metric.id))
                found.region.append((source.text[figure.subject_start:figure.end], metric.id))
            return
        if not candidates:
            return
        whose, numerator, denominator = candidates[0]
        names = self.stats.catalogue.by_id
        num, den = names[metric.numerator or ""], names[metric.denominator or ""]
        shown = format_rate(numerator, denominator, max(decimals, 1))
        basis = f"{num.name}{numerator}{num.unit}÷{den.name}{denominator}{den.unit}"
        phrase = source.text[figure.subject_start:figure.end]
        found.contradicted.append((phrase, self._finding(
            source, metric.id, f"文中「{phrase}」与按{whose}计算的{metric.name}{shown}（{basis}）不一致；"
                               "请核实，公开稿未采用该句")))

    def _count(self, source: Source, metric: Metric, figure: Stated, region: bool, found: FigureCheck) -> None:
        candidates = [(TOTAL, self.stats.total(metric.id)), ("本单位报送的", self._own(source.unit, metric.id))]
        known = [(w, v) for w, v in (candidates if region else candidates[::-1]) if v is not None]
        agreeing = [w for w, v in known if count_agrees(figure.number, bool(figure.wan), figure.before, figure.after, v)]
        if agreeing:
            same = candidates[0][1] == candidates[1][1]
            if self._quotes_total(agreeing, region, same) and not figure.before:
                self._rewrite(found, figure.text, self.figures.display(metric.id))
                found.region.append((source.text[figure.subject_start:figure.end], metric.id))
            return
        if not known:
            if candidates[0][1] is None:
                found.unreported.append((source.text[figure.subject_start:figure.end], metric.id))
            return
        whose, value = known[0]
        phrase = source.text[figure.subject_start:figure.end]
        found.contradicted.append((phrase, self._finding(
            source, metric.id, f"文中「{phrase}」与{whose}{metric.name}{plain(value)}{metric.unit}不一致；"
                               "请核实，公开稿未采用该句")))

    @staticmethod
    def _quotes_total(agreeing: list[str], region: bool, same: bool) -> bool:
        """The figure is the region's: the item speaks for the region, only the total agrees with it, or the
        unit's own figure is the region's (the one unit that reports it)."""
        return TOTAL in agreeing and (region or agreeing == [TOTAL] or same)

    def _rewrite(self, found: FigureCheck, written: str, printed: str) -> None:
        """A region figure as the report prints it, where the item writes it otherwise (same measure word)."""
        if written != printed and printed[-1:] == written[-1:] and (written, printed) not in found.rewrites:
            found.rewrites.append((written, printed))

    def _named(self, words: str, unit: str, region: bool) -> tuple[int | None, int | None]:
        """A count the item names but does not state: its value in the item's scope, and last year's."""
        metric = self.stats.catalogue.resolve(words) or self.matcher.count(words)
        if metric is None or metric.is_rate:
            return None, None
        if region:
            return self.stats.total(metric.id), self._last.get(metric.id)
        return self._own(unit, metric.id), self._last_units.get((unit, metric.id))

    def _own(self, unit: str, metric_id: str) -> int | None:
        result = self.report.units[unit]
        return result.counted.get(metric_id) if result.submission is not None else None

    @staticmethod
    def _finding(source: Source, metric: str, message: str) -> Finding:
        return Finding(unit=source.unit, file=source.file, location=source.place, metric=metric,
                       rule="text_figure_mismatch", severity=Severity.WARNING, message=message)
