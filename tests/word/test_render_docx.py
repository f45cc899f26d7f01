"""The rendered .docx opened back with python-docx: page, styles, fonts, indents, footers, content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from conftest import MakeReport
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph as WordParagraph
from render_samples import FIVE_PART, NOTE, SENTENCE, SIGNATURE, TEMPLATE, THREE_PART, TITLE, cases_table

from annual_report.word.document import Attachment, Chart, Heading, Paragraph, ReportDocument, Table
from annual_report.word.gbt9704 import attachment_mark, signature_indents
from annual_report.word.layout import StyleName
from annual_report.word.render import render
from annual_report.wording.numbers import format_date

HEADING_STYLES = [StyleName.HEADING_1, StyleName.HEADING_2, StyleName.HEADING_3, StyleName.HEADING_4]
TEXT_WIDTH = Twips(11906 - 1587 - 1474)


def rendered(report: ReportDocument, tmp_path: Path, name: str = "report.docx") -> WordDocument:
    return docx.Document(str(render(report, tmp_path / name, TEMPLATE)))


def inherited(style: BaseStyle, read) -> object:
    """The first value `read` finds on `style` or its base styles."""
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def east_asian_font(style: BaseStyle) -> str | None:
    def read(s: BaseStyle) -> str | None:
        rpr = s.element.rPr
        return None if rpr is None or rpr.rFonts is None else rpr.rFonts.get(qn("w:eastAsia"))

    return inherited(style, read)


def styled(word: WordDocument, *names: StyleName) -> list:
    return [p for p in word.paragraphs if p.style.name in names]


@pytest.fixture
def report_docx(make_report: MakeReport, tmp_path: Path) -> WordDocument:
    return rendered(make_report(), tmp_path)


def test_page_is_a4_with_gbt9704_margins(report_docx):
    section = report_docx.sections[-1]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert margins == (Twips(2098), Twips(1984), Twips(1587), Twips(1474))


def test_every_paragraph_uses_a_template_style(report_docx):
    assert {p.style.name for p in report_docx.paragraphs} <= set(StyleName)
    assert not any(p.style.name.startswith("Heading") for p in report_docx.paragraphs)


@pytest.mark.parametrize(
    ("style", "font", "size"),
    [
        (StyleName.TITLE, "方正小标宋简体", 22),
        (StyleName.HEADING_1, "黑体", 16),
        (StyleName.HEADING_2, "楷体_GB2312", 16),
        (StyleName.HEADING_3, "仿宋_GB2312", 16),
        (StyleName.HEADING_4, "仿宋_GB2312", 16),
        (StyleName.BODY, "仿宋_GB2312", 16),
        (StyleName.SIGNATURE, "仿宋_GB2312", 16),
        (StyleName.ATTACHMENT_MARK, "黑体", 16),
        (StyleName.ATTACHMENT_TITLE, "方正小标宋简体", 22),
        (StyleName.CAPTION, "楷体_GB2312", 14),
    ],
)
def test_styles_in_use_have_their_east_asian_font_and_size(report_docx, style, font, size):
    paragraphs = styled(report_docx, style)
    assert paragraphs, f"no paragraph in {style}"
    used = paragraphs[0].style
    assert east_asian_font(used) == font
    assert inherited(used, lambda s: s.font.size) == Pt(size)


def test_body_and_headings_indent_the_first_line_two_characters(report_docx):
    for style in (StyleName.BODY, *HEADING_STYLES):
        paragraph = styled(report_docx, style)[0]
        assert paragraph.paragraph_format.first_line_indent is None  # from the style, not direct
        assert paragraph.style.paragraph_format.first_line_indent == Twips(630)


def test_odd_and_even_footers_hold_a_page_field(report_docx):
    assert report_docx.settings.odd_and_even_pages_header_footer
    section = report_docx.sections[-1]
    for footer in (section.footer, section.even_page_footer):
        instructions = [t.text for t in footer._element.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]


def test_title_is_two_balanced_lines_in_one_paragraph_then_a_blank_line(report_docx):
    first, second = report_docx.paragraphs[:2]
    assert first.style.name == StyleName.TITLE
    assert first.text == "示例市人民政府关于\n2024年度法治政府建设情况的报告"
    assert len(first._p.findall(f".//{qn('w:br')}")) == 1
    assert second.style.name == StyleName.BODY
    assert second.text == ""


@pytest.mark.parametrize("outline", [THREE_PART, FIVE_PART], ids=["three-part", "five-part"])
def test_headings_come_in_outline_order(make_report, tmp_path, outline):
    word = rendered(make_report(outline=outline), tmp_path)
    level_one = [p.text for p in styled(word, StyleName.HEADING_1)]
    assert level_one == list(outline)
    levels = [HEADING_STYLES.index(p.style.name) + 1 for p in styled(word, *HEADING_STYLES)]
    assert levels[:4] == [1, 2, 3, 4]


def test_leads_run_from_yishi_to_shiyishi(report_docx):
    texts = [p.text for p in styled(report_docx, StyleName.BODY) if p.text]
    assert texts[0].startswith("一是全市")
    assert texts[10].startswith("十一是全市")


def test_review_edition_has_its_notes_as_word_comments_on_their_text(make_report, tmp_path):
    word = rendered(make_report(edition="review"), tmp_path)
    comments = list(word.comments)
    assert len(comments) == 11 + 2 * 2
    assert comments[0].text == NOTE and comments[0].author == "annual-report 审阅"
    assert not any("来源" in p.text for p in word.paragraphs)  # the body reads as the 公开稿 will


def test_public_edition_has_no_comments(report_docx):
    assert not any("来源" in p.text for p in report_docx.paragraphs)
    assert len(list(report_docx.comments)) == 0


def test_template_like_text_appears_literally(tmp_path):
    text = "{{ 7*7 }} {% if x %}<w:p>&amp;"
    word = rendered(ReportDocument(text, [Paragraph(text, notes=[text])], SIGNATURE, edition="review"), tmp_path)
    assert word.paragraphs[0].text == text
    assert word.paragraphs[2].text == text and next(iter(word.comments)).text == text
    assert "49" not in "".join(p.text for p in word.paragraphs)


def test_control_characters_are_dropped_and_the_file_reopens(tmp_path):
    dirty = "依法\x0c行政\x00推进\x1f建设\ufffe"
    body = [Heading(1, dirty), Paragraph(dirty, lead="一是", notes=[dirty]), Table(dirty, [dirty], [[dirty]])]
    report = ReportDocument(dirty, body, SIGNATURE, [Attachment(dirty, [])], edition="review")
    word = rendered(report, tmp_path)
    texts = "".join(p.text for p in word.paragraphs) + word.tables[0].cell(1, 0).text
    assert "依法行政推进建设" in texts
    assert not any(c in texts for c in "\x0c\x00\x1f\ufffe")
    assert word.core_properties.title == "依法行政推进建设（审阅稿）"


def test_signature_follows_gbt9704_7_3_5_1(report_docx):
    """成文日期 右空四字; 署名 centred over it: 4 + (6.5 − 7) / 2 = 3.75 字 from the right."""
    assert format_date(dt.date(2025, 3, 20)) == "2025年3月20日"
    assert signature_indents("示例市人民政府", "2025年3月20日") == (3.75, 4)
    name, date = styled(report_docx, StyleName.SIGNATURE)
    assert (name.text, date.text) == ("示例市人民政府", "2025年3月20日")
    assert name._p.pPr.ind.get(qn("w:rightChars")) == "375" and date._p.pPr.ind.get(qn("w:rightChars")) == "400"
    assert date.paragraph_format.right_indent.twips == 4 * 315
    assert name.paragraph_format.alignment is None and date.paragraph_format.alignment is None  # the 落款 style: right


def test_a_short_name_is_centred_over_a_long_date():
    assert signature_indents("某局", "2025年12月31日") == (4 + (7 - 2) / 2, 4)


def test_the_signature_keeps_with_the_last_text_paragraph(report_docx):
    paragraphs = report_docx.paragraphs
    name = next(i for i, p in enumerate(paragraphs) if p.style.name == StyleName.SIGNATURE)
    first = next(i for i, p in enumerate(paragraphs) if p.text.startswith("附件："))
    assert all(paragraphs[i].paragraph_format.keep_with_next for i in range(first - 2, name + 1))


def test_signature_follows_one_blank_line_after_the_attachment_list(report_docx):
    paragraphs = report_docx.paragraphs
    first = next(i for i, p in enumerate(paragraphs) if p.text.startswith("附件："))
    assert paragraphs[first - 1].text == ""
    assert paragraphs[first].text == "附件：1.2024年度各单位行政复议和行政诉讼案件统计表"
    assert paragraphs[first + 1].text == "2.2024年度法治政府建设重点工作完成情况"
    assert paragraphs[first + 2].text == ""
    assert paragraphs[first + 3].style.name == StyleName.SIGNATURE
    item = paragraphs[first].paragraph_format
    assert (item.left_indent, item.first_line_indent) == (Twips(6 * 315), Twips(-4 * 315))
    assert paragraphs[first + 1].paragraph_format.first_line_indent == Twips(-315)


def test_attachments_start_on_a_new_page_with_mark_blank_and_title(report_docx):
    paragraphs = report_docx.paragraphs
    marks = [i for i, p in enumerate(paragraphs) if p.style.name == StyleName.ATTACHMENT_MARK]
    assert [paragraphs[i].text for i in marks] == ["附件1", "附件2"]
    for i in marks:
        assert paragraphs[i].paragraph_format.page_break_before
        assert paragraphs[i + 1].text == ""
        assert paragraphs[i + 2].style.name == StyleName.ATTACHMENT_TITLE
        assert paragraphs[i + 3].text == ""
    assert attachment_mark(1, 1) == "附件"


def test_tables_repeat_header_keep_rows_and_fill_the_text_width(report_docx):
    table = report_docx.tables[0]
    assert table.style.name == StyleName.TABLE
    rows = table.rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    assert sum(column.width for column in table.columns) == TEXT_WIDTH
    assert table.columns[0].width == pytest.approx(TEXT_WIDTH * 3 / 7.5, abs=2)
    assert [c.paragraphs[0].style.name for c in rows[0].cells] == [StyleName.TABLE_HEADER] * 4
    assert [c.paragraphs[0].style.name for c in rows[1].cells] == [StyleName.TABLE_TEXT] + [StyleName.TABLE_NUMBER] * 3
    assert [c.text for c in rows[1].cells] == ["示例市第一执法单位", "11", "3", "1.5"]


def test_a_tall_table_row_may_break_across_pages_and_short_ones_may_not(make_report: MakeReport,
                                                                         tmp_path: Path) -> None:
    report = make_report()
    table = Table(caption="任务落实情况", header=["序号", "任务", "情况"], numeric_columns={0}, wrap={1, 2},
                  rows=[["1", "坚持会前学法", "已落实"], ["2", "规范涉企行政检查", SENTENCE * 6]])
    report.attachments[0].blocks.append(table)
    rows = rendered(report, tmp_path).tables[-1].rows
    kept = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows]
    assert kept == [True, True, False]


def test_table_caption_sits_above_and_keeps_with_the_table(report_docx):
    body = list(report_docx.element.body.iterchildren())
    table = body.index(report_docx.tables[0]._tbl)
    caption = WordParagraph(body[table - 1], report_docx._body)
    assert caption.text == cases_table().caption
    assert caption.style.name == StyleName.CAPTION
    assert caption.paragraph_format.keep_with_next


def test_table_widths_default_to_content(tmp_path):
    table = Table("表", ["单位名称", "数"], [["示例市人民政府办公室", "1"]])
    word = rendered(ReportDocument(TITLE, [table], SIGNATURE), tmp_path)
    narrow, wide = sorted(column.width for column in word.tables[0].columns)
    assert wide > 4 * narrow


def test_a_row_with_the_wrong_number_of_cells_is_an_error(tmp_path):
    table = Table("表1 案件", ["单位", "件数"], [["甲"]])
    with pytest.raises(ValueError, match="表1 案件"):
        render(ReportDocument(TITLE, [table], SIGNATURE), tmp_path / "bad.docx", TEMPLATE)


def test_chart_is_centred_within_the_text_width_with_caption_below(report_docx):
    figures = styled(report_docx, StyleName.FIGURE)
    assert len(figures) == 1 == len(report_docx.inline_shapes)
    assert 0 < report_docx.inline_shapes[0].width <= TEXT_WIDTH
    paragraphs = report_docx.paragraphs
    index = [p._p for p in paragraphs].index(figures[0]._p)
    after = paragraphs[index + 1]
    assert (after.style.name, after.text) == (StyleName.CAPTION, "图1 主要指标同比")


def test_a_chart_after_a_table_follows_one_empty_body_line(chart_png, tmp_path):
    blocks = [cases_table(), Chart(chart_png.read_bytes(), "图1 表后"), Paragraph("正文。"), Chart(chart_png.read_bytes(), "图2 文后")]
    word = rendered(ReportDocument(TITLE, blocks, SIGNATURE), tmp_path)
    body = list(word.element.body.iterchildren())
    table = next(i for i, element in enumerate(body) if element.tag == qn("w:tbl"))
    after_table = WordParagraph(body[table + 1], word)
    assert (after_table.style.name, after_table.text) == (StyleName.BODY, "")
    assert WordParagraph(body[table + 2], word).style.name == StyleName.FIGURE
    figures = styled(word, StyleName.FIGURE)
    before_second = WordParagraph(figures[1]._p.getprevious(), word)
    assert (before_second.style.name, before_second.text) == (StyleName.BODY, "正文。")


def test_properties_are_fixed_and_two_builds_are_identical(make_report, tmp_path):
    report = make_report(edition="review")
    first, second = render(report, tmp_path / "a.docx", TEMPLATE), render(report, tmp_path / "b.docx", TEMPLATE)
    assert first.read_bytes() == second.read_bytes()
    properties = docx.Document(str(first)).core_properties
    assert properties.title == TITLE + "（审阅稿）"
    assert properties.author == "示例市人民政府"
    assert properties.created.replace(tzinfo=None) == dt.datetime(2025, 3, 20)
    assert properties.modified.replace(tzinfo=None) == dt.datetime(2025, 3, 20)


def test_a_custom_template_keeps_its_styles_and_loses_its_body(tmp_path):

    template = docx.Document(str(TEMPLATE))
    template.styles[StyleName.HEADING_1].font.size = Pt(18)
    template.add_paragraph("模板中的示例段落")
    path = tmp_path / "custom.docx"
    template.save(str(path))
    report = ReportDocument(TITLE, [Heading(1, "一、总体情况")], SIGNATURE)
    word = docx.Document(str(render(report, tmp_path / "out.docx", template=path)))
    assert "模板中的示例段落" not in [p.text for p in word.paragraphs]
    assert word.styles[StyleName.HEADING_1].font.size == Pt(18)
    assert word.sections[-1].page_width == Twips(11906)
