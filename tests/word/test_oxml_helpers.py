"""The word/ helpers that write what python-docx has no API for: fields, fonts, indents, table rows."""

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from annual_report.word.fields import add_page_field
from annual_report.word.paragraph import set_auto_space, set_indent, set_line_spacing, set_outline_level
from annual_report.word.styles import set_char_spacing, set_fonts
from annual_report.word.table import set_cant_split, set_repeat_header


def test_page_field_runs_are_in_order():
    paragraph = docx.Document().add_paragraph()
    result = add_page_field(paragraph, cached="7")
    parts = []
    for run in paragraph._p.iter(qn("w:r")):
        fld, instr = run.find(qn("w:fldChar")), run.find(qn("w:instrText"))
        parts.append(
            fld.get(qn("w:fldCharType")) if fld is not None else instr.text if instr is not None else run.text
        )
    assert parts == ["begin", " PAGE ", "separate", "7", "end"]
    assert result.text == "7"


def test_fonts_fill_all_four_slots_and_drop_theme_attributes():
    document = docx.Document()
    run = document.add_paragraph().add_run("字")
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsiaTheme"), "minorEastAsia")
    set_fonts(run, "黑体")
    rfonts = run.element.rPr.rFonts
    assert {etree.QName(key).localname: value for key, value in rfonts.attrib.items()} == {
        "ascii": "黑体",
        "hAnsi": "黑体",
        "eastAsia": "黑体",
        "cs": "黑体",
    }


def test_paragraph_properties_are_in_schema_order():
    paragraph = docx.Document().add_paragraph()
    set_outline_level(paragraph, 1)
    set_indent(paragraph, 315, first_line=2)
    set_line_spacing(paragraph, 579)
    paragraph.paragraph_format.page_break_before = True
    tags = [etree.QName(child).localname for child in paragraph._p.pPr]
    assert tags == ["pageBreakBefore", "widowControl", "snapToGrid", "spacing", "ind", "outlineLvl"]


def test_auto_space_off_sits_between_widow_control_and_snap_to_grid():
    paragraph = docx.Document().add_paragraph()
    set_line_spacing(paragraph, 579)
    set_auto_space(paragraph, False)
    ppr = paragraph._p.pPr
    tags = [etree.QName(child).localname for child in ppr]
    assert tags == ["widowControl", "autoSpaceDE", "autoSpaceDN", "snapToGrid", "spacing"]
    assert [ppr.find(qn(f"w:{tag}")).get(qn("w:val")) for tag in ("autoSpaceDE", "autoSpaceDN")] == ["0", "0"]
    set_auto_space(paragraph, True)
    assert [ppr.find(qn(f"w:{tag}")).get(qn("w:val")) for tag in ("autoSpaceDE", "autoSpaceDN")] == ["1", "1"]


def test_indent_writes_chars_and_twips():
    paragraph = docx.Document().add_paragraph()
    set_indent(paragraph, 315, right=4.5)
    ind = paragraph._p.pPr.find(qn("w:ind"))
    assert (ind.get(qn("w:rightChars")), ind.get(qn("w:right"))) == ("450", "1418")
    assert ind.get(qn("w:firstLineChars")) is None


def test_char_spacing_goes_before_size():
    run = docx.Document().add_paragraph().add_run("字")
    run.font.size = Pt(16)
    set_char_spacing(run, -5)
    assert [etree.QName(child).localname for child in run.element.rPr] == ["spacing", "sz"]


def test_table_rows_repeat_and_do_not_split():
    row = docx.Document().add_table(rows=2, cols=1).rows[0]
    set_repeat_header(row)
    set_cant_split(row)
    assert [etree.QName(child).localname for child in row._tr.trPr] == ["cantSplit", "tblHeader"]
