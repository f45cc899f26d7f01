"""The report's body: the opening, the outline's headings, and the drafted paragraphs.

成效 topics open with their statistics, then 「一是……」 run-in paragraphs; 第一责任人 is one or two plain
paragraphs; 存在的不足 「一是……」; 下一年度安排 「（一）……」. The 审阅稿 carries notes on the sentences they
concern (sources, theme, rewrites, checks) and on the figures (warnings, units left out).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from annual_report.config.outline import SectionKey
from annual_report.config.workspace import Workspace
from annual_report.drafting.model import Draft, Passage
from annual_report.findings import Finding, Severity
from annual_report.statistics import Statistics
from annual_report.text.numbers import chinese_number
from annual_report.validation import ValidationReport
from annual_report.word.document import Block, Edition, Heading, Paragraph, Span
from annual_report.wording import Figures, outlier_findings
from annual_report.wording.lists import named
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


def figure_notes(ws: Workspace, stats: Statistics, warnings: list[Finding], metric_ids: Iterable[str]) -> list[str]:
    """Review notes on a sentence of region figures: the units whose figures its totals lack, and the
    warnings on its metrics."""
    metric_ids = set(metric_ids)
    limit = ws.config.drafting.units_listed
    notes = [note] if (note := lacking_note(stats, metric_ids, limit)) else []
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


def paragraph(run: Passage, lead: str = "") -> Paragraph:
    """A run as a paragraph: its lead and bold title, then one span per sentence (with its notes)."""
    spans = []
    for i, sentence in enumerate(run.sentences):
        text = sentence.text
        if run.joiner:
            text = text.rstrip("。；") + (run.joiner if i < len(run.sentences) - 1 else "。")
        spans.append(Span(text, sentence.notes))
    return Paragraph(lead=lead if run.lead else "", title=_title(run.lead), spans=spans)


def _achievements(ws: Workspace, figures: Figures, report: ValidationReport, draft: Draft) -> list[Block]:
    stats = figures.stats
    warnings = [f for f in [*report.findings, *stats.findings, *outlier_findings(stats), *draft.findings]
                if f.severity is not Severity.INFO]
    blocks: list[Block] = []
    number = 0
    for topic in ws.config.outline.topics:
        sentences, runs = draft.topic_sentences.get(topic.key, []), draft.topics.get(topic.key, [])
        if not sentences and not runs:
            continue
        number += 1
        blocks.append(Heading(2, f"（{chinese_number(number)}）{topic.heading}"))
        if sentences:
            blocks.append(Paragraph(spans=[Span(s.text, figure_notes(ws, stats, warnings, s.metrics))
                                           for s in sentences]))
        blocks += [paragraph(run, ordinal(i)) for i, run in enumerate(runs, start=1)]
    return blocks


def _section(ws: Workspace, key: SectionKey, runs: list[Passage]) -> list[Block]:
    if key == "problems":
        return [paragraph(run, ordinal(i)) for i, run in enumerate(runs, start=1)]
    if key == "next_year" and ws.config.drafting.next_year_headings:
        return [b for i, run in enumerate(runs, start=1)
                for b in (Heading(2, f"（{chinese_number(i)}）{run.lead}"), paragraph(Passage("", run.sentences, run.joiner)))]
    if key == "next_year":
        return [paragraph(run, f"（{chinese_number(i)}）") for i, run in enumerate(runs, start=1)]
    return [paragraph(run) for run in runs]


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
            blocks += _achievements(ws, figures, report, draft)
            continue
        drafted = _section(ws, section.key, draft.sections.get(section.key, []))
        blocks += drafted or [Paragraph(text=NOTHING_TO_REPORT.get(section.key, "暂无。"))]
    return blocks
