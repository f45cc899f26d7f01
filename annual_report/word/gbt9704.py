"""GB/T 9704 arithmetic in 字: text widths, balanced title lines (7.3.1), 落款 indents (7.3.5), 附件 marks.

A 字 is one full-width character; half-width characters (digits, ASCII) count ½. A title that does not
fit on one line is split at word boundaries into a 梯形 (each line no longer than the next) or, from three
lines on, a 菱形 (longest in the middle), as balanced as the boundaries allow. Nothing here knows Word.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata

# Preferred boundaries: after these words, or before these.
_BREAK_AFTER = ("关于", "年度", "年", "人民政府", "单位", "部门", "的", "和", "及")
_BREAK_BEFORE = ("法治政府", "情况", "的报告")
# Words never broken, even at a preferred boundary (年|度, 的|报告, 建设情|况). Longest first.
_WORDS = (
    "人民政府", "法治政府", "依法行政", "行政复议", "行政诉讼", "行政执法", "规范性文件",
    "关于", "年度", "情况", "报告", "建设", "工作", "单位", "部门", "案件", "统计", "完成", "重点",
    "执法", "复议", "诉讼", "行政", "法治", "政府", "责任", "落实", "推进", "安排", "计划",
)  # fmt: skip
_NO_LINE_START = set("，。、；：？！）》」』〕】”’…—·,.;:?!)]}%")
_NO_LINE_END = set("（《「『〔【“‘([{")
_MAX_LINES = 4
_PENALTY_WORD = 6.0  # a break at no preferred boundary, in 字 of imbalance
_PENALTY_SHAPE = 40.0  # neither 梯形 nor 菱形: used only when nothing else fits


def char_width(char: str) -> float:
    """1 for a full-width character, ½ for a half-width one."""
    return 1.0 if unicodedata.east_asian_width(char) in "FWA" else 0.5


def text_width(text: str) -> float:
    """Width of `text` in 字."""
    return sum(char_width(char) for char in text)


def _protected(title: str) -> set[int]:
    """Positions inside a digit/ASCII run or a known word, where no line may break."""
    inside: set[int] = set()
    for pattern in (r"[0-9A-Za-z.%]+", "|".join(_WORDS)):
        for match in re.finditer(pattern, title):
            inside.update(range(match.start() + 1, match.end()))
    return inside


def _breaks(title: str) -> tuple[list[int], set[int]]:
    """Allowed break positions (index of the next line's first character) and the preferred ones."""
    protected = _protected(title)
    allowed = [
        i
        for i in range(1, len(title))
        if i not in protected and title[i] not in _NO_LINE_START and title[i - 1] not in _NO_LINE_END
    ]
    preferred = {
        i
        for i in allowed
        if title[:i].endswith(_BREAK_AFTER) or title[i:].startswith(_BREAK_BEFORE)
    }
    return allowed, preferred


def _shape_ok(widths: list[float]) -> bool:
    """梯形 (non-decreasing) or, from three lines, 菱形 (rising to one peak, then falling)."""
    peak = len(widths) - 1 - widths[::-1].index(max(widths))  # the last of equal widths: 10|10 is a 梯形
    rising = all(a <= b for a, b in itertools.pairwise(widths[: peak + 1]))
    falling = all(a >= b for a, b in itertools.pairwise(widths[peak:]))
    last = len(widths) - 1
    return rising and (peak == last or (0 < peak < last and falling))


def split_title(title: str, max_width: float = 20) -> list[str]:
    """`title` as one line if it fits in `max_width` 字, else as balanced lines broken at word boundaries;
    no line is a lone character."""
    if text_width(title) <= max_width:
        return [title]
    allowed, preferred = _breaks(title)
    offsets = [0.0, *itertools.accumulate(char_width(char) for char in title)]  # width of title[:i]
    least_lines = max(2, int(-(-offsets[-1] // max_width)))
    for count in range(least_lines, _MAX_LINES + 1):
        best: tuple[float, tuple[int, ...]] | None = None
        for cuts in itertools.combinations(allowed, count - 1):
            bounds = (0, *cuts, len(title))
            widths = [offsets[b] - offsets[a] for a, b in itertools.pairwise(bounds)]
            if max(widths) > max_width or min(b - a for a, b in itertools.pairwise(bounds)) < 2:
                continue
            cost = (
                max(widths)
                - min(widths)
                + _PENALTY_WORD * sum(cut not in preferred for cut in cuts)
                + (0 if _shape_ok(widths) else _PENALTY_SHAPE)
            )
            if best is None or cost < best[0]:
                best = (cost, bounds)
        if best is not None:
            return [title[a:b] for a, b in itertools.pairwise(best[1])]
    return [title]  # unbreakable within _MAX_LINES lines: let Word wrap it


DATE_RIGHT = 4.0  # 成文日期 右空四字 (GB/T 9704 7.3.5.1)


def signature_indents(name: str, date: str) -> tuple[float, float]:
    """Right indents in 字 of the 署名 and the 成文日期 (GB/T 9704 7.3.5.1): the date 右空四字, the 署名
    centred over the date."""
    return max(0.0, DATE_RIGHT + (text_width(date) - text_width(name)) / 2), DATE_RIGHT


BREAK_COST = 0.25  # a line break inside a long cell, weighed against a line added to the table's height
SHORT_TEXT = 8  # 字: breaking a cell this short (a unit's name) costs twice as much, shorter ones more
GRAIN = 0.25  # 字: column widths move on this grid


def column_widths(columns: list[list[str]], numeric: set[int], wrap: set[int], total: float,
                  pad: float = 1.2) -> list[float]:
    """Column widths in 字 (of the table's text) filling `total`: a column outside `wrap` is as wide as
    its longest value plus `pad`, so numbers never wrap; the `wrap` columns start two 字 wide and share
    the rest where it shortens the table most (see `_grow`). When the other columns do not fit, every
    text column may wrap; when even the numbers do not fit, every column shrinks in proportion.
    `columns` holds each column's values, header first."""
    longest = [max((text_width(v) for v in values), default=1.0) + pad for values in columns]
    floor = {i: min(longest[i], 2 + pad) for i in wrap}
    room = total - sum(floor[i] if i in wrap else w for i, w in enumerate(longest))
    if room < 0 and wrap != (texts := set(range(len(columns))) - numeric):
        return column_widths(columns, numeric, wrap | texts, total, pad)
    if not wrap or room < 0:
        return [w * total / sum(longest) for w in longest]
    widths = _grow([[text_width(v) for v in row] for row in zip(*columns, strict=True)], floor, longest, room, pad)
    return [widths.get(i, w) for i, w in enumerate(longest)]


def _cell_lines(text: float, width: float, pad: float) -> int:
    """Lines a cell takes: `text` wide (字) in a column `width` wide, `pad` of it the cell's margins."""
    return max(1, math.ceil(text / max(width - pad, 1.0) - 1e-9))


def row_lines(values: list[str], widths: list[float], pad: float = 1.2) -> int:
    """The lines the tallest cell of a row takes at these column widths (字)."""
    return max((_cell_lines(text_width(v), w, pad) for v, w in zip(values, widths, strict=True)), default=1)


def _lines(rows: list[list[float]], i: int, width: float, pad: float) -> list[int]:
    return [_cell_lines(row[i], width, pad) for row in rows]


def _cost(per_column: dict[int, list[int]], weights: dict[int, list[float]]) -> float:
    """The table's height in lines, plus each line break inside a cell at its weight."""
    count = len(next(iter(weights.values())))
    height = sum(max(column[r] for column in per_column.values()) for r in range(count))
    return height + sum(w * (n - 1) for i, column in per_column.items() for n, w in zip(column, weights[i], strict=True))


def _next_break(rows: list[list[float]], i: int, width: float, pad: float) -> float | None:
    """The least width (on the GRAIN grid) above `width` at which a cell of column i needs a line fewer."""
    usable = max(width - pad, 1.0)
    wanted = [row[i] / (n - 1) + pad for row in rows if (n := math.ceil(row[i] / usable - 1e-9)) > 1]
    return math.ceil(min(wanted) / GRAIN) * GRAIN if wanted else None


def _grow(rows: list[list[float]], widths: dict[int, float], longest: list[float], room: float,
          pad: float) -> dict[int, float]:
    """Spend `room` on the columns in `widths`: each move widens one column just enough for one of its
    cells to need a line fewer, the move that lowers the cost (`_cost`) most per 字 first; short texts
    (units' names) so end unbroken, and long ones take what is left: the rest of `room` goes to the columns
    whose text still wraps."""
    current = {i: _lines(rows, i, w, pad) for i, w in widths.items()}
    weights = {i: [BREAK_COST * (1 + SHORT_TEXT / max(row[i], 1.0)) for row in rows] for i in widths}
    now = _cost(current, weights)
    while True:
        best: tuple[float, int, float, list[int]] | None = None
        for i, width in widths.items():
            target = _next_break(rows, i, width, pad)
            if target is None or target <= width or target - width > room:
                continue
            trial = _lines(rows, i, target, pad)
            gain = (now - _cost({**current, i: trial}, weights)) / (target - width)
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, i, target, trial)
        if best is None:
            break
        _, i, target, current[i] = best
        room -= target - widths[i]
        widths[i] = target
        now = _cost(current, weights)
    wrapped = [i for i, w in widths.items() if w < longest[i]] or list(widths)  # what is left goes where text still wraps
    return {i: w + (room / len(wrapped) if i in wrapped else 0.0) for i, w in widths.items()}


def attachment_mark(number: int, total: int) -> str:
    """「附件」 for a single attachment, 「附件N」 when there are several (GB/T 9704 7.3.4, 7.3.7)."""
    return "附件" if total == 1 else f"附件{number}"
