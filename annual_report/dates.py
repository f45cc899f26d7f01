"""Dates as Chinese documents write them, in text (Excel date cells keep their own format): no pandas, so
validation can use them."""

from __future__ import annotations

import datetime as dt


def format_date(date: dt.date) -> str:
    """A date in Arabic numerals without leading zeros: 2025年3月20日 (GB/T 9704 7.3.5.1)."""
    return f"{date.year}年{date.month}月{date.day}日"


def format_datetime(moment: dt.datetime) -> str:
    """2025年2月24日 15:05."""
    return f"{format_date(moment)} {moment:%H:%M}"
