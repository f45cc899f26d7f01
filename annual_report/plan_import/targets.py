"""Stated targets of a task (「出庭应诉率达90%」「每年至少开展2次案卷评查」「全覆盖」), mapped to catalogue metrics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annual_report.plan_import.model import ImportedTarget, Op
from annual_report.reading.metric_names import MetricMatcher
from annual_report.reading.unit_names import split_top
from annual_report.text.numbers import chinese_value, same_measure

_PERCENT = re.compile(
    r"(?P<pre>不低于|不少于|不小于|不高于|不超过|不大于|低于|小于|高于|超过|大于|达到|提高到|提升到|提高至|提升至"
    r"|保持在|控制在|稳定在|实现|达)?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％](?P<post>及以上|以上|以下|以内)?")
_COUNT = re.compile(r"(?P<num>\d+|[一二两三四五六七八九十]{1,3})\s*(?P<unit>场次|人次|次|场|期|轮|批|人|名|件|个|项|家)(?P<post>及以上|以上|以下|以内)?")
_COUNT_OP = re.compile(r"(?P<op>至少|不少于|不低于|不多于|不超过|超过|多于)(?:组织开展|开展|组织|举办|召开|进行|举行|开设)?$")
_EVERY = re.compile(r"每(?:年|半年|季度|月)[\u4e00-\u9fff]{0,4}$")
_FILLER = re.compile(r"(?:均|都|要|应当|应|须|必须|力争|确保|分别|需|务必|年度|全年|每年|每个|，|,)+$")
_WORD_OPS: dict[str, Op] = {
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "达到": ">=", "达": ">=", "提高到": ">=", "提升到": ">=",
    "提高至": ">=", "提升至": ">=", "保持在": ">=", "稳定在": ">=", "实现": ">=", "至少": ">=",
    "不高于": "<=", "不超过": "<=", "不大于": "<=", "不多于": "<=", "控制在": "<=",
    "低于": "<", "小于": "<", "高于": ">", "超过": ">", "大于": ">", "多于": ">",
}


def _op(pre: str | None, post: str | None) -> Op | None:
    if post in ("以上", "及以上"):
        return ">="
    if post in ("以下", "以内"):
        return "<="
    return _WORD_OPS.get(pre or "")


def _clean(subject: str) -> str:
    return _FILLER.sub("", subject.strip(" 、，,"))


@dataclass
class _Clause:
    text: str
    previous: str  # the clause before it in the same sentence


def _clauses(text: str) -> list[_Clause]:
    out: list[_Clause] = []
    for sentence in split_top(text, "。；;"):
        parts = split_top(sentence, "，,：:")
        out += [_Clause(part, parts[i - 1] if i else "") for i, part in enumerate(parts)]
    return out


def find_targets(text: str, matcher: MetricMatcher) -> list[ImportedTarget]:
    """Every stated target of a task text; those no metric fits are kept with metric None."""
    found: list[ImportedTarget] = []
    for clause in _clauses(text):
        found += _percent_targets(clause, matcher) or _count_targets(clause, matcher)
        if "全覆盖" in clause.text and not _PERCENT.search(clause.text):
            found.append(_coverage_target(clause, matcher))
    unique: dict[tuple[object, ...], ImportedTarget] = {}
    for t in found:
        unique.setdefault((t.metric, t.op, t.value) if t.metric else (t.phrase,), t)
    return list(unique.values())


def _percent_targets(clause: _Clause, matcher: MetricMatcher) -> list[ImportedTarget]:
    targets, start = [], 0
    for m in _PERCENT.finditer(clause.text):
        op = _op(m.group("pre"), m.group("post"))
        subject = _clean(clause.text[start:m.start()])
        start = m.end()
        value = float(m.group("num"))
        if op is None and value == 100 and subject.endswith("率"):
            op = ">="  # 「办结率100%」: a rate at 100% can only be a floor
        if op is None:
            continue
        phrase = clause.text.strip()
        if clause.previous.endswith("中"):  # 「经复议后被诉的案件中，行政机关败诉率低于10%」
            subject, phrase = clause.previous + subject, f"{clause.previous}，{phrase}"
        parts = split_top(subject, "、") or [subject]
        metrics = [matcher.rate(part) for part in parts]
        if not any(metrics):
            targets.append(ImportedTarget(phrase=phrase, op=op, value=value, unit="%"))
        targets += [ImportedTarget(phrase=phrase, metric=metric.id, op=op, value=value, unit="%")
                    for metric in metrics if metric is not None]
    return targets


def _count_targets(clause: _Clause, matcher: MetricMatcher) -> list[ImportedTarget]:
    targets = []
    for m in _COUNT.finditer(clause.text):
        before = clause.text[:m.start()]
        op_word = _COUNT_OP.search(before)
        every = None if op_word else _EVERY.search(before)  # 「每年发布1次」: at least once a year
        op = _op(op_word.group("op") if op_word else "至少" if every else None, m.group("post"))
        op_word = op_word or every
        number = int(m.group("num")) if m.group("num").isdigit() else chinese_value(m.group("num"))
        if op is None or number is None:
            continue
        subject = _clean(before[:op_word.start()] if op_word else before)
        after = clause.text[m.end():].strip()
        candidates = [after, subject + after, subject] if after else [subject]
        metric = next((x for c in candidates if c and (x := matcher.count(c))), None)
        if metric is None and not after and clause.previous:
            metric = matcher.count(clause.previous, anchored=False)
        if metric is not None and not same_measure(m.group("unit"), metric.unit):
            metric = None
        phrase = clause.text.strip() if after or not clause.previous else f"{clause.previous}，{clause.text.strip()}"
        targets.append(ImportedTarget(phrase=phrase, metric=metric.id if metric else None,
                                      op=op, value=float(number), unit=m.group("unit")))
    return targets


def _coverage_target(clause: _Clause, matcher: MetricMatcher) -> ImportedTarget:
    subject = re.sub(r"(?:实现|做到|达到|基本|的)+$", "", clause.text.split("全覆盖")[0].strip())
    metric = matcher.covered_rate(subject)
    if metric is None:
        return ImportedTarget(phrase=clause.text.strip())
    return ImportedTarget(phrase=clause.text.strip(), metric=metric.id, op=">=", value=100.0, unit="%")
