"""Stated targets of a task (「出庭应诉率达90%」「每年至少开展2次案卷评查」「全覆盖」), mapped to catalogue metrics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annual_report.catalogue import Catalogue, Metric
from annual_report.plan_import.model import ImportedTarget, Op
from annual_report.plan_import.source import chinese_value
from annual_report.plan_import.units import split_top

# Wordings plans use for catalogue metrics, beyond the catalogue's own names (and its `aliases`, when it has them).
BUILTIN_ALIASES: dict[str, list[str]] = {
    "lit.appearance_rate": [r"出庭应诉(?:率|比例)"],
    "lit.loss_rate": [r"行政诉讼(?:案件)?(?:一审)?败诉率"],
    "recon.sued_after_rate": [r"(?:经)?(?:行政)?复议后被(?:提起)?(?:行政)?诉(?:讼)?的?(?:案件)?(?:比例|比率|率)"],
    "recon.sued_after_loss_rate": [r"复议后被.{0,12}?案件中?.{0,8}?败诉率"],
    "recon.correction_rate": [r"(?:行政)?复议(?:案件)?(?:直接)?纠错率"],
    "lead.exam_sessions": [r"学法(?:用法)?考试(?:场次|次数)?"],
    "lead.lectures": [r"法治(?:专题)?讲座", r"专题法治讲座"],
    "lead.exam_participation_rate": [r"学法(?:用法)?考试.{0,6}?参考率"],
    "lead.exam_pass_rate": [r"学法(?:用法)?考试.{0,6}?(?:合格|通过)率"],
    "enf.training_sessions": [r"执法(?:人员)?(?:年度)?(?:集中)?(?:业务)?培训"],
    "enf.case_reviews": [r"(?:执法)?案卷(?:集中)?评查", r"案卷.{0,6}?评查"],
    "enf.certified_rate": [r"持证(?:上岗)?率"],
    "enf.file_pass_rate": [r"案卷(?:评查)?合格率"],
    "norm.legality_review_rate": [r"规范性文件.{0,4}?合法性审核率"],
    "norm.filing_rate": [r"规范性文件.{0,4}?(?:备案|报备)率"],
    "norm.filing_timely_rate": [r"(?:备案|报备)及时率"],
    "dec.legality_review_rate": [r"(?:重大)?(?:行政)?决策.{0,4}?合法性审查率"],
    "jud.feedback_rate": [r"(?:司法建议|检察建议).{0,10}?反馈率"],
    "petition.on_time_rate": [r"信访(?:事项)?(?:按期)?办结率"],
    "proposal.closure_rate": [r"(?:建议|提案).{0,6}?办结率"],
    "open.answer_rate": [r"(?:依申请公开|信息公开申请).{0,6}?答复率"],
    "med.success_rate": [r"调解成功率"],
    "pufa.events": [r"普法(?:宣传)?活动"],
}
# What 「…全覆盖」 covers, for rates whose name minus 率 is not how plans say it.
BUILTIN_COVERAGE: dict[str, list[str]] = {
    "lit.appearance_rate": [r"出庭应诉"],
    "norm.legality_review_rate": [r"规范性文件.{0,4}?合法性审核"],
    "dec.legality_review_rate": [r"重大(?:行政)?决策.{0,4}?合法性审查"],
    "enf.certified_rate": [r"持证上岗"],
}

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
_COUNT_UNITS = {"次", "场", "期", "轮", "批", "场次"}


def _same_measure(phrase_unit: str, metric_unit: str) -> bool:
    """Whether 「N期」 can count a metric measured in 次: sessions are sessions; 名 are 人."""
    if phrase_unit in _COUNT_UNITS:
        return metric_unit in ("次", "场")
    return phrase_unit.replace("名", "人") == metric_unit


def _op(pre: str | None, post: str | None) -> Op | None:
    if post in ("以上", "及以上"):
        return ">="
    if post in ("以下", "以内"):
        return "<="
    return _WORD_OPS.get(pre or "")


class MetricMatcher:
    """Which catalogue metric a phrase's subject names: the longest name, alias or wording it ends with."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.names: list[tuple[Metric, str]] = []
        self.coverage: list[tuple[Metric, str]] = []
        for metric in catalogue.metrics:
            names = [metric.name, *(getattr(metric, "aliases", None) or [])]
            self.names += [(metric, p) for p in [re.escape(n) for n in names] + BUILTIN_ALIASES.get(metric.id, [])]
            if metric.is_rate:
                stems = [re.escape(re.sub(r"(率|比例)$", "", n)) for n in names]
                numerator = catalogue.by_id.get(metric.numerator or "")
                stems += [re.escape(numerator.name)] if numerator else []
                self.coverage += [(metric, p) for p in stems + BUILTIN_COVERAGE.get(metric.id, [])]

    @staticmethod
    def _best(table: list[tuple[Metric, str]], subject: str, *, rate: bool, anchored: bool) -> Metric | None:
        best, length = None, 0
        for metric, pattern in table:
            found = re.search(f"(?:{pattern})$" if anchored else pattern, subject)
            if metric.is_rate == rate and found and len(found.group(0)) > length:
                best, length = metric, len(found.group(0))
        return best

    def rate(self, subject: str) -> Metric | None:
        return self._best(self.names, subject, rate=True, anchored=True)

    def count(self, subject: str, *, anchored: bool = True) -> Metric | None:
        return self._best(self.names, subject, rate=False, anchored=anchored)

    def covered_rate(self, subject: str) -> Metric | None:
        return self._best(self.coverage, subject, rate=True, anchored=True)


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
        if op is None:
            continue
        value = float(m.group("num"))
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
        if metric is not None and not _same_measure(m.group("unit"), metric.unit):
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
