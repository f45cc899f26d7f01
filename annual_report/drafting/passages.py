"""Paragraphs from pieces, as a 文秘 writes them.

Pieces are grouped by theme, near-duplicates merged into one sentence naming their units. What goes in is chosen
by significance (Piece.rank: results and honours, figures, breadth), themes by their best piece; what does not
fit is left over with the reason. Within a paragraph the region's own work comes first (without a unit, or the
government's own, or what a unit led), then the region's figures of the theme, then units' own actions under
their names (「市公安局、市市场监管局等5个部门……」 where several did the same), in registry order. In 存在的不足
units are not named (「个别部门」「部分乡镇（街道）」).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annual_report.config.outline import SectionKey
from annual_report.config.workspace import ReportConfig
from annual_report.drafting.merge import merge
from annual_report.drafting.model import Passage, Piece, Sentence
from annual_report.drafting.voice import (
    SUBJECT,
    names_a_doer,
    needs_subject,
    registry_names,
    speak,
    speaks_for_region,
    with_subject,
)
from annual_report.text.lists import named
from annual_report.text.sentences import as_sentence
from annual_report.wording.numbers import region_word

UNTHEMED = "未归类"
_CLAUSE = re.compile(r"[^，；。]+[，；。]?")
# A clause that leans on the one before: 「其中……」「占……」, or a change (「受案率较去年同期上升300%」).
_LEANS = re.compile(r"^(?:另有|其中|其余|占|均)|同比|较(?:去年|上年|上一年)|比(?:去年|上年)")
_BARE = re.compile(r"^(?:\d{4}年(?:以来|起)?|全年|年内|今年)[，,]?$")  # a time phrase, nothing said
_QUANTIFIERS = ("部分", "个别", "少数", "一些")
_FIRST = ("region", "led")  # scopes written before the theme's figures
_OWN = ("unit", "lower")  # scopes whose unit is named
_DONE: tuple[SectionKey, ...] = ("achievements", "responsibility")  # sections of work done: the doer is named
_FIGURES = 3  # a theme stating the region's figures weighs as a piece with figures and novelty; honours more


@dataclass
class Leftover:
    theme: str  # the theme's lead, or UNTHEMED
    piece: Piece
    reason: str


@dataclass
class Group:
    """One theme's pieces (merged) and the figure sentences its paragraph states."""

    key: str
    lead: str
    order: int  # the theme's place in the themes file
    pieces: list[Piece]
    figures: bool = False  # the region's figures go into this theme's paragraph

    @property
    def weight(self) -> tuple[int, bool, int, int, int]:
        """Its best piece's significance (the region's figures weigh as a result), whether it states the region's
        figures, units, pieces with figures."""
        best = max((p.significance for p in self.pieces), default=0)
        return (max(best, _FIGURES * self.figures), self.figures, len({u for p in self.pieces for u in p.units}),
                sum(p.concrete[1] for p in self.pieces), len(self.pieces))


class Writer:
    """Builds sentences and paragraphs for one report."""

    def __init__(self, config: ReportConfig, own: bool = False) -> None:
        self.config = config
        self.own = own  # a unit's own report: its items as it wrote them, no one else named
        self.options = config.drafting
        self.names = registry_names(config)
        self.dropped: list[Leftover] = []  # pieces nothing of which could be written

    def _group_word(self, units: list[str]) -> str:
        kinds = {self.config.kinds[self.config.unit_by_id[u].kind].name for u in units}
        for words, group in ((("乡镇", "街道"), "乡镇（街道）"), (("部门",), "部门"), (("县", "区"), "县区")):
            if all(any(w in k for w in words) for k in kinds):
                return group
        return "单位"

    def subject(self, piece: Piece, section: SectionKey) -> tuple[str, str]:
        """Who did it, first and later in the sentence: none for the region's own work; one unit's short name;
        several names and 「各部门」; 「个别部门」 in 存在的不足; none at the head of a 下一年度 measure."""
        units = piece.units
        group = self._group_word(units)
        if self.own:
            return "", ""
        if section == "problems":
            generic = ("个别" if len(units) == 1 else "部分") + group
            return generic, generic
        if piece.scope == "region" and section != "next_year":
            return "", ""
        labels = [self.config.unit_by_id[u].label for u in units]
        later = labels[0] if len(labels) == 1 else f"各{group}"
        both = "、".join(labels) if len(labels) <= self.options.units_named else \
            f"{'、'.join(labels[:2])}等{len(labels)}个{group}"
        return ("" if section == "next_year" else both), (both if section == "next_year" and len(labels) == 1
                                                          else later)

    def sentence(self, piece: Piece, section: SectionKey) -> Sentence:
        """The piece as printed, figures that cannot stand left out; notes for review."""
        subject, later = self.subject(piece, section)
        if section == "problems" and piece.template.lstrip(SUBJECT).startswith(_QUANTIFIERS):
            subject = ""  # 「部分领导干部……」 already says whose
        text = as_sentence(speak(piece.template, subject, later, measure=section == "next_year"))
        if piece.scope == "region" and not subject and section != "next_year" and needs_subject(text, self.config) \
                and not speaks_for_region(text, self.config):
            text = with_subject(text, region_word(self.config.region))  # 「全市在9个乡镇（街道）设立……」
        elif piece.scope in _OWN and subject and section in _DONE and SUBJECT not in piece.template and \
                not piece.government and not names_a_doer(text, self.config):
            text = with_subject(text, subject)  # a unit's own figures never read as the region's
        text, contradicted = without(text, lambda clause: any(p in clause for p in piece.contradicted))
        text, foreign = without(text, lambda clause: any(p in clause for p in piece.foreign))
        if not text:
            why = "所述数字与报送数字不一致" if contradicted else "所引为全域合计而非本级数字"
            self.dropped.append(Leftover(piece.theme.lead if piece.theme else UNTHEMED, piece, f"{why}，全句未写入"))
        return Sentence(text=text, notes=self._notes(piece, section, contradicted, foreign), pieces=[piece])

    def _notes(self, piece: Piece, section: SectionKey, contradicted: list[str], foreign: list[str]) -> list[str]:
        labels = named([self.config.unit_by_id[u].label for u in piece.units], self.options.units_listed)
        notes = [f"来源：{labels}" + ("（多个单位报送的相同内容，已合并）" if len(piece.sources) > 1 else "")]
        if piece.theme is not None:
            notes.append(f"主题：{piece.theme.lead}（关键词：{'、'.join(piece.keywords)}）")
        if piece.attribution and section in ("achievements", "responsibility"):
            notes.append(f"口径：{piece.attribution}")
        if piece.changes:
            notes.append(f"已将{'、'.join(dict.fromkeys(piece.changes))}改为单位名称或地区名称")
        notes += [f"请核对：{a}" for a in piece.ambiguous]
        if contradicted:
            notes.append(f"所述数字与报送数字不一致，已略去：{'；'.join(contradicted)}")
        if foreign:
            notes.append(f"所引为全域合计而非本级数字，已略去（全域数字由报告统一表述）：{'；'.join(foreign)}")
        if piece.restated:
            notes.append(f"与全域合计一致，已按统计表的写法统一：{'；'.join(piece.restated)}")
        if piece.merged:
            notes.append(f"合并相近内容时未写入：{'、'.join(piece.merged)}")
        return notes

    def groups(self, pieces: Iterable[Piece], order: dict[str, int]) -> tuple[list[Group], list[Leftover]]:
        """Pieces by theme, near-duplicates merged within each; pieces of no theme left over."""
        by_theme: dict[str | None, list[Piece]] = defaultdict(list)
        for piece in pieces:
            by_theme[piece.theme.key if piece.theme else None].append(piece)
        leftovers = [Leftover(UNTHEMED, p, "未归类（主题关键词均未命中）") for p in by_theme.pop(None, [])]
        found = []
        for key, group in by_theme.items():
            theme = group[0].theme
            assert theme is not None
            found.append(Group(key, theme.lead, order.get(key, len(order)), merge(group, self.names)))
        return found, leftovers

    def budget(self, groups: list[Group], runs: int, per_run: int) -> tuple[list[tuple[Group, list[Piece]]],
                                                                              list[Leftover]]:
        """Up to `runs` themes, the weightiest (ties in the themes file's order), each with its `per_run` most
        significant pieces; the rest left over with the reason. The themes keep the themes file's order."""
        ranked = sorted(groups, key=lambda g: (tuple(-w for w in g.weight), g.order))
        chosen: list[tuple[Group, list[Piece]]] = []
        leftovers: list[Leftover] = []
        for rank, group in enumerate(ranked):
            if rank >= runs:
                leftovers += [Leftover(group.lead, p, f"超出篇幅（本部分至多{runs}段，本主题分量靠后）") for p in group.pieces]
                continue
            best = sorted(group.pieces, key=lambda p: p.rank)
            chosen.append((group, best[:per_run]))
            leftovers += [Leftover(group.lead, p, f"超出篇幅（每段至多{per_run}条，成果、数字和报送单位较多的在前）")
                          for p in best[per_run:]]
        return sorted(chosen, key=lambda c: c[0].order), leftovers  # printed in the themes file's order

    def passage(self, lead: str, pieces: list[Piece], section: SectionKey,
                figures: Callable[[list[str]], list[Sentence]] | None = None, joiner: str = "") -> Passage:
        """The region's own work, then the figures (given the items' printed texts), then units' own actions;
        each part in registry order."""
        pieces = sorted(pieces, key=lambda p: (not p.government, min(s.order for s in p.sources)))
        first = [self.sentence(p, section) for p in pieces if p.government or p.scope in _FIRST]
        rest = [self.sentence(p, section) for p in pieces if not (p.government or p.scope in _FIRST)]
        stated = figures([s.text for s in (*first, *rest)]) if figures else []
        return Passage(lead, [s for s in (*first, *stated, *rest) if s.text], joiner)


def without(text: str, drop: Callable[[str], bool]) -> tuple[str, list[str]]:
    """`text` without the clauses `drop` picks and the clauses that lean on them (「其中……」「较去年上升……」);
    "" when nothing but a time phrase would be left (never a fragment)."""
    clauses = _CLAUSE.findall(text)
    kept, dropped = [], []
    for i, clause in enumerate(clauses):
        leans = bool(dropped) and dropped[-1] is clauses[i - 1] and _LEANS.search(clause) is not None
        (dropped if drop(clause) or leans else kept).append(clause)
    if not dropped:
        return text, []
    gone = [c.rstrip("，；。") for c in dropped]
    if all(_BARE.match(c.strip()) for c in kept):
        return "", gone
    return as_sentence("".join(kept).rstrip("，；")), gone
