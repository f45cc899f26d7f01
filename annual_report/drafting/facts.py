"""What an item states that must not be lost or contradicted: its numbers and proper names, its figures."""

from __future__ import annotations

import re

from annual_report.drafting.names import NO_NAMES, Names
from annual_report.text.numbers import MEASURE

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_QUOTED = re.compile(r"《[^》]{1,40}》|“[^”]{1,20}”|「[^」]{1,20}」|\"[^\"]{1,20}\"")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}(?:县|区|镇|乡|街道|村|社区)")
# A figure as written: a number and its unit word (416件, 20.2%, 1.37万条).
FIGURE = re.compile(rf"\d+(?:\.\d+)?(?:%|[万亿]?(?:{MEASURE}))")




def facts(text: str, names: Names = NO_NAMES) -> frozenset[str]:
    """Numbers, quoted titles and names (registry names, places) stated in `text`."""
    return frozenset({*_NUMBER.findall(text), *_QUOTED.findall(text), *_PLACE.findall(text), *names.found_in(text)})


def shape(text: str) -> str:
    """The text with its numbers blanked: items of one shape differ only in their figures."""
    return _NUMBER.sub("#", text)


# A figure with the two characters before it (「申请180件」「纠错31件」), so 31件 of one thing is not taken
# for 31件 of another.
_STATED = re.compile(r"[\u4e00-\u9fff]{2}" + FIGURE.pattern)


def figures(text: str) -> frozenset[str]:
    """The figures `text` states, each with the two characters before it."""
    return frozenset(_STATED.findall(text))


def has_figures(text: str) -> bool:
    return FIGURE.search(text) is not None
