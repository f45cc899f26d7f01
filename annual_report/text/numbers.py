"""How a count is read, the same from YAML, JSON, CSV and Excel: one grammar, one JSON Schema pattern.

Accepted: a whole number ≥ 0 as an integer, or as text of ASCII or full-width digits with optional
thousands separators in their proper places (「1,234」「1，234」「１２３４」), spaces around it. Everything
else is refused with the rule that says why, quoting the raw text; nothing is ever guessed:
leading zeros (「010」), a decimal point (「2.0」「1.000」), exponents, hex, underscores, 「1:30」, spaces or
commas inside (「5 6」「1,2,3」).

A qualifier is a separate, explicit form, written right against a number above 0: 「90余」「90以上」
「约90」「不足90」. It is read as the count 90 and the qualifier, which travels with the value to the
totals and the prose (「90余场」); nothing else (「90多」「30左右」「约0」) is a count.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from math import floor

MAX_COUNT = 999_999_999_999  # twelve digits: no count in a year's report comes near this
PREFIXES = ("约", "不足")  # written before the number
SUFFIXES = ("余", "以上")  # written after it
QUALIFIERS = (*SUFFIXES, *PREFIXES)
_DIGIT = "[0-9０-９]"
_NONZERO = "[1-9１-９]"
_COMMA = "[,，]"
_POSITIVE = rf"{_NONZERO}{_DIGIT}{{0,2}}(?:{_COMMA}{_DIGIT}{{3}}){{1,3}}|{_NONZERO}{_DIGIT}{{0,11}}"
# Whole text: blank, or a number (separators every three digits, or plain digits, at most 12), or a
# number above 0 with one qualifier.
COUNT_PATTERN = (
    rf"^\s*(?:0|０|{_POSITIVE}|(?:{'|'.join(PREFIXES)})(?:{_POSITIVE})|(?:{_POSITIVE})(?:{'|'.join(SUFFIXES)}))?\s*$"
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


def parse_qualified(raw: object) -> tuple[int, str]:
    """The count `raw` stands for and its qualifier ("" for none); CountError(empty_value | non_numeric |
    negative | fractional | too_large) otherwise."""
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
    return raw, ""


def qualified_text(value: object, qualifier: str) -> str:
    """A count with its qualifier where it is written, as parse_qualified reads it back: 约12, 12余."""
    return f"{qualifier}{value}" if qualifier in PREFIXES else f"{value}{qualifier}"


def parse_count(raw: object) -> int:
    """The count `raw` stands for, qualifier or not (see parse_qualified)."""
    return parse_qualified(raw)[0]


def _parse_text(raw: str) -> tuple[int, str]:
    if is_blank(raw):
        raise CountError("empty_value", raw)
    if _COUNT.match(raw):
        text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
        qualifier = next((q for q in PREFIXES if text.startswith(q)), "") or \
            next((q for q in SUFFIXES if text.endswith(q)), "")
        return int(text.removeprefix(qualifier).removesuffix(qualifier)), qualifier
    if _SIGNED.match(raw):
        raise CountError("negative", raw)
    if _DECIMAL.match(raw):
        raise CountError("fractional", raw)
    plain = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    if plain.isdigit() and len(plain.lstrip("0")) > 12 and not plain.startswith("0"):
        raise CountError("too_large", raw)
    raise CountError("non_numeric", raw)


def round_half_up(value: int | Fraction | Decimal, decimals: int) -> Decimal:
    """`value` rounded to `decimals` places, halves away from zero, computed exactly (72/356 → 20.2)."""
    scaled = Fraction(value) * 10**decimals
    magnitude = floor(abs(scaled) + Fraction(1, 2))
    return Decimal(magnitude if scaled >= 0 else -magnitude).scaleb(-decimals)


def number_text(value: object) -> str:
    """A number as people type it, made parseable for a lenient reader (last year's figures, rates among them):
    full-width digits and signs to ASCII (NFKC), grouping commas and spaces removed; "" for None and NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(value)))


# --- measure words ------------------------------------------------------------------------------------

# The measure words (量词) counts are written with, longest first (人次 before 人).
MEASURE_WORDS = ("人次", "场次", "件次", "件", "次", "场", "人", "名", "个", "家", "项", "条", "卷", "部", "期", "起",
                 "宗", "份", "支", "所", "处", "户", "篇", "批", "轮", "元", "对", "辆")
MEASURE = "|".join(MEASURE_WORDS)  # as a regular-expression alternation
_SESSIONS = frozenset({"次", "场", "期", "轮", "批", "场次"})
_WITH_MEASURE = re.compile(rf"^(?P<number>.*?[0-9０-９](?:余|以上)?)\s*(?P<measure>{MEASURE})$")
_PERCENT_TEXT = re.compile(r"^\s*[-+−－]?[0-9０-９]+(?:[.．][0-9０-９]*)?\s*[%％]\s*$")


def same_measure(written: str, measure: str) -> bool:
    """Whether a figure written with the measure word `written` can count what is measured in `measure`:
    sessions are sessions (「N期」「N场次」 count 次 or 场); 名 are 人."""
    if written in _SESSIONS:
        return measure in ("次", "场")
    return written.replace("名", "人") == measure


def split_measure(text: str) -> tuple[str, str]:
    """A figure's number and the measure word written after it: 「416件」 → ("416", "件"); ("…", "") without."""
    match = _WITH_MEASURE.fullmatch(text.strip())
    return (match["number"], match["measure"]) if match else (text, "")


def is_percent_text(raw: object) -> bool:
    """「95%」「95.2％」: a rate typed where a count belongs."""
    return isinstance(raw, str) and _PERCENT_TEXT.match(raw) is not None


def combined_qualifier(qualifiers: Iterable[object]) -> str:
    """The qualifier of a sum of parts: none when no part has one; 「以上」 when every qualified part is at
    least its number (以上); 「余」 when every one is above or at least it (余、以上); 「不足」 when every one is
    below it; otherwise (any 约, or bounds in both directions) 「约」."""
    found = {q for q in qualifiers if isinstance(q, str) and q}
    if not found:
        return ""
    for bound in (("以上",), ("余", "以上"), ("不足",)):
        if found <= set(bound):
            return "余" if len(bound) == 2 else bound[0]
    return "约"


# --- Chinese numerals ---------------------------------------------------------------------------------

DIGITS = "零一二三四五六七八九"
CHINESE_DIGITS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九, 101 → 一百零一."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + DIGITS[rest]
    else:
        tail = ("一" if rest < 20 else "") + chinese_number(rest)  # 一百一十, not 一百十
    return chinese_number(hundreds) + "百" + tail


def chinese_value(text: str) -> int | None:
    """一 … 九十九 (and 两) as a number; None for anything else."""
    text = text.replace("两", "二")
    if not text or any(c not in CHINESE_DIGITS for c in text):
        return None
    if "十" not in text:
        return CHINESE_DIGITS.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (chinese_value(tens) or 0 if tens else 1) * 10 + (chinese_value(ones) or 0 if ones else 0)
    return value


CHINESE_NUMERALS = "零〇○一二两三四五六七八九十百千万"
_CN_COUNT = re.compile(rf"^\s*([{CHINESE_NUMERALS}]+)\s*(?:{MEASURE})?\s*$")


def chinese_count(text: str) -> int | None:
    """A count written in Chinese numerals, with or without its measure word: 「十二」 → 12, 「一百零五件」 → 105,
    「两千」 → 2000; None for anything else (「十几」「三十余」「约三十」 are no exact count)."""
    match = _CN_COUNT.match(text)
    if match is None:
        return None
    if match[1] in ("零", "〇", "○"):
        return 0
    import cn2an  # ≈ 0.1 s to import: only when a table holds Chinese numerals

    try:
        value = cn2an.cn2an(match[1].replace("两", "二").replace("○", "〇"), "strict")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if isinstance(value, int | float) and float(value).is_integer() and value >= 0 else None
