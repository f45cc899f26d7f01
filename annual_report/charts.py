"""Bar charts for the report: black, grey and hatched bars that print in black and white.

Charts are drawn with matplotlib's Agg renderer in a CJK font found at run time. Without one, a
`CJKFontMissing` warning is emitted and labels fall back to ASCII (metric ids) instead of tofu boxes.
The PNG carries no software version or timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from matplotlib import font_manager
from matplotlib.figure import Figure

from annual_report.statistics.numbers import plain, round_half_up
from annual_report.titles import split_title

# Free CJK families, best first (sans reads best at chart sizes).
CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "AR PL SungtiL GB",
    "AR PL UKai CN",
    "AR PL KaitiM GB",
)
ASCII_FONT = "DejaVu Sans"  # ships with matplotlib
DPI = 200
SIZE_CM = (15.0, 8.0)  # narrower than the 15.6 cm 版心, so it is placed at its natural size
FONT_PT = 10.5  # 五号
# (fill, hatch) per series: dark grey for this year, white with diagonal hatching for last year.
_LOOKS = (("0.3", ""), ("white", "///"))
_MISSING = "—"

# A series: its legend label, the ASCII label used without a CJK font, and one value per category.
Series = tuple[str, str, Sequence[float | None]]


class CJKFontMissing(UserWarning):
    """No CJK font was found; the chart was drawn with ASCII labels."""


def find_cjk_font(candidates: Sequence[str] = CJK_FONTS) -> str | None:
    """The first of `candidates` that matplotlib knows (fontManager.ttflist), or None."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in candidates if name in installed), None)


def yoy_chart(
    categories: Sequence[str],
    this_year: Sequence[float | None],
    last_year: Sequence[float | None],
    title: str,
    unit: str,
    out: Path,
    *,
    labels: tuple[str, str] = ("本年", "上年"),
    ids: Sequence[str] | None = None,
    fonts: Sequence[str] = CJK_FONTS,
    decimals: int = 1,
) -> Path:
    """This year against last year per category, values on the bars; None draws no bar and 「—」.

    `title` is stored in the PNG's metadata (the Word caption carries it on the page); `unit` is printed
    above the value axis, e.g. 「件」; `labels` name the two series in the legend; `ids` are ASCII names
    of the categories (metric ids) used when no CJK font from `fonts` is installed. The values on the bars
    are rounded half up to `decimals` places without trailing zeros, as in the report text (19.87 → 19.9).
    """
    series = [(labels[0], "this year", this_year), (labels[1], "last year", last_year)]
    return _draw(categories, series, unit, out, title=title, ids=ids, fonts=fonts, decimals=decimals)


def _draw(
    categories: Sequence[str],
    series: list[Series],
    unit: str,
    out: Path,
    *,
    title: str,
    ids: Sequence[str] | None,
    fonts: Sequence[str],
    decimals: int,
) -> Path:
    if any(len(values) != len(categories) for *_, values in series):
        raise ValueError(f"chart {title!r}: every series needs {len(categories)} values")
    family = find_cjk_font(fonts)
    if family is None:
        fallback_ids = ids or [f"#{i + 1}" for i in range(len(categories))]
        categories = [_ascii(name, fallback) for name, fallback in zip(categories, fallback_ids, strict=True)]
        series = [(_ascii(name, ascii_name), ascii_name, values) for name, ascii_name, values in series]
        unit = _ascii(unit, "")
        warnings.warn(
            f"未找到中文字体（{'、'.join(fonts) or '无候选'}），图表改用英文标签；请安装 fonts-noto-cjk / "
            f"no CJK font found, chart labels fall back to ASCII: {', '.join(categories)}",
            CJKFontMissing,
            stacklevel=3,
        )
    font = font_manager.FontProperties(family=family or ASCII_FONT, size=FONT_PT)

    figure = Figure(figsize=(SIZE_CM[0] / 2.54, SIZE_CM[1] / 2.54), dpi=DPI)
    axes = figure.add_subplot()
    width = 0.8 / len(series)
    top = max((v for *_, values in series for v in values if v is not None), default=0) or 1
    for index, ((name, _, values), (fill, hatch)) in enumerate(zip(series, _LOOKS, strict=False)):
        xs = [i + (index - (len(series) - 1) / 2) * width for i in range(len(categories))]
        heights = [math.nan if v is None else v for v in values]
        axes.bar(xs, heights, width, label=name or None, color=fill, hatch=hatch, edgecolor="black", linewidth=0.6)
        for x, value in zip(xs, values, strict=True):
            text = _MISSING if value is None else _label(value, decimals)
            axes.text(x, (value or 0) + top * 0.01, text, ha="center", va="bottom", fontproperties=font)

    axes.set_xticks(range(len(categories)), [_wrap(name, len(categories)) for name in categories])
    for tick in axes.get_xticklabels() + axes.get_yticklabels():
        tick.set_fontproperties(font)
    axes.set_ylim(0, top * 1.15)
    axes.spines[["top", "right"]].set_visible(False)
    if unit:
        axes.set_title(f"单位：{unit}" if family else unit, loc="left", fontproperties=font)
    if len(series) > 1:
        axes.legend(prop=font, frameon=False, loc="upper right", ncols=len(series))
    figure.tight_layout()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=DPI, format="png", metadata={"Software": None, "Title": title or None})
    return out


def _ascii(text: str, fallback: str) -> str:
    return text if text.isascii() else fallback


def _label(value: float, decimals: int) -> str:
    """The value as the report text prints it, half up: 19.87 → 「19.9」, 0.25 → 「0.3」, 12.0 → 「12」.

    A float is read as the decimal it was written as (1.005, not its binary neighbour 1.00499…).
    """
    return plain(round_half_up(Decimal(repr(float(value))), decimals))


def _wrap(label: str, count: int) -> str:
    """A long category name in balanced lines of at most 28/count 字, so that neighbours do not touch."""
    return "\n".join(split_title(label, max(2, 28 // max(count, 1))))
