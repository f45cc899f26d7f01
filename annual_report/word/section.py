"""Section properties python-docx has no API for: the document grid."""

from __future__ import annotations

from docx.section import Section

from annual_report.word.oxml import SECTPR_ORDER, child, set_attrs


def set_doc_grid(section: Section, line_pitch: int) -> None:
    """Line-only document grid (w:docGrid type="lines"): Word's page setup then shows 22 lines."""
    grid = child(section._sectPr, "w:docGrid", SECTPR_ORDER)
    grid.attrib.clear()
    set_attrs(grid, type="lines", linePitch=line_pitch)
