"""The GB/T 9704-2012 layout profile: the single source of truth for the Word template.

Lengths are twips (1/20 pt) unless named otherwise; font sizes are points. See
/work/shared/reference/gbt9704.md for where each value comes from.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from docx.enum.text import WD_ALIGN_PARAGRAPH


@dataclass(frozen=True)
class PageSetup:
    """A4 with the 版心 of GB/T 9704 5.2.1 (156 × 225 mm)."""

    width: int = 11906
    height: int = 16838
    top: int = 2098  # 天头 37 mm
    bottom: int = 1984  # 35 mm
    left: int = 1587  # 订口 28 mm
    right: int = 1474  # 26 mm
    header: int = 851  # 15 mm; the report has no header text
    footer: int = 1417  # 25 mm: the page number sits about 7 mm below the 版心 (STD 7.5)
    line_pitch: int = 579  # docGrid type="lines": 22 × 579 fits the 12756-twip 版心


PAGE = PageSetup()


class Font(StrEnum):
    """Official font product names; previews substitute free fonts (see annual_report.word.preview)."""

    XIAOBIAOSONG = "方正小标宋简体"
    FANGSONG = "仿宋_GB2312"
    KAITI = "楷体_GB2312"
    HEITI = "黑体"
    SONGTI = "宋体"


# Chinese size names in points (a Word convention).
ERHAO = 22.0
SANHAO = 16.0
SIHAO = 14.0
WUHAO = 10.5

BODY_LINE = 579  # exact line spacing: 22 lines per page (28.95 pt)
TITLE_LINE = 700  # exact 35 pt for 二号 titles
BODY_CHAR_SPACING = -5  # 1/20 pt on 三号: 28 characters per line
BODY_CHAR = int(SANHAO * 20) + BODY_CHAR_SPACING  # one 字 of body text: 315 twips (15.75 pt)
SIHAO_CHAR = int(SIHAO * 20)  # one 字 of 四号 text: 280 twips
REVIEW_GREY = "595959"  # the 审阅稿's page header: dark grey, prints legibly in black and white
TABLE_BORDER = 4  # w:sz in 1/8 pt: 0.5 pt single black lines


class StyleName(StrEnum):
    """Style names in the template; the renderer refers to styles only through these."""

    NORMAL = "Normal"
    TITLE = "公文标题"
    BODY = "公文正文"
    HEADING_1 = "一级标题"
    HEADING_2 = "二级标题"
    HEADING_3 = "三级标题"
    HEADING_4 = "四级标题"
    SIGNATURE = "落款"
    ATTACHMENT_MARK = "附件标记"
    ATTACHMENT_TITLE = "附件标题"
    TABLE_TEXT = "表格文字"
    TABLE_NUMBER = "表格数字"
    TABLE_HEADER = "表格表头"
    FIGURE = "图片"
    CAPTION = "图注"
    PAGE_NUMBER = "页码"
    PAGE_HEADER = "页眉"
    RUN_IN_TITLE = "段首小标题"
    RUN_IN_HEADING = "段首二级标题"
    TABLE = "公文表格"


@dataclass(frozen=True)
class StyleSpec:
    """One named style. None means "inherit from Normal"."""

    name: StyleName
    kind: Literal["paragraph", "character", "table"] = "paragraph"
    font: Font | None = None
    size: float | None = None
    bold: bool = False
    color: str | None = None
    char_spacing: int | None = None  # 1/20 pt
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line_chars: int = 0  # indent in 字 of this style's text
    line: int | None = BODY_LINE  # exact twips; None = single spacing
    outline_level: int | None = None  # 0-based, for the navigation pane and TOC
    keep_with_next: bool = False
    auto_space: bool = True  # Word's extra space between CJK text and Latin letters or digits


NORMAL = StyleSpec(StyleName.NORMAL, font=Font.FANGSONG, size=SANHAO, char_spacing=BODY_CHAR_SPACING)

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
_HEADING = {"first_line_chars": 2, "align": _JUSTIFY, "keep_with_next": True}
_SIHAO_SINGLE = {"size": SIHAO, "char_spacing": 0, "line": None}

STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(
        StyleName.TITLE, font=Font.XIAOBIAOSONG, size=ERHAO, char_spacing=0, align=_CENTER, line=TITLE_LINE
    ),
    StyleSpec(StyleName.BODY, align=_JUSTIFY, first_line_chars=2),
    StyleSpec(StyleName.HEADING_1, font=Font.HEITI, outline_level=0, **_HEADING),
    StyleSpec(StyleName.HEADING_2, font=Font.KAITI, outline_level=1, **_HEADING),
    StyleSpec(StyleName.HEADING_3, font=Font.FANGSONG, bold=True, outline_level=2, **_HEADING),
    StyleSpec(StyleName.HEADING_4, font=Font.FANGSONG, outline_level=3, **_HEADING),
    # No extra space around the date's digits, so that its indent in 字 holds (GB/T 9704 7.3.5.2).
    StyleSpec(StyleName.SIGNATURE, align=WD_ALIGN_PARAGRAPH.RIGHT, auto_space=False),
    StyleSpec(StyleName.ATTACHMENT_MARK, font=Font.HEITI, size=SANHAO, align=WD_ALIGN_PARAGRAPH.LEFT),
    StyleSpec(
        StyleName.ATTACHMENT_TITLE,
        font=Font.XIAOBIAOSONG,
        size=ERHAO,
        char_spacing=0,
        align=_CENTER,
        line=TITLE_LINE,
    ),
    StyleSpec(StyleName.TABLE_TEXT, font=Font.FANGSONG, **_SIHAO_SINGLE),
    StyleSpec(StyleName.TABLE_NUMBER, font=Font.FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, **_SIHAO_SINGLE),
    StyleSpec(StyleName.TABLE_HEADER, font=Font.HEITI, align=_CENTER, **_SIHAO_SINGLE),
    StyleSpec(StyleName.FIGURE, align=_CENTER, line=None),
    StyleSpec(StyleName.CAPTION, font=Font.KAITI, align=_CENTER, **_SIHAO_SINGLE),
    # 4号半角宋体 (STD 7.5); single spacing so the footer does not grow into the body.
    StyleSpec(StyleName.PAGE_NUMBER, font=Font.SONGTI, **_SIHAO_SINGLE),
    # 「审阅稿 · 运行编号 … · 生成时间 …」 on every page of the review edition (the 公开稿 has no header).
    StyleSpec(StyleName.PAGE_HEADER, font=Font.KAITI, color=REVIEW_GREY, align=_CENTER, size=WUHAO, char_spacing=0,
              line=None),
    # 「一是强化思想引领。」 run into a body paragraph, bold in the body's font.
    StyleSpec(StyleName.RUN_IN_TITLE, kind="character", bold=True, line=None),
    # 「（一）持续提升行政执法质效。」 run into a body paragraph: a level-2 heading's 楷体, the text after in 仿宋.
    StyleSpec(StyleName.RUN_IN_HEADING, kind="character", font=Font.KAITI, line=None),
    StyleSpec(StyleName.TABLE, kind="table", line=None),
)


@dataclass(frozen=True)
class PageNumber:
    """「— 1 —」: odd pages 居右空一字, even pages 居左空一字 (STD 7.5)."""

    dash: str = "—"
    indent_chars: int = 1
    char_twips: int = SIHAO_CHAR


PAGE_NUMBER = PageNumber()
