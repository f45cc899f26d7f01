"""Build the Word template (templates/report.docx) from the GB/T 9704 profile in `layout`.

Regenerate with: python -m annual_report.word.template templates/report.docx
"""

import argparse
import datetime as dt
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor, Twips

from annual_report.word import layout
from annual_report.word.fields import add_page_field
from annual_report.word.layout import NORMAL, PAGE, PAGE_NUMBER, STYLES, StyleName, StyleSpec
from annual_report.word.package import add_font_hints, save, set_compatibility_mode, set_properties
from annual_report.word.paragraph import set_auto_space, set_indent, set_line_spacing, set_outline_level
from annual_report.word.section import set_doc_grid
from annual_report.word.styles import (
    add_builtin_style,
    set_char_spacing,
    set_doc_defaults,
    set_fonts,
    set_table_borders,
)

_STYLE_TYPES = {
    "paragraph": WD_STYLE_TYPE.PARAGRAPH,
    "character": WD_STYLE_TYPE.CHARACTER,
    "table": WD_STYLE_TYPE.TABLE,
}
_BASE_STYLES = {"paragraph": StyleName.NORMAL, "character": "Default Paragraph Font", "table": "Normal Table"}
TEMPLATE_STAMP = dt.datetime(2025, 1, 1)  # the template's own dates, fixed so it regenerates byte for byte


def build_template(path: Path) -> Path:
    """Write an empty document holding the page setup, page-number footers and named styles."""
    document = Document()
    _set_up_page(document)
    set_doc_defaults(document, NORMAL.font, NORMAL.size)
    for style in document.styles:  # keep only the profile's styles in Word's quick style gallery
        style.quick_style = False
    for spec in (NORMAL, *STYLES):
        _apply_style(document, spec)
    _add_page_numbers(document)
    _drop_styles_with_effects(document)
    # the 审阅稿's comments refer to these by id
    add_builtin_style(document, "CommentText", "annotation text", "paragraph", StyleName.NORMAL)
    add_builtin_style(document, "CommentReference", "annotation reference", "character")
    set_compatibility_mode(document)
    add_font_hints(document)
    set_properties(document, "GB/T 9704-2012 公文格式模板", "annual-report", TEMPLATE_STAMP)
    return save(document, Path(path), TEMPLATE_STAMP)


def _set_up_page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(PAGE.width), Twips(PAGE.height)
    section.top_margin, section.bottom_margin = Twips(PAGE.top), Twips(PAGE.bottom)
    section.left_margin, section.right_margin = Twips(PAGE.left), Twips(PAGE.right)
    section.header_distance, section.footer_distance = Twips(PAGE.header), Twips(PAGE.footer)
    section.gutter = Twips(0)
    set_doc_grid(section, PAGE.line_pitch)


def add_missing_styles(document: DocumentObject) -> None:
    """The profile's named styles an office's template lacks (made with an older version), added as the
    profile defines them; the template's own styles stay as they are."""
    names = {style.name for style in document.styles}
    for spec in STYLES:
        if spec.name not in names:
            _apply_style(document, spec)


def _apply_style(document: DocumentObject, spec: StyleSpec) -> None:
    styles = document.styles
    names = {style.name for style in styles}
    style = styles[spec.name] if spec.name in names else styles.add_style(spec.name, _STYLE_TYPES[spec.kind])
    if spec is not NORMAL:
        style.base_style = styles[_BASE_STYLES[spec.kind]]
    style.quick_style = spec.kind != "table"
    if spec.font:
        set_fonts(style, spec.font)
    if spec.size:
        style.font.size = Pt(spec.size)
    if spec.bold:
        style.font.bold = True
    if spec.color:
        style.font.color.rgb = RGBColor.from_string(spec.color)
    if spec.char_spacing is not None:
        set_char_spacing(style, spec.char_spacing)
    if spec.kind == "paragraph":
        set_line_spacing(style, spec.line)
        if spec.align is not None:
            style.paragraph_format.alignment = spec.align
        if spec.first_line_chars:
            set_indent(style, _char_twips(spec), first_line=spec.first_line_chars)
        if spec.outline_level is not None:
            set_outline_level(style, spec.outline_level)
        if spec.keep_with_next:
            style.paragraph_format.keep_with_next = True
        if not spec.auto_space:
            set_auto_space(style, False)
    elif spec.kind == "table":
        set_table_borders(style, layout.TABLE_BORDER)


def _char_twips(spec: StyleSpec) -> int:
    """Width of one 字 in `spec`'s text: font size plus character spacing, inherited from Normal."""
    size = spec.size or layout.SANHAO
    spacing = layout.BODY_CHAR_SPACING if spec.char_spacing is None else spec.char_spacing
    return round(size * 20) + spacing


def _add_page_numbers(document: DocumentObject) -> None:
    """「— 1 —」 footers: odd pages right-aligned 居右空一字, even pages left-aligned 居左空一字."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    dash = PAGE_NUMBER.dash
    sides = (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, {"right": PAGE_NUMBER.indent_chars}),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, {"left": PAGE_NUMBER.indent_chars}),
    )
    for footer, alignment, indent in sides:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles[StyleName.PAGE_NUMBER]
        paragraph.alignment = alignment
        set_indent(paragraph, PAGE_NUMBER.char_twips, **indent)
        paragraph.add_run(f"{dash} ")
        add_page_field(paragraph)
        paragraph.add_run(f" {dash}")


def _drop_styles_with_effects(document: DocumentObject) -> None:
    """Drop the Word 2010 stylesWithEffects copy of the old styles so only styles.xml defines them."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the GB/T 9704 Word template.")
    parser.add_argument("path", type=Path, help="where to write it, e.g. templates/report.docx")
    print(build_template(parser.parse_args(argv).path))


if __name__ == "__main__":
    main()
