"""Paragraph properties on paragraph styles and paragraphs: python-docx's ParagraphFormat where it has the
setting, OOXML for the rest (snap to grid, indents in 字, automatic CJK spacing, outline level)."""

from __future__ import annotations

from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph

from annual_report.word.oxml import PPR_ORDER, child, set_attrs


def _ppr(target: BaseStyle | Paragraph) -> BaseOxmlElement:
    return target._p.get_or_add_pPr() if isinstance(target, Paragraph) else target.element.get_or_add_pPr()


def set_line_spacing(target: BaseStyle | Paragraph, line_twips: int | None) -> None:
    """Exact line spacing (single if None), no space before/after, widow control and snap-to-grid off.

    LibreOffice applies widow control when w:widowControl is absent, and snaps exact lines of large
    text to two grid lines unless w:snapToGrid is 0.
    """
    fmt = target.paragraph_format
    fmt.widow_control = False
    fmt.space_before = fmt.space_after = Twips(0)
    fmt.line_spacing = Twips(line_twips) if line_twips else 1.0
    set_attrs(child(_ppr(target), "w:snapToGrid", PPR_ORDER), val=0)


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
    ind = child(_ppr(target), "w:ind", PPR_ORDER)
    ind.attrib.clear()
    for name, chars in (("left", left), ("right", right), ("firstLine", first_line)):
        if chars:
            set_attrs(ind, **{f"{name}Chars": round(chars * 100), name: round(chars * char_twips)})


def set_auto_space(target: BaseStyle | Paragraph, enabled: bool) -> None:
    """Turn Word's automatic space between CJK text and Latin letters (w:autoSpaceDE) and digits
    (w:autoSpaceDN) on or off. Both are on by default: about ¼ 字 at each of the five boundaries of 「2025年3月20日」.
    """
    ppr = _ppr(target)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        set_attrs(child(ppr, tag, PPR_ORDER), val=int(enabled))


def set_outline_level(target: BaseStyle | Paragraph, level: int) -> None:
    """Outline level 0–8: shows the paragraph in the navigation pane and TOC without Heading N."""
    set_attrs(child(_ppr(target), "w:outlineLvl", PPR_ORDER), val=level)


def set_flush_left(target: BaseStyle | Paragraph) -> None:
    """No indent, whatever the style's: lines set 顶格 such as a 主送机关 (GB/T 9704 7.3.3). Both forms are
    written as zero, since Word would otherwise keep a style's *Chars indent."""
    ind = child(_ppr(target), "w:ind", PPR_ORDER)
    ind.attrib.clear()
    set_attrs(ind, leftChars=0, left=0, firstLineChars=0, firstLine=0)
