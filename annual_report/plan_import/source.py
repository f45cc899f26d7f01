"""Reading a plan file into plain text: .txt in UTF-8 or GB18030, .docx paragraphs and table rows."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

TEXT_SUFFIXES = {".txt", ".text", ".md"}
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# A space next to a Chinese character is an extraction artefact (「2024 年」), not a word break.
_CJK_SPACE = re.compile(r" +(?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) +")
_CHINESE_DIGITS = "一二三四五六七八九十"


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; ValueError when neither fits."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("文本既不是 UTF-8 也不是 GB18030 编码")


def read_plan_text(path: Path | str) -> str:
    """The plan's text, one paragraph a line; ValueError for a file type that cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return decode_text(path.read_bytes())
    if suffix == ".docx":
        try:
            document = docx.Document(str(path))
        except (KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError, etree.XMLSyntaxError):
            raise ValueError(f"{path.name}: 不是有效的 Word 文件（.docx），可能已损坏或只是改了扩展名；"
                             "请在 Word 中打开后另存为 .docx 再导入") from None
        return "\n".join(_docx_lines(document))
    raise ValueError(f"{path.name}: 只能导入 .docx 或 .txt 文件")


def clean_line(line: str) -> str:
    """One line with spaces normalised and the spaces next to Chinese characters removed."""
    line = _SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip()
    return _CJK_SPACE.sub("", line)


def clean_lines(text: str) -> list[str]:
    """The non-blank lines of a text, cleaned."""
    lines = (clean_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


# --- .docx -------------------------------------------------------------------------------------------


def _docx_lines(document: DocxDocument) -> list[str]:
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(numbering.label(block) + block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return lines


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    return "".join(clean_line(p.text) for p in cell.paragraphs)


def _row_texts(row) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts of a row's cells, a horizontally merged cell once."""
    seen: list[object] = []
    texts: list[str] = []
    for cell in row.cells:
        if cell._tc in seen:
            continue
        seen.append(cell._tc)
        texts.append(_cell_text(cell))
    return texts


_HEADER_COLUMNS = {
    "number": re.compile(r"^(序号|编号|序)$"),
    "task": re.compile(r"任务|内容|要点|措施|事项|工作"),
    "lead": re.compile(r"牵头"),
    "assist": re.compile(r"配合|协办|参与|协同"),
    "units": re.compile(r"责任单位|责任部门|主责"),
}


def _header(texts: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for i, text in enumerate(texts):
        key = next((k for k, rx in _HEADER_COLUMNS.items() if rx.search(text) and k not in columns), None)
        if key is not None:
            columns[key] = i
    has_units = "lead" in columns or "units" in columns
    return columns if "task" in columns and has_units else None


def _table_lines(table: Table) -> list[str]:
    """A task table as plan lines 「N. 任务（牵头单位：…；配合单位：…）」; any other table cell by cell."""
    rows = [_row_texts(row) for row in table.rows]
    header_at = next((i for i, texts in enumerate(rows) if _header(texts)), None)
    if header_at is None:
        return [text for texts in rows for text in texts if text]
    columns = _header(rows[header_at]) or {}
    lines: list[str] = []
    for texts in rows[header_at + 1:]:
        if len(set(texts)) == 1 or len(texts) <= max(columns.values()):
            lines.extend(t for t in dict.fromkeys(texts) if t)  # a merged row: a section heading
            continue
        number = texts[columns["number"]].rstrip(".．、") if "number" in columns else ""
        task = texts[columns["task"]]
        lines.append((f"{number}. " if number.isdigit() else "") + task + _clause(texts, columns))
    return lines


def _clause(texts: list[str], columns: dict[str, int]) -> str:
    parts = [f"{label}：{texts[columns[key]]}" for key, label in
             (("units", "责任单位"), ("lead", "牵头单位"), ("assist", "配合单位"))
             if key in columns and texts[columns[key]]]
    return f"（{'；'.join(parts)}）" if parts else ""


class _Numbering:
    """Labels of Word's automatic numbering (「1.」「一、」「（1）」), which paragraph text leaves out."""

    def __init__(self, document: DocxDocument) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val")) if ref is not None else None)
            for lvl in definition.findall(qn("w:lvl")) if definition is not None else []:
                fmt, text, start = (lvl.find(qn(f"w:{tag}")) for tag in ("numFmt", "lvlText", "start"))
                self.levels[(num.get(qn("w:numId")), lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1)

    def label(self, paragraph: Paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr
        fmt, text, start = self.levels.get((num_id, ilvl), ("", "", 1))
        if not text or fmt in ("bullet", "none"):
            return ""
        level = int(ilvl)
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        return re.sub(r"%(\d)", lambda m: _format(counters.get(int(m.group(1)) - 1, 1), fmt), text)

    @staticmethod
    def _num_pr(paragraph: Paragraph) -> tuple[str, str] | None:
        for element in (paragraph._p, paragraph.style.element if paragraph.style is not None else None):
            p_pr = element.find(qn("w:pPr")) if element is not None else None
            num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
            num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
            if num_id is not None and num_id.get(qn("w:val")) != "0":
                ilvl = num_pr.find(qn("w:ilvl"))  # type: ignore[union-attr]
                return num_id.get(qn("w:val")), ilvl.get(qn("w:val")) if ilvl is not None else "0"
        return None


def _format(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "japanese", "taiwanese")):
        return chinese_numeral(n)
    return str(n)


def chinese_numeral(n: int) -> str:
    """1..99 as 一 … 九十九."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_DIGITS[tens - 1] + "十")
    return head + (_CHINESE_DIGITS[ones - 1] if ones else "")


def chinese_value(text: str) -> int | None:
    """一 … 九十九 (and 两) as a number; None for anything else."""
    text = text.replace("两", "二")
    if not text or any(c not in _CHINESE_DIGITS for c in text):
        return None
    if "十" not in text:
        return _CHINESE_DIGITS.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (chinese_value(tens) or 0 if tens else 1) * 10 + (chinese_value(ones) or 0 if ones else 0)
    return value
