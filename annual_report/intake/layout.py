"""How a statistics table is laid out, as offices make them: title rows above the table, a header of one
row or of two (a group such as 「行政诉讼」 over 「一审审结」「败诉」), merged cells in the header.

A `Grid` is a table as read (CSV or one worksheet): its rows that hold text, cleaned of unsafe characters,
with merged ranges, formula cells that have no value and number cells Excel shows as dates, times or
percentages. `find_header` says where the header is and what each column's header names; merged cells among
the data rows are ambiguous and reported by the reader. A leading 「序号」 column is set aside
(`without_sequence`), and a header naming a year (「2023年」「2024年讲座」「本年」) says which year a column holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from annual_report.config.catalogue import Catalogue
from annual_report.intake.xlsx import Cell, Range, Sheet
from annual_report.intake.xlsx_formats import CellFormat, iso_text
from annual_report.reading.headers import METRIC_HEADERS, UNIT_HEADERS, YEAR_HEADERS
from annual_report.text.hygiene import strip_illegal_chars

_NUMERIC = re.compile(r"^[\s0-9０-９,，.．:：_+\-−－%eExX]*[0-9０-９][\s0-9０-９,，.．:：_+\-−－%eExX]*$")
MAX_TITLES = 3
MAX_HEADER_COLUMNS = 1_000  # merged header cells are spread this far at most
KNOWN_HEADERS = UNIT_HEADERS | YEAR_HEADERS | METRIC_HEADERS
SEQUENCE_HEADERS = frozenset({"序号", "序 号", "no.", "no", "#"})
_YEAR_FIRST = re.compile(r"^\s*(?:(?P<year>(?:19|20)\d\d)\s*年?度?|(?P<word>本年度?|今年|当年|上年度?|去年))\s*(?P<rest>.*?)\s*$")
_YEAR_LAST = re.compile(r"^\s*(?P<rest>.*?)\s*[（(]?\s*(?:(?P<year>(?:19|20)\d\d)\s*年?度?|(?P<word>本年度?|今年|当年|上年度?|去年))"
                        r"\s*[)）]?\s*$")
_RELATIVE = {"本年": 0, "本年度": 0, "今年": 0, "当年": 0, "上年": -1, "上年度": -1, "去年": -1}


def header_year(name: str, year: int) -> tuple[int, str] | None:
    """The year a column header names and the rest of it: 「2023年」 → (2023, ""), 「2024年法治专题讲座」 →
    (2024, 「法治专题讲座」), 「讲座（上年）」 → (year - 1, 「讲座」); None when it names no year."""
    for pattern in (_YEAR_FIRST, _YEAR_LAST):
        if match := pattern.match(name):
            found = int(match["year"]) if match["year"] else year + _RELATIVE[match["word"]]
            return found, match["rest"]
    return None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


@dataclass
class Grid:
    """A table as read from a file: numbered rows that hold text, and what the file says about its cells."""

    rows: list[tuple[int, list[str]]]  # (row number, cells from column A), rows with some text only
    sheet: str | None = None
    merged: list[Range] = field(default_factory=list)
    uncalculated: dict[Cell, str] = field(default_factory=dict)  # formula cells without a cached value
    cleaned: dict[Cell, list[str]] = field(default_factory=dict)  # cells unsafe characters were removed from
    formats: dict[Cell, tuple[CellFormat, float]] = field(default_factory=dict)  # dates, times, percentages
    delimited: bool = False  # a CSV: an unquoted separator can split one number over two cells
    first_col: int = 0  # the column of the file the grid's column 0 is (1 once a 序号 column is set aside)

    @classmethod
    def of(cls, rows: Sequence[tuple[int, Sequence[object]]], sheet: str | None = None,
           merged: Sequence[Range] = (), uncalculated: dict[Cell, str] | None = None,
           formats: dict[Cell, CellFormat] | None = None, delimited: bool = False) -> Grid:
        """Cells as stripped text without unsafe characters; trailing blanks and blank rows dropped; a cell
        Excel shows as a date holds the date (2025-02-20), with its number kept in `formats`."""
        grid = cls(rows=[], sheet=sheet, merged=list(merged), uncalculated=dict(uncalculated or {}),
                   delimited=delimited)
        formula_rows = {r for r, _ in grid.uncalculated}
        for number, raw in rows:
            cells = []
            for col, value in enumerate(raw):
                if formats and (shown := formats.get((number, col))) is not None and isinstance(value, int | float):
                    grid.formats[(number, col)] = (shown, float(value))
                    value = iso_text(shown, value) if shown.kind in ("date", "datetime") else value
                text, removed = strip_illegal_chars(_text(value))
                if removed:
                    grid.cleaned[(number, col)] = removed
                cells.append(text.strip())
            while cells and not cells[-1]:
                cells.pop()
            if cells or number in formula_rows:
                grid.rows.append((number, cells))
        return grid

    @classmethod
    def of_sheet(cls, sheet: Sheet, name: str | None) -> Grid:
        """A worksheet's grid; `name` is shown in locations (None for a workbook of one sheet)."""
        return cls.of(sheet.rows, name, sheet.merged, sheet.uncalculated, sheet.formats)

    def without_sequence(self) -> Grid:
        """The grid without its first column when that is a 「序号」 column (its header is 序号), else itself;
        locations still name the file's columns."""
        top = next((n for n, cells in self.rows[:MAX_TITLES + 1]  # the header, perhaps under title rows
                    if cells and cells[0].lower() in SEQUENCE_HEADERS and any(cells[1:])), None)
        if top is None:
            return self

        def moved(cells: dict[Cell, object]) -> dict:
            return {(r, c - 1): v for (r, c), v in cells.items() if c > 0}

        # title rows above the header keep their text where skip_titles looks for it
        return Grid(rows=[(n, cells[1:] if n >= top else cells) for n, cells in self.rows], sheet=self.sheet,
                    merged=[(t, max(0, left - 1), b, right - 1) for t, left, b, right in self.merged if right > 0],
                    uncalculated=moved(self.uncalculated), cleaned=moved(self.cleaned),  # type: ignore[arg-type]
                    formats=moved(self.formats), delimited=self.delimited,  # type: ignore[arg-type]
                    first_col=self.first_col + 1)

    def value(self, row: int, col: int) -> str:
        cells = self._by_number.get(row, [])
        return cells[col] if col < len(cells) else ""

    @cached_property
    def _by_number(self) -> dict[int, list[str]]:
        return dict(self.rows)

    def filled(self, row: int, cells: list[str]) -> list[str]:
        """A header row with each merged range's value in every cell it covers (up to MAX_HEADER_COLUMNS)."""
        out = list(cells)
        for top, left, bottom, right in self.merged:
            if top <= row <= bottom and left < MAX_HEADER_COLUMNS:
                right = min(right, MAX_HEADER_COLUMNS - 1)
                out += [""] * (right + 1 - len(out))
                out[left:right + 1] = [self.value(top, left)] * (right + 1 - left)
        while out and not out[-1]:
            out.pop()
        return out


@dataclass
class Header:
    """Where a wide table's header is and what each column is named."""

    first_row: int  # row number of the header's first row
    last_row: int  # row number of its last row (the same for a one-row header)
    names: dict[int, list[str]]  # column → names to try, most specific first (「行政诉讼一审审结」, 「一审审结」)
    shown: dict[int, str]  # column → the name as written, for messages (「行政诉讼/一审审结」)
    body: list[tuple[int, list[str]]]  # the data rows


def skip_titles(rows: list[tuple[int, list[str]]], catalogue: Catalogue) -> list[tuple[int, list[str]]]:
    """`rows` without title rows above the table: rows of one cell, in column A, that name neither a metric
    nor a column (a group label over the header starts further right)."""
    for start, (_, cells) in enumerate(rows[: MAX_TITLES + 1]):
        filled = [c for c in cells if c]
        if len(filled) != 1 or not cells[0] or start == len(rows) - 1 or filled[0].lower() in KNOWN_HEADERS or \
                catalogue.resolve(filled[0]) is not None:
            return rows[start:]
    return rows[MAX_TITLES + 1:]


def _is_unit_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0].lower() in UNIT_HEADERS


def _names_below(cells: list[str], first: str) -> bool:
    """A second header row: blank (or the same merged 「单位」) in column A, names and no numbers after it."""
    rest = [c for c in cells[1:] if c]
    return bool(rest) and (not cells[0] or cells[0] == first) and not any(_NUMERIC.match(c) for c in rest)


def find_header(grid: Grid, rows: list[tuple[int, list[str]]], catalogue: Catalogue) -> Header | None:
    """The header of a table of many units (column A 「单位」), of one row or two; None for a two-column
    table of one unit (「单位,柳河镇」 then 「指标,数值」 rows)."""
    filled = [(n, grid.filled(n, cells)) for n, cells in rows[:3]]
    first = filled[0][1] if filled else []
    if first[:1] == [""] and len(filled) >= 2 and _is_unit_header(filled[1][1]):
        return _two_rows(filled[0], filled[1], rows[2:])  # the group row above 「单位」
    if not _is_unit_header(first):
        return None
    if len(filled) >= 2 and _names_below(filled[1][1], first[0]):
        return _two_rows(filled[0], filled[1], rows[2:])
    if len([c for c in first if c]) == 2 and catalogue.resolve(first[1]) is None:
        return None  # 「单位,柳河镇」: one unit's two columns
    return _one_row(filled[0], rows[1:])


def _one_row(header: tuple[int, list[str]], body: list[tuple[int, list[str]]]) -> Header:
    number, cells = header
    return Header(first_row=number, last_row=number, body=body,
                  names={c: [n] for c, n in enumerate(cells) if c and n},
                  shown={c: n for c, n in enumerate(cells) if c and n})


def _two_rows(parent: tuple[int, list[str]], child: tuple[int, list[str]],
              body: list[tuple[int, list[str]]]) -> Header:
    """Columns named by a group over a name: the group carries right over blank cells (a merged or centred
    group label), and each column tries 「group+name」, then the name, then the group alone."""
    groups, names = parent[1], child[1]
    width = max(len(groups), len(names))
    header = Header(first_row=parent[0], last_row=child[0], names={}, shown={}, body=body)
    group = ""
    for col in range(1, width):
        group = (groups[col] if col < len(groups) else "") or group
        name = names[col] if col < len(names) else ""
        if not name and not (col < len(groups) and groups[col]):
            continue
        own = name or group
        tries = [group + name, name] if group and name and group != name else [own]
        header.names[col] = tries
        header.shown[col] = f"{group}/{name}" if group and name and group != name else own
    return header
