"""Word fields: the PAGE field of the page-number footers."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from annual_report.word.oxml import set_attrs


def _field_char(paragraph: Paragraph, kind: str) -> None:
    fld = OxmlElement("w:fldChar")
    set_attrs(fld, fldCharType=kind)
    paragraph.add_run().element.append(fld)


def add_page_field(paragraph: Paragraph, cached: str = "1") -> Run:
    """Append a PAGE field (begin, instrText " PAGE ", separate, cached result, end); return the result run."""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    paragraph.add_run().element.append(instr)
    _field_char(paragraph, "separate")
    result = paragraph.add_run(cached)
    _field_char(paragraph, "end")
    return result
