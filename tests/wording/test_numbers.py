"""Chinese number formatting: half-up rounding on exact values, 无 for zero denominators, 万/亿, YoY."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annual_report.statistics.rates import rate_values
from annual_report.text.numbers import chinese_number, number_text
from annual_report.wording.numbers import (
    ZERO_BASE,
    format_count,
    format_money,
    format_rate,
    ordinal,
    round_half_up,
    yoy_count_phrase,
    yoy_rate_phrase,
)


@pytest.mark.parametrize(("numerator", "denominator", "decimals", "expected"), [
    (72, 356, 1, "20.2%"),
    (50, 174, 1, "28.7%"),
    (5533, 5569, 2, "99.35%"),
    (14665, 14730, 2, "99.56%"),
    (1, 8, 0, "13%"),  # 12.5 → 13: half up, where round() would give 12
    (1, 8, 2, "12.5%"),  # trailing zero dropped
    (7, 7, 1, "100%"),
    (0, 5, 1, "0%"),
])
def test_rate_is_rounded_half_up(numerator: int, denominator: int, decimals: int, expected: str) -> None:
    assert format_rate(numerator, denominator, decimals) == expected


def test_half_is_rounded_away_from_zero_not_to_even() -> None:
    assert round_half_up(Fraction(5, 2), 0) == 3
    assert round_half_up(Fraction(-5, 2), 0) == -3
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert round(0.125, 2) == 0.12  # what binary floats and banker's rounding would print


def test_rate_with_zero_denominator_is_wu() -> None:
    assert format_rate(0, 0, 1) == "无"


def test_rate_not_reported_is_wu_shuju() -> None:
    assert format_rate(None, 10, 1) == "无数据"


def test_count_has_no_grouping() -> None:
    assert format_count(416, "件") == "416件"
    assert format_count(1234567, "人次") == "1234567人次"


@pytest.mark.parametrize(("yuan", "expected"), [
    (8500, "8500元"),
    (125000, "12.5万元"),
    (123456, "12.35万元"),
    (320_000_000, "3.2亿元"),
    (10_000, "1万元"),
])
def test_money_is_scaled_to_wan_and_yi(yuan: int, expected: str) -> None:
    assert format_money(yuan) == expected


@pytest.mark.parametrize(("this", "last", "expected"), [
    (400, 100, "同比增长300%"),
    (700, 800, "同比下降12.5%"),
    (32, 32, "与上年持平"),
    (15, 0, "新增"),
    (0, 0, "与上年持平"),
    (10000, 10001, "与上年持平"),  # −0.01% rounds to 0.0
    (15, None, ""),
    (None, 3, ""),
])
def test_count_yoy_phrase(this: int | None, last: int | None, expected: str) -> None:
    assert yoy_count_phrase(this, last, 1) == expected


def test_count_yoy_phrase_from_zero_in_prose() -> None:
    assert yoy_count_phrase(28, 0, 1, zero_base=ZERO_BASE) == "上年为0"
    assert yoy_count_phrase(28, 0, 1) == "新增"  # the 同比 column of a table
    assert yoy_count_phrase(0, 0, 1, zero_base=ZERO_BASE) == "与上年持平"


@pytest.mark.parametrize(("value", "expected"), [
    ("１２，３４５", "12345"),  # full-width digits and comma
    (" 1,234 ", "1234"),
    ("9 500", "9500"),
    ("９５.２％", "95.2%"),
    (95.2, "95.2"),
    (None, ""),
    (float("nan"), ""),
])
def test_number_text_is_cleaned(value: object, expected: str) -> None:
    assert number_text(value) == expected


def test_rate_values_are_masked_at_zero_or_missing_denominators() -> None:
    numerator = pd.Series([72, 0, 5, pd.NA], dtype="Int64")
    denominator = pd.Series([356, 0, pd.NA, 10], dtype="Int64")
    got = rate_values(numerator, denominator)
    assert got.iloc[0] == pytest.approx(7200 / 356)
    assert got.iloc[1:].isna().all()


@pytest.mark.parametrize(("this", "last", "expected"), [
    (Fraction(149 * 100, 174), Fraction(150 * 100, 180), "提高2.3个百分点"),  # 85.6% against 83.3%
    (Fraction(25), Fraction(2873, 100), "下降3.7个百分点"),
    (Fraction(1001, 10), Fraction(1001, 10), "与上年持平"),
    (Fraction(20), None, ""),
])
def test_rate_yoy_phrase_in_percentage_points(this: Fraction, last: Fraction | None, expected: str) -> None:
    assert yoy_rate_phrase(this, last, 1) == expected


@given(st.integers(0, 10**9), st.integers(1, 10**9), st.integers(0, 4))
def test_round_half_up_matches_decimal_half_up(numerator: int, denominator: int, decimals: int) -> None:
    with localcontext() as ctx:
        ctx.prec = 80
        expected = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal(1).scaleb(-decimals),
                                                                            rounding=ROUND_HALF_UP)
    assert round_half_up(Fraction(numerator * 100, denominator), decimals) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"),
     (100, "一百"), (101, "一百零一"), (110, "一百一十"), (119, "一百一十九"), (230, "二百三十")],
)
def test_chinese_numbers(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


def test_ordinals_run_from_one_to_eleven() -> None:
    assert [ordinal(i) for i in range(1, 12)] == [
        "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "十一是"]


@pytest.mark.parametrize(("value", "start", "decimals", "expected"), [
    (157700, 10_000, 2, "15.77万人次"), (9999, 10_000, 2, "9999人次"), (10_000, 10_000, 2, "1万人次"),
    (2697700, 10_000, 2, "269.77万人次"), (57700, 100_000, 2, "57700人次"), (123_456_789, 10_000, 2, "1.23亿人次"),
    (157700, 10_000, 1, "15.8万人次"), (157700, None, 2, "157700人次"),
])
def test_large_counts_are_scaled_from_their_threshold(value: int, start: int | None, decimals: int,
                                                      expected: str) -> None:
    assert format_count(value, "人次", scale_from=start, scale_decimals=decimals) == expected


@pytest.mark.parametrize(("qualifier", "expected"), [("余", "1.37万余条"), ("约", "约1.37万条"), ("以上", "1.37万条以上"),
                                                     ("不足", "不足1.37万条"), ("", "1.37万条")])
def test_a_qualifier_stands_where_reports_put_it(qualifier: str, expected: str) -> None:
    assert format_count(13700, "条", scale_from=10_000, qualifier=qualifier) == expected
    assert format_count(None, "条", qualifier=qualifier) == "无数据"


def test_a_rate_from_qualified_counts_is_approximate() -> None:
    assert format_rate(90, 100, 1, "约") == "约90%"
    assert format_rate(0, 0, 1, "约") == "无"


def test_last_years_figure_takes_this_years_step() -> None:
    """A table row keeps one unit: last year's 9800 beside this year's 1.2万 is 0.98万."""
    assert format_count(9800, "人次", scale_from=10_000, basis=12_000) == "0.98万人次"
    assert format_count(12_000, "人次", scale_from=10_000, basis=9800) == "12000人次"
