"""Excel workbooks (.xlsx) read as they are, within bounds, with defused XML.

The archive's sizes are checked before anything is parsed; XML is streamed through expat with a DTD or an
entity declaration refused at once (no "billion laughs"), elements counted and parsing stopped past the
limits. Only cells that
hold a value are kept, so a sheet's claimed dimension (A1:XFD1048576) costs nothing. Sheet states
(visible / hidden / veryHidden) come from workbook.xml; hidden sheets are never parsed. A formula without
a cached value is reported as such, never read as an empty cell.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_NUMBER = re.compile(r"^-?[0-9]+$")
MAX_ROW, MAX_COL = 1_048_576, 16_384
MAX_CELL_TEXT = 32_767  # Excel's own limit for one cell
Cell = tuple[int, int]  # (row number from 1, column index from 0)
Range = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col


@dataclass(frozen=True)
class Limits:
    archive_bytes: int = 256 * 2**20  # every part, uncompressed, as the archive declares
    xml_bytes: int = 64 * 2**20  # the parts read: workbook, relations, shared strings, visible sheets
    entries: int = 10_000
    elements: int = 1_000_000  # XML elements parsed, empty formatted cells included
    cells: int = 100_000  # cells that hold a value
    grid: int = 2_000_000  # cells of the table those values span, row by row
    depth: int = 64
    merged: int = 10_000  # merged ranges in one sheet


class Refused(Exception):
    """A workbook that is not read; `rule` and `message` make the finding."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass
class Sheet:
    name: str
    state: str  # visible, hidden or veryHidden
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (row number, cells from A) with a value
    merged: list[Range] = field(default_factory=list)
    uncalculated: dict[Cell, str] = field(default_factory=dict)  # formula cells without a cached value

    @property
    def visible(self) -> bool:
        return self.state == "visible"


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


class _Budget:
    """What may still be parsed: bytes of XML and elements, shared by every part of one workbook."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.bytes = limits.xml_bytes
        self.elements = limits.elements

    def take_bytes(self, size: int, name: str) -> None:
        self.bytes -= size
        if self.bytes < 0:
            raise Refused("oversize", f"Excel 文件解压后过大（{name} 等超过 {self.limits.xml_bytes // 2**20} MB），"
                                      "未读取；请只保留统计表、删除多余内容后重新提交")

    def take_element(self, depth: int) -> None:
        self.elements -= 1
        if self.elements < 0:
            raise Refused("oversize", f"Excel 文件的单元格或格式记录过多（超过 {self.limits.elements:,} 个），未读取；"
                                      "请删除多余的行列和格式后重新提交")
        if depth > self.limits.depth:
            raise Refused("unreadable", "Excel 文件的 XML 结构嵌套过深，不是正常的工作簿，未读取")


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _Handler:
    """Tracks depth and budget; subclasses see local names and collect text where asked."""

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.depth = 0
        self.text: list[str] | None = None
        self.length = 0

    def start_element(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.budget.take_element(self.depth)
        self.start(_local(name), {_local(k): v for k, v in attrs.items()} if attrs else attrs)

    def end_element(self, name: str) -> None:
        self.depth -= 1
        self.end(_local(name))

    def characters(self, content: str) -> None:
        if self.text is not None:
            self.length += len(content)
            if self.length > MAX_CELL_TEXT:
                raise Refused("unreadable", f"Excel 文件中有超过 {MAX_CELL_TEXT} 字的单元格文字，不是正常的工作簿，未读取")
            self.text.append(content)

    def collect(self) -> None:
        self.text, self.length = [], 0

    def collected(self) -> str:
        text = "".join(self.text or [])
        self.text = None
        return text

    def start(self, local: str, attrs: dict[str, str]) -> None: ...

    def end(self, local: str) -> None: ...


def _forbid_dtd(name: str, *_: object) -> None:
    raise DTDForbidden(name, None, None)


def _forbid_entity(name: str, *_: object) -> None:
    raise EntitiesForbidden(name, None, None, None, None, None)


def _parse(book: zipfile.ZipFile, name: str, handler: _Handler, budget: _Budget) -> None:
    """Stream one part through expat into `handler`, refusing any DTD or entity as defusedxml does."""
    budget.take_bytes(book.getinfo(name).file_size, name)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.StartElementHandler = handler.start_element
    parser.EndElementHandler = handler.end_element
    parser.CharacterDataHandler = handler.characters
    with book.open(name) as stream:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


class _Relations(_Handler):
    def __init__(self, budget: _Budget) -> None:
        super().__init__(budget)
        self.targets: dict[str, tuple[str, str]] = {}  # id → (type, target)

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "Relationship" and attrs.get("TargetMode") != "External":
            self.targets[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))


class _Workbook(_Handler):
    def __init__(self, budget: _Budget) -> None:
        super().__init__(budget)
        self.sheets: list[tuple[str, str, str]] = []  # name, state, relation id

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "sheet":
            self.sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), attrs.get("id", "")))


class _SharedStrings(_Handler):
    def __init__(self, budget: _Budget) -> None:
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


class _Cells(_Handler):
    """One worksheet's cells that hold a value, its merged ranges and its uncalculated formulas."""

    def __init__(self, budget: _Budget, strings: list[str], sheet: Sheet) -> None:
        super().__init__(budget)
        self.strings, self.sheet = strings, sheet
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
        if _NUMBER.match(raw):
            return int(raw)
        try:
            return float(raw)
        except ValueError:
            return raw

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


def _relations(book: zipfile.ZipFile, part: str, budget: _Budget) -> dict[str, tuple[str, str]]:
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in book.NameToInfo:
        return {}
    handler = _Relations(budget)
    _parse(book, rels, handler, budget)
    return {rid: (kind, _target(part, target)) for rid, (kind, target) in handler.targets.items()}


def _check_archive(book: zipfile.ZipFile, limits: Limits) -> None:
    infos = book.infolist()
    if len(infos) > limits.entries:
        raise Refused("oversize", f"Excel 文件内含 {len(infos):,} 个部件，不是正常的工作簿，未读取")
    declared = sum(i.file_size for i in infos)
    if declared > limits.archive_bytes:
        raise Refused("oversize", f"Excel 文件解压后有 {declared / 2**20:,.0f} MB（上限 {limits.archive_bytes // 2**20} MB），"
                                  "可能是压缩炸弹，未读取")


def _read(book: zipfile.ZipFile, limits: Limits) -> list[Sheet]:
    _check_archive(book, limits)
    budget = _Budget(limits)
    package = _relations(book, "", budget)
    part = next((t for k, t in package.values() if k.endswith("/officeDocument")), "xl/workbook.xml")
    if part not in book.NameToInfo:
        raise Refused("unreadable", "压缩包中没有工作簿（xl/workbook.xml），不是 .xlsx 文件")
    workbook = _Workbook(budget)
    _parse(book, part, workbook, budget)
    relations = _relations(book, part, budget)
    strings = _SharedStrings(budget)
    shared = next((t for k, t in relations.values() if k.endswith("/sharedStrings")), None)
    if shared in book.NameToInfo:
        _parse(book, shared, strings, budget)  # type: ignore[arg-type]
    sheets = []
    for name, state, rid in workbook.sheets:
        sheet = Sheet(name=name, state=state if state in ("hidden", "veryHidden") else "visible")
        target = relations.get(rid, ("", ""))[1]
        if sheet.visible and target in book.NameToInfo:
            cells = _Cells(budget, strings.strings, sheet)
            _parse(book, target, cells, budget)
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
