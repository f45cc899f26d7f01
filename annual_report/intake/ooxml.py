"""Office Open XML packages (.xlsx, .docx) opened within bounds: the archive's declarations checked before
anything in it is parsed, then each part streamed through expat with a DTD or an entity declaration refused
at once (no "billion laughs"), elements counted and parsing stopped past the limits; a part lxml parses
afterwards (a Word document's, for python-docx) is counted in C instead (`count_part`). Excel workbooks
(intake/xlsx.py) and Word reports (intake/word_report.py) are read through these."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden

MAX_CELL_TEXT = 32_767  # Excel's own limit for one cell
EXCEL = "Excel 文件"


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


class Budget:
    """What may still be parsed: bytes of XML and elements, shared by every part of one file (an Excel
    workbook, a Word document: `noun` names it in messages)."""

    def __init__(self, limits: Limits, noun: str = EXCEL) -> None:
        self.limits = limits
        self.noun = noun
        self.bytes = limits.xml_bytes
        self.elements = limits.elements

    def take_bytes(self, size: int, name: str) -> None:
        self.bytes -= size
        if self.bytes < 0:
            raise Refused("oversize", f"{self.noun}解压后过大（{name} 等超过 {self.limits.xml_bytes // 2**20} MB），"
                                      "未读取；请删除多余内容后重新提交")

    def take_elements(self, count: int) -> None:
        self.elements -= count
        if self.elements < 0:
            raise self.too_many()

    def too_many(self) -> Refused:
        return Refused("oversize", f"{self.noun}的内容或格式记录过多（超过 {self.limits.elements:,} 个），未读取；"
                                   "请删除多余的内容和格式后重新提交")

    def too_deep(self, depth: int) -> Refused:
        return Refused("unreadable", f"{self.noun}的 XML 结构嵌套过深（{depth} 层），文件不正常，未读取")


def _local(name: str) -> str:
    return name.rpartition(":")[2] if ":" in name else name


class Handler:
    """Tracks depth and budget; subclasses see local names and collect text where asked."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.max_depth = budget.limits.depth
        self.depth = 0
        self.text: list[str] | None = None
        self.length = 0

    def start_element(self, name: str, attrs: dict[str, str]) -> None:
        # Called for every element (a form has thousands): the budget and the names inline.
        self.depth += 1
        budget = self.budget
        budget.elements -= 1
        if budget.elements < 0:
            raise budget.too_many()
        if self.depth > self.max_depth:
            raise budget.too_deep(self.depth)
        if attrs and ":" in "".join(attrs):  # a prefixed attribute (r:id): local names
            attrs = {_local(k): v for k, v in attrs.items()}
        self.start(_local(name), attrs)

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


def parse_part(book: zipfile.ZipFile, name: str, handler: Handler, budget: Budget) -> None:
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


def count_part(book: zipfile.ZipFile, name: str, budget: Budget) -> None:
    """A part that lxml parses afterwards (python-docx), checked without parsing it: its size, its elements
    (counted from its tags in C: at least as many as it has) and no DTD. Streaming a Word document through expat
    with a Python call per element took longer than python-docx's own parse; lxml resolves no entities there
    and refuses nesting past libxml2's 256 levels."""
    budget.take_bytes(book.getinfo(name).file_size, name)
    data = _as_utf8(book.read(name))
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        _forbid_dtd(name)
    budget.take_elements(data.count(b"<") - data.count(b"</"))


# How XML tells a part in UTF-16 or UTF-32 (which Word does not write but XML, and lxml, read): a byte-order
# mark, else the NULs around its first 「<」. The longer marks first: UTF-32's begins like UTF-16's.
_WIDE = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"), (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
         (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))


def _as_utf8(data: bytes) -> bytes:
    """A part's text as UTF-8, for the checks to find its declarations in any encoding."""
    codec = next((c for start, c in _WIDE if data.startswith(start)), None)
    return data if codec is None else data.decode(codec).encode()


def check_archive(book: zipfile.ZipFile, limits: Limits, noun: str = EXCEL) -> None:
    """The archive's own declarations within bounds, before anything in it is parsed."""
    infos = book.infolist()
    if len(infos) > limits.entries:
        raise Refused("oversize", f"{noun}内含 {len(infos):,} 个部件，文件不正常，未读取")
    declared = sum(i.file_size for i in infos)
    if declared > limits.archive_bytes:
        raise Refused("oversize", f"{noun}解压后有 {declared / 2**20:,.0f} MB（上限 {limits.archive_bytes // 2**20} MB），"
                                  "可能是压缩炸弹，未读取")
