"""The web edition: the 公开稿 (as the office left it) as one accessible HTML page for the government
website's 法治政府建设年度报告 column, with the 政府信息公开 fields, the chart as an image with a text alternative
and its data table, and a link to the PDF. Everything is in the page (styles, the picture): no external asset.
The page is templates/web-edition.html, filled with autoescaping: report text is data, never template code."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

from annual_report.config.catalogue import Catalogue
from annual_report.config.resources import template_file
from annual_report.config.workspace import ReportConfig
from annual_report.release.document import Grid, Report, Text
from annual_report.text.dates import format_date
from annual_report.word.layout import StyleName

PAGE = "index.html"
PDF = "report.pdf"
_HEADINGS = {StyleName.HEADING_1: 2, StyleName.HEADING_2: 3, StyleName.HEADING_3: 4, StyleName.HEADING_4: 5}
_NUMERIC = re.compile(r"^(?:约|不足)?[-+]?[0-9０-９][0-9０-９,，.．]*(?:%|余|以上)?$")
Item = dict[str, Any]


@dataclass(frozen=True)
class Download:
    name: str
    size: str  # 「386 KB」


def publication_fields(config: ReportConfig, published: dt.date, written: str) -> list[tuple[str, str]]:
    """索引号, 主题分类, 发布机构, 成文日期, 文号 (when given), 发布日期, in the order sites list them."""
    info = config.publication
    fields = [("索引号", info.index_number), ("主题分类", info.topic), ("发布机构", info.publisher or config.government),
              ("成文日期", format_date(info.written) if info.written else written)]
    if info.document_number:
        fields.append(("文号", info.document_number))
    return [*fields, ("发布日期", format_date(info.published or published))]


def chart_data(statistics: dict | None, catalogue: Catalogue) -> list[list[str]]:
    """The key-rates chart's figures (the catalogue's chart highlights with both years), as the report prints
    them: name, this year, last year."""
    if not statistics:
        return []
    totals = {t["metric"]: t for t in statistics.get("totals", [])}
    yoy = {y["metric"]: y for y in statistics.get("yoy", [])}
    return [[totals[m]["name"], totals[m]["display"], yoy[m]["last_display"]]
            for m in catalogue.highlights.chart
            if m in totals and yoy.get(m, {}).get("this_year") is not None
            and yoy[m].get("last_year") is not None]


def _table(rows: list[list[str]], head: int, caption: str | None, table_id: str | None = None) -> Item:
    return {"kind": "table", "caption": caption, "id": table_id, "head": rows[:head],
            "body": [[(cell, _cell_class(cell)) for cell in row] for row in rows[head:]]}


def _cell_class(cell: str) -> str:
    """num: a figure, right-aligned; short: a unit of measure such as 万人次, never broken."""
    return "num" if _NUMERIC.match(cell.strip()) else "short" if len(cell.strip()) <= 3 else ""


class _Page:
    """Walks the report's blocks into the page's items: body, then one section per attachment."""

    def __init__(self, charts: dict[str, list[list[str]]], year: int) -> None:
        self.charts, self.year = charts, year
        self.title = ""
        self.body: list[Item] = []
        self.attachments: list[Item] = []
        self.items = self.body
        self.caption: str | None = None  # a 图注 waiting for the table below it

    def text(self, block: Text, next_is_table: bool) -> None:
        style, text = block.style, block.text.replace("\n", "")
        if block.pictures:
            self.figures(block.pictures)
        elif not text.strip():
            return
        elif style == StyleName.TITLE and not self.title:
            self.title = text
        elif style in _HEADINGS:
            self.items.append({"kind": "heading", "level": _HEADINGS[StyleName(style)], "text": text})
        elif style == StyleName.ATTACHMENT_MARK:
            self.attachments.append({"mark": text, "title": "", "body": []})
            self.items = self.attachments[-1]["body"]
        elif style == StyleName.ATTACHMENT_TITLE and self.attachments and not self.attachments[-1]["title"]:
            self.attachments[-1]["title"] = text
        elif style == StyleName.CAPTION:
            self.caption_of(text, next_is_table)
        elif style == StyleName.SIGNATURE or ((text.startswith("附件：") or self.last("list")) and \
                style == StyleName.NORMAL):
            kind = "signature" if style == StyleName.SIGNATURE else "list"
            if not self.last(kind):
                self.items.append({"kind": kind, "lines": []})
            self.items[-1]["lines"].append(text)
        else:
            self.items.append({"kind": "paragraph", "runs": block.runs})

    def last(self, kind: str) -> bool:
        return bool(self.items) and self.items[-1]["kind"] == kind

    def caption_of(self, text: str, next_is_table: bool) -> None:
        if next_is_table:
            self.caption = text
        elif self.last("figure") and not self.items[-1]["caption"]:
            figure = self.items[-1]
            figure["caption"] = text
            figure["alt"] = f"图：{text}" + ("（图中数值见下表）" if figure["table"] else "")
            if figure["table"]:
                figure["table"]["caption"] = f"{text}（图中数值）"
        else:
            self.items.append({"kind": "paragraph", "runs": [(text, False)]})

    def figures(self, pictures: list[bytes]) -> None:
        for picture in pictures:
            rows = self.charts.get(hashlib.sha256(picture).hexdigest())
            number = sum(item["kind"] == "figure" for item in self.body) + 1
            table = _table([["指标", f"{self.year}年", f"{self.year - 1}年"], *rows], 1, None,
                           f"chart-data-{number}") if rows else None
            self.items.append({"kind": "figure", "src": "data:image/png;base64," + base64.b64encode(picture).decode(),
                               "alt": "图", "caption": "", "table": table})

    def grid(self, block: Grid) -> None:
        if block.rows:
            self.items.append(_table(block.rows, block.header_rows or 1, self.caption))
        self.caption = None


def page_items(report: Report, charts: dict[str, list[list[str]]], year: int) -> _Page:
    page = _Page(charts, year)
    for index, block in enumerate(report.blocks):
        if isinstance(block, Grid):
            page.grid(block)
            continue
        following = next((b for b in report.blocks[index + 1:] if not isinstance(b, Text) or b.text.strip()
                          or b.pictures), None)
        page.text(block, isinstance(following, Grid))
    return page


def signature_date(page: _Page) -> str:
    """The 成文日期 as the 落款 prints it (its last line)."""
    signatures = [item for item in page.body if item["kind"] == "signature"]
    return signatures[-1]["lines"][-1] if signatures else ""


def write_page(report: Report, folder: Path, *, config: ReportConfig, charts: dict[str, list[list[str]]],
               published: dt.date, pdf: Download | None) -> Path:
    """folder/index.html: the report as one page."""
    page = page_items(report, charts, config.year)
    environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(template_file("web-edition.html").read_text(encoding="utf-8"))
    html = template.render(title=page.title or config.title, body=page.body, attachments=page.attachments, pdf=pdf,
                           publication={"publisher": config.publication.publisher or config.government,
                                        "fields": publication_fields(config, published, signature_date(page))})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PAGE
    path.write_text(html, encoding="utf-8")
    return path


def chart_pictures(charts_dir: Path, statistics: dict | None, catalogue: Catalogue) -> dict[str, list[list[str]]]:
    """The run's chart pictures by their SHA-256 → their data rows (the key-rates chart's)."""
    chart = charts_dir / "key-rates.png"
    rows = chart_data(statistics, catalogue)
    return {hashlib.sha256(chart.read_bytes()).hexdigest(): rows} if chart.is_file() and rows else {}
