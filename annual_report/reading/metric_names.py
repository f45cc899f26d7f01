"""Metric names as reports and plans write them: which catalogue metric a phrase names (the catalogue's names
and aliases, and the wordings plans and reports commonly use), and whether a phrase's unit word measures it.
Plan import reads targets with it, intake a Word report's figures."""

from __future__ import annotations

import re

from annual_report.config.catalogue import Catalogue, Metric

# Wordings plans use for catalogue metrics, beyond the catalogue's own names (and its `aliases`, when it has them).
BUILTIN_ALIASES: dict[str, list[str]] = {
    "lit.appearance_rate": [r"出庭应诉(?:率|比例)", r"(?:负责人)?出庭(?:率|比例)"],
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
    "norm.legality_review_rate": [r"规范性文件.{0,8}?(?:合法性|法制)?审(?:核|查)率"],
    "norm.filing_rate": [r"规范性文件.{0,4}?(?:备案|报备)率"],
    "norm.filing_timely_rate": [r"(?:备案|报备)及时率"],
    "dec.legality_review_rate": [r"(?:重大)?(?:行政)?决策.{0,8}?(?:合法性)?审(?:查|核)率"],
    "jud.feedback_rate": [r"(?:司法建议|检察建议).{0,10}?反馈率"],
    "petition.on_time_rate": [r"信访(?:事项)?(?:按期)?办结率"],
    "proposal.closure_rate": [r"(?:建议|提案).{0,6}?办结率", r"建议[和及、](?:政协)?(?:委员)?提案.{0,4}?办结率"],
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
# Short forms of a rate that name what is done or covered: 「…合法性审核制度执行率」「…覆盖率」 are the rate of
# what precedes them, found as 「…全覆盖」 is.
_DONE_RATE = re.compile(r"(?:制度)?(?:执行|落实|覆盖|实施)(?:率|比例)$")


Wording = tuple[Metric, re.Pattern[str], re.Pattern[str]]  # a metric, its wording anywhere, and at the end


def _wordings(metric: Metric, patterns: list[str]) -> list[Wording]:
    return [(metric, re.compile(p), re.compile(f"(?:{p})$")) for p in patterns]


class MetricMatcher:
    """Which catalogue metric a phrase's subject names: the longest name, alias or wording it ends with."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.names: list[Wording] = []
        self.coverage: list[Wording] = []
        self._found: dict[tuple[bool, str, bool, bool], Metric | None] = {}
        for metric in catalogue.metrics:
            names = [metric.name, *(getattr(metric, "aliases", None) or [])]
            self.names += _wordings(metric, [re.escape(n) for n in names] + BUILTIN_ALIASES.get(metric.id, []))
            if metric.is_rate:
                stems = [re.escape(re.sub(r"(率|比例)$", "", n)) for n in names]
                numerator = catalogue.by_id.get(metric.numerator or "")
                stems += [re.escape(numerator.name)] if numerator else []
                self.coverage += _wordings(metric, stems + BUILTIN_COVERAGE.get(metric.id, []))

    def _best(self, table: list[Wording], subject: str, *, rate: bool, anchored: bool) -> Metric | None:
        key = (table is self.names, subject, rate, anchored)
        if key not in self._found:  # row names and subjects recur across units' files
            self._found[key] = self._search(table, subject, rate=rate, anchored=anchored)
        return self._found[key]

    @staticmethod
    def _search(table: list[Wording], subject: str, *, rate: bool, anchored: bool) -> Metric | None:
        best, length = None, 0
        for metric, anywhere, at_end in table:
            if metric.is_rate != rate:
                continue
            found = (at_end if anchored else anywhere).search(subject)
            if found and len(found.group(0)) > length:
                best, length = metric, len(found.group(0))
        return best

    def rate(self, subject: str) -> Metric | None:
        """The rate a subject names: by name, alias or wording, else a short form (…执行率, …覆盖率) of a rate
        whose object precedes it; None when the catalogue has no such rate (重大执法决定法制审核制度执行率)."""
        named = self._best(self.names, subject, rate=True, anchored=True)
        stem = _DONE_RATE.sub("", subject)
        if named is None and stem != subject:
            return self._best(self.coverage, stem, rate=True, anchored=True) or self.rate(stem)
        return named

    def count(self, subject: str, *, anchored: bool = True) -> Metric | None:
        return self._best(self.names, subject, rate=False, anchored=anchored)

    def covered_rate(self, subject: str) -> Metric | None:
        return self._best(self.coverage, subject, rate=True, anchored=True)


_MATCHERS: dict[int, tuple[Catalogue, MetricMatcher]] = {}  # id(catalogue) → it and its matcher, newest last


def matcher_for(catalogue: Catalogue) -> MetricMatcher:
    """The matcher of `catalogue`, made once (its several hundred patterns, not compiled again for each Word
    file); the last few catalogues' matchers are kept."""
    held = _MATCHERS.pop(id(catalogue), None)
    if held is None or held[0] is not catalogue:
        held = (catalogue, MetricMatcher(catalogue))
    _MATCHERS[id(catalogue)] = held
    while len(_MATCHERS) > 4:
        del _MATCHERS[next(iter(_MATCHERS))]
    return held[1]

