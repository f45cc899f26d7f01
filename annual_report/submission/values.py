"""Single values of a submission: unit, year, submission time, contact."""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from annual_report.submission.context import SCALAR, bad_type, context_of
from annual_report.text.dates import parse_moment
from annual_report.text.numbers import is_blank

YEAR_PATTERN = r"^\s*[0-9０-９]{4}\s*年?\s*$"


def _whole(raw: object) -> object:
    """A float with no fraction as the integer it is (JSON Schema's integer accepts 5.0 too)."""
    return int(raw) if isinstance(raw, float) and raw.is_integer() else raw


def unit(raw: object) -> str:
    raw = _whole(raw)
    if raw is None or (isinstance(raw, SCALAR) and not isinstance(raw, bool) and not str(raw).strip()):
        raise PydanticCustomError("missing_unit", "未填写报送单位（unit）；请填写单位编号或全称")
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise bad_type("unit")
    return str(raw).strip()


def unit_text(raw: object) -> str | None:
    """The unit as written, or None when there is none usable."""
    try:
        return unit(raw)
    except PydanticCustomError:
        return None


def year(raw: object, info: ValidationInfo) -> int:
    raw = _whole(raw)
    expected = context_of(info).year
    if is_blank(raw):
        raise PydanticCustomError("missing_year", f"未填写年度（year）；本次汇编的是 {expected} 年度"
                                  if expected else "未填写年度（year）")
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise bad_type("year")
    try:
        year = int(unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("年"))
    except ValueError:
        year = None
    if year is None or (expected is not None and year != expected):
        raise PydanticCustomError("wrong_year", f"年度为「{raw}」，本次汇编的是 {expected} 年度；"
                                                "请确认是否提交了其他年度的材料")
    return year


def parse_time(raw: object, timezone: str) -> dt.datetime | None:
    """A submission time as a naive datetime in `timezone` (a time with a zone is converted to it), in any
    form offices write dates (text.dates.parse_moment); None when blank; ValueError when it cannot be read."""
    moment = parse_moment(raw)
    if moment is not None and moment.tzinfo:
        return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    return moment


def submitted_at(raw: object, info: ValidationInfo) -> dt.datetime | None:
    """A submission's time: a date or time, or text; a bare number in a YAML or JSON file is no time (a
    workbook's day number arrives as text and is read as the day it stands for)."""
    try:
        if isinstance(raw, bool | int | float):
            raise TypeError(type(raw).__name__)
        return parse_time(raw, context_of(info).timezone)
    except TypeError:
        raise bad_type("submitted_at") from None
    except ValueError:
        raise PydanticCustomError(
            "bad_date", f"报送时间「{raw}」无法识别，也不是真实的日期；未据此判断是否逾期，请改为如 2025年2月20日 或 "
                        "2025-02-20 的写法") from None


def scalar_text(raw: object, name: str) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, SCALAR):
        raise bad_type(name)
    return str(raw).strip()


class Contact(BaseModel):
    name: str = ""
    phone: str = ""

    @model_validator(mode="before")
    @classmethod
    def _forms(cls, raw: object) -> object:
        if isinstance(raw, str):
            return {"name": raw.strip()}
        if not isinstance(raw, dict):
            raise PydanticCustomError("bad_type", "联系人（contact）应为姓名或 name/phone 映射，未采用")
        return {"name": scalar_text(raw.get("name"), "contact.name"),
                "phone": scalar_text(raw.get("phone"), "contact.phone")}

