"""The 公开稿 read back from Word, as the office left it: paragraphs with their template style, bold runs and
pictures, and tables with their header rows. Tracked changes the office left are read as accepted."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from annual_report.word.revisions import accept_all, has_revisions

_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = qn("r:embed")


@dataclass
class Text:
    """A paragraph: its style's name, its runs (text, bold) and the pictures it holds."""

    style: str
    runs: list[tuple[str, bool]]
    pictures: list[bytes] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass
class Grid:
    """A table: rows of cell texts; the first `header_rows` repeat as its header."""

    rows: list[list[str]]
    header_rows: int = 0


Block = Text | Grid


@dataclass
class Report:
    blocks: list[Block]
    revisions: bool  # the office left tracked changes in it

    def texts(self) -> list[tuple[int, str]]:
        """(block index, text) of every paragraph and table cell, in reading order."""
        found: list[tuple[int, str]] = []
        for index, block in enumerate(self.blocks):
            if isinstance(block, Text):
                found.append((index, block.text))
            else:
                found += [(index, cell) for row in block.rows for cell in row]
        return [(index, text) for index, text in found if text.strip()]


def _style_names(document: Document) -> dict[str | None, str]:
    """Style id → name, looked up once (python-docx scans every style on each paragraph.style)."""
    names: dict[str | None, str] = {s.style_id: s.name for s in document.styles if s.name}
    names[None] = document.styles.default(document.styles["Normal"].type).name
    return names


def _paragraph(paragraph: Paragraph, names: dict[str | None, str]) -> Text:
    style = paragraph._p.pPr.pStyle.val if paragraph._p.pPr is not None and paragraph._p.pPr.pStyle is not None \
        else None
    related = paragraph.part.related_parts
    pictures = [related[b.get(_EMBED)].blob for b in paragraph._p.iter(_BLIP) if b.get(_EMBED) in related]
    runs = [(run.text, bool(run.bold) or (run.style is not None and bool(run.style.font.bold)))
            for run in paragraph.runs if run.text]
    return Text(names.get(style, names[None]), runs, pictures)


def _grid(table: Table) -> Grid:
    rows = [[cell.text for cell in _unique(row.cells)] for row in table.rows]
    header = 0
    for row in table.rows:
        if row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None:
            break
        header += 1
    return Grid(rows, header)


def _unique(cells: list) -> list:  # type: ignore[type-arg]
    """A row's cells, a horizontally merged cell once."""
    seen: list[object] = []
    return [c for c in cells if not (c._tc in seen or seen.append(c._tc))]


def read_report(document: Document) -> Report:
    """The document's body as blocks, its tracked changes accepted in memory."""
    revisions = has_revisions(document.element.body)
    accept_all(document.element.body)
    names = _style_names(document)
    blocks: list[Block] = [_paragraph(item, names) if isinstance(item, Paragraph) else _grid(item)
                           for item in document.iter_inner_content()]
    return Report(blocks, revisions)
