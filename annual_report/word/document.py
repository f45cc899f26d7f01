"""The report as a document in report terms (title, headings, paragraphs, tables, charts, signature).

Composition (annual_report.report.compose) builds it from statistics and the drafted text; rendering (annual_report.word.render)
turns it into Word. Nothing here knows about OOXML, and the renderer knows nothing about the domain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Edition = Literal["public", "review"]
RunIn = Literal["title", "heading"]  # a run-in title bold in the body's font, or a run-in （一） heading (楷体)


@dataclass
class Heading:
    level: Literal[1, 2, 3, 4]  # 一、/（一）/1./（1）
    text: str  # including its number, e.g. 「一、主要举措和成效」


@dataclass
class Span:
    """A stretch of a paragraph's text with the review notes that concern it."""

    text: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    """A body paragraph: an ordinal lead (「一是」), a bold run-in title, text, and review-only notes.

    The text is `text`, or, when given, the `spans` one after another (each may carry its own notes).
    """

    text: str = ""
    lead: str = ""  # printed before the title or text, e.g. 「一是」「（一）」
    notes: list[str] = field(default_factory=list)  # shown only in the review edition, e.g. source units
    title: str = ""  # a run-in title, bold with its lead: 「一是强化思想引领。」
    spans: list[Span] = field(default_factory=list)
    run_in: RunIn = "title"

    @property
    def body(self) -> list[Span]:
        return self.spans or ([Span(self.text)] if self.text else [])


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric_columns: set[int] = field(default_factory=set)  # right-aligned, never wrapped
    widths: list[float] | None = None  # relative column widths; default: measured from the cells
    wrap: set[int] = field(default_factory=lambda: {0})  # columns that may wrap and take the spare width


@dataclass
class Chart:
    png: bytes  # the picture (annual_report.report.charts draws it)
    caption: str
    name: str = "chart.png"  # its file name beside the report (the run's charts/)


Block = Heading | Paragraph | Table | Chart


@dataclass
class Attachment:
    """附件N: starts on a new page with 「附件N」 on line 1 and its title on line 3 (GB/T 9704 7.3.7)."""

    title: str
    blocks: list[Block]


@dataclass
class Signature:
    name: str  # 署名: the government's name
    date: dt.date  # 成文日期
    date_text: str  # as printed: 2025年3月20日


@dataclass
class ReportDocument:
    title: str
    body: list[Block]
    signature: Signature
    attachments: list[Attachment] = field(default_factory=list)
    edition: Edition = "public"
    header: str = ""  # a line at the top of every page (the 审阅稿's 「审阅稿 · 运行编号 …」)
