"""Writing Excel workbooks for the compiling office: Chinese headers, frozen header row, CJK-aware widths.

Streamed with XlsxWriter in constant-memory mode: each row goes to disk as it is written (strings inline), so
a workbook of a million cells costs neither the memory nor the time of cell objects (docs/performance.md
compares it with openpyxl's write-only mode). Cells are written by type: numbers, dates, booleans, text
(text starting with "=" stays text); an empty cell is not written, and formulas only in the columns a Sheet names, with the value Excel
will compute cached so that readers that do not calculate see it too.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

COUNT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
DATETIME_DEFAULT = "yyyy-mm-dd h:mm:ss"  # a date or time with no format of its own, as Excel shows it
MAX_WIDTH = 60
HEADER = {"bold": True, "pattern": 1, "bg_color": "#DDEBF7", "align": "center", "valign": "vcenter",
          "text_wrap": True}
OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
           "remove_timezone": True}


@dataclass
class Sheet:
    """One worksheet: tables written one under another, a number format per column (or per cell)."""

    title: str
    tables: list[pd.DataFrame]
    formats: dict[str, str | pd.Series] = field(default_factory=dict)  # header → format (Series: per row)
    formulas: set[str] = field(default_factory=set)  # headers whose cells are Excel formulas
    freeze: str = "A2"
    results: dict[str, pd.Series] = field(default_factory=dict)  # formula header → each cell's value


def _width(value: object) -> int:
    """Display width: CJK characters count double."""
    text = str(value)
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_PLAIN = (str, int, float, bool, type(None))


def _python(value: Any) -> Any:
    """A NumPy scalar as a Python number, a pandas timestamp as a datetime."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def _plain(column: pd.Series) -> list[Any]:
    """A column's cells as Python values, None for NA."""
    values = column.astype(object).where(column.notna(), None).tolist()
    if column.dtype == object or pd.api.types.is_datetime64_any_dtype(column):
        return [v if type(v) in _PLAIN else _python(v) for v in values]
    return values


def _column_width(values: Iterable[object], start: int) -> int:
    """The widest of `values` (each distinct value once; a value no wider than twice its length and the width
    reached is skipped), at least `start`, stopping at the cap."""
    width = start
    for value in set(values) - {None}:
        text = str(value)
        if 2 * len(text) > width:
            width = max(width, _width(text))
            if width >= MAX_WIDTH - 2:
                break
    return width


class _Writer:
    """One workbook: a cached Format per number format, typed cell writes."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.header = book.add_format(HEADER)
        self._formats: dict[str | None, Format | None] = {None: None}

    def format(self, number_format: str | None) -> Format | None:
        if number_format not in self._formats:
            self._formats[number_format] = self.book.add_format({"num_format": number_format})
        return self._formats[number_format]

    def cell_writer(self, ws: Worksheet, formula: bool) -> Callable[[int, int, Any, str | None, Any], None]:
        """A function writing one cell of a column: by the value's type, or as a formula with its result."""

        def write(row: int, col: int, value: Any, number_format: str | None, result: Any) -> None:
            if value is None or value == "":
                return
            if isinstance(value, str):
                if formula:
                    ws.write_formula(row, col, value, self.format(number_format), 0 if result is None else result)
                else:
                    ws.write_string(row, col, value)
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, self.format(number_format))
            elif isinstance(value, int | float):
                if isinstance(value, float) and not math.isfinite(value):
                    ws.write_string(row, col, str(value))
                else:
                    ws.write_number(row, col, value, self.format(number_format))
            elif isinstance(value, dt.datetime | dt.date | dt.time):
                ws.write_datetime(row, col, value, self.format(number_format or DATETIME_DEFAULT))
            else:
                ws.write_string(row, col, str(value))

        return write

    def sheet(self, sheet: Sheet) -> None:
        """Widths, freeze and filter, then the rows; a blank row between tables."""
        ws = self.book.add_worksheet(sheet.title)
        plain = [{h: _plain(t[h]) for h in t.columns} for t in sheet.tables]
        widths: dict[int, int] = {}
        for table, values in zip(sheet.tables, plain, strict=True):
            for col, header in enumerate(table.columns):
                start = max(widths.get(col, 0), _width(header))
                widths[col] = start if header in sheet.formulas else _column_width(values[header], start)
        for col, width in widths.items():
            ws.set_column(col, col, min(width + 2, MAX_WIDTH))
        ws.freeze_panes(sheet.freeze)
        if sheet.tables and len(sheet.tables[0].columns):
            ws.autofilter(0, 0, len(sheet.tables[0]), len(sheet.tables[0].columns) - 1)
        row = 0
        for number, (table, values) in enumerate(zip(sheet.tables, plain, strict=True)):
            row += 1 if number else 0
            for col, header in enumerate(table.columns):
                ws.write_string(row, col, str(header), self.header)
            self._rows(ws, sheet, table, values, row + 1)
            row += len(table) + 1

    def _rows(self, ws: Worksheet, sheet: Sheet, table: pd.DataFrame, values: dict[str, list[Any]],
              first: int) -> None:
        """The table's cells row by row (constant-memory mode writes each row once, in order)."""
        n = len(table)
        columns = []
        for header in table.columns:
            fmt = sheet.formats.get(header)
            columns.append((values[header], fmt.tolist() if isinstance(fmt, pd.Series) else [fmt] * n,
                            sheet.results[header].tolist() if header in sheet.results else [None] * n,
                            self.cell_writer(ws, header in sheet.formulas)))
        for offset in range(n):
            row = first + offset
            for col, (cells, formats, results, write) in enumerate(columns):
                write(row, col, cells[offset], formats[offset], results[offset])


def _save(sheets: list[Sheet], target: Path | io.BytesIO, constant_memory: bool) -> None:
    book = xlsxwriter.Workbook(target, {**OPTIONS, "constant_memory": constant_memory,
                                        "in_memory": not constant_memory})
    writer = _Writer(book)
    for sheet in sheets:
        writer.sheet(sheet)
    book.close()


def write_sheets(sheets: list[Sheet], path: Path) -> Path:
    """One worksheet per Sheet, saved to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(sheets, path, constant_memory=True)
    return path


def sheets_bytes(sheets: list[Sheet]) -> bytes:
    """The workbook of `write_sheets`, as bytes (a download)."""
    buffer = io.BytesIO()
    _save(sheets, buffer, constant_memory=False)
    return buffer.getvalue()
