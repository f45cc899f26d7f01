"""Render a ReportDocument into Word on the GB/T 9704 template: report terms in, named styles out.

The template (templates/report.docx) owns every format: page, fonts, sizes, indents, footers. This module
only appends paragraphs and tables in its named styles (`StyleName`) and computes what depends on the
content: title lines, the 落款 indents (GB/T 9704 7.3.5.2), the 附件说明 hanging indents (7.3.4) and
column widths. User text goes in as plain run text, never as a template.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt, Twips
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from annual_report.text.hygiene import strip_illegal_chars
from annual_report.word import layout
from annual_report.word.document import (
    Attachment,
    Block,
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    Table,
)
from annual_report.word.gbt9704 import (
    attachment_mark,
    column_widths,
    row_lines,
    signature_indents,
    split_title,
    text_width,
)
from annual_report.word.layout import StyleName
from annual_report.word.package import add_font_hints, save, set_compatibility_mode, set_properties
from annual_report.word.paragraph import set_indent
from annual_report.word.section import set_header_text
from annual_report.word.table import set_cant_split, set_repeat_header
from annual_report.word.template import add_missing_styles

_HEADINGS = {1: StyleName.HEADING_1, 2: StyleName.HEADING_2, 3: StyleName.HEADING_3, 4: StyleName.HEADING_4}
_ATTACHMENTS_LABEL = "附件："
REVIEWER = "annual-report 审阅"
KEEP_ROW_LINES = 4  # table rows up to this many lines never break across pages


def render(doc: ReportDocument, out: Path, template: Path) -> Path:
    """Write `doc` as a .docx on `template` (the workspace's, or the shipped templates/report.docx) and return
    `out`.

    Two renders of the same document give the same bytes: document properties and zip entry times are
    derived from the signature date.
    """
    word = docx.Document(str(template))
    word.element.body.clear_content()  # the template's empty paragraph(s); the final sectPr stays
    stamp = dt.datetime.combine(doc.signature.date, dt.time())
    writer = _Writer(word, review=doc.edition == "review", stamp=stamp)
    writer.title(StyleName.TITLE, doc.title)
    writer.blank()
    writer.blocks(doc.body)
    writer.keep_with_next_from(-1)  # the last text paragraph goes with the 落款: never a signature alone
    writer.attachment_list([attachment.title for attachment in doc.attachments])
    writer.signature(doc.signature)
    for number, attachment in enumerate(doc.attachments, 1):
        writer.attachment(attachment_mark(number, len(doc.attachments)), attachment)
    if doc.header:
        set_header_text(word.sections[0], _clean(doc.header), writer.styles[StyleName.PAGE_HEADER])

    title = _clean(doc.title) + ("（审阅稿）" if writer.review else "")
    set_properties(word, title, _clean(doc.signature.name), stamp)
    set_compatibility_mode(word)
    add_font_hints(word)
    return save(word, Path(out), stamp)


def _clean(text: str) -> str:
    """Last defence: drop characters XML cannot store (validation reports them upstream)."""
    return strip_illegal_chars(text)[0]


class _Writer:
    """Appends report elements to a Word document in the template's named styles."""

    def __init__(self, word: WordDocument, *, review: bool, stamp: dt.datetime) -> None:
        self.word = word
        self.review = review
        self.stamp = f"{stamp:%Y-%m-%dT%H:%M:%SZ}"
        add_missing_styles(word)
        self.styles = {name: word.styles[name] for name in StyleName}
        # Style ids resolved once (None for a type's default style, as python-docx writes it): assigning a
        # style object makes python-docx scan every template style on each call.
        defaults = {t: word.styles.default(t) for t in {s.type for s in self.styles.values()}}
        self.ids = {name: None if s == defaults[s.type] else s.style_id for name, s in self.styles.items()}
        self.end = word.element.body.sectPr  # new blocks go before it (add_paragraph scans the body for it)
        section = word.sections[-1]
        self.text_width: Length = Length(section.page_width - section.left_margin - section.right_margin)

    def paragraph(self, style: StyleName, text: str = "") -> WordParagraph:
        p = OxmlElement("w:p")
        self.end.addprevious(p)
        p.style = self.ids[style]
        paragraph = WordParagraph(p, self.word._body)
        if text:
            paragraph.add_run(_clean(text))
        return paragraph

    def run(self, paragraph: WordParagraph, text: str, style: StyleName) -> None:
        """A run of `text` in a character style."""
        paragraph.add_run(text)._r.style = self.ids[style]

    def blank(self) -> None:
        """One empty body line."""
        self.paragraph(StyleName.BODY)

    def title(self, style: StyleName, text: str) -> None:
        """A centred title in balanced lines (梯形/菱形), broken by line breaks inside one paragraph; one 字
        to spare on each line, so that a wider substitute font does not wrap a line on its own."""
        size = self.styles[style].font.size or Pt(layout.ERHAO)
        run = self.paragraph(style).add_run()
        for index, line in enumerate(split_title(_clean(text), self.text_width / size - 1)):
            if index:
                run.add_break()
            run.add_text(line)

    def blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            match block:
                case Heading():
                    self.paragraph(_HEADINGS[block.level], block.text)
                case Paragraph():
                    self.body(block)
                case Table():
                    self.table(block)
                case Chart():
                    self.chart(block)
                case _:
                    raise TypeError(f"cannot render {type(block).__name__}")

    def body(self, block: Paragraph) -> None:
        """Lead, bold run-in title, text; in the review edition each span's notes are a Word comment on
        that span, the paragraph's own notes a comment on the whole paragraph."""
        paragraph = self.paragraph(StyleName.BODY)
        if block.title:
            style = StyleName.RUN_IN_TITLE if block.run_in == "title" else StyleName.RUN_IN_HEADING
            self.run(paragraph, _clean(block.lead + block.title), style)
        elif block.lead:
            paragraph.add_run(_clean(block.lead))
        for span in block.body:
            self.comment([paragraph.add_run(_clean(span.text))], span.notes)
        self.comment(paragraph.runs, block.notes)

    def comment(self, runs: list[Run], notes: list[str]) -> None:
        """One Word comment anchored on `runs`, a paragraph per note (review edition only)."""
        if not self.review or not notes or not runs:
            return
        comment = self.word.add_comment(runs, text=_clean(notes[0]), author=REVIEWER, initials="AR")
        comment._comment_elm.set(qn("w:date"), self.stamp)  # the run's date, not the clock: same input, same file
        for note in notes[1:]:
            comment.add_paragraph(_clean(note))

    def table(self, block: Table) -> None:
        """Caption above; header row repeated on each page; rows of up to KEEP_ROW_LINES lines kept on one page
        (a taller one kept whole can leave half a page empty before it)."""
        columns = len(block.header)
        for number, row in enumerate(block.rows, 1):
            if len(row) != columns:
                raise ValueError(f"表格「{block.caption}」第{number}行有{len(row)}列，表头有{columns}列")
        self.paragraph(StyleName.CAPTION, block.caption).paragraph_format.keep_with_next = True
        table = self.word.add_table(rows=len(block.rows) + 1, cols=columns)
        table.style = self.styles[StyleName.TABLE]
        table.autofit = False
        widths = self.column_widths(block)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = self.ids[StyleName.TABLE_HEADER]
        cell_styles = [
            self.ids[StyleName.TABLE_NUMBER if i in block.numeric_columns else StyleName.TABLE_TEXT]
            for i in range(columns)
        ]
        in_zi = [w / Pt(layout.SIHAO) for w in widths]
        for index, (row, values) in enumerate(zip(table.rows, [block.header, *block.rows], strict=True)):
            if index == 0 or row_lines([str(v) for v in values], in_zi) <= KEEP_ROW_LINES:
                set_cant_split(row)
            if index == 0:
                set_repeat_header(row)
            for cell, value, width, style in zip(row.cells, values, widths, cell_styles, strict=True):
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                paragraph._p.style = header if index == 0 else style
                paragraph.add_run(_clean(str(value)))

    def chart(self, block: Chart) -> None:
        """The picture centred, at most as wide as the 版心, with its caption below; after a table, one
        empty body line first, so that the picture does not touch the table's bottom border."""
        if self.follows_table():
            self.blank()
        picture = self.paragraph(StyleName.FIGURE)
        picture.paragraph_format.keep_with_next = True
        shape = picture.add_run().add_picture(io.BytesIO(block.png))
        if shape.width > self.text_width:
            shape.height = Length(round(shape.height * self.text_width / shape.width))
            shape.width = self.text_width
        self.paragraph(StyleName.CAPTION, block.caption)

    def follows_table(self) -> bool:
        """Whether the last block in the document body is a table."""
        last = self.word.element.body[-1] if len(self.word.element.body) else None
        if last is not None and last.tag == qn("w:sectPr"):
            last = last.getprevious()
        return last is not None and last.tag == qn("w:tbl")

    def attachment_list(self, titles: list[str]) -> None:
        """附件说明 (GB/T 9704 7.3.4): a blank line, then 「附件：1.××」 左空二字, numbers aligned under
        the first, wrapped lines aligned with the first character of the name."""
        if not titles:
            return
        self.blank()
        self.keep_with_next_from(-2)
        label = text_width(_ATTACHMENTS_LABEL)
        for number, title in enumerate(titles, 1):
            item = "" if len(titles) == 1 else f"{number}."
            prefix = (_ATTACHMENTS_LABEL if number == 1 else "") + item
            # Normal, not 公文正文: a style's firstLineChars would override the hanging indent in Word.
            paragraph = self.paragraph(StyleName.NORMAL, prefix + title)
            left = 2 + label + text_width(item)
            set_indent(paragraph, layout.BODY_CHAR, left=left)
            paragraph.paragraph_format.first_line_indent = -Twips(round(text_width(prefix) * layout.BODY_CHAR))
            paragraph.paragraph_format.keep_with_next = True

    def signature(self, signature: Signature) -> None:
        """署名 one blank line below the body (or 附件说明), the 成文日期 on the next line (GB/T 9704
        7.3.5.1): the date 右空四字, the 署名 centred over it; both right-aligned, so the date's right edge
        stays 4 字 from the margin whatever the digits' width. The lines keep together with the text above.
        """
        self.blank()
        name, date = _clean(signature.name), _clean(signature.date_text)
        name_right, date_right = signature_indents(name, date)
        set_indent(self.paragraph(StyleName.SIGNATURE, name), layout.BODY_CHAR, right=name_right)
        set_indent(self.paragraph(StyleName.SIGNATURE, date), layout.BODY_CHAR, right=date_right)
        self.keep_with_next_from(-3, last=-2)

    def keep_with_next_from(self, start: int, last: int = -1) -> None:
        """Keep body paragraphs `start`…`last` (negative indices from the end) each with the next one."""
        paragraphs = [e for e in self.word.element.body if e.tag == qn("w:p")]
        for element in paragraphs[start : (last + 1) or None]:
            WordParagraph(element, self.word._body).paragraph_format.keep_with_next = True

    def column_widths(self, block: Table) -> list[Length]:
        """Column widths filling the 版心: given relative widths, else measured in 字 of the table text
        (四号) so that number columns never wrap and the first column takes what is left."""
        if block.widths:
            chars = [w * self.text_width / sum(block.widths) for w in block.widths]
            return [Length(int(c)) for c in chars]
        char = Pt(layout.SIHAO)
        columns = [[str(v) for v in column] for column in zip(block.header, *block.rows, strict=True)]
        measured = column_widths(columns, block.numeric_columns, block.wrap, self.text_width / char)
        widths = [Length(int(w * char)) for w in measured]
        widths[0] = Length(widths[0] + self.text_width - sum(widths))
        return widths

    def attachment(self, mark: str, attachment: Attachment) -> None:
        """A new page: 「附件N」 on line 1, the title on line 3, a blank line, then the blocks (7.3.7)."""
        self.paragraph(StyleName.ATTACHMENT_MARK, mark).paragraph_format.page_break_before = True
        self.blank()
        self.title(StyleName.ATTACHMENT_TITLE, attachment.title)
        self.blank()
        self.blocks(attachment.blocks)
