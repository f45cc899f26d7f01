"""What drafting produces: the report's paragraphs, where every unit item went, and the findings on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from annual_report.config.outline import SectionKey
from annual_report.config.themes import Theme
from annual_report.drafting.facts import has_figures
from annual_report.findings import Finding
from annual_report.text.likeness import bigrams

# Whose work an item reports: the region's (written without a unit, 「全市……」); the region's, led by the unit
# (「市司法局牵头……」); the unit's own action (its name as subject); a lower government's own results (a
# county's or a township's: its name, and none of the region's figures). SCOPES orders them when items merge.
Scope = Literal["region", "led", "unit", "lower"]
SCOPES: tuple[Scope, ...] = ("region", "led", "lower", "unit")


@dataclass(frozen=True)
class Source:
    """One item as a unit sent it."""

    unit: str  # unit id
    order: int  # the unit's place in the registry
    file: str
    location: str  # achievements[3]
    place: str  # where the unit wrote it: 第5段 in a Word report, a workbook's row, else `location`
    section: SectionKey
    topic: str | None  # outline topic key (成效 only)
    text: str
    pinned: str | None = None  # theme the unit asked for
    tasks: tuple[str, ...] = ()  # 工作要点 task numbers the unit named


@dataclass
class Piece:
    """One or more units' items saying the same thing, the unit written as the subject marker."""

    template: str
    sources: list[Source]
    theme: Theme | None = None
    keywords: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # first person rewritten
    ambiguous: list[str] = field(default_factory=list)
    government: bool = False  # the government speaking of its own work (市政府…)
    contradicted: list[str] = field(default_factory=list)  # stated figures that disagree with the reported ones
    restated: list[str] = field(default_factory=list)  # region figures rewritten as the report prints them
    scope: Scope = "unit"
    attribution: str = ""  # how the scope was decided, for the 审阅稿
    foreign: list[str] = field(default_factory=list)  # the region's figures a lower government quotes: not written
    significance: int = 0  # results and honours, figures, breadth: what a report leads with
    stated: frozenset[str] = frozenset()  # metric ids whose region figure the item states
    merged: list[str] = field(default_factory=list)  # facts of near-duplicates folded in but not written
    unreported: list[tuple[str, str]] = field(default_factory=list)  # (phrase, metric id) of metrics nobody reported

    @property
    def units(self) -> list[str]:
        """Source units, registry order, each once."""
        if len(self.sources) == 1:  # most pieces
            return [self.sources[0].unit]
        return [s.unit for s in sorted({s.unit: s for s in self.sources}.values(), key=lambda s: s.order)]

    @property
    def concrete(self) -> tuple[int, int]:
        """More units first, then pieces with figures."""
        return len(self.units), int(has_figures(self.template))

    @property
    def rank(self) -> tuple[int, int, int, int]:
        """What a report leads with: significance with breadth (each unit beyond the first counts as a figure,
        up to two), breadth, figures, then registry order (ascending sort)."""
        units, figures = self.concrete
        return -self.significance - min(2, units - 1), -units, -figures, min(s.order for s in self.sources)

    @property
    def signature(self) -> frozenset[int]:
        return bigrams(self.template)


@dataclass
class Sentence:
    text: str  # as printed
    notes: list[str] = field(default_factory=list)  # for the 审阅稿: sources, rewrites, checks
    pieces: list[Piece] = field(default_factory=list)
    metrics: frozenset[str] = frozenset()  # the region figures it prints: a sentence of the report's own
    withheld: frozenset[str] = frozenset()  # rates it leaves out: their units are not those of the totals beside


@dataclass
class Passage:
    """One paragraph: a lead (theme) and its sentences."""

    lead: str  # the run-in title, e.g. 强化领导干部学法用法; "" for none
    sentences: list[Sentence]
    joiner: str = ""  # between sentences: "" (each ends in 。) or "；" (a list of measures)
    notes: list[str] = field(default_factory=list)  # on the whole paragraph (a problem without its cause)

    @property
    def text(self) -> str:
        if not self.joiner:
            return "".join(s.text for s in self.sentences)
        return self.joiner.join(s.text.rstrip("。；") for s in self.sentences) + "。"


@dataclass(frozen=True)
class Placement:
    """Where one unit item went, for the workbook sheet the office uses to correct keywords."""

    source: Source
    theme: str  # theme lead, or 未归类
    keywords: tuple[str, ...]
    placed: str  # 正文 / 正文（与其他单位合并） / 未写入正文：…
    rewritten: tuple[str, ...]


PLACEHOLDER = "【待补充：本部分没有收到可以写入的材料，请补写】"  # a gap in the 公开稿, visible to the office


@dataclass(frozen=True)
class Gap:
    """A required section with nothing to draw on: the units that should have supplied it."""

    section: SectionKey
    units: tuple[str, ...]  # unit ids: submitted without it, or not at all


@dataclass
class Draft:
    topics: dict[str, list[Passage]]  # 成效, per outline topic, region figures woven into their themes' paragraphs
    sections: dict[SectionKey, list[Passage]]  # the other sections
    remainder: list[tuple[SectionKey, str, str, Piece]]  # (section, topic heading or "", theme lead, piece)
    placements: list[Placement]
    findings: list[Finding]
    remainder_omitted: int = 0  # left-out items beyond the remainder budget: counted, listed in the workbook
    opening: dict[SectionKey, Passage] = field(default_factory=dict)  # a section's opening paragraph (下一年度)
    gaps: list[Gap] = field(default_factory=list)

    def passages(self) -> list[Passage]:
        return [p for ps in (*self.topics.values(), *self.sections.values()) for p in ps]

    def unreported_in_body(self) -> dict[str, tuple[str, str]]:
        """Metric id → (unit id, phrase): figures the body states, from a unit's text, of metrics no unit
        reported (「聘任32名同志为海东市行政执法特邀监督员」)."""
        found: dict[str, tuple[str, str]] = {}
        for passage in self.passages():
            for piece in (p for s in passage.sentences for p in s.pieces):
                for phrase, metric in piece.unreported:
                    found.setdefault(metric, (piece.sources[0].unit, phrase))
        return found
