"""The report's body: the opening, the outline's headings, and the drafted paragraphs.

成效 topics are 「一是……」 run-in paragraphs, the region's figures inside them; 第一责任人 is one or two plain
paragraphs; 存在的不足 「一是……」; 下一年度安排 an opening paragraph, then 「（一）……。」 run-in headings. A part
with a single paragraph has no 「一是」. The 审阅稿 carries notes on the sentences they concern (sources, scope,
theme, rewrites, checks) and on the figures (warnings, units a total lacks). A required part with nothing to
draw on keeps a visible placeholder for the office to replace, never 「暂无。」.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from annual_report.config.outline import SectionKey
from annual_report.config.workspace import Workspace
from annual_report.drafting.model import PLACEHOLDER, Draft, Passage
from annual_report.findings import Finding, Severity
from annual_report.statistics import Statistics
from annual_report.text.lists import named
from annual_report.text.numbers import chinese_number
from annual_report.validation import ValidationReport
from annual_report.word.document import Block, Edition, Heading, Paragraph, RunIn, Span
from annual_report.wording import Figures, outlier_findings
from annual_report.wording.numbers import ordinal

NOTHING_TO_REPORT = {"other": "无其他需要报告的情况。"}


_IDS = re.compile(r"（[a-z_]+(?:\.[a-z_]+)+）")  # 「（enf.case_reviews）」: a catalogue id, meaningless to reviewers
_PATHS = re.compile(r"(?:[\w.-]+/)+([^/\s「」（）]+\.(?:ya?ml|json|csv|xlsx|docx))")


def review_note(message: str, file: str = "") -> str:
    """A finding's message for reviewers: no catalogue ids, bare file names, 「本文件」 named."""
    text = _PATHS.sub(r"\1", _IDS.sub("", message))
    return text.replace("本文件", f"「{Path(file).name}」") if file else text


def lacking_note(stats: Statistics, metric_ids: Iterable[str], limit: int) -> str:
    """「不含区司法局（数据有误）、东镇（缺少「开庭审理」）」: the units whose figures these totals lack; "" for none."""
    labels = stats.units.set_index("unit")["label"]
    lacking = [f"{labels.get(unit, unit)}（{reason}）" for unit, reason in stats.lacking(metric_ids)]
    return f"不含{named(lacking, limit)}" if lacking else ""


def figure_notes(ws: Workspace, stats: Statistics, warnings: list[Finding], metric_ids: Iterable[str],
                 withheld: Iterable[str] = ()) -> list[str]:
    """Review notes on a sentence of region figures: the units whose figures its totals lack, the rates it
    leaves out and why, and the warnings on its metrics."""
    metric_ids = set(metric_ids)
    limit = ws.config.drafting.units_listed
    notes = [note] if (note := lacking_note(stats, metric_ids, limit)) else []
    notes += [f"未写{stats.catalogue.by_id[m].name}：算得的比率{lacking_note(stats, [m], limit) or '所含单位'}，与句中合计"
              "所含单位不同，写在合计旁会对不上；请核实后补报，或手工写明口径" for m in sorted(withheld)]
    concerned = [f for f in warnings if f.metric in metric_ids]
    for f in concerned[:limit]:
        unit = ws.config.unit_by_id.get(f.unit)
        label = unit.label if unit else f.unit
        message = review_note(f.message, f.file)
        notes.append(message if not label or label in message else f"{label}：{message}")
    if len(concerned) > limit:
        notes.append(f"另有{len(concerned) - limit}条相关警告，见 validation.xlsx「问题清单」和 statistics.xlsx「异常值」表")
    return notes


def _title(lead: str) -> str:
    return lead if not lead or lead.endswith(("。", "：")) else lead + "。"


FigureNotes = Callable[[frozenset[str], frozenset[str]], list[str]]  # (printed, withheld) → notes


def paragraph(passage: Passage, lead: str = "", run_in: RunIn = "title", figure_notes_of: FigureNotes | None = None
              ) -> Paragraph:
    """A passage as a paragraph: its lead and run-in title (none with `lead` ""), then one span per sentence
    with its notes (a sentence of region figures, or an item stating them, gets `figure_notes_of`)."""
    spans = []
    for i, sentence in enumerate(passage.sentences):
        text = sentence.text
        if passage.joiner:
            text = text.rstrip("。；") + (passage.joiner if i < len(passage.sentences) - 1 else "。")
        stated = frozenset().union(*(p.stated for p in sentence.pieces))  # an item stating the region's figures
        notes = sentence.notes + figure_notes_of(stated, frozenset()) if stated and figure_notes_of \
            else sentence.notes
        if sentence.metrics and figure_notes_of:
            notes = figure_notes_of(sentence.metrics, sentence.withheld)
        spans.append(Span(text, notes))
    titled = bool(lead) and bool(passage.lead)
    return Paragraph(lead=lead if titled else "", title=_title(passage.lead) if titled else "", spans=spans,
                     notes=list(passage.notes), run_in=run_in)


def numbered(passages: list[Passage], lead: Callable[[int], str], run_in: RunIn = "title",
             notes: FigureNotes | None = None) -> list[Block]:
    """「一是……」 (or 「（一）……」) paragraphs; a single one is a plain paragraph."""
    if len(passages) == 1:
        return [paragraph(passages[0], figure_notes_of=notes)]
    return [paragraph(p, lead(i), run_in, notes) for i, p in enumerate(passages, start=1)]


def _achievements(ws: Workspace, figures: Figures, report: ValidationReport, draft: Draft) -> list[Block]:
    stats = figures.stats
    warnings = [f for f in [*report.findings, *stats.findings, *outlier_findings(stats), *draft.findings]
                if f.severity is not Severity.INFO]
    notes = lambda metrics, withheld: figure_notes(ws, stats, warnings, metrics, withheld)  # noqa: E731
    blocks: list[Block] = []
    number = 0
    for topic in ws.config.outline.topics:
        passages = draft.topics.get(topic.key, [])
        if not passages:
            continue
        number += 1
        blocks.append(Heading(2, f"（{chinese_number(number)}）{topic.heading}"))
        blocks += numbered(passages, ordinal, notes=notes)
    return blocks


def _section(ws: Workspace, key: SectionKey, draft: Draft) -> list[Block]:
    passages = draft.sections.get(key, [])
    opening = [paragraph(draft.opening[key])] if key in draft.opening else []
    if key == "problems":
        return numbered(passages, ordinal)
    if key == "next_year" and ws.config.drafting.next_year_headings:
        return opening + [b for i, p in enumerate(passages, start=1)
                          for b in (Heading(2, f"（{chinese_number(i)}）{p.lead}"), paragraph(replace(p, lead="")))]
    if key == "next_year":
        return opening + numbered(passages, lambda i: f"（{chinese_number(i)}）", run_in="heading")
    return [paragraph(p) for p in passages]


def _gap(ws: Workspace, draft: Draft, key: SectionKey) -> list[Block]:
    """Nothing to draw on: the optional 「其他」 says so; a required part keeps a visible placeholder, the 审阅稿
    naming the units that should have supplied it."""
    gap = next((g for g in draft.gaps if g.section == key), None)
    if gap is None:
        return [Paragraph(text=NOTHING_TO_REPORT.get(key, PLACEHOLDER))]
    labels = [ws.config.unit_by_id[u].label for u in gap.units]
    owing = f"应报送本部分材料而未报送的单位：{named(labels, ws.config.drafting.units_listed)}" if labels else ""
    return [Paragraph(spans=[Span(PLACEHOLDER, [n for n in ("本部分没有可写入的材料，公开前须补写", owing) if n])])]


def body(ws: Workspace, figures: Figures, report: ValidationReport, draft: Draft, edition: Edition = "public"
         ) -> list[Block]:
    """The same text in both editions; only the 审阅稿's paragraphs carry notes."""
    blocks = _blocks(ws, figures, report, draft)
    return blocks if edition == "review" else [_without_notes(b) for b in blocks]


def _without_notes(block: Block) -> Block:
    if not isinstance(block, Paragraph):
        return block
    return replace(block, notes=[], spans=[Span(s.text) for s in block.spans])


def _blocks(ws: Workspace, figures: Figures, report: ValidationReport, draft: Draft) -> list[Block]:
    blocks: list[Block] = [Paragraph(text=ws.config.opening)] if ws.config.opening else []
    for i, section in enumerate(ws.config.outline.sections, start=1):
        blocks.append(Heading(1, f"{chinese_number(i)}、{section.heading}"))
        if section.key == "achievements":
            blocks += _achievements(ws, figures, report, draft) or _gap(ws, draft, section.key)
            continue
        blocks += _section(ws, section.key, draft) or _gap(ws, draft, section.key)
    return blocks
