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
from typing import BinaryIO

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation

from annual_report.word.gbt9704 import split_title
from annual_report.wording.numbers import plain, round_half_up

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
WIDTH_CM = 15.0  # narrower than the 15.6 cm 版心, so it is placed at its natural size
FONT_PT = 10.5  # 五号
WRAP_CHARS = 8  # category names wrap at 8 字 a line
# Vertical layout in cm: the band above the bars (unit, legend), below them, one bar, one line of a
# category name and the gap between two names. A category takes the larger of its bars and its name.
_HEAD_CM, _FOOT_CM, _BAR_CM, _LINE_CM, _GAP_CM = 0.8, 0.2, 0.55, 0.45, 0.3
_FILL = 0.84  # share of a category's slot taken by its bars
_PAD_PT = 3.0  # between a bar and its value, a name and the axis
# (fill, hatch) per series: dark grey for this year, white with diagonal hatching for last year.
_LOOKS = (("0.3", ""), ("white", "///"))
_MISSING = "—"

# A series: its legend label, the ASCII label used without a CJK font, and one value per category.
Series = tuple[str, str, Sequence[float | None]]
# Decimal places of the values printed at the bar ends: one for all categories, or one per category.
Decimals = int | Sequence[int]


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
    out: Path | BinaryIO,
    *,
    labels: tuple[str, str] = ("本年", "上年"),
    ids: Sequence[str] | None = None,
    fonts: Sequence[str] = CJK_FONTS,
    decimals: Decimals = 1,
) -> Path | BinaryIO:
    """This year against last year per category, values at the bar ends; None draws no bar and 「—」.

    Horizontal bars, categories top to bottom in the given order, names wrapped at WRAP_CHARS 字; the
    height grows with the categories. `title` is stored in the PNG's metadata (the Word caption carries it
    on the page); `unit` is printed above the bars, e.g. 「件」; `labels` name the two series in the legend
    (above the bars, right); `ids` are ASCII names of the categories (metric ids) used when no CJK font
    from `fonts` is installed. The PNG goes to `out`, a file or a stream. The values at the bar ends are rounded half up to `decimals` places (one
    number, or one per category: each rate's own) without trailing zeros, as in the report text (19.87 → 19.9).
    """
    series = [(labels[0], "this year", this_year), (labels[1], "last year", last_year)]
    return _draw(categories, series, unit, out, title=title, ids=ids, fonts=fonts, decimals=decimals)


def _draw(
    categories: Sequence[str],
    series: list[Series],
    unit: str,
    out: Path | BinaryIO,
    *,
    title: str,
    ids: Sequence[str] | None,
    fonts: Sequence[str],
    decimals: Decimals,
) -> Path | BinaryIO:
    figure = draw_figure(categories, series, unit, title=title, ids=ids, fonts=fonts, decimals=decimals)
    if isinstance(out, str | Path):
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=DPI, format="png", metadata={"Software": None, "Title": title or None})
    return out


def _ascii_labels(categories: Sequence[str], series: list[Series], unit: str, ids: Sequence[str] | None,
                  fonts: Sequence[str]) -> tuple[list[str], list[Series], str]:
    """Without a CJK font: ASCII names for categories, series and unit, with a warning."""
    fallback_ids = ids or [f"#{i + 1}" for i in range(len(categories))]
    names = [_ascii(name, fallback) for name, fallback in zip(categories, fallback_ids, strict=True)]
    warnings.warn(
        f"未找到中文字体（{'、'.join(fonts) or '无候选'}），图表改用英文标签；请安装 fonts-noto-cjk / "
        f"no CJK font found, chart labels fall back to ASCII: {', '.join(names)}",
        CJKFontMissing,
        stacklevel=5,
    )
    return names, [(_ascii(n, a), a, values) for n, a, values in series], _ascii(unit, "")


def _bars(axes: Axes, series: list[Series], count: int, font: font_manager.FontProperties,
          decimals: Decimals) -> list[tuple[float, Text]]:
    """One bar per category and series, its value printed at the bar's end; the value texts."""
    places = [decimals] * count if isinstance(decimals, int) else list(decimals)
    thickness = _FILL / len(series)
    offset = ScaledTranslation(_PAD_PT / 72, 0, axes.figure.dpi_scale_trans)
    values_texts: list[tuple[float, Text]] = []
    for index, ((name, _, values), (fill, hatch)) in enumerate(zip(series, _LOOKS, strict=False)):
        ys = [i + (index - (len(series) - 1) / 2) * thickness for i in range(count)]
        lengths = [math.nan if v is None else v for v in values]
        axes.barh(ys, lengths, thickness, label=name or None, color=fill, hatch=hatch, edgecolor="black",
                  linewidth=0.6)
        for y, value, decimal in zip(ys, values, places, strict=True):
            text = _MISSING if value is None else _label(value, decimal)
            negative = value is not None and value < 0
            label = axes.text(
                value or 0, y, text, ha="right" if negative else "left", va="center", fontproperties=font,
                transform=axes.transData + (offset.inverted() if negative else offset),
            )
            label.set_in_layout(False)
            values_texts.append((value or 0, label))
    return values_texts


def _style(axes: Axes, names: list[str], unit: str, series: int, font: font_manager.FontProperties,
           chinese: bool) -> None:
    """Category names on the left, first on top; no value axis; the unit and the legend above the bars."""
    axes.set_yticks(range(len(names)), names)
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(font)
    axes.set_ylim(len(names) - 0.5, -0.5)  # first category on top
    axes.tick_params(axis="y", length=0, pad=_PAD_PT)
    axes.xaxis.set_visible(False)  # the values stand at the bar ends
    axes.spines[["top", "right", "bottom"]].set_visible(False)
    if unit:
        axes.set_title(f"单位：{unit}" if chinese else unit, loc="left", fontproperties=font, pad=_PAD_PT)
    if series > 1:
        axes.legend(prop=font, frameon=False, loc="lower right", bbox_to_anchor=(1, 1), ncols=series,
                    borderaxespad=0, borderpad=0.3, handlelength=1.6, handleheight=0.9, columnspacing=1.2)


def draw_figure(
    categories: Sequence[str],
    series: list[Series],
    unit: str,
    *,
    title: str = "",
    ids: Sequence[str] | None = None,
    fonts: Sequence[str] = CJK_FONTS,
    decimals: Decimals = 1,
) -> Figure:
    """The laid-out horizontal bar chart: categories top to bottom, one bar per series, values at the bar ends.

    The height grows with the number of categories and the lines of their wrapped names, so that no two
    texts touch; the unit (left) and the legend (right) sit in a band above the bars.
    """
    if any(len(values) != len(categories) for *_, values in series):
        raise ValueError(f"chart {title!r}: every series needs {len(categories)} values")
    family = find_cjk_font(fonts)
    if family is None:
        categories, series, unit = _ascii_labels(categories, series, unit, ids, fonts)
    font = font_manager.FontProperties(family=family or ASCII_FONT, size=FONT_PT)
    names = [_wrap(name) for name in categories]
    lines = max((name.count("\n") + 1 for name in names), default=1)
    slot = max(len(series) * _BAR_CM, lines * _LINE_CM + _GAP_CM)  # cm per category
    width_in, height_in = WIDTH_CM / 2.54, (_HEAD_CM + max(len(categories), 1) * slot + _FOOT_CM) / 2.54

    figure = Figure(figsize=(width_in, height_in), dpi=DPI)
    renderer = FigureCanvasAgg(figure).get_renderer()
    axes = figure.add_subplot()
    values_texts = _bars(axes, series, len(categories), font, decimals)
    _style(axes, names, unit, len(series), font, chinese=family is not None)

    # Left margin from the widest category name, top band for unit and legend, then room for the values.
    label_width = max((t.get_window_extent(renderer).width for t in axes.get_yticklabels()), default=0)
    pad = _PAD_PT / 72 * DPI
    fig_w = width_in * DPI
    left = (label_width + 2 * pad + 1) / fig_w
    bottom, top = _FOOT_CM / 2.54 / height_in, 1 - _HEAD_CM / 2.54 / height_in
    axes.set_position((left, bottom, 1 - left - 1 / fig_w - 0.005, top - bottom))
    axes_px = axes.get_position().width * fig_w
    _fit_values(axes, [(v, t.get_window_extent(renderer).width + pad) for v, t in values_texts], axes_px)
    return figure


def _fit_values(axes: Axes, labels: list[tuple[float, float]], axes_px: float) -> None:
    """Limits of the value axis, from 0, wide enough for each bar and its label (width in pixels) beyond it."""
    bars_low = min([0.0, *(value for value, _ in labels)])
    bars_high = max([0.0, *(value for value, _ in labels)]) or (0.0 if bars_low else 1.0)
    low, high = bars_low, bars_high
    for _ in range(50):  # a label takes a fixed share of the axis, whatever its span: settle the span
        span = high - low
        new_low = min([bars_low] + [v - w / axes_px * span for v, w in labels if v < 0])
        new_high = max([bars_high] + [v + w / axes_px * span for v, w in labels if v >= 0])
        if abs(new_low - low) + abs(new_high - high) <= 1e-9 * span:
            break
        low, high = new_low, new_high
    margin = 0.01 * (high - low)
    axes.set_xlim(low - (margin if low < 0 else 0), high + margin)


def _ascii(text: str, fallback: str) -> str:
    return text if text.isascii() else fallback


def _label(value: float, decimals: int) -> str:
    """The value as the report text prints it, half up: 19.87 → 「19.9」, 0.25 → 「0.3」, 12.0 → 「12」.

    A float is read as the decimal it was written as (1.005, not its binary neighbour 1.00499…).
    """
    return plain(round_half_up(Decimal(repr(float(value))), decimals))


def _wrap(label: str) -> str:
    """A long category name in balanced lines of at most WRAP_CHARS 字."""
    return "\n".join(split_title(label, WRAP_CHARS))
