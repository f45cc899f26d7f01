"""Dates as Chinese documents write them, in text (Excel date cells keep their own format), and dates as
offices type them, read: no pandas, so validation can use them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


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


# --- reading dates as offices write them ---------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = (20_000, 80_000)  # Excel day numbers of 1954-10-03 … 2119-01-10: a date typed into a number cell
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0}
_YMD = re.compile(r"^(?P<y>\d{4})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*日?"
                  r"(?:[\sT]*(?P<H>\d{1,2})\s*[:时]\s*(?P<M>\d{1,2})\s*分?\s*(?::?\s*(?P<S>\d{1,2})\s*秒?)?)?$")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_CN_DATE = re.compile(r"^(?P<y>[〇○零一二三四五六七八九O]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日$")


def excel_day(serial: float) -> dt.date | None:
    """The day an Excel day number stands for (45708 → 2025-02-20); None outside plausible years."""
    low, high = _SERIALS
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial)) if low < serial < high else None


def _chinese_number(text: str) -> int:
    """一 … 三十一 (a month or a day written in Chinese numerals)."""
    tens, ten, ones = text.rpartition("十")
    if not ten:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def parse_moment(raw: object, serials: bool = True) -> dt.datetime | None:
    """A date or time as offices write it, as a naive datetime (a time with a zone keeps it; a day alone is
    midnight, see `day_only`); None when blank; ValueError when it cannot be read or is no real day.

    Read: datetime and date values; Excel day numbers (as numbers or digits); ISO 8601 (2026-02-20T09:30+08:00);
    2026年2月20日, 2026.2.20, 2026/2/20, 2026-2-20, 20260220, each with an optional time (15:30, 15时30分);
    二〇二六年二月二十日; full-width digits and punctuation alike. Without `serials`, a number is no date (a
    line of text that is only digits)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, dt.date):
        return dt.datetime.combine(raw, dt.time())
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise TypeError(type(raw).__name__)
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if isinstance(raw, int | float) or (text.replace(".", "", 1).isdigit() and len(text) != 8):
        day = excel_day(float(text)) if serials else None
        if day is None:
            raise ValueError(raw)
        return dt.datetime.combine(day, dt.time())
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    if match := _YMD.match(text) or _COMPACT.match(text):
        parts = match.groupdict()
        return dt.datetime(int(parts["y"]), int(parts["m"]), int(parts["d"]), int(parts.get("H") or 0),
                           int(parts.get("M") or 0), int(parts.get("S") or 0))
    if match := _CN_DATE.match(text):
        year = int("".join(str(_CN_DIGITS[c]) for c in match["y"]))
        return dt.datetime(year, _chinese_number(match["m"]), _chinese_number(match["d"]))
    raise ValueError(raw)


_MONTH_DAY = re.compile(r"^\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?\s*$")
_ENGLISH = re.compile(r"^\s*(?:\d{1,2}-[A-Za-z]{3}(?:-\d{2,4})?|[A-Za-z]{3}-\d{2,4})\s*$")


def looks_like_date(text: object) -> bool:
    """Whether a text is a date as Excel shows one (2024/1/2, 1月2日, 2-Jan, 2024年1月2日): a count that reads
    so was typed as 「1-2」 and turned into a date before the file was saved as text."""
    if isinstance(text, dt.date):
        return True
    if not isinstance(text, str):
        return False
    if _MONTH_DAY.match(text) or _ENGLISH.match(text):
        return True
    try:
        return parse_moment(text, serials=False) is not None
    except ValueError:
        return False
