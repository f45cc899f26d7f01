"""What drafting produces: the report's paragraphs, where every unit item went, and the findings on them."""

from __future__ import annotations

from dataclasses import dataclass, field

from annual_report.config.outline import SectionKey
from annual_report.config.themes import Theme
from annual_report.drafting.facts import has_figures
from annual_report.findings import Finding
from annual_report.text.likeness import bigrams
from annual_report.wording.sentences import FigureSentence


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

    @property
    def units(self) -> list[str]:
        """Source units, registry order, each once."""
        return [s.unit for s in sorted({s.unit: s for s in self.sources}.values(), key=lambda s: s.order)]

    @property
    def concrete(self) -> tuple[int, int]:
        """More units first, then pieces with figures."""
        return len(self.units), int(has_figures(self.template))

    @property
    def signature(self) -> frozenset[str]:
        return bigrams(self.template)


@dataclass
class Sentence:
    text: str  # as printed
    notes: list[str] = field(default_factory=list)  # for the 审阅稿: sources, rewrites, checks
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Passage:
    """One paragraph: a lead (theme) and its sentences."""

    lead: str  # the bold run-in title, e.g. 强化领导干部学法用法; "" for none
    sentences: list[Sentence]
    joiner: str = ""  # between sentences: "" (each ends in 。) or "；" (a list of measures)

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


@dataclass
class Draft:
    topic_sentences: dict[str, list[FigureSentence]]  # the statistics opening each 成效 topic
    topics: dict[str, list[Passage]]  # 成效, per outline topic
    sections: dict[SectionKey, list[Passage]]  # the other sections
    remainder: list[tuple[SectionKey, str, str, Piece]]  # (section, topic heading or "", theme lead, piece)
    placements: list[Placement]
    findings: list[Finding]
    remainder_omitted: int = 0  # left-out items beyond the remainder budget: counted, listed in the workbook
