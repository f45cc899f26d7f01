"""Paragraphs from pieces: each theme one run-in paragraph, its most concrete pieces joined as prose.

Within a theme the government's own work comes first, then units in registry order; themes are ordered by
weight (units, pieces with figures). Where several units did the same thing one sentence names them
(「市公安局、市市场监管局等5个部门……」). In 存在的不足 units are not named (「个别部门」「部分乡镇（街道）」).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annual_report.config.outline import SectionKey
from annual_report.config.workspace import ReportConfig
from annual_report.drafting.facts import figures
from annual_report.drafting.merge import merge
from annual_report.drafting.model import Passage, Piece, Sentence
from annual_report.drafting.voice import SUBJECT, registry_names, speak
from annual_report.text.sentences import as_sentence
from annual_report.wording.lists import named

UNTHEMED = "未归类"
_CLAUSE = re.compile(r"[^，；。]+[，；。]?")
_DEPENDENT = ("另有", "其中", "其余", "占", "同比", "较上年", "均")  # a clause that leans on the one before
_QUANTIFIERS = ("部分", "个别", "少数", "一些")
@dataclass
class Leftover:
    theme: str  # the theme's lead, or UNTHEMED
    piece: Piece
    reason: str


class Writer:
    """Builds sentences and runs for one report."""

    def __init__(self, config: ReportConfig) -> None:
        self.config = config
        self.options = config.drafting
        self.names = registry_names(config)

    def _group_word(self, units: list[str]) -> str:
        kinds = {self.config.kinds[self.config.unit_by_id[u].kind].name for u in units}
        for words, group in ((("乡镇", "街道"), "乡镇（街道）"), (("部门",), "部门"), (("县", "区"), "县区")):
            if all(any(w in k for w in words) for k in kinds):
                return group
        return "单位"

    def subject(self, piece: Piece, section: SectionKey) -> tuple[str, str]:
        """Who did it, first and later in the sentence: one unit's short name; several names and 「各部门」;
        「个别部门」 in 存在的不足; none at the head of a 下一年度 measure."""
        units = piece.units
        group = self._group_word(units)
        if section == "problems":
            generic = ("个别" if len(units) == 1 else "部分") + group
            return generic, generic
        labels = [self.config.unit_by_id[u].label for u in units]
        later = labels[0] if len(labels) == 1 else f"各{group}"
        named = "、".join(labels) if len(labels) <= self.options.units_named else \
            f"{'、'.join(labels[:2])}等{len(labels)}个{group}"
        return ("" if section == "next_year" else named), (named if section == "next_year" and len(labels) == 1
                                                           else later)

    def sentence(self, piece: Piece, section: SectionKey, stated: frozenset[str] = frozenset()) -> Sentence:
        """The piece as printed, figures already stated in the topic's opening left out; notes for review."""
        subject, later = self.subject(piece, section)
        if section == "problems" and piece.template.lstrip(SUBJECT).startswith(_QUANTIFIERS):
            subject = ""  # 「部分领导干部……」 already says whose
        text = as_sentence(speak(piece.template, subject, later))
        text, contradicted = _without(text, lambda clause: any(p in clause for p in piece.contradicted))
        text, dropped = _without_repeats(text, stated, subject)
        labels = named([self.config.unit_by_id[u].label for u in piece.units], self.options.units_listed)
        notes = [f"来源：{labels}" + ("（多个单位报送的相同内容，已合并）" if len(piece.sources) > 1 else "")]
        if piece.theme is not None:
            notes.append(f"主题：{piece.theme.lead}（关键词：{'、'.join(piece.keywords)}）")
        if piece.changes:
            notes.append(f"已将{'、'.join(dict.fromkeys(piece.changes))}改为单位名称或地区名称")
        notes += [f"请核对：{a}" for a in piece.ambiguous]
        if dropped:
            notes.append(f"与本部分开头的统计数字重复，已略去：{'；'.join(dropped)}")
        if contradicted:
            notes.append(f"所述数字与报送数字不一致，已略去：{'；'.join(contradicted)}")
        if piece.restated:
            notes.append(f"与全域合计一致，已按统计表的写法统一：{'；'.join(piece.restated)}")
        return Sentence(text=text, notes=notes, pieces=[piece])

    def themed(self, pieces: Iterable[Piece], section: SectionKey, runs: int, per_run: int,
               stated: frozenset[str] = frozenset(), order: dict[str, int] | None = None
               ) -> tuple[list[Passage], list[Leftover]]:
        """Up to `runs` paragraphs, one per theme, heaviest first (ties in the themes file's `order`);
        what does not fit is left over."""
        by_theme: dict[str | None, list[Piece]] = defaultdict(list)
        for piece in pieces:
            by_theme[piece.theme.key if piece.theme else None].append(piece)
        leftovers = [Leftover(UNTHEMED, p, "未归类（主题关键词均未命中）") for p in by_theme.pop(None, [])]
        groups = [merge(group, self.names) for group in by_theme.values()]
        rank_of = order or {}
        groups.sort(key=lambda g: (*_weight(g), -rank_of.get(g[0].theme.key, 0)), reverse=True)  # type: ignore[union-attr]
        out: list[Passage] = []
        for rank, group in enumerate(groups):
            lead = group[0].theme.lead  # type: ignore[union-attr]
            if rank >= runs:
                leftovers += [Leftover(lead, p, f"超出篇幅（至多{runs}段，本主题分量靠后）") for p in group]
                continue
            chosen = sorted(group, key=_concrete)[:per_run]
            leftovers += [Leftover(lead, p, f"超出篇幅（每个主题至多{per_run}条）") for p in group if p not in chosen]
            chosen.sort(key=lambda p: (not p.government, min(s.order for s in p.sources)))
            joiner = "；" if section in ("problems", "next_year") else ""
            out.append(Passage(lead, [self.sentence(p, section, stated) for p in chosen], joiner))
        return out, leftovers


def _concrete(piece: Piece) -> tuple[bool, int, int, int]:
    units, figures = piece.concrete
    return not piece.government, -units, -figures, min(s.order for s in piece.sources)


def _weight(group: list[Piece]) -> tuple[int, int, int]:
    """Units that wrote on the theme, its pieces with figures, its pieces."""
    return len({u for p in group for u in p.units}), sum(p.concrete[1] for p in group), len(group)


def _without(text: str, drop: Callable[[str], bool], keep_first: bool = False) -> tuple[str, list[str]]:
    """`text` without the clauses `drop` picks and the clauses that lean on them (「另有……」「其中……」);
    with `keep_first`, the opening clause (it names who acts) always stays. A text whose every clause
    would go is kept whole."""
    clauses = _CLAUSE.findall(text)
    kept, dropped = [], []
    for i, clause in enumerate(clauses):
        leans = bool(dropped) and dropped[-1] is clauses[i - 1] and clause.startswith(_DEPENDENT)
        goes = (drop(clause) or leans) and not (keep_first and i == 0)
        (dropped if goes else kept).append(clause)
    if not dropped or not kept:
        return text, []
    return as_sentence("".join(kept).rstrip("，；")), [c.rstrip("，；。") for c in dropped]


def _without_repeats(text: str, stated: frozenset[str], subject: str = "") -> tuple[str, list[str]]:
    """`text` without its clauses whose figures the topic's opening already states; when the opening
    clause goes, the subject is kept in front of what remains."""
    if not stated:
        return text, []
    repeats = lambda clause: bool(found := figures(clause)) and found <= stated  # noqa: E731
    named = bool(subject) and text.startswith(subject)  # an opening clause can go only if its subject stays
    kept, dropped = _without(text, repeats, keep_first=not named)
    if named and dropped and not kept.startswith(subject):
        kept = subject + kept
    return kept, dropped
