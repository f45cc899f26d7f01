"""Fonts, character spacing, document defaults and table borders on styles and runs."""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.styles.style import BaseStyle
from docx.text.run import Run
from lxml import etree

from annual_report.word.oxml import (
    DEFAULTS_ORDER,
    PPR_ORDER,
    RPR_ORDER,
    SETTINGS_ORDER,
    STYLE_ORDER,
    TBLPR_ORDER,
    child,
    set_attrs,
)

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_TABLE_EDGES = ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV")


def _set_rfonts(rpr: etree._Element, name: str) -> None:
    rfonts = child(rpr, "w:rFonts", RPR_ORDER)
    for attr in _THEME_FONT_ATTRS:  # theme attributes override explicit names
        rfonts.attrib.pop(qn(attr), None)
    for slot in _FONT_SLOTS:
        rfonts.set(qn(slot), name)


def set_fonts(target: BaseStyle | Run, name: str) -> None:
    """Use font `name` in all four rFonts slots (ascii, hAnsi, eastAsia, cs); drop theme fonts.

    python-docx's `font.name` writes only ascii and hAnsi, so Chinese text would keep another font."""
    _set_rfonts(target.element.get_or_add_rPr(), name)


def set_char_spacing(target: BaseStyle | Run, twentieths_pt: int) -> None:
    """Expand (+) or condense (−) character spacing, in 1/20 pt (w:spacing in rPr)."""
    set_attrs(child(target.element.get_or_add_rPr(), "w:spacing", RPR_ORDER), val=twentieths_pt)


def set_doc_defaults(document: Document, font: str, size_pt: float, east_asia_lang: str = "zh-CN") -> None:
    """Explicit document defaults: `font` in every slot, Chinese language, single spacing.

    The python-docx default template renders unset Chinese text in MS Mincho (theme fonts with
    themeFontLang ja-JP) and spaces paragraphs 200 twips apart at 1.15 lines.
    """
    styles = document.styles.element
    old = styles.find(qn("w:docDefaults"))
    if old is not None:
        styles.remove(old)
    defaults = OxmlElement("w:docDefaults")
    styles.insert(0, defaults)
    rpr = OxmlElement("w:rPr")
    child(defaults, "w:rPrDefault", DEFAULTS_ORDER).append(rpr)
    _set_rfonts(rpr, font)
    for tag in ("w:sz", "w:szCs"):
        set_attrs(child(rpr, tag, RPR_ORDER), val=round(size_pt * 2))
    set_attrs(child(rpr, "w:lang", RPR_ORDER), val="en-US", eastAsia=east_asia_lang, bidi="ar-SA")
    ppr = OxmlElement("w:pPr")
    child(defaults, "w:pPrDefault", DEFAULTS_ORDER).append(ppr)
    set_attrs(child(ppr, "w:spacing", PPR_ORDER), before=0, after=0, line=240, lineRule="auto")
    lang = child(document.settings.element, "w:themeFontLang", SETTINGS_ORDER)
    lang.attrib.clear()
    set_attrs(lang, val="en-US", eastAsia=east_asia_lang)


def set_table_borders(style: BaseStyle, size_eighths_pt: int, color: str = "000000") -> None:
    """Single borders of `size_eighths_pt` on every cell edge of a table style; the table is centred."""
    tblpr = child(style.element, "w:tblPr", STYLE_ORDER)
    set_attrs(child(tblpr, "w:jc", TBLPR_ORDER), val="center")
    borders = child(tblpr, "w:tblBorders", TBLPR_ORDER)
    borders.clear()
    for edge in _TABLE_EDGES:
        element = OxmlElement(edge)
        set_attrs(element, val="single", sz=size_eighths_pt, space=0, color=color)
        borders.append(element)


def add_builtin_style(document: Document, style_id: str, name: str, kind: str, based_on: str | None = None) -> None:
    """A style with Word's own id and name (e.g. CommentReference / annotation reference), which python-docx
    refers to by id (its comments do) but cannot create with that id."""
    styles = document.styles.element
    if any(s.get(qn("w:styleId")) == style_id for s in styles.findall(qn("w:style"))):
        return
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    styles.append(parse_xml(f'<w:style {nsdecls("w")} w:type="{kind}" w:styleId="{style_id}">'
                            f'<w:name w:val="{name}"/>{based}<w:uiPriority w:val="99"/><w:semiHidden/>'
                            "<w:unhideWhenUsed/></w:style>"))
