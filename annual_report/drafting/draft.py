"""Drafting: the units' items become the report's paragraphs, as a 文秘 would write them.

Every item is rewritten out of the unit's first person, given a theme, merged with items that say the same
thing (never losing a number or a name), and either written into a paragraph within the section's budget
or kept for the 审阅稿's 「未写入正文的报送内容」. Figures the items state are checked against the figures
reported. The same inputs always give the same text.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

from annual_report.config.outline import SectionKey
from annual_report.config.workspace import ReportConfig, Workspace
from annual_report.drafting.facts import figures as figure_tokens
from annual_report.drafting.figures_check import FigureCheck, FigureChecker
from annual_report.drafting.model import Draft, Passage, Piece, Placement, Source
from annual_report.drafting.passages import Leftover, Writer
from annual_report.drafting.voice import neutral, speak
from annual_report.validation import ValidationReport
from annual_report.wording import Figures, FigureSentence, figure_sentences
from annual_report.wording.numbers import region_word

_JOINT_OPENINGS = ("市委、市政府", "市委市政府", "县委、县政府", "区委、区政府")


def collect(config: ReportConfig, report: ValidationReport) -> list[Source]:
    """Every accepted item of every unit, in registry order, with where it came from."""
    topics = [t.key for t in config.outline.topics]
    sources = []
    for order, unit in enumerate(config.units):
        result = report.units.get(unit.id)
        if result is None or result.submission is None:
            continue
        for section in (s.key for s in config.outline.sections):
            for i, item in enumerate(result.submission.items(section)):
                # 成效 items go under their topic; without a known one, under the last
                topic = (item.topic if item.topic in topics else topics[-1]) if section == "achievements" else None
                key = item.location or f"{section}[{i}]"
                sources.append(Source(unit=unit.id, order=order, file=result.file_of(section), location=key,
                                      place=item.place or key, section=section, topic=topic, text=item.text,
                                      pinned=item.theme))
    return sources


def _government(text: str, config: ReportConfig) -> bool:
    """The government speaking of its own work: 市政府…, 示例市人民政府…, 市委、市政府…."""
    region = config.region
    return text.startswith((config.government, f"{region[-1]}政府", f"{region[-1]}人民政府", *_JOINT_OPENINGS))


def piece_of(source: Source, ws: Workspace, check: FigureCheck) -> Piece:
    config = ws.config
    unit = config.unit_by_id[source.unit]
    voiced = neutral(source.text, unit, config, subjectless=source.section in ("achievements", "responsibility"))
    template = voiced.template
    for written, printed in check.rewrites:  # one figure, one value: the region's figures as the report prints them
        template = template.replace(written, printed)
    match = ws.themes.match(source.section, template, source.pinned)
    return Piece(template=template, sources=[source], theme=match.theme, keywords=match.keywords,
                 changes=voiced.changes, ambiguous=voiced.ambiguous,
                 contradicted=[phrase for phrase, _ in check.contradicted],
                 restated=[f"「{w}」改为统计表的写法「{p}」" for w, p in check.rewrites],
                 government=_government(speak(template, unit.label), config))


class _Drafter:
    def __init__(self, ws: Workspace, figures: Figures, pieces: list[Piece]) -> None:
        self.ws = ws
        self.figures = figures
        self.writer = Writer(ws.config)
        self.options = ws.config.drafting
        self.groups: dict[tuple[SectionKey, str | None], list[Piece]] = {}
        for piece in pieces:
            self.groups.setdefault((piece.sources[0].section, piece.sources[0].topic), []).append(piece)
        self.leftovers: list[tuple[SectionKey, str, Leftover]] = []

    def order(self, section: SectionKey) -> dict[str, int]:
        return {t.key: i for i, t in enumerate(self.ws.themes.of(section))}

    def of(self, section: SectionKey, topic: str | None = None) -> list[Piece]:
        """A section's pieces (成效: one topic's), in the order the units sent them."""
        return self.groups.get((section, topic), [])

    def topics(self) -> tuple[dict[str, list[FigureSentence]], dict[str, list[Passage]]]:
        """Per 成效 topic: its statistics sentences, then up to runs_per_topic themed paragraphs."""
        sentences, runs = {}, {}
        region = region_word(self.ws.config.region)
        for topic in self.ws.config.outline.topics:
            found = [s for g in topic.groups for s in figure_sentences(self.figures, g)]
            if found and not found[0].text.startswith((region, self.ws.config.region)):
                # the group's first sentence, naming the region, had no data
                found[0] = FigureSentence(region + found[0].text, found[0].metrics)
            sentences[topic.key] = found
            stated = figure_tokens("".join(s.text for s in sentences[topic.key]))
            runs[topic.key], left = self.writer.themed(
                self.of("achievements", topic.key), "achievements", self.options.runs_per_topic,
                self.options.items_per_run, stated, self.order("achievements"))
            self.leftovers += [("achievements", topic.heading, x) for x in left]
        return sentences, runs

    def responsibility(self) -> list[Passage]:
        """The government's head first (one paragraph), then how units followed (one paragraph)."""
        pieces = self.of("responsibility")
        per = self.options.responsibility_items
        government = [p for p in pieces if p.government]
        first = [Passage("", [self.writer.sentence(p, "responsibility") for p in government[:per]])] if government else []
        runs, left = self.writer.themed([p for p in pieces if not p.government], "responsibility",
                                        per, 1, order=self.order("responsibility"))
        others = [s for run in runs for s in run.sentences]
        others.sort(key=lambda s: min(src.order for p in s.pieces for src in p.sources))
        left += [Leftover("", p, f"超出篇幅（第一段至多{per}条）") for p in government[per:]]
        self.leftovers += [("responsibility", "", x) for x in left]
        return first + ([Passage("", others)] if others else [])

    def listed(self, section: SectionKey, runs: int, per_run: int) -> list[Passage]:
        out, left = self.writer.themed(self.of(section), section, runs, per_run, order=self.order(section))
        self.leftovers += [(section, "", x) for x in left]
        return out

    def other(self) -> list[Passage]:
        return [Passage("", [self.writer.sentence(p, "other")]) for p in self.of("other")]


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Drafting makes many small objects and few cycles; the cyclic collector would rescan the inputs'
    objects again and again (a third of the time at 50,000 items). Cycles made meanwhile are collected later."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def draft(ws: Workspace, report: ValidationReport, figures: Figures) -> Draft:
    """The drafted body of the report (see the module docstring)."""
    with _cycle_collector_paused():
        return _draft(ws, report, figures)


def _draft(ws: Workspace, report: ValidationReport, figures: Figures) -> Draft:
    sources = collect(ws.config, report)
    checker = FigureChecker(figures, report)
    checked = [checker.check(s) for s in sources]
    findings = [f for found in checked for _, f in found.contradicted]
    pieces = [piece_of(s, ws, found) for s, found in zip(sources, checked, strict=True)]
    drafter = _Drafter(ws, figures, pieces)
    topic_sentences, topics = drafter.topics()
    options = ws.config.drafting
    sections: dict[SectionKey, list[Passage]] = {
        "responsibility": drafter.responsibility(),
        "problems": drafter.listed("problems", options.problems, options.problem_items),
        "next_year": drafter.listed("next_year", options.next_year, options.next_year_items),
        "other": drafter.other(),
    }
    runs = [r for rs in topics.values() for r in rs] + [r for rs in sections.values() for r in rs]
    remainder = [(section, topic, x.theme, x.piece) for section, topic, x in drafter.leftovers]
    listed = _weightiest(remainder, options.remainder)
    return Draft(topic_sentences=topic_sentences, topics=topics, sections=sections,
                 remainder=listed, placements=_placements(runs, drafter.leftovers), findings=findings,
                 remainder_omitted=len(remainder) - len(listed))


def _weightiest(remainder: list[tuple[SectionKey, str, str, Piece]], budget: int
                ) -> list[tuple[SectionKey, str, str, Piece]]:
    """At most `budget` left-out items, those most units sent (then those with figures) first; in order."""
    if len(remainder) <= budget:
        return remainder
    ranked = sorted(range(len(remainder)), key=lambda i: tuple(-w for w in remainder[i][3].concrete))
    return [remainder[i] for i in sorted(ranked[:budget])]


def _placements(runs: list[Passage], leftovers: list[tuple[SectionKey, str, Leftover]]) -> list[Placement]:
    rows = []
    for run in runs:
        for sentence in run.sentences:
            for piece in sentence.pieces:
                placed = "正文（与其他单位的相同内容合并）" if len(piece.sources) > 1 else "正文"
                rows += [_placement(s, piece, placed) for s in piece.sources]
    for _, _, left in leftovers:
        rows += [_placement(s, left.piece, f"未写入正文：{left.reason}") for s in left.piece.sources]
    return sorted(rows, key=lambda r: (r.source.order, _index(r.source.location)))


def _placement(source: Source, piece: Piece, placed: str) -> Placement:
    theme = piece.theme.lead if piece.theme else "未归类"
    return Placement(source=source, theme=theme, keywords=tuple(piece.keywords), placed=placed,
                     rewritten=tuple(piece.changes))


def _index(location: str) -> tuple[str, int]:
    match = re.match(r"(\w+)\[(\d+)\]", location)
    return (match[1], int(match[2])) if match else (location, 0)
