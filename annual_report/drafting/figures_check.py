"""Figures stated in the units' text checked against the figures they reported.

A number next to a catalogue metric's name or alias (「直接纠错率达17.3%」「受理行政复议申请416件」) is
compared with the unit's own figure and with the recomputed total; where the sentence speaks for the whole
region (全市…), with the total only. Agreeing with neither is a warning located at the item, and the
clause stays out of the 公开稿.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from annual_report.config.catalogue import Catalogue, Metric
from annual_report.drafting.model import Source
from annual_report.findings import Finding, Severity
from annual_report.statistics import Statistics
from annual_report.text.sentences import sentences
from annual_report.validation import ValidationReport
from annual_report.wording.numbers import format_rate, plain, region_word, round_half_up

# a count as units write it: 416, 约90, 90余, 15.77万, 超过300 (digits only: 近百 is not read)
STATED_COUNT = r"(?P<before>约|近|超过|逾)?(?P<value>\d+(?:\.\d+)?)(?P<wan>万)?(?P<after>余|多)?"


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


class FigureChecker:
    def __init__(self, stats: Statistics, report: ValidationReport) -> None:
        self.stats = stats
        self.report = report
        catalogue: Catalogue = stats.catalogue
        self.by_name = {n: m for m in catalogue.metrics for n in (m.name, *m.aliases)}
        names = "|".join(map(re.escape, sorted(self.by_name, key=len, reverse=True)))
        # a name that is not the tail of a longer one (一次性化解率 is not 化解率)
        self.rates = re.compile(rf"(?<![\u4e00-\u9fff])(?P<name>{names})(?:[^\d%，。；]{{0,6}}?)(?P<value>\d+(?:\.\d+)?)%")
        self.counts = re.compile(
            rf"(?<![\u4e00-\u9fff])(?P<name>{names})(?:[共计为达]{{0,2}}){STATED_COUNT}(?P<unit>[\u4e00-\u9fff]{{1,2}})")
        self.region_words = (region_word(stats.region), stats.region)

    def check(self, source: Source) -> list[tuple[str, Finding]]:
        """Each figure of the item that contradicts the reported ones: (the phrase, the finding)."""
        found: list[tuple[str, Finding]] = []
        for sentence in sentences(source.text, clauses=True):
            region = any(w in sentence for w in self.region_words)
            for match in self.rates.finditer(sentence):
                if (metric := self.by_name[match["name"]]).is_rate:
                    found += self._rate(source, metric, match, region)
            for match in self.counts.finditer(sentence):
                metric = self.by_name[match["name"]]
                if not metric.is_rate and match["unit"].startswith(metric.unit):
                    found += self._count(source, metric, match, region)
        return found

    def _rate(self, source: Source, metric: Metric, match: re.Match[str], region: bool
              ) -> list[tuple[str, Finding]]:
        stated = Decimal(match["value"])
        decimals = max(0, -stated.as_tuple().exponent)  # type: ignore[operator]
        candidates = [(w, n, d) for w, (n, d) in self._candidates(source.unit, metric, region) if n is not None and d]
        if not candidates or any(round_half_up(Fraction(n * 100, d), decimals) == stated for _, n, d in candidates):
            return []
        whose, numerator, denominator = candidates[0]
        names = self.stats.catalogue.by_id
        num, den = names[metric.numerator or ""], names[metric.denominator or ""]
        shown = format_rate(numerator, denominator, max(decimals, 1))
        basis = f"{num.name}{numerator}{num.unit}÷{den.name}{denominator}{den.unit}"
        return [(match.group(0), self._finding(
            source, metric, f"文中「{match.group(0)}」与按{whose}计算的{metric.name}{shown}（{basis}）不一致；"
                            "请核实，公开稿未采用该句"))]

    def _count(self, source: Source, metric: Metric, match: re.Match[str], region: bool
               ) -> list[tuple[str, Finding]]:
        candidates = [("全域合计", self.stats.total(metric.id))]
        if not region:
            candidates.insert(0, ("本单位报送的", self._own(source.unit, metric.id)))
        known = [(w, v) for w, v in candidates if v is not None]
        if not known or any(count_agrees(match["value"], bool(match["wan"]), match["before"] or "",
                                         match["after"] or "", v) for _, v in known):
            return []
        whose, value = known[0]
        return [(match.group(0), self._finding(
            source, metric, f"文中「{match.group(0)}」与{whose}{metric.name}{plain(value)}{metric.unit}不一致；"
                            "请核实，公开稿未采用该句"))]

    def _candidates(self, unit: str, metric: Metric, region: bool
                    ) -> list[tuple[str, tuple[int | None, int | None]]]:
        """The figures a stated rate may mean: the unit's own (unless it speaks for the region), the total."""
        rate = self.stats.rate(metric.id)
        total = ("全域合计", (rate.numerator, rate.denominator))
        if region:
            return [total]
        own = (self._own(unit, metric.numerator or ""), self._own(unit, metric.denominator or ""))
        return [("本单位报送的数字", own), total]

    def _own(self, unit: str, metric_id: str) -> int | None:
        submission = self.report.units[unit].submission
        return None if submission is None else submission.metrics.get(metric_id)

    @staticmethod
    def _finding(source: Source, metric: Metric, message: str) -> Finding:
        return Finding(unit=source.unit, file=source.file, location=source.place, metric=metric.id,
                       rule="text_figure_mismatch", severity=Severity.WARNING, message=message)
