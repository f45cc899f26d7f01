"""Workbooks made by the tests: real .xlsx files written by openpyxl, and hand-made archives for the cases
openpyxl will not write (bombs, DTDs)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
WORKBOOK = (f'<workbook {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="统计" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')


def workbook(*sheets: tuple[str, Sequence[Sequence[object]]], states: dict[str, str] | None = None,
             edit: Callable[[Workbook], None] | None = None) -> bytes:
    """An .xlsx with the given sheets (title, rows); `states` hides some; `edit` changes the book last."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet: Worksheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        sheet.sheet_state = (states or {}).get(title, "visible")
    if edit is not None:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def raw_workbook(sheet_xml: Iterable[bytes], workbook_xml: str = WORKBOOK) -> bytes:
    """A minimal .xlsx whose one sheet's XML is streamed from `sheet_xml` (so it may be huge)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", workbook_xml)
        book.writestr("xl/_rels/workbook.xml.rels", RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_xml:
                sheet.write(chunk)
    return buffer.getvalue()


def zip_bomb(gib: float = 1.0) -> bytes:
    """About 3 MB that unpacks to `gib` GiB of sheet XML: rows of one cell each, all alike."""
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    count = int(gib * 2**30 / len(rows))
    return raw_workbook([f"<worksheet {NS}><sheetData>".encode(), *([rows] * count), b"</sheetData></worksheet>"])


def empty_cells(megabytes: int = 60) -> bytes:
    """Tens of MB of formatted but empty cells: within the size limit, refused by the element count."""
    row = b'<row>' + b'<c s="1"/>' * 1000 + b'</row>'
    count = megabytes * 2**20 // len(row)
    return raw_workbook([f"<worksheet {NS}><sheetData>".encode(), *([row] * count), b"</sheetData></worksheet>"])


def billion_laughs() -> bytes:
    """A sheet whose DTD defines an entity that expands to 10^9 「lol」s."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet {NS}><sheetData><row r="1">'
           '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    return raw_workbook([xml.encode()])
