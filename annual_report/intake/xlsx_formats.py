"""Excel number formats: what a cell's format made of what was typed into it.

Excel turns typing into values by the look of it and records the result only as a number and a format:
「1-2」 becomes the day 2 January (stored as the day number 45293, format 「m月d日」), 「1:30」 a time (0.0625,
「h:mm」), 「95%」 a fraction (0.95, 「0%」). A number in a count's cell is therefore read together with its
format: the format says whether Excel shows a date, a time or a percentage (built-in format ids and format
codes, with quoted text, escapes, colours and locales left out), and `shown` says what the cell looks like.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["date", "time", "datetime", "percent"]
EPOCHS = (dt.datetime(1899, 12, 30), dt.datetime(1904, 1, 1))  # the 1900 and 1904 date systems

# Built-in formats (ECMA-376 18.8.30, with the East Asian ids Excel writes in Chinese locales).
_BUILTIN: dict[int, Kind] = {
    9: "percent", 10: "percent",
    **dict.fromkeys((14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58), "date"),
    **dict.fromkeys((18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56), "time"),
    22: "datetime",
}
_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.')  # quoted text, an escaped character, spacing and fill characters
_ELAPSED = re.compile(r"\[(?:h+|m+|s+)\]", re.IGNORECASE)  # [h]:mm — elapsed time
_BRACKET = re.compile(r"\[[^\]]*\]")  # [Red], [$-804], [DBNum1], [>100]
_GENERAL = re.compile(r"general|g/通用格式|通用格式", re.IGNORECASE)


def code_kind(code: str) -> Kind | None:
    """A format code's kind, from its first section (the one positive numbers use)."""
    section = _LITERAL.sub("", code).split(";", 1)[0]
    elapsed = bool(_ELAPSED.search(section))
    section = _GENERAL.sub("", _BRACKET.sub("", section)).lower()
    if "%" in section:
        return "percent"
    clock = elapsed or "h" in section or "s" in section or "am/pm" in section or "上午/下午" in section
    calendar = "y" in section or "d" in section or ("m" in section and not clock)
    if calendar and clock:
        return "datetime"
    return "date" if calendar else "time" if clock else None


def format_kind(format_id: int, code: str | None) -> Kind | None:
    """The kind of a cell format: a custom code's, else the built-in id's."""
    return code_kind(code) if code is not None else _BUILTIN.get(format_id)


@dataclass(frozen=True)
class CellFormat:
    """A number cell's date, time or percent format."""

    kind: Kind
    code: str  # the format code, or "内置格式 N"
    date1904: bool = False

    def moment(self, value: float) -> dt.datetime:
        """The day and time a serial stands for (in the 1900 system, days before 1 March 1900 count from
        31 December 1899, as Excel's own 29 February 1900 requires)."""
        epoch = EPOCHS[self.date1904] if self.date1904 or value >= 61 else dt.datetime(1899, 12, 31)
        return epoch + dt.timedelta(days=value)

    def shown(self, value: float) -> str:
        """What the cell shows, near enough: 2024年1月2日, 1:30, 95%."""
        if self.kind == "percent":
            return f"{round(value * 100, 4):g}%"
        if self.kind == "time" and (value >= 1 or value < 0):
            minutes = round(value * 24 * 60)
            return f"{minutes // 60}:{minutes % 60:02d}"
        try:
            moment = self.moment(value)
        except OverflowError:
            return f"{value:g}"
        day = f"{moment.year}年{moment.month}月{moment.day}日"
        clock = f"{moment.hour}:{moment.minute:02d}"
        return {"date": day, "time": clock, "datetime": f"{day} {clock}"}[self.kind]

    def typed(self, value: float) -> str:
        """What was probably typed for Excel to make this of it, quoted: 「1-2」或「1/2」, 「1:30」, 「95%」."""
        if self.kind not in ("date", "datetime"):
            return f"「{self.shown(value)}」"
        try:
            moment = self.moment(value)
        except OverflowError:
            return f"「{value:g}」"
        return f"「{moment.month}-{moment.day}」或「{moment.month}/{moment.day}」"

    def what(self) -> str:
        return {"date": "日期", "time": "时间", "datetime": "日期时间", "percent": "百分比"}[self.kind]


def iso_text(fmt: CellFormat, value: float) -> str:
    """A date cell's value as text that dates are read from (2025-02-20, 2025-02-20T09:30)."""
    moment = fmt.moment(value)
    return moment.date().isoformat() if moment.time() == dt.time(0) else moment.isoformat(timespec="minutes")


def count_problem(fmt: CellFormat, value: float, label: str, unit: str) -> tuple[str, str]:
    """(rule, message) for a count whose cell Excel shows as a date, a time or a percentage: what Excel made of
    the typing, and what to do."""
    stored = f"{value:g}"
    redo = f"请把该单元格的格式改为「常规」或「数值」，重新填写实际的{unit}数"
    if fmt.kind == "percent":
        return "rate_in_count", (f"{label}所在单元格的格式是百分比，Excel 显示为「{fmt.shown(value)}」（内部值 {stored}），"
                                 f"未采用；计数栏应填数量，比率由系统按分子÷分母计算。{redo}")
    what = fmt.what()
    if fmt.kind != "time" and value >= 20_000:  # a recent day: typing such as 1-2 that Excel turned into a date
        return "date_in_count", (f"{label}被 Excel 存成了{what}「{fmt.shown(value)}」（内部值 {stored}）：键入{fmt.typed(value)}"
                                 f"这样的内容时，Excel 会自动改成{what}，未采用。{redo}")
    if fmt.kind == "time":
        return "date_in_count", (f"{label}被 Excel 存成了时间「{fmt.shown(value)}」（内部值 {stored}）：键入{fmt.typed(value)}"
                                 f"这样的内容时，Excel 会自动改成时间，未采用。{redo}")
    return "date_in_count", (f"{label}所在单元格的格式是{what}，Excel 显示为「{fmt.shown(value)}」（内部值 {stored}），"
                             f"未采用；如本意是 {stored}，{redo}")
