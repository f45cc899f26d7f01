"""Writing Excel workbooks for the compiling office: Chinese headers, frozen header row, CJK-aware widths."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

COUNT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass
class Sheet:
    """One worksheet: tables written one under another, a number format per column (or per cell)."""

    title: str
    tables: list[pd.DataFrame]
    formats: dict[str, str | pd.Series] = field(default_factory=dict)  # header → format (Series: per row)
    formulas: set[str] = field(default_factory=set)  # headers whose cells are Excel formulas
    freeze: str = "A2"


def _width(value: object) -> int:
    """Display width: CJK characters count double."""
    text = str(value)
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: object) -> object:
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def _formats(sheet: Sheet, table: pd.DataFrame) -> list[list[str | None]]:
    """Per column: each row's number format."""
    formats = []
    for header in table.columns:
        fmt = sheet.formats.get(header)
        formats.append(fmt.tolist() if isinstance(fmt, pd.Series) else [fmt] * len(table))
    return formats


def _widths(sheet: Sheet) -> dict[int, int]:
    widths: dict[int, int] = {}
    for table in sheet.tables:
        for col, header in enumerate(table.columns, start=1):
            width = max(widths.get(col, 0), _width(header))
            if header not in sheet.formulas:
                values = (_cell(v) for v in table[header])
                width = max([width, *(_width(v) for v in values if v is not None)], default=width)
            widths[col] = width
    return widths


def _write(ws: WriteOnlyWorksheet, sheet: Sheet) -> None:
    """Streamed (write-only), row by row: widths, freeze and filter first, then the rows; a blank row
    between tables."""
    for col, width in _widths(sheet).items():
        ws.column_dimensions[get_column_letter(col)].width = min(width + 2, MAX_WIDTH)
    ws.freeze_panes = sheet.freeze
    if sheet.tables and len(sheet.tables[0].columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.tables[0].columns))}{len(sheet.tables[0]) + 1}"
    for number, table in enumerate(sheet.tables):
        if number:
            ws.append([])
        ws.append([_header(ws, str(h)) for h in table.columns])
        formula = [h in sheet.formulas for h in table.columns]
        for row, formats in zip(table.itertuples(index=False, name=None), zip(*_formats(sheet, table)),
                                strict=True):
            ws.append([_value(ws, _cell(v), f, is_formula)
                       for v, f, is_formula in zip(row, formats, formula, strict=True)])


def _header(ws: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=text)
    cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    return cell


def _value(ws: WriteOnlyWorksheet, value: object, number_format: str | None, formula: bool) -> object:
    """A plain value where it needs nothing else; text starting with "=" stays text, never a formula."""
    text = isinstance(value, str)
    if not formula and text and value.startswith("="):  # type: ignore[union-attr]
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    if number_format and (formula or not text):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
        return cell
    return value


def _book(sheets: list[Sheet]) -> Workbook:
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write(book.create_sheet(sheet.title), sheet)
    return book


def write_sheets(sheets: list[Sheet], path: Path) -> Path:
    """One worksheet per Sheet, saved to `path`."""
    book = _book(sheets)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def sheets_bytes(sheets: list[Sheet]) -> bytes:
    """The workbook of `write_sheets`, as bytes (a download)."""
    buffer = io.BytesIO()
    _book(sheets).save(buffer)
    return buffer.getvalue()
