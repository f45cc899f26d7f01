"""How a count is read, the same from YAML, JSON, CSV and Excel: one grammar, one JSON Schema pattern.

Accepted: a whole number ≥ 0 as an integer, or as text of ASCII or full-width digits with optional
thousands separators in their proper places (「1,234」「1，234」「１２３４」), spaces around it. Everything
else is refused with the rule that says why, quoting the raw text; nothing is ever guessed:
leading zeros (「010」), a decimal point (「2.0」「1.000」), exponents, hex, underscores, 「1:30」, spaces or
commas inside (「5 6」「1,2,3」).
"""

from __future__ import annotations

import math
import re
import unicodedata

MAX_COUNT = 999_999_999_999  # twelve digits: no count in a year's report comes near this
_DIGIT = "[0-9０-９]"
_NONZERO = "[1-9１-９]"
_COMMA = "[,，]"
# Whole text: blank, or a number with separators every three digits, or plain digits (at most 12).
COUNT_PATTERN = (
    rf"^\s*(?:0|０|{_NONZERO}{_DIGIT}{{0,2}}(?:{_COMMA}{_DIGIT}{{3}}){{1,3}}|{_NONZERO}{_DIGIT}{{0,11}})?\s*$"
)
_COUNT = re.compile(COUNT_PATTERN)
_SIGNED = re.compile(r"^\s*[-−－]\s*[0-9０-９][0-9０-９,，]*\s*$")
_DECIMAL = re.compile(r"^\s*[-−－]?[0-9０-９]+[.．][0-9０-９]*\s*$")
_SEPARATORS = re.compile(r"[,\s]")


class CountError(ValueError):
    """A value that is not a count; `rule` is the finding's rule id."""

    def __init__(self, rule: str, raw: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.raw = raw


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_count(raw: object) -> int:
    """The count `raw` stands for; CountError(empty_value | non_numeric | negative | fractional | too_large)
    otherwise."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise CountError("non_numeric", raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise CountError("non_numeric", raw)
        if not raw.is_integer():
            raise CountError("negative" if raw < 0 else "fractional", raw)
        raw = int(raw)
    if isinstance(raw, str):
        return _parse_text(raw)
    if raw < 0:
        raise CountError("negative", raw)
    if raw > MAX_COUNT:
        raise CountError("too_large", raw)
    return raw


def _parse_text(raw: str) -> int:
    if is_blank(raw):
        raise CountError("empty_value", raw)
    if _COUNT.match(raw):
        return int(_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw)))
    if _SIGNED.match(raw):
        raise CountError("negative", raw)
    if _DECIMAL.match(raw):
        raise CountError("fractional", raw)
    plain = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    if plain.isdigit() and len(plain.lstrip("0")) > 12 and not plain.startswith("0"):
        raise CountError("too_large", raw)
    raise CountError("non_numeric", raw)
