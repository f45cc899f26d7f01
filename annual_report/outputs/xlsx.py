"""Writing Excel workbooks for the compiling office: Chinese headers, frozen header row, CJK-aware widths."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

COUNT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


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
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def _cell(value: object) -> object:
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def _write(ws: Worksheet, sheet: Sheet) -> None:
    row = 1
    widths: dict[int, int] = {}
    for table in sheet.tables:
        for col, header in enumerate(table.columns, start=1):
            cell = ws.cell(row=row, column=col, value=str(header))
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            widths[col] = max(widths.get(col, 0), _width(header))
        for col, header in enumerate(table.columns, start=1):
            fmt = sheet.formats.get(header)
            formats = fmt.tolist() if isinstance(fmt, pd.Series) else [fmt] * len(table)
            for offset, (value, number_format) in enumerate(zip(table[header], formats, strict=True), start=1):
                cell = ws.cell(row=row + offset, column=col, value=_cell(value))
                if isinstance(cell.value, str) and header not in sheet.formulas:
                    cell.data_type = "s"  # text starting with "=" stays text, never a formula
                if number_format and (header in sheet.formulas or not isinstance(cell.value, str)):
                    cell.number_format = number_format
                if header not in sheet.formulas:
                    widths[col] = max(widths[col], _width(cell.value if cell.value is not None else ""))
        row += len(table) + 2
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(width + 2, MAX_WIDTH)
    ws.freeze_panes = sheet.freeze
    if sheet.tables and len(sheet.tables[0].columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.tables[0].columns))}{len(sheet.tables[0]) + 1}"


def write_sheets(sheets: list[Sheet], path: Path) -> Path:
    """One worksheet per Sheet, saved to `path`."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write(book.create_sheet(sheet.title), sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
