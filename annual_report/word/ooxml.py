"""The only module that writes raw OOXML: what python-docx 1.2 has no API for.

Callers pass python-docx objects (styles, paragraphs, runs, rows, sections, documents); the
functions insert elements in schema order (ECMA-376 Part 1) so Word accepts the file.
"""


from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.styles.style import BaseStyle
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

# Child order of the elements we edit, as in ECMA-376 Part 1.
# fmt: off
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
    "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish",
    "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight",
    "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
_TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
    "w:tblLayout", "w:tblCellMar", "w:tblLook",
)
_STYLE_ORDER = ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
_SECTPR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar",
    "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign",
    "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
)
# Only the successors of w:themeFontLang in CT_Settings.
_SETTINGS_ORDER = (
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType", "w:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)
_DEFAULTS_ORDER = ("w:rPrDefault", "w:pPrDefault")
# fmt: on

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_TABLE_EDGES = ("w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV")


def _child(parent: etree._Element, tag: str, order: tuple[str, ...]) -> etree._Element:
    """Return `parent`'s `tag` child, creating it in schema position if absent."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    successors = {qn(name) for name in order[order.index(tag) + 1 :]}
    successor = next((child for child in parent if child.tag in successors), None)
    if successor is None:
        parent.append(element)
    else:
        successor.addprevious(element)
    return element


def _set(element: etree._Element, **attrs: str | int) -> None:
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))


def _rpr(target: BaseStyle | Run) -> BaseOxmlElement:
    return target.element.get_or_add_rPr()


def _ppr(target: BaseStyle | Paragraph) -> BaseOxmlElement:
    return target._p.get_or_add_pPr() if isinstance(target, Paragraph) else target.element.get_or_add_pPr()


def _set_rfonts(rpr: etree._Element, name: str) -> None:
    rfonts = _child(rpr, "w:rFonts", _RPR_ORDER)
    for attr in _THEME_FONT_ATTRS:  # theme attributes override explicit names
        rfonts.attrib.pop(qn(attr), None)
    for slot in _FONT_SLOTS:
        rfonts.set(qn(slot), name)


def set_fonts(target: BaseStyle | Run, name: str) -> None:
    """Use font `name` in all four rFonts slots (ascii, hAnsi, eastAsia, cs); drop theme fonts."""
    _set_rfonts(_rpr(target), name)


def set_char_spacing(target: BaseStyle | Run, twentieths_pt: int) -> None:
    """Expand (+) or condense (−) character spacing, in 1/20 pt (w:spacing in rPr)."""
    _set(_child(_rpr(target), "w:spacing", _RPR_ORDER), val=twentieths_pt)


def set_line_spacing(target: BaseStyle | Paragraph, line_twips: int | None) -> None:
    """Exact line spacing (single if None), no space before/after, widow control and snap-to-grid off.

    LibreOffice applies widow control when w:widowControl is absent, and snaps exact lines of large
    text to two grid lines unless w:snapToGrid is 0.
    """
    ppr = _ppr(target)
    _set(_child(ppr, "w:widowControl", _PPR_ORDER), val=0)
    _set(_child(ppr, "w:snapToGrid", _PPR_ORDER), val=0)
    spacing = _child(ppr, "w:spacing", _PPR_ORDER)
    spacing.attrib.clear()
    if line_twips is None:
        _set(spacing, before=0, after=0, line=240, lineRule="auto")
    else:
        _set(spacing, before=0, after=0, line=line_twips, lineRule="exact")


def set_indent(
    target: BaseStyle | Paragraph,
    char_twips: int,
    *,
    first_line: float = 0,
    left: float = 0,
    right: float = 0,
) -> None:
    """Indent in 字, writing both the *Chars form (Word) and twips (LibreOffice ignores *Chars alone).

    `char_twips` is the width of one 字 of the paragraph's text (315 for 三号 at −0.25 pt).
    """
    ind = _child(_ppr(target), "w:ind", _PPR_ORDER)
    ind.attrib.clear()
    for name, chars in (("left", left), ("right", right), ("firstLine", first_line)):
        if chars:
            _set(ind, **{f"{name}Chars": round(chars * 100), name: round(chars * char_twips)})


def set_auto_space(target: BaseStyle | Paragraph, enabled: bool) -> None:
    """Turn Word's automatic space between CJK text and Latin letters (w:autoSpaceDE) and digits
    (w:autoSpaceDN) on or off. Both are on by default: about ¼ 字 at each of the five boundaries of 「2025年3月20日」.
    """
    ppr = _ppr(target)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        _set(_child(ppr, tag, _PPR_ORDER), val=int(enabled))


def set_outline_level(target: BaseStyle | Paragraph, level: int) -> None:
    """Outline level 0–8: shows the paragraph in the navigation pane and TOC without Heading N."""
    _set(_child(_ppr(target), "w:outlineLvl", _PPR_ORDER), val=level)


def set_page_break_before(paragraph: Paragraph) -> None:
    """Start `paragraph` on a new page (w:pageBreakBefore), e.g. an attachment."""
    _set(_child(_ppr(paragraph), "w:pageBreakBefore", _PPR_ORDER), val=1)


def set_doc_grid(section: Section, line_pitch: int) -> None:
    """Line-only document grid (w:docGrid type="lines"): Word's page setup then shows 22 lines."""
    grid = _child(section._sectPr, "w:docGrid", _SECTPR_ORDER)
    grid.attrib.clear()
    _set(grid, type="lines", linePitch=line_pitch)


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
    _child(defaults, "w:rPrDefault", _DEFAULTS_ORDER).append(rpr)
    _set_rfonts(rpr, font)
    for tag in ("w:sz", "w:szCs"):
        _set(_child(rpr, tag, _RPR_ORDER), val=round(size_pt * 2))
    _set(_child(rpr, "w:lang", _RPR_ORDER), val="en-US", eastAsia=east_asia_lang, bidi="ar-SA")
    ppr = OxmlElement("w:pPr")
    _child(defaults, "w:pPrDefault", _DEFAULTS_ORDER).append(ppr)
    _set(_child(ppr, "w:spacing", _PPR_ORDER), before=0, after=0, line=240, lineRule="auto")
    lang = _child(document.settings.element, "w:themeFontLang", _SETTINGS_ORDER)
    lang.attrib.clear()
    _set(lang, val="en-US", eastAsia=east_asia_lang)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    fld = OxmlElement("w:fldChar")
    _set(fld, fldCharType=kind)
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


def set_table_borders(style: BaseStyle, size_eighths_pt: int, color: str = "000000") -> None:
    """Single borders of `size_eighths_pt` on every cell edge of a table style; the table is centred."""
    tblpr = _child(style.element, "w:tblPr", _STYLE_ORDER)
    _set(_child(tblpr, "w:jc", _TBLPR_ORDER), val="center")
    borders = _child(tblpr, "w:tblBorders", _TBLPR_ORDER)
    borders.clear()
    for edge in _TABLE_EDGES:
        element = OxmlElement(edge)
        _set(element, val="single", sz=size_eighths_pt, space=0, color=color)
        borders.append(element)


def set_repeat_header(row: _Row) -> None:
    """Repeat `row` at the top of each page the table spans (w:tblHeader)."""
    _set(_child(row._tr.get_or_add_trPr(), "w:tblHeader", _TRPR_ORDER), val=1)


def set_cant_split(row: _Row) -> None:
    """Keep `row` on one page (w:cantSplit)."""
    _set(_child(row._tr.get_or_add_trPr(), "w:cantSplit", _TRPR_ORDER), val=1)


