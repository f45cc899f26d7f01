"""Drafting: the units' items become the report's paragraphs, as a 文秘 would write them.

Every item is rewritten out of the unit's first person, its figures checked (figures_check), its scope decided
(the region's work written as the region's, a unit's own action under its name: scope.py), given a theme and a
significance, merged with items that say the same thing, and either written into a paragraph within the
section's budget (the most significant first) or kept for the 审阅稿's 「未写入正文的报送内容」 with the reason
(so is text that looks like template code: the 公开稿 is sent as it comes out).
The region's figures go into the paragraphs of their themes (topics.py). Units' set phrases (「在……坚强领导下」
「现将有关情况报告如下」) are no items. The same inputs always give the same text.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

from annual_report.config.outline import SectionKey
from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import ReportConfig, Workspace
from annual_report.drafting import sections
from annual_report.drafting.facts import has_figures
from annual_report.drafting.figures_check import FigureCheck, FigureChecker
from annual_report.drafting.merge import merge
from annual_report.drafting.model import Draft, Passage, Piece, Placement, Source
from annual_report.drafting.passages import UNTHEMED, Leftover, Writer
from annual_report.drafting.scope import Scoped, decide, region_words, significance
from annual_report.drafting.topics import TopicWriter
from annual_report.drafting.voice import Voiced, neutral
from annual_report.text.hygiene import looks_like_template
from annual_report.text.sentences import sentences
from annual_report.validation import ValidationReport
from annual_report.wording import Figures

_JOINT_OPENINGS = ("市委、市政府", "市委市政府", "县委、县政府", "区委、区政府")
# Set phrases of a unit's own report that say nothing of the year's work.
_FRAMING = re.compile(r"在[^，。；]{2,30}(?:的)?(?:坚强|正确)?领导(?:下|和[^，。；]{2,20}下)|以习近平[^，。；]{2,40}为指导|"
                      r"现将[^，。；]{0,30}报告如下|特此报告|请审阅|请予审议|高度重视|认真贯彻落实|深入学习贯彻|"
                      r"紧紧围绕|坚持以人民为中心|取得(?:了)?(?:明显|显著|积极)?成效|^无其他需要报告的(?:情况|事项)")
_CONTENT = 12  # characters an item needs besides set phrases and time words to be an item
OWN = "本单位自己的报告：按单位原文，不改写第一人称"
HELD = "文字中有形似模板代码的内容（如「{{ }}」），照录未执行；请核实后由依法治办决定是否写入"
LOWER_FIGURES = "下级地区报告中的统计句：其数字已按该地区的统计数据计入合计，不再重复"
LOWER_OWN = "下级地区报告自身的开头或公开说明（「2025年，某县将……」「本报告将于……公开」），不是工作内容"
_PLAN_OPENING = re.compile(r"^\d{4}年，[^，。；]{1,20}将")
_OWN_LINES = re.compile(r"本报告将于[^，。；]{0,40}公开")
_TITLE = 20  # a run-in title of a 「一是……」 paragraph is at most this long
BOILERPLATE = "单位报告中的套话（如「在……坚强领导下」「现将有关情况报告如下」），不是工作内容"


def is_boilerplate(text: str) -> bool:
    """An opening or closing set phrase of a unit's report: little left beside its set phrases, no figure."""
    if _FRAMING.search(text) is None:
        return False
    rest = _FRAMING.sub("", text)
    rest = re.sub(r"\d{4}年(?:以来|度)?|全年|今年|[，,；;。：:、\s…]+", "", rest)
    return len(rest) < _CONTENT + len(re.findall(r"[本我][局委办县区市镇]", text)) * 2


def collect(config: ReportConfig, report: ValidationReport) -> tuple[list[Source], list[tuple[Source, str]]]:
    """Every accepted item of every unit, in registry order, with where it came from; and the items set aside
    with the reason (set phrases, a lower region's sentences of figures)."""
    topics = [t.key for t in config.outline.topics]
    sources, aside = [], []
    for order, unit in enumerate(config.units):
        result = report.units.get(unit.id)
        if result is None or result.submission is None:
            continue
        for section in (s.key for s in config.outline.sections):
            for i, item in enumerate(result.submission.items(section)):
                # 成效 items go under their topic; without a known one, under the last
                topic = (item.topic if item.topic in topics else topics[-1]) if section == "achievements" else None
                key = item.location or f"{section}[{i}]"
                text = item.text if result.lower is None else lower_text(item.text)
                source = Source(unit=unit.id, order=order, file=result.file_of(section), location=key,
                                place=item.place or key, section=section, topic=topic, text=text or item.text,
                                pinned=item.theme, tasks=tuple(item.tasks))
                if not text:
                    aside.append((source, LOWER_FIGURES))
                elif result.lower is not None and (_OWN_LINES.search(text) or (section == "next_year"
                                                   and _PLAN_OPENING.match(text))):
                    aside.append((source, LOWER_OWN))
                elif is_boilerplate(text):
                    aside.append((source, BOILERPLATE))
                else:
                    sources.append(source)
    return sources, aside


def lower_text(text: str) -> str:
    """A paragraph of a lower region's 公开稿 as the report above uses it: without its run-in title (「发挥行政
    复议……作用。」) and its sentences of figures (the region above has them in its totals); "" when nothing
    else is left."""
    parts = sentences(text)
    if len(parts) > 1 and len(parts[0]) <= _TITLE and not re.search(r"[\d，,]", parts[0]):
        parts = parts[1:]
    return "".join(p for p in parts if not all(has_figures(c) for c in re.split(r"[，,；;]", p.rstrip("。；;")) if c))


def _government(text: str, config: ReportConfig) -> bool:
    """The government speaking of its own work: 市政府…, 示例市人民政府…, 市委、市政府…."""
    region = config.region
    return text.startswith((config.government, f"{region[-1]}政府", f"{region[-1]}人民政府", *_JOINT_OPENINGS))


def piece_of(source: Source, ws: Workspace, check: FigureCheck, words: re.Pattern[str], own: bool = False) -> Piece:
    """The item as the report writes it; in a unit's `own` report, in the unit's own voice (本局 stays)."""
    config = ws.config
    unit = config.unit_by_id[source.unit]
    voiced = Voiced(source.text) if own else \
        neutral(source.text, unit, config, subjectless=source.section in ("achievements", "responsibility"))
    template = voiced.template
    for written, printed in check.rewrites:  # one figure, one value: the region's figures as the report prints them
        template = template.replace(written, printed)
    match = ws.themes.match(source.section, template, source.pinned)
    government = _government(source.text, config)  # as written: 「市政府常务会议……」, not 「本办……」 as 市政府办
    scoped = Scoped("region", OWN, stated=frozenset(m for _, m in check.region)) if own else \
        decide(template, unit, config, check, words, government)
    return Piece(template=template, sources=[source], theme=match.theme, keywords=match.keywords,
                 changes=voiced.changes, ambiguous=voiced.ambiguous,
                 contradicted=[phrase for phrase, _ in check.contradicted],
                 restated=[f"「{w}」改为统计表的写法「{p}」" for w, p in check.rewrites], government=government,
                 scope=scoped.scope, attribution=scoped.attribution, foreign=list(scoped.foreign),  # type: ignore[arg-type]
                 stated=scoped.stated, significance=significance(template), unreported=list(check.unreported))


class _Drafter:
    def __init__(self, ws: Workspace, figures: Figures, pieces: list[Piece], own: bool) -> None:
        self.ws = ws
        self.options = ws.config.drafting
        self.writer = Writer(ws.config, own)
        self.topic_writer = TopicWriter(ws.themes, figures, self.writer, self.options.runs_per_topic,
                                        self.options.items_per_run)
        homes = self.topic_writer.homes(ws.config.outline.topics,
                                        [p for p in pieces if p.sources[0].section == "achievements"])
        self.groups: dict[tuple[SectionKey, str | None], list[Piece]] = {}
        for piece in pieces:
            topic = piece.sources[0].topic
            if piece.theme is not None and topic is not None:
                topic = homes.get(piece.theme.key, topic)  # a theme's paragraphs under one topic
            self.groups.setdefault((piece.sources[0].section, topic), []).append(piece)
        self.leftovers: list[tuple[SectionKey, str, Leftover]] = []

    def of(self, section: SectionKey, topic: str | None = None) -> list[Piece]:
        """A section's pieces (成效: one topic's), in the order the units sent them."""
        return self.groups.get((section, topic), [])

    def _keep(self, section: SectionKey, topic: str, left: list[Leftover]) -> None:
        self.leftovers += [(section, topic, x) for x in left]

    def topics(self) -> dict[str, list[Passage]]:
        found = {}
        for topic in self.ws.config.outline.topics:
            found[topic.key], left = self.topic_writer.passages(topic, self.of("achievements", topic.key))
            self._keep("achievements", topic.heading, left)
        return found

    def sections(self, plan: WorkPlan | None) -> dict[SectionKey, list[Passage]]:
        options, themes = self.options, self.ws.themes
        order = {t.key: i for i, t in enumerate(themes.problems)}
        drafted = {
            "responsibility": sections.responsibility(self.writer, self.of("responsibility"),
                                                      options.responsibility_items),
            "problems": sections.problems(self.writer, self.of("problems"), order, options.problems,
                                          options.problem_items),
            "next_year": sections.next_year(self.writer, self.of("next_year"), themes, plan, options.next_year,
                                            options.next_year_items),
        }
        found: dict[SectionKey, list[Passage]] = {}
        for section, (passages, left) in drafted.items():
            found[section] = passages  # type: ignore[index]
            self._keep(section, "", left)  # type: ignore[arg-type]
        found["other"] = [p for p in (self.writer.passage("", [piece], "other")
                                      for piece in merge(self.of("other"), self.writer.names))
                          if p.sentences]
        return found


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


def draft(ws: Workspace, report: ValidationReport, figures: Figures, plan: WorkPlan | None = None,
          own: bool = False) -> Draft:
    """The drafted body of the report (see the module docstring); `own`: a unit's own report, from its one
    submission, in its own voice."""
    with _cycle_collector_paused():
        return _draft(ws, report, figures, plan, own)


def _draft(ws: Workspace, report: ValidationReport, figures: Figures, plan: WorkPlan | None, own: bool) -> Draft:
    sources, aside = collect(ws.config, report)
    checker = FigureChecker(figures, report)
    checked = [checker.check(s) for s in sources]
    findings = [f for found in checked for _, f in found.contradicted]
    words = region_words(ws.config)
    pieces = [piece_of(s, ws, found, words, own) for s, found in zip(sources, checked, strict=True)]
    held = [p for p in pieces if looks_like_template(p.template)]  # 「{{ 7*7 }}」: for the office to check first
    drafter = _Drafter(ws, figures, [p for p in pieces if not looks_like_template(p.template)], own)
    drafter.leftovers += [(p.sources[0].section, "", Leftover(p.theme.lead if p.theme else UNTHEMED, p, HELD))
                          for p in held]
    topics = drafter.topics()
    drafted = drafter.sections(plan)
    drafter.leftovers += [(x.piece.sources[0].section, "", x) for x in drafter.writer.dropped]
    opening = {"next_year": sections.next_year_opening(ws.config, drafted["next_year"])} \
        if drafted["next_year"] else {}
    passages = [p for ps in topics.values() for p in ps] + [p for ps in drafted.values() for p in ps]
    remainder = [(section, topic, x.theme, x.piece) for section, topic, x in drafter.leftovers]
    listed = _weightiest(remainder, ws.config.drafting.remainder)
    gaps = sections.gaps(ws.config, report, {**drafted, "achievements": [p for ps in topics.values() for p in ps]})
    return Draft(topics=topics, sections=drafted, remainder=listed,
                 placements=_placements(passages, drafter.leftovers, aside), findings=findings,
                 remainder_omitted=len(remainder) - len(listed), opening=opening, gaps=gaps)


def _weightiest(remainder: list[tuple[SectionKey, str, str, Piece]], budget: int
                ) -> list[tuple[SectionKey, str, str, Piece]]:
    """At most `budget` left-out items, the most significant first; in order."""
    if len(remainder) <= budget:
        return remainder
    ranked = sorted(range(len(remainder)), key=lambda i: remainder[i][3].rank)
    return [remainder[i] for i in sorted(ranked[:budget])]


def _placements(passages: list[Passage], leftovers: list[tuple[SectionKey, str, Leftover]],
                aside: list[tuple[Source, str]]) -> list[Placement]:
    rows = []
    for passage in passages:
        for sentence in passage.sentences:
            for piece in sentence.pieces:
                placed = "正文（与其他单位的相同内容合并）" if len(piece.sources) > 1 else "正文"
                rows += [_placement(s, piece, placed) for s in piece.sources]
    for _, _, left in leftovers:
        rows += [_placement(s, left.piece, f"未写入正文：{left.reason}") for s in left.piece.sources]
    rows += [Placement(source=s, theme="", keywords=(), placed=f"未写入正文：{why}", rewritten=()) for s, why in aside]
    return sorted(rows, key=lambda r: (r.source.order, _index(r.source.location)))


def _placement(source: Source, piece: Piece, placed: str) -> Placement:
    theme = piece.theme.lead if piece.theme else "未归类"
    return Placement(source=source, theme=theme, keywords=tuple(piece.keywords), placed=placed,
                     rewritten=tuple(piece.changes))


def _index(location: str) -> tuple[str, int]:
    match = re.match(r"(\w+)\[(\d+)\]", location)
    return (match[1], int(match[2])) if match else (location, 0)
