"""What is wrong with a configuration file's field, in one Chinese line: pydantic's errors put in the words an
office uses (「year: 应为四位数字的年度（如 2024），不是「二〇二四」」), and the dates people write in
report.yaml read as they mean them."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationError

from annual_report.text.dates import format_date, parse_moment

_KINDS = {
    "int": "整数", "float": "数字", "bool": "true 或 false", "date": "日期（如 2025-03-01 或 2025年3月1日）",
    "datetime": "日期（如 2025-03-01 或 2025年3月1日）", "string": "文字", "list": "列表", "dict": "映射",
    "model": "映射", "dataclass": "映射", "tuple": "列表", "set": "列表",
}
_BOUNDS = {"greater_than_equal": ("ge", "不能小于"), "greater_than": ("gt", "应大于"),
           "less_than_equal": ("le", "不能大于"), "less_than": ("lt", "应小于")}


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "……"


def _expected(kind: str) -> str:
    """「应为整数」 for int_parsing, int_type, int_from_float, date_from_datetime_parsing …"""
    return next((f"应为{word}" for prefix, word in _KINDS.items() if kind.startswith(prefix)), "")


def _message(error: Any) -> str:
    kind, given, context = error["type"], error.get("input"), error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "missing":
        return "缺少这一项（必填）"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return f"{words} {context.get(key)}，不是「{_shown(given)}」"
    if kind in ("too_short", "too_long"):
        return f"至少要有 {context.get('min_length')} 项" if kind == "too_short" else \
            f"最多 {context.get('max_length')} 项"
    if kind == "literal_error":
        return f"只能是 {context.get('expected', '')}，不是「{_shown(given)}」"
    if kind == "extra_forbidden":
        return "未知字段"
    expected = _expected(kind)
    return f"{expected}，不是「{_shown(given)}」" if expected else f"取值「{_shown(given)}」不符合要求"


def first_error(exc: ValidationError) -> str:
    """The first error of a validation as 「key.path: 说明」."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    return f"{loc}: {_message(err)}" if loc else _message(err)  # a model's own check names its fields


def _day(raw: object) -> object:
    """A date as offices write it (2025-03-01, 2025年3月1日, 2025.3.1, 二〇二五年三月一日); a date that is no real
    day, or text that is no date, says so in Chinese."""
    if raw is None or isinstance(raw, dt.date | bool | int | float):
        return raw.date() if isinstance(raw, dt.datetime) else raw
    try:
        moment = parse_moment(raw, serials=False)
    except (TypeError, ValueError):
        what = "不是真实的日期" if any(c.isdigit() for c in str(raw)) else "不是日期"
        raise ValueError(f"「{_shown(raw)}」{what}；请写作如 2025-03-01 或 2025年3月1日") from None
    return None if moment is None else moment.date()


def _year(raw: object) -> object:
    """2024, 「2024」, 「2024年」, 「２０２４」; anything else (「二〇二四」) is refused in Chinese."""
    if isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip().removesuffix("年度").removesuffix("年").strip()
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            raise ValueError(f"应为四位阿拉伯数字的年度（如 2024），不是「{_shown(raw)}」")
        return int(text)
    return raw


Day = Annotated[dt.date, BeforeValidator(_day)]
Year = Annotated[int, BeforeValidator(_year)]


def check_year(value: int, dates: dict[str, dt.date | None]) -> None:
    """The report's dates in its own year or the next one: 2023-03-01 for the 2024 report is a slip of the year."""
    for name, date in dates.items():
        if date is not None and not value <= date.year <= value + 1:
            raise ValueError(f"{name}: {format_date(date)}不在{value}年度报告的时间范围内（应在{value}年或{value + 1}年）；"
                             "请核对年份")
