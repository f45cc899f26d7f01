"""Reading a plan file into plain text: .txt in UTF-8 or GB18030, .docx paragraphs and table rows."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from annual_report.reading.docx_text import Numbering, row_texts
from annual_report.text.hygiene import decode

TEXT_SUFFIXES = {".txt", ".text", ".md"}


def read_plan_text(path: Path | str) -> str:
    """The plan's text, one paragraph a line; ValueError for a file type that cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = decode(path.read_bytes())
        if text is None:
            raise ValueError(f"{path.name}: 文本既不是 UTF-8 也不是 GB18030 编码")
        return text
    if suffix == ".docx":
        try:
            document = docx.Document(str(path))
        except (KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError, etree.XMLSyntaxError):
            raise ValueError(f"{path.name}: 不是有效的 Word 文件（.docx），可能已损坏或只是改了扩展名；"
                             "请在 Word 中打开后另存为 .docx 再导入") from None
        return "\n".join(_docx_lines(document))
    raise ValueError(f"{path.name}: 只能导入 .docx 或 .txt 文件")


# --- .docx -------------------------------------------------------------------------------------------


def _docx_lines(document: DocxDocument) -> list[str]:
    numbering = Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(numbering.label(block) + block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return lines


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
    rows = [row_texts(row) for row in table.rows]
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


