"""Excel workbooks (.xlsx) read as they are, within bounds, with defused XML (intake/ooxml.py).

Only cells that hold a value are kept, so a sheet's claimed dimension (A1:XFD1048576) costs nothing. Sheet
states (visible / hidden / veryHidden) come from workbook.xml; hidden sheets are never parsed. A formula
without a cached value is reported as such, never read as an empty cell. A number cell formatted as a date, a
time or a percentage keeps its format (styles.xml; intake/xlsx_formats.py), for a count to be refused when
Excel has turned what was typed into a date.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from xml.parsers import expat

from defusedxml import DefusedXmlException

from annual_report.intake.ooxml import Budget, Handler, Limits, Refused, check_archive, parse_part
from annual_report.intake.xlsx_formats import CellFormat, format_kind

__all__ = ["Cell", "CellFormat", "Limits", "Range", "Refused", "Sheet", "parse_ref", "read_workbook"]
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_NUMBER = re.compile(r"^-?[0-9]+$")
MAX_ROW, MAX_COL = 1_048_576, 16_384
Cell = tuple[int, int]  # (row number from 1, column index from 0)
Range = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col


@dataclass
class Sheet:
    name: str
    state: str  # visible, hidden or veryHidden
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (row number, cells from A) with a value
    merged: list[Range] = field(default_factory=list)
    uncalculated: dict[Cell, str] = field(default_factory=dict)  # formula cells without a cached value
    formats: dict[Cell, CellFormat] = field(default_factory=dict)  # number cells shown as dates, times, percentages

    @property
    def visible(self) -> bool:
        return self.state == "visible"


@lru_cache(maxsize=1 << 14)  # the same few thousand addresses in every form
def parse_ref(ref: str) -> Cell:
    """"B3" → (3, 1)."""
    match = _REF.match(ref.upper())
    if not match:
        raise Refused("unreadable", f"Excel 文件中有无法识别的单元格地址「{ref[:20]}」，文件可能已损坏")
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    row = int(match.group(2))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        raise Refused("unreadable", f"Excel 文件中的单元格地址「{ref}」超出工作表范围，文件可能已损坏")
    return row, col - 1


class _Relations(Handler):
    def __init__(self, budget: Budget) -> None:
        super().__init__(budget)
        self.targets: dict[str, tuple[str, str]] = {}  # id → (type, target)

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "Relationship" and attrs.get("TargetMode") != "External":
            self.targets[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))


class _Workbook(Handler):
    def __init__(self, budget: Budget) -> None:
        super().__init__(budget)
        self.sheets: list[tuple[str, str, str]] = []  # name, state, relation id
        self.date1904 = False

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "sheet":
            self.sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), attrs.get("id", "")))
        elif local == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")


class _Styles(Handler):
    """styles.xml: the date, time or percent format of each cell style (xf) index that has one."""

    def __init__(self, budget: Budget, date1904: bool) -> None:
        super().__init__(budget)
        self.codes: dict[int, str] = {}  # custom format id → code
        self.xfs: list[int] = []  # cellXfs in order: their number format ids
        self.date1904 = date1904
        self._in_xfs = False

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "numFmt" and attrs.get("numFmtId", "").isdigit():
            self.codes[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            self._in_xfs = True
        elif local == "xf" and self._in_xfs:
            number = attrs.get("numFmtId", "0")
            self.xfs.append(int(number) if number.isdigit() else 0)

    def end(self, local: str) -> None:
        if local == "cellXfs":
            self._in_xfs = False

    def formats(self) -> dict[int, CellFormat]:
        """Style index → its format, for the styles that show numbers as dates, times or percentages."""
        found = {}
        for index, number in enumerate(self.xfs):
            code = self.codes.get(number)
            if (kind := format_kind(number, code)) is not None:
                found[index] = CellFormat(kind, code if code is not None else f"内置格式 {number}", self.date1904)
        return found


class _SharedStrings(Handler):
    def __init__(self, budget: Budget) -> None:
        super().__init__(budget)
        self.strings: list[str] = []
        self._parts: list[str] = []
        self._phonetic = False

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "si":
            self._parts = []
        elif local == "rPh":
            self._phonetic = True
        elif local == "t" and not self._phonetic:
            self.collect()

    def end(self, local: str) -> None:
        if local == "t" and self.text is not None:
            self._parts.append(self.collected())
        elif local == "rPh":
            self._phonetic = False
        elif local == "si":
            self.strings.append("".join(self._parts))


class _Cells(Handler):
    """One worksheet's cells that hold a value, its merged ranges and its uncalculated formulas."""

    def __init__(self, budget: Budget, strings: list[str], sheet: Sheet, styles: dict[int, CellFormat]) -> None:
        super().__init__(budget)
        self.strings, self.sheet, self.styles = strings, sheet, styles
        self.style = 0
        self.cells: dict[int, dict[int, object]] = {}
        self.count = 0
        self.row, self.col = 0, -1
        self.kind = "n"
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] = []

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "row":
            self.row, self.col = (int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1), -1
            if self.row > MAX_ROW:
                raise Refused("unreadable", f"Excel 文件中的行号 {self.row} 超出工作表范围，文件可能已损坏")
        elif local == "c":
            self.row, self.col = parse_ref(attrs["r"]) if "r" in attrs else (self.row, self.col + 1)
            self.kind, self.value, self.formula, self.inline = attrs.get("t", "n"), None, None, []
            style = attrs.get("s", "0")
            self.style = int(style) if style.isdigit() else 0
        elif local in ("v", "f", "t"):
            self.collect()
        elif local == "mergeCell" and ":" in attrs.get("ref", ""):
            first, last = (parse_ref(r) for r in attrs["ref"].split(":", 1))
            self.sheet.merged.append((first[0], first[1], last[0], last[1]))
            if len(self.sheet.merged) > self.budget.limits.merged:
                raise Refused("oversize", f"工作表「{self.sheet.name}」的合并单元格超过 {self.budget.limits.merged:,} 处，"
                                          "不是一份统计报表，未读取")

    def end(self, local: str) -> None:
        if local == "v":
            self.value = self.collected()
        elif local == "f":
            self.formula = self.collected()
        elif local == "t" and self.text is not None:
            self.inline.append(self.collected())
        elif local == "c":
            self._keep(self._cell_value())

    def _cell_value(self) -> object:
        raw, kind = self.value, self.kind
        if kind == "inlineStr":
            return "".join(self.inline)
        if self.formula is not None and not raw:
            self.sheet.uncalculated[(self.row, self.col)] = self.formula
            return None
        if raw is None or raw == "":
            return None
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise Refused("unreadable", "Excel 文件的共享字符串表已损坏，未读取") from None
        if kind == "b":
            return raw == "1"
        if kind in ("str", "e", "d"):
            return raw
        try:
            number: int | float = int(raw) if _NUMBER.match(raw) else float(raw)
        except ValueError:
            return raw
        if (shown_as := self.styles.get(self.style)) is not None:
            self.sheet.formats[(self.row, self.col)] = shown_as
        return number

    def _keep(self, value: object) -> None:
        if value is None or value == "":
            return
        self.count += 1
        if self.count > self.budget.limits.cells:
            raise Refused("oversize", f"工作表「{self.sheet.name}」有内容的单元格超过 {self.budget.limits.cells:,} 个，"
                                      "不是一份统计报表，未读取")
        self.cells.setdefault(self.row, {})[self.col] = value

    def rows(self) -> list[tuple[int, list[object]]]:
        """Rows with a value, each as cells from column A to its last value; bounded in total."""
        spanned = sum(max(cells) + 1 for cells in self.cells.values())
        if spanned > self.budget.limits.grid:
            far = max(self.cells)
            raise Refused("oversize", f"工作表「{self.sheet.name}」的内容分布范围过大（最远到第{far}行），未读取；"
                                      "请删除表格之外的内容后重新提交")
        table = []
        for row in sorted(self.cells):
            cells = self.cells[row]
            line: list[object] = [None] * (max(cells) + 1)
            for col, value in cells.items():
                line[col] = value
            table.append((row, line))
        return table


def _target(base: str, target: str) -> str:
    """A relation's target as a name in the archive."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relations(book: zipfile.ZipFile, part: str, budget: Budget) -> dict[str, tuple[str, str]]:
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in book.NameToInfo:
        return {}
    handler = _Relations(budget)
    parse_part(book, rels, handler, budget)
    return {rid: (kind, _target(part, target)) for rid, (kind, target) in handler.targets.items()}


def _read(book: zipfile.ZipFile, limits: Limits) -> list[Sheet]:
    check_archive(book, limits)
    budget = Budget(limits)
    package = _relations(book, "", budget)
    part = next((t for k, t in package.values() if k.endswith("/officeDocument")), "xl/workbook.xml")
    if part not in book.NameToInfo:
        raise Refused("unreadable", "压缩包中没有工作簿（xl/workbook.xml），不是 .xlsx 文件")
    workbook = _Workbook(budget)
    parse_part(book, part, workbook, budget)
    relations = _relations(book, part, budget)
    strings = _SharedStrings(budget)
    shared = next((t for k, t in relations.values() if k.endswith("/sharedStrings")), None)
    if shared in book.NameToInfo:
        parse_part(book, shared, strings, budget)  # type: ignore[arg-type]
    styles = _Styles(budget, workbook.date1904)
    stylesheet = next((t for k, t in relations.values() if k.endswith("/styles")), None)
    if stylesheet in book.NameToInfo:
        parse_part(book, stylesheet, styles, budget)  # type: ignore[arg-type]
    formats = styles.formats()
    sheets = []
    for name, state, rid in workbook.sheets:
        sheet = Sheet(name=name, state=state if state in ("hidden", "veryHidden") else "visible")
        target = relations.get(rid, ("", ""))[1]
        if sheet.visible and target in book.NameToInfo:
            cells = _Cells(budget, strings.strings, sheet, formats)
            parse_part(book, target, cells, budget)
            sheet.rows = cells.rows()
        sheets.append(sheet)
    return sheets


def read_workbook(raw: bytes, limits: Limits | None = None) -> list[Sheet]:
    """Every sheet in order with its state, the cells of visible ones; Refused when it is not read."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            return _read(book, limits or Limits())
    except DefusedXmlException:
        raise Refused("unreadable", "Excel 文件含有 XML 实体或文档类型声明（DTD），正常的工作簿没有这些，"
                                    "可能是恶意构造的文件，未读取") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, KeyError, ValueError,
            expat.ExpatError) as exc:
        raise Refused("unreadable", f"Excel 文件已损坏、已加密或不是 .xlsx 格式（{type(exc).__name__}）；"
                                    "请用 Excel/WPS 打开后另存为 .xlsx 重新提交") from None
