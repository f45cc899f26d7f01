"""Dates as Chinese documents write them, in text (Excel date cells keep their own format): no pandas, so
validation can use them."""

from __future__ import annotations

import datetime as dt


def format_date(date: dt.date) -> str:
    """A date in Arabic numerals without leading zeros: 2025年3月20日 (GB/T 9704 7.3.5.1)."""
    return f"{date.year}年{date.month}月{date.day}日"


def format_datetime(moment: dt.datetime) -> str:
    """2025年2月24日 15:05; 2025年2月24日 for a time known only as a day (see `day_only`)."""
    return format_date(moment) if day_only(moment) else f"{format_date(moment)} {moment:%H:%M}"


def format_received(moment: dt.datetime | None) -> str:
    """A receipt time in tables and pages: 2025-02-24 15:05, or 2025-02-24 (see `day_only`)."""
    if moment is None:
        return ""
    return f"{moment:%Y-%m-%d}" if day_only(moment) else f"{moment:%Y-%m-%d %H:%M}"


def day_only(moment: dt.datetime) -> bool:
    """A receipt known only as a day (a workbook's 填报日期, a Word report's date, `submitted_at: 2025-02-28`)
    is midnight to the microsecond; it is shown as the day, not as 00:00."""
    return moment.time() == dt.time(0)
