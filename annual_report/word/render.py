"""Render a ReportDocument into Word on the GB/T 9704 template: report terms in, named styles out.

The template (templates/report.docx) owns every format: page, fonts, sizes, indents, footers. This module
only appends paragraphs and tables in its named styles (`StyleName`) and computes what depends on the
content: title lines, the 落款 indents (GB/T 9704 7.3.5.2), the 附件说明 hanging indents (7.3.4) and
column widths. User text goes in as plain run text, never as a template.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt, Twips
from docx.text.paragraph import Paragraph as WordParagraph

from annual_report.document import (
    Attachment,
    Block,
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    Table,
)
from annual_report.text import strip_illegal_chars
from annual_report.word import layout
from annual_report.word.gbt9704 import attachment_mark, signature_indents, split_title, text_width
from annual_report.word.layout import StyleName
from annual_report.word.paragraph import set_indent
from annual_report.word.table import set_cant_split, set_repeat_header
from annual_report.word.template import default_template

_HEADINGS = {1: StyleName.HEADING_1, 2: StyleName.HEADING_2, 3: StyleName.HEADING_3, 4: StyleName.HEADING_4}
_ATTACHMENTS_LABEL = "附件："
_COLUMN_CHARS = (2.0, 12.0)  # automatic column widths: the longest cell in 字, clamped to this range


def render(doc: ReportDocument, out: Path, template: Path | None = None) -> Path:
    """Write `doc` as a .docx on `template` (default: templates/report.docx) and return `out`.

    Two renders of the same document give the same bytes: document properties and zip entry times are
    derived from the signature date.
    """
    word = docx.Document(str(template or default_template()))
    word.element.body.clear_content()  # the template's empty paragraph(s); the final sectPr stays
    writer = _Writer(word, review=doc.edition == "review")
    writer.title(StyleName.TITLE, doc.title)
    writer.blank()
    writer.blocks(doc.body)
    writer.attachment_list([attachment.title for attachment in doc.attachments])
    writer.signature(doc.signature)
    for number, attachment in enumerate(doc.attachments, 1):
        writer.attachment(attachment_mark(number, len(doc.attachments)), attachment)

    stamp = dt.datetime.combine(doc.signature.date, dt.time())
    properties = word.core_properties
    properties.title = _clean(doc.title)
    properties.author = properties.last_modified_by = _clean(doc.signature.name)
    properties.comments = ""
    properties.created = properties.modified = stamp
    properties.revision = 1
    return _save(word, Path(out), stamp)


def _clean(text: str) -> str:
    """Last defence: drop characters XML cannot store (validation reports them upstream)."""
    return strip_illegal_chars(text)[0]


class _Writer:
    """Appends report elements to a Word document in the template's named styles."""

    def __init__(self, word: WordDocument, *, review: bool) -> None:
        self.word = word
        self.review = review
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
        """A centred title in balanced lines (梯形/菱形), broken by line breaks inside one paragraph."""
        size = self.styles[style].font.size or Pt(layout.ERHAO)
        run = self.paragraph(style).add_run()
        for index, line in enumerate(split_title(_clean(text), self.text_width / size)):
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
        """Lead, bold run-in title, text; in the review edition each note follows the text it concerns as
        〔note〕 in the 审阅标注 style."""
        paragraph = self.paragraph(StyleName.BODY)
        if block.title:
            self.run(paragraph, _clean(block.lead + block.title), StyleName.RUN_IN_TITLE)
        elif block.lead:
            paragraph.add_run(_clean(block.lead))
        for span in block.body:
            paragraph.add_run(_clean(span.text))
            self.notes(paragraph, span.notes)
        self.notes(paragraph, block.notes)

    def notes(self, paragraph: WordParagraph, notes: list[str]) -> None:
        if self.review:
            for note in notes:
                self.run(paragraph, f"〔{_clean(note)}〕", StyleName.REVIEW_NOTE)

    def table(self, block: Table) -> None:
        """Caption above; header row repeated on each page; no row split across pages."""
        columns = len(block.header)
        for number, row in enumerate(block.rows, 1):
            if len(row) != columns:
                raise ValueError(f"表格「{block.caption}」第{number}行有{len(row)}列，表头有{columns}列")
        self.paragraph(StyleName.CAPTION, block.caption).paragraph_format.keep_with_next = True
        table = self.word.add_table(rows=len(block.rows) + 1, cols=columns)
        table.style = self.styles[StyleName.TABLE]
        table.autofit = False
        widths = _column_widths(block, self.text_width)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = self.ids[StyleName.TABLE_HEADER]
        cell_styles = [
            self.ids[StyleName.TABLE_NUMBER if i in block.numeric_columns else StyleName.TABLE_TEXT]
            for i in range(columns)
        ]
        for index, (row, values) in enumerate(zip(table.rows, [block.header, *block.rows], strict=True)):
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
        shape = picture.add_run().add_picture(str(block.image))
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
        label = text_width(_ATTACHMENTS_LABEL)
        for number, title in enumerate(titles, 1):
            item = "" if len(titles) == 1 else f"{number}."
            prefix = (_ATTACHMENTS_LABEL if number == 1 else "") + item
            # Normal, not 公文正文: a style's firstLineChars would override the hanging indent in Word.
            paragraph = self.paragraph(StyleName.NORMAL, prefix + title)
            left = 2 + label + text_width(item)
            set_indent(paragraph, layout.BODY_CHAR, left=left)
            paragraph.paragraph_format.first_line_indent = -Twips(round(text_width(prefix) * layout.BODY_CHAR))

    def signature(self, signature: Signature) -> None:
        """署名 one blank line below the body (or 附件说明), the date on the next line (GB/T 9704 7.3.5.2).

        The 署名 is right-aligned at its right indent. The date is left-aligned at its first character, 2 字
        right of the 署名's, so that it keeps that place where digits come out wider than half a 字: LibreOffice
        ignores the 落款 style's autoSpaceDE/autoSpaceDN and adds space between Chinese and digits.
        """
        self.blank()
        name, date = _clean(signature.name), signature.date_text
        name_right, _ = signature_indents(name, date)
        set_indent(self.paragraph(StyleName.SIGNATURE, name), layout.BODY_CHAR, right=name_right)
        name_start = (
            self.text_width.twips
            - round(name_right * layout.BODY_CHAR)
            - round(text_width(name) * layout.BODY_CHAR)
        )
        dated = self.paragraph(StyleName.SIGNATURE, date).paragraph_format
        dated.alignment = WD_ALIGN_PARAGRAPH.LEFT
        dated.left_indent = Twips(name_start + 2 * layout.BODY_CHAR)

    def attachment(self, mark: str, attachment: Attachment) -> None:
        """A new page: 「附件N」 on line 1, the title on line 3, a blank line, then the blocks (7.3.7)."""
        self.paragraph(StyleName.ATTACHMENT_MARK, mark).paragraph_format.page_break_before = True
        self.blank()
        self.title(StyleName.ATTACHMENT_TITLE, attachment.title)
        self.blank()
        self.blocks(attachment.blocks)


def _column_widths(block: Table, total: Length) -> list[Length]:
    """Column widths filling `total`: from the table's relative widths, else from its longest cells."""
    low, high = _COLUMN_CHARS
    relative = block.widths or [
        min(max(low, *(text_width(str(value)) for value in column)), high)
        for column in zip(block.header, *block.rows, strict=True)
    ]
    scale = total / sum(relative)
    widths = [Length(int(width * scale)) for width in relative]
    widths[-1] = Length(widths[-1] + total - sum(widths))
    return widths


def _save(word: WordDocument, out: Path, stamp: dt.datetime) -> Path:
    """Save with every zip entry dated `stamp`, so that equal documents are equal files."""
    buffer = io.BytesIO()
    word.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    date_time = stamp.timetuple()[:6]
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(
                zipfile.ZipInfo(entry.filename, date_time), source.read(entry), zipfile.ZIP_DEFLATED
            )
    return out
