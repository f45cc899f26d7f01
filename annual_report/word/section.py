"""Section properties: the document grid (no python-docx API), and a header line on every page."""

from __future__ import annotations

from docx.section import Section
from docx.styles.style import BaseStyle

from annual_report.word.oxml import SECTPR_ORDER, child, set_attrs


def set_doc_grid(section: Section, line_pitch: int) -> None:
    """Line-only document grid (w:docGrid type="lines"): Word's page setup then shows 22 lines."""
    grid = child(section._sectPr, "w:docGrid", SECTPR_ORDER)
    grid.attrib.clear()
    set_attrs(grid, type="lines", linePitch=line_pitch)


def set_header_text(section: Section, text: str, style: BaseStyle) -> None:
    """`text` in the header of every page (odd and even: the template has different odd and even footers)."""
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = style
        paragraph.text = text
