"""The committed Word template (templates/report.docx) carries the GB/T 9704 profile."""

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from lxml import etree

from annual_report.config.resources import template_file
from annual_report.word.layout import StyleName
from annual_report.word.template import build_template

TEMPLATE = template_file("report.docx")

# style: (eastAsia font, size in pt), resolved through basedOn.
EXPECTED_FONTS = {
    StyleName.NORMAL: ("仿宋_GB2312", 16),
    StyleName.TITLE: ("方正小标宋简体", 22),
    StyleName.BODY: ("仿宋_GB2312", 16),
    StyleName.HEADING_1: ("黑体", 16),
    StyleName.HEADING_2: ("楷体_GB2312", 16),
    StyleName.HEADING_3: ("仿宋_GB2312", 16),
    StyleName.HEADING_4: ("仿宋_GB2312", 16),
    StyleName.SIGNATURE: ("仿宋_GB2312", 16),
    StyleName.ATTACHMENT_MARK: ("黑体", 16),
    StyleName.ATTACHMENT_TITLE: ("方正小标宋简体", 22),
    StyleName.TABLE_TEXT: ("仿宋_GB2312", 14),
    StyleName.TABLE_NUMBER: ("仿宋_GB2312", 14),
    StyleName.TABLE_HEADER: ("黑体", 14),
    StyleName.FIGURE: ("仿宋_GB2312", 16),
    StyleName.CAPTION: ("楷体_GB2312", 14),
    StyleName.PAGE_NUMBER: ("宋体", 14),
    StyleName.PAGE_HEADER: ("楷体_GB2312", 10.5),
}
INDENTED = (
    StyleName.BODY,
    StyleName.HEADING_1,
    StyleName.HEADING_2,
    StyleName.HEADING_3,
    StyleName.HEADING_4,
)
OUTLINE_LEVELS = {
    StyleName.HEADING_1: 0,
    StyleName.HEADING_2: 1,
    StyleName.HEADING_3: 2,
    StyleName.HEADING_4: 3,
}
BODY_LINE_STYLES = (StyleName.NORMAL, StyleName.BODY, *OUTLINE_LEVELS, StyleName.SIGNATURE)


@pytest.fixture(scope="module")
def document():
    return docx.Document(str(TEMPLATE))


def _resolved(style, tag: str, attr: str) -> str | None:
    """An rPr attribute of `style`, following basedOn like Word does."""
    while style is not None:
        rpr = style.element.rPr
        element = rpr.find(qn(tag)) if rpr is not None else None
        if element is not None and element.get(qn(attr)) is not None:
            return element.get(qn(attr))
        style = style.base_style
    return None


def _ppr_child(style, tag: str):
    return style.element.pPr.find(qn(tag))


def test_page_is_a4_with_gbt9704_margins(document):
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert margins == (Twips(2098), Twips(1984), Twips(1587), Twips(1474))
    assert abs(section.footer_distance.mm - 25) < 0.1


def test_doc_grid_is_lines_of_579_twips(document):
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


def test_doc_defaults_are_chinese_without_theme_fonts(document):
    styles = document.styles.element
    lang = styles.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:eastAsia")) == "zh-CN"
    for rfonts in styles.iter(qn("w:rFonts")):
        if rfonts.get(qn("w:eastAsia")):
            assert rfonts.get(qn("w:eastAsiaTheme")) is None


def test_body_is_empty(document):
    assert all(not paragraph.text for paragraph in document.paragraphs)
    assert not document.tables


@pytest.mark.parametrize(("name", "expected"), EXPECTED_FONTS.items())
def test_style_font_and_size(document, name, expected):
    style = document.styles[name]
    font, size = expected
    assert _resolved(style, "w:rFonts", "w:eastAsia") == font
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        assert _resolved(style, "w:rFonts", slot) == font
    if size is not None:
        assert _resolved(style, "w:sz", "w:val") == str(round(size * 2))


@pytest.mark.parametrize("name", [*EXPECTED_FONTS, StyleName.TABLE])
def test_custom_styles_are_based_on_normal(document, name):
    style = document.styles[name]
    if name == StyleName.NORMAL:
        return
    base = {
        WD_STYLE_TYPE.PARAGRAPH: "Normal",
        WD_STYLE_TYPE.CHARACTER: "Default Paragraph Font",
        WD_STYLE_TYPE.TABLE: "Normal Table",
    }
    assert (style.base_style.name if style.base_style else None) == base[style.type]


def test_normal_is_cleaned(document):
    normal = document.styles[StyleName.NORMAL]
    assert _resolved(normal, "w:spacing", "w:val") == "-5"
    assert _ppr_child(normal, "w:widowControl").get(qn("w:val")) == "0"
    assert _ppr_child(normal, "w:snapToGrid").get(qn("w:val")) == "0"
    spacing = _ppr_child(normal, "w:spacing")
    assert (spacing.get(qn("w:before")), spacing.get(qn("w:after"))) == ("0", "0")


@pytest.mark.parametrize("name", BODY_LINE_STYLES)
def test_body_text_has_exact_579_twip_lines(document, name):
    style = document.styles[name]
    spacing = _ppr_child(style, "w:spacing")
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    assert style.paragraph_format.line_spacing == Twips(579)


def test_title_has_exact_35pt_lines_off_grid_centred(document):
    title = document.styles[StyleName.TITLE]
    assert title.paragraph_format.line_spacing == Pt(35)
    assert _ppr_child(title, "w:snapToGrid").get(qn("w:val")) == "0"
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _ppr_child(title, "w:ind") is None


@pytest.mark.parametrize("name", INDENTED)
def test_first_line_indent_is_two_characters_in_both_forms(document, name):
    ind = _ppr_child(document.styles[name], "w:ind")
    assert (ind.get(qn("w:firstLineChars")), ind.get(qn("w:firstLine"))) == ("200", "630")


@pytest.mark.parametrize(("name", "level"), OUTLINE_LEVELS.items())
def test_heading_outline_levels(document, name, level):
    assert _ppr_child(document.styles[name], "w:outlineLvl").get(qn("w:val")) == str(level)


@pytest.mark.parametrize("name", list(StyleName))
def test_only_the_signature_turns_off_space_between_chinese_and_digits(document, name):
    """Word's autospace would widen 「2025年3月20日」 and break the 落款 indents (GB/T 9704 7.3.5.2)."""
    ppr = document.styles[name].element.pPr
    found = [None if ppr is None else ppr.find(qn(tag)) for tag in ("w:autoSpaceDE", "w:autoSpaceDN")]
    values = [None if element is None else element.get(qn("w:val")) for element in found]
    assert values == (["0", "0"] if name == StyleName.SIGNATURE else [None, None])


def test_heading_3_is_bold(document):
    assert document.styles[StyleName.HEADING_3].font.bold is True


def test_the_page_header_is_grey_and_the_run_in_title_bold(document):
    assert str(document.styles[StyleName.PAGE_HEADER].font.color.rgb) == "595959"
    title = document.styles[StyleName.RUN_IN_TITLE]
    assert title.type == WD_STYLE_TYPE.CHARACTER and title.font.bold is True


def test_comments_find_their_styles_and_word_2013_compatibility_is_set(document):
    ids = {s.get(qn("w:styleId")) for s in document.styles.element.findall(qn("w:style"))}
    assert {"CommentText", "CommentReference"} <= ids
    mode = [s.get(qn("w:val")) for s in document.settings.element.iter(qn("w:compatSetting"))
            if s.get(qn("w:name")) == "compatibilityMode"]
    assert mode == ["15"]


def test_table_style_has_black_single_borders(document):
    borders = document.styles[StyleName.TABLE].element.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    edges = {etree.QName(edge).localname: edge for edge in borders}
    assert set(edges) == {"top", "left", "bottom", "right", "insideH", "insideV"}
    for edge in edges.values():
        assert (edge.get(qn("w:val")), edge.get(qn("w:color"))) == ("single", "000000")


def test_odd_and_even_footers_are_enabled(document):
    assert document.settings.odd_and_even_pages_header_footer
    assert document.settings.element.find(qn("w:evenAndOddHeaders")) is not None


@pytest.mark.parametrize(
    ("footer", "alignment", "side"),
    [("footer", WD_ALIGN_PARAGRAPH.RIGHT, "right"), ("even_page_footer", WD_ALIGN_PARAGRAPH.LEFT, "left")],
)
def test_footer_has_dashed_page_field(document, footer, alignment, side):
    paragraph = getattr(document.sections[0], footer).paragraphs[0]
    p = paragraph._p
    assert paragraph.style.name == StyleName.PAGE_NUMBER
    assert paragraph.alignment == alignment
    ind = p.pPr.find(qn("w:ind"))
    assert (ind.get(qn(f"w:{side}Chars")), ind.get(qn(f"w:{side}"))) == ("100", "280")
    kinds = [fld.get(qn("w:fldCharType")) for fld in p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert [instr.text for instr in p.iter(qn("w:instrText"))] == [" PAGE "]
    assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")


def test_page_number_style_is_single_spaced(document):
    spacing = _ppr_child(document.styles[StyleName.PAGE_NUMBER], "w:spacing")
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("240", "auto")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    return docx.Document(str(build_template(tmp_path_factory.mktemp("template") / "report.docx")))


def _xml(element) -> bytes:
    return etree.tostring(element, encoding="utf-8")


@pytest.mark.parametrize("name", list(StyleName))
def test_committed_template_matches_builder_style(document, rebuilt, name):
    """Regenerate with: python -m annual_report.word.template templates/report.docx"""
    assert _xml(document.styles[name].element) == _xml(rebuilt.styles[name].element)


def test_committed_template_matches_builder_layout(document, rebuilt):
    assert _xml(document.styles.element) == _xml(rebuilt.styles.element)
    assert _xml(document.sections[0]._sectPr) == _xml(rebuilt.sections[0]._sectPr)
    assert _xml(document.settings.element) == _xml(rebuilt.settings.element)
    for footer in ("footer", "even_page_footer"):
        committed = getattr(document.sections[0], footer)._element
        assert _xml(committed) == _xml(getattr(rebuilt.sections[0], footer)._element)
