"""Claims an item makes about its figures, recomputed: 「A超B N%」, 「A是B的N倍」, 「占（B的）N%」 and 「同比增长N%」.

A and B are found among the figures the item itself states (the one whose words share the most character pairs
with the claim's words, 「行政复议案件受理数」 → 「受理行政复议申请416件」), else by the catalogue's names in the
item's scope (the region's totals, or the unit's own figures); 「占」 and 同比 claims take the figure stated right
before them. A 同比 claim is compared with last year's figure in history/. A claim that cannot be recomputed (a
figure not found, no history) is left alone; one that is recomputed differently is returned with the formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from annual_report.text.figures import Stated, stated_figures
from annual_report.text.likeness import cjk_pairs
from annual_report.text.numbers import round_half_up
from annual_report.text.sentences import sentences

_WORDS = r"[^，,；;。：:\d%％]{2,30}?"
_NUMBER = r"(?P<n>\d+(?:\.\d+)?)"
_EXCEED = re.compile(rf"(?P<a>{_WORDS})(?:超过|超出|超|高于|多于)(?P<b>{_WORDS})(?:多)?{_NUMBER}\s*[%％]")
_EXCEED_WORDS = ("超", "高于", "多于")
_TIMES = re.compile(rf"(?P<a>{_WORDS})是(?P<b>{_WORDS})的{_NUMBER}倍")
_SHARE = re.compile(rf"占(?P<b>[^，,；;。：:\d%％]{{0,30}}?)的?{_NUMBER}\s*[%％]")
_YOY = re.compile(rf"(?:同比|较(?:去年|上年|上一年)(?:同期)?|比(?:去年|上年)(?:同期)?)"
                  rf"(?P<dir>增长|增加|上升|提高|下降|减少|降低){_NUMBER}\s*[%％]")
_FALLS = ("下降", "减少", "降低")
_MEASURE_SUFFIX = re.compile(r"(?:的)?(?:总数|件数|人数|次数|数量|数|量)$")
LIKENESS = 0.5  # share of a claim's character pairs a stated figure's words must have


@dataclass(frozen=True)
class Recomputed:
    """A claim whose figure, recomputed, differs from what the item says."""

    phrase: str  # the claim as written
    stated: str  # its number: 37.05%
    computed: str  # recomputed, at the stated places: 49.64%
    formula: str  # how: (416−278)÷278


# A figure the claim names that is not stated in the item: its value in the item's scope, and last year's.
Lookup = Callable[[str], tuple[int | None, int | None]]


def _fits(words: str, figures: list[Stated]) -> Stated | None:
    """The stated count whose words share most of the claim's words' character pairs."""
    mine = cjk_pairs(_MEASURE_SUFFIX.sub("", words.strip()))
    if not mine:
        return None
    scored = [(len(mine & cjk_pairs(f.subject)) / len(mine), f) for f in figures if not f.is_percent and f.subject]
    best = max(scored, key=lambda s: s[0], default=(0.0, None))
    return best[1] if best[0] >= LIKENESS else None


def _before(figures: list[Stated], at: int) -> Stated | None:
    """The last count stated before position `at` of the sentence (its figures)."""
    return next((f for f in reversed(figures) if f.end <= at and not f.is_percent), None)


def _agrees(stated: Decimal, value: Fraction) -> tuple[bool, str]:
    places = max(0, -stated.as_tuple().exponent)  # type: ignore[operator]
    shown = round_half_up(value, places)
    return shown == stated, f"{shown}"


class ClaimChecker:
    """Recomputes the claims of one item; `lookup` gives a named figure that the item does not state."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    def check(self, text: str, stated: list[Stated] | None = None) -> list[Recomputed]:
        """The claims of `text` recomputed differently (`stated`: its figures, when already read)."""
        stated = stated_figures(text) if stated is None else stated
        found: list[Recomputed] = []
        for sentence in sentences(text):
            offset = text.find(sentence)
            local = [f for f in stated if offset <= f.start < offset + len(sentence)]
            found += self._pairs(sentence, stated) + self._shares(sentence, local, offset, stated)
            found += self._yoy(sentence, local, offset)
        return found

    def _value(self, words: str, stated: list[Stated]) -> tuple[Fraction, str] | None:
        """A figure the claim names: (its value, how it reads in the formula)."""
        figure = _fits(words, stated)
        if figure is not None:
            return Fraction(figure.value), f"{figure.value.normalize():f}"
        value = self.lookup(_MEASURE_SUFFIX.sub("", words.strip()))[0]
        return None if value is None else (Fraction(value), str(value))

    def _pairs(self, sentence: str, stated: list[Stated]) -> list[Recomputed]:
        found = []
        for pattern, exceed in ((_EXCEED, True), (_TIMES, False)):
            if not any(word in sentence for word in (_EXCEED_WORDS if exceed else ("倍",))):
                continue  # the patterns backtrack at every character: look for their key word first
            for match in pattern.finditer(sentence):
                a, b = self._value(match["a"], stated), self._value(match["b"], stated)
                if a is None or b is None or not b[0]:
                    continue
                value = (a[0] - b[0]) * 100 / b[0] if exceed else a[0] / b[0]
                agrees, shown = _agrees(Decimal(match["n"]), value)
                if not agrees:
                    formula = f"({a[1]}−{b[1]})÷{b[1]}" if exceed else f"{a[1]}÷{b[1]}"
                    unit = "%" if exceed else "倍"
                    found.append(Recomputed(match.group(0), f"{match['n']}{unit}", f"{shown}{unit}", formula))
        return found

    def _shares(self, sentence: str, local: list[Stated], offset: int, stated: list[Stated]) -> list[Recomputed]:
        found = []
        for match in _SHARE.finditer(sentence):
            part = _before(local, offset + match.start())
            whole = self._value(match["b"], stated) if match["b"].strip() else None
            if part is None or whole is None or not whole[0]:
                continue
            agrees, shown = _agrees(Decimal(match["n"]), Fraction(part.value) * 100 / whole[0])
            if not agrees:
                found.append(Recomputed(match.group(0), f"{match['n']}%", f"{shown}%",
                                        f"{part.value.normalize():f}÷{whole[1]}"))
        return found

    def _yoy(self, sentence: str, local: list[Stated], offset: int) -> list[Recomputed]:
        found = []
        for match in _YOY.finditer(sentence):
            figure = _before(local, offset + match.start())
            last = self.lookup(figure.subject)[1] if figure is not None and figure.subject else None
            if figure is None or not last:
                continue
            change = (Fraction(figure.value) - last) * 100 / last
            stated = Decimal(match["n"]) * (-1 if match["dir"] in _FALLS else 1)
            agrees, shown = _agrees(stated, change)
            if not agrees:
                found.append(Recomputed(match.group(0), f"{stated}%", f"{shown}%",
                                        f"({figure.value.normalize():f}−{last})÷{last}"))
        return found
