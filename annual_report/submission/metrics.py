"""A submission's counts: keys by id, Chinese name or alias; values by the number grammar, one by one."""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError

from annual_report.submission.context import SubmissionContext, context_of
from annual_report.text.dates import looks_like_date
from annual_report.text.numbers import (
    COUNT_PATTERN,
    MAX_COUNT,
    CountError,
    is_blank,
    is_percent_text,
    parse_qualified,
    same_measure,
    split_measure,
)

COUNT_SCHEMA: dict[str, Any] = {"anyOf": [
    {"type": "integer", "minimum": 0, "maximum": MAX_COUNT},
    {"type": "string", "pattern": COUNT_PATTERN},
    {"type": "null"},
]}
_COUNT_MESSAGES = {
    "empty_value": "{label}没有填写数值；如为零请填 0",
    "non_numeric": "{label}的值「{raw}」不是数字；请只填写阿拉伯数字（单位：{unit}），不要带文字；"
                   "约数写作「约30」「30余」「30以上」「不足30」",
    "malformed": "{label}的值「{raw}」不是规范的整数写法，未采用（不能有前导零、冒号、下划线、指数或中间的空格，"
                 "千分位逗号须每三位一个）；请填写如 1234 或 1,234（单位：{unit}）",
    "negative": "{label}为负数（{raw}）；{unit}数不能小于 0",
    "fractional": "{label}为小数（{raw}）；请填写整数（单位：{unit}）",
    "too_large": "{label}为 {raw}，超过12位数的合理上限；请核对是否多填了位数",
    "rate_in_count": "{label}填的是比率「{raw}」，此处应填数量（单位：{unit}）；比率由系统按分子÷分母计算，"
                     "请改填实际的{unit}数",
    "count_with_unit": "{label}填的是「{raw}」，已按 {count}{unit} 读取；数值栏只填数字即可",
    "date_in_count": "{label}填的是日期「{raw}」，此处应填数量（单位：{unit}）；键入「1-2」这样的数字时 Excel 会自动改成日期，"
                     "未采用。请把单元格格式改为「常规」或「数值」，重新填写实际的{unit}数",
}


def metric_counts(raw: object, info: ValidationInfo) -> dict[str, int]:
    """Counts by metric id; keys may be ids, Chinese names or aliases. Each value is checked on its own."""
    ctx = context_of(info)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PydanticCustomError("bad_type", "指标（metrics）应为「指标编号: 数值」的映射；请参照报送模板填写")
    counts: dict[str, int] = {}
    for key, value in raw.items():
        with ctx.at("metrics", str(key)):
            metric_id = _metric_id(str(key), ctx)
            if metric_id is None:
                continue
            count = quantity(value, ctx, label=f"「{_metric_name(metric_id, ctx)}」", unit=_unit(metric_id, ctx),
                             metric=metric_id)
            if metric_id in counts or ctx.keys.get(metric_id) != str(key):  # named twice: the first counts
                ctx.add("duplicate_metric", f"「{key}」与「{ctx.keys[metric_id]}」是同一指标，本项未采用；"
                                            "请删除重复的一项", metric=metric_id)
            elif count is not None:
                counts[metric_id] = count[0]
                if count[1]:
                    ctx.qualifiers[metric_id] = count[1]
    return counts


def quantity(value: object, ctx: SubmissionContext, *loc: str, label: str, unit: str, metric: str = "",
             rule: str = "") -> tuple[int, str] | None:
    """The value as a count and its qualifier, or None with a problem located at `loc` under the context's
    path: its rule is the grammar's (a blank is a warning, anything else an error) unless `rule` is given."""
    if is_blank(value):
        ctx.add(rule or "empty_value", _COUNT_MESSAGES["empty_value"].format(label=label, raw="", unit=""), *loc,
                metric=metric)
        return None
    try:
        return parse_qualified(value)
    except CountError as exc:
        if (read := _with_own_measure(value, unit)) is not None:
            ctx.add("count_with_unit", _COUNT_MESSAGES["count_with_unit"].format(
                label=label, raw=value, count=f"{read[0]}{read[1]}" if read[1] in ("余", "以上") else read[0],
                unit=unit), *loc, metric=metric)
            return read
        raw = "列表或映射" if isinstance(value, list | dict) else value
        key = "rate_in_count" if is_percent_text(value) and unit != "%" else \
            "date_in_count" if exc.rule == "non_numeric" and looks_like_date(value) else _message_key(exc)
        ctx.add(rule or (key if key in ("rate_in_count", "date_in_count") else exc.rule),
                _COUNT_MESSAGES[key].format(label=label, raw=raw, unit=unit), *loc, metric=metric)
        return None


def _with_own_measure(value: object, unit: str) -> tuple[int, str] | None:
    """「12件」 in a count measured in 件 (「45名」 in 人): the count it states, else None."""
    if not isinstance(value, str) or not unit:
        return None
    number, measure = split_measure(value)
    if not measure or not same_measure(measure, unit):
        return None
    try:
        return parse_qualified(number)
    except CountError:
        return None


def _unit(metric_id: str, ctx: SubmissionContext) -> str:
    return ctx.catalogue.by_id[metric_id].unit if ctx.catalogue else ""


def _metric_name(metric_id: str, ctx: SubmissionContext) -> str:
    return ctx.catalogue.by_id[metric_id].name if ctx.catalogue else metric_id


def _message_key(exc: CountError) -> str:
    """non_numeric text made of digits and number punctuation is a number in a wrong form, not words."""
    if exc.rule != "non_numeric" or not isinstance(exc.raw, str):
        return exc.rule
    text = unicodedata.normalize("NFKC", exc.raw)
    looks_numeric = any(c.isdigit() for c in text) and set(text) <= set("0123456789,.:_ xXeE+-aAbBcCdDfF")
    return "malformed" if looks_numeric else exc.rule


def _metric_id(key: str, ctx: SubmissionContext) -> str | None:
    """The catalogue id of the count a key names; None (with a warning) when it names none or a rate."""
    if ctx.catalogue is None:
        return key
    metric = ctx.catalogue.resolve(key)
    if metric is None:
        ctx.add("unknown_metric", f"「{key}」不是指标目录中的指标，该项数据未采用；请核对指标编号或名称，"
                                  "目录外的数字请填在 other_figures 中（名称、计量单位、数值）")
        return None
    if metric.is_rate:
        names = ctx.catalogue.by_id
        ctx.add("rate_submitted", f"「{metric.name}」是比率，由系统按「{names[metric.numerator or ''].name}÷"
                                  f"{names[metric.denominator or ''].name}」计算，无需填写；"
                                  "已忽略所填的值，请填写分子和分母", metric=metric.id)
        return None
    ctx.given.add(metric.id)
    ctx.keys.setdefault(metric.id, key)
    return metric.id

