"""Chinese number formatting: counts, percentages, money and year-over-year phrases; number text cleaning.

Rounding is half up on exact values (Fraction/Decimal), never binary floats or banker's rounding:
72/356 → 20.2%, 50/174 → 28.7%, 5533/5569 at two decimals → 99.35%.  Trailing zeros after rounding are
dropped, as Chinese reports write them (100%, 12.5%, 300%).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from math import floor

import pandas as pd

Exact = int | Fraction | Decimal

NO_RATE = "无"  # the denominator is 0: the rate does not exist
NO_DATA = "无数据"  # nobody reported the figure
MONEY_STEPS = ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万"))
MONEY_DECIMALS = 2
SAME = "与上年持平"
NEW = "新增"  # last year 0: the 同比 column of a table
ZERO_BASE = "上年为0"  # last year 0: in prose, 「全市…述法28人，上年为0。」
_SEPARATORS = re.compile(r"[,\s]+")


def round_half_up(value: Exact, decimals: int) -> Decimal:
    """`value` rounded to `decimals` places, halves away from zero, computed exactly."""
    scaled = Fraction(value) * 10**decimals
    magnitude = floor(abs(scaled) + Fraction(1, 2))
    return Decimal(magnitude if scaled >= 0 else -magnitude).scaleb(-decimals)


def plain(value: Decimal | int) -> str:
    """A number without grouping, exponent or trailing zeros: 416, 20.2, 300."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(numerator: int, denominator: int) -> Fraction | None:
    """numerator / denominator × 100, exactly; None when the denominator is 0."""
    return Fraction(numerator * 100, denominator) if denominator else None


def rate_values(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator × 100 / denominator per row, NA where the denominator is 0 or missing."""
    return (numerator * 100 / denominator).mask(denominator.fillna(0) == 0)


def number_text(value: object) -> str:
    """A number as people type it, made parseable: full-width digits and signs to ASCII (NFKC), grouping
    commas and spaces removed; "" for nothing (None, NA, blank)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(value)))


def format_count(value: int | None, unit: str = "") -> str:
    return NO_DATA if value is None else f"{value}{unit}"


def format_percent(value: Exact, decimals: int) -> str:
    return f"{plain(round_half_up(value, decimals))}%"


def format_rate(numerator: int | None, denominator: int | None, decimals: int) -> str:
    """20.2%; 无 when the denominator is 0; 无数据 when either side was not reported."""
    if numerator is None or denominator is None:
        return NO_DATA
    value = percent(numerator, denominator)
    return NO_RATE if value is None else format_percent(value, decimals)


def format_money(value: int | None, unit: str = "元") -> str:
    """8500元, 12.5万元, 3.2亿元 (two decimals at most)."""
    if value is None:
        return NO_DATA
    for step, word in MONEY_STEPS:
        if abs(value) >= step:
            return f"{plain(round_half_up(Decimal(value) / step, MONEY_DECIMALS))}{word}{unit}"
    return f"{value}{unit}"


def yoy_count_phrase(this: int | None, last: Exact | None, decimals: int, zero_base: str = NEW) -> str:
    """同比增长300% / 同比下降12.5% / 与上年持平 / `zero_base` when last year was 0 (新增 in a table,
    ZERO_BASE 「上年为0」 in prose); "" when either year is unknown."""
    if this is None or last is None:
        return ""
    if this == last:
        return SAME
    if last == 0:
        return zero_base
    change = round_half_up(Fraction(this - Fraction(last)) * 100 / Fraction(last), decimals)
    if change == 0:
        return SAME
    return f"同比{'增长' if change > 0 else '下降'}{plain(abs(change))}%"


def yoy_rate_phrase(this: Exact | None, last: Exact | None, decimals: int) -> str:
    """提高2.3个百分点 / 下降1.5个百分点 / 与上年持平, from the two rates (in %) as printed."""
    if this is None or last is None:
        return ""
    change = round_half_up(this, decimals) - round_half_up(last, decimals)
    if change == 0:
        return SAME
    return f"{'提高' if change > 0 else '下降'}{plain(abs(change))}个百分点"
