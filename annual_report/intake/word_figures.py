"""Figures in a unit's Word report: tables of figures read by their row (or column) names, and counts stated
in prose (「受理行政复议申请416件」) proposed as metric values, each with the sentence it came from.

A table row whose name is a catalogue metric (name or alias) gives that metric, located 「表N第R行」; a row
naming a rate (「出庭应诉率 100%」) is a stated rate, checked once the unit's counts are known; a row with a
name, a measure word and a number outside the catalogue is an other figure; any other row with a
number is named in one warning per table, so nothing is dropped silently. Prose figures are taken only where
a metric's name ends right before the number and the measure word fits the metric's unit; rates,
decimals and 万/亿 are never taken (rates are computed), and a figure that is not a clean count is left
alone rather than turned into an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annual_report.config.catalogue import Catalogue, Metric
from annual_report.reading.metric_names import matcher_for
from annual_report.text.figures import stated_figures
from annual_report.text.numbers import (
    CHINESE_NUMERALS,
    MEASURE,
    CountError,
    chinese_count,
    parse_qualified,
    same_measure,
    split_measure,
)
from annual_report.text.sentences import sentences

# Tables: a name with its measure word 「执法办案中心（个）」, sequence numbers, header words.
_NAME_UNIT = re.compile(r"^(?P<name>.+?)\s*[（(](?P<unit>[^（）()]{1,4})[）)]$")
_SEQUENCE = re.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.．、]?$|^序号$")
_VALUE_HEADER = r"本年|今年|{year}|数值|数量|数据|完成|实际|情况|合计"
_NOT_VALUE_HEADER = r"上年|去年|{last}|同比|增减|增长|目标|计划|备注|计量|单位|序号|指标|名称|项目"
EXCERPT = 24  # characters kept on each side of a prose figure when its sentence is long
_CHINESE_COUNT = re.compile(rf"^(?:约|不足)?[{CHINESE_NUMERALS}]+(?:余|多|以上|左右|几)?(?:{MEASURE})?$")


@dataclass
class TableFigures:
    """What one table gives: metric id → (value as written, location), other figures, names not read."""

    metrics: dict[str, tuple[str, str]] = field(default_factory=dict)
    other: list[tuple[dict[str, str], str]] = field(default_factory=list)  # ({name, unit, value}, location)
    unread: list[str] = field(default_factory=list)  # names of rows with a number that are no metric
    rates: dict[str, tuple[str, str]] = field(default_factory=dict)  # rate id → (value as written, location)
    repeated: list[tuple[str, str]] = field(default_factory=list)  # (metric id, location) named twice
    merged: list[tuple[str, str]] = field(default_factory=list)  # (metric id, location): value cell merged over rows
    numerals: list[tuple[str, str, int, str]] = field(default_factory=list)  # (metric id, 「十二」, 12, location)


class FigureReader:
    """Reads figures with one catalogue: tables by row names, prose by the metric phrase before a count."""

    def __init__(self, catalogue: Catalogue, year: int) -> None:
        self.catalogue = catalogue
        self.matcher = matcher_for(catalogue)
        self.named: dict[str, Metric | None] = {}  # prose subjects already looked up
        self.value_header = re.compile(_VALUE_HEADER.format(year=year))
        self.not_value_header = re.compile(_NOT_VALUE_HEADER.format(last=year - 1))

    def metric(self, name: str) -> Metric | None:
        """The count a table cell names: a catalogue name or alias, else a name ending in one."""
        name = re.sub(r"[（(][^（）()]{1,4}[）)]$", "", name).strip()
        found = self.catalogue.resolve(name) or (self.matcher.count(name) if len(name) <= 30 else None)
        return None if found is None or found.is_rate else found

    # --- tables --------------------------------------------------------------------------------------

    def table(self, number: int, rows: list[list[str]], merged: frozenset[tuple[int, int]] = frozenset()
              ) -> TableFigures:
        """A table's figures, by rows named with metrics or (when its rows are not) by columns; `merged` holds
        the (row, cell) indexes of vertically merged cells, whose value belongs to no one row."""
        found = TableFigures()
        by_row = sum(self._named(cells) is not None for cells in rows)
        by_column = max((sum(self.metric(c) is not None for c in cells) for cells in rows), default=0)
        if by_column > max(by_row, 1):
            self._columns(number, rows, found)
        else:
            self._rows(number, rows, found, merged)
        return found

    def _named(self, cells: list[str]) -> tuple[int, Metric] | None:
        """The first cell naming a metric (a sequence number or an empty cell is skipped)."""
        for i, cell in enumerate(cells):
            if not cell or _SEQUENCE.match(cell):
                continue
            metric = self.metric(cell)
            if metric is not None:
                return i, metric
            if not _digit(cell) and i + 1 < len(cells) and (metric := self.metric(cell + cells[i + 1])):
                return i + 1, metric  # a group cell and a name cell: 「行政复议」「收到申请」
        return None

    def _header(self, rows: list[list[str]]) -> tuple[int, int | None, int | None]:
        """The header row's number (0: none) and the value and measure-word columns it names."""
        for r, cells in enumerate(rows[:3], start=1):
            if self._named(cells) is not None:
                break
            value = next((i for i, c in enumerate(cells) if self.value_header.search(c)
                          and not self.not_value_header.search(c)), None)
            measure = next((i for i, c in enumerate(cells) if re.fullmatch(r"(?:计量)?单位", c)), None)
            if value is not None or measure is not None:
                return r, value, measure
        return 0, None, None

    def _rows(self, number: int, rows: list[list[str]], found: TableFigures, merged: frozenset[tuple[int, int]]
              ) -> None:
        header, value_col, measure_col = self._header(rows)
        for r, cells in enumerate(rows[header:], start=header + 1):
            named = self._named(cells)
            start = named[0] + 1 if named else next(
                (i + 1 for i, c in enumerate(cells) if c and not _SEQUENCE.match(c)), len(cells))
            at = _value(cells, value_col, start)
            if at is None:
                continue
            value, measure = split_measure(cells[at])
            where = f"表{number}第{r}行"
            if named is not None and (r - 1, at) in merged:
                found.merged.append((named[1].id, where))
                continue
            if named is not None:
                self._keep(found, named[1], self._numeral(found, named[1], value, where), where)
                continue
            name = cells[start - 1] if start <= len(cells) else ""
            if measure_col is not None and measure_col < len(cells) and cells[measure_col]:
                measure = cells[measure_col]
            if m := _NAME_UNIT.match(name):
                name, measure = m["name"], measure or m["unit"]
            if (rate := self.catalogue.resolve(name)) is not None and rate.is_rate and measure == "":
                found.rates.setdefault(rate.id, (value, where))
            elif name and measure and not _digit(name):
                found.other.append(({"name": name, "unit": measure, "value": value}, where))
            elif name:
                found.unread.append(name)

    def _columns(self, number: int, rows: list[list[str]], found: TableFigures) -> None:
        """Metric names across a row, values in the first row below that has numbers."""
        at = max(range(len(rows)), key=lambda r: sum(self.metric(c) is not None for c in rows[r]))
        below = ((r, cells) for r, cells in enumerate(rows[at + 1:], start=at + 2) if any(map(_numeric, cells)))
        r, values = next(below, (0, []))
        for c, name in enumerate(rows[at]):
            if c >= len(values) or not _numeric(values[c]) or not name or _SEQUENCE.match(name):
                continue
            metric = self.metric(name)
            where = f"表{number}第{r}行第{c + 1}列"
            if metric is None:
                found.unread.append(name)
            else:
                self._keep(found, metric, self._numeral(found, metric, split_measure(values[c])[0], where), where)

    @staticmethod
    def _numeral(found: TableFigures, metric: Metric, value: str, where: str) -> str:
        """A count written in Chinese numerals (「十二」) as digits, noted; one that cannot be read stays as written
        for validation to quote."""
        if _digit(value) or (count := chinese_count(value)) is None:
            return value
        found.numerals.append((metric.id, value, count, where))
        return str(count)

    @staticmethod
    def _keep(found: TableFigures, metric: Metric, value: str, where: str) -> None:
        if metric.id in found.metrics:
            found.repeated.append((metric.id, where))
        else:
            found.metrics[metric.id] = (value, where)

    # --- prose ---------------------------------------------------------------------------------------

    def prose(self, text: str) -> list[tuple[Metric, str, str]]:
        """Counts stated in `text` (text.figures: a whole count, not a rate, a decimal or 万/亿): (metric, value
        as written, the sentence around it), first mention of each metric only."""
        found: dict[str, tuple[Metric, str, str]] = {}
        for sentence in sentences(text, clauses=True):
            for figure in stated_figures(sentence):
                if not figure.is_count or not figure.subject:
                    continue
                if figure.subject not in self.named:
                    self.named[figure.subject] = self.matcher.count(figure.subject)
                metric = self.named[figure.subject]
                if metric is None or metric.id in found or not same_measure(figure.measure, metric.unit):
                    continue
                value = f"{figure.before}{figure.number}{figure.after}"
                try:
                    parse_qualified(value)
                except CountError:
                    continue
                found[metric.id] = (metric, value, _excerpt(sentence, figure.subject_start, figure.end))
        return list(found.values())


def _digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _numeric(text: str) -> bool:
    """A cell with a number in it: digits, or a count in Chinese numerals (「十二」「一百二十件」「约三十」)."""
    return _digit(text) or bool(_CHINESE_COUNT.match(text))


def _value(cells: list[str], column: int | None, start: int) -> int | None:
    """The index of the row's value: the header's value column, else the first cell after the name with a
    number."""
    if column is not None and column >= start:
        return column if column < len(cells) and _numeric(cells[column]) else None
    return next((i for i, c in enumerate(cells[start:], start=start) if _numeric(c)), None)


def _excerpt(sentence: str, start: int, end: int) -> str:
    """The sentence, or the part of a long one around the figure with 「……」 where it is cut."""
    sentence = sentence.rstrip("。；;！？!?")
    left, right = max(0, start - EXCERPT), min(len(sentence), end + EXCERPT)
    return ("……" if left else "") + sentence[left:right] + ("……" if right < len(sentence) else "")
