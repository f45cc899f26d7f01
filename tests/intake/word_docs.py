""".docx files made by the tests: python-docx documents of paragraphs and tables, the two published reports
in ../shared/seeds turned into units' Word reports at test time, and hand-made archives python-docx will
not write (a DTD, macros). Nothing of the seed text is stored here."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx

from tests.seed_text import chunks, figure
from tests.seed_workspace import HAIDONG_SEED, SEEDS, TOPICS

GOLMUD_SEED = SEEDS / "report-2017-golmud-city.txt"
SUB = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*")  # 「（一）」, or 「(一)」 as the 2017 report writes it
RUN = re.compile(r"(?:(?<=^)|(?<=[。；;]))([一二三四五六七八九十]+是)")
Block = str | Sequence[Sequence[str]]  # a paragraph, or a table's rows


def docx_bytes(blocks: Sequence[Block]) -> bytes:
    """A Word document of the given paragraphs and tables, in order."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(r) for r in block))
        for row, texts in zip(table.rows, block, strict=True):
            for cell, text in zip(row.cells, texts, strict=False):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezipped(raw: bytes, change: dict[str, bytes]) -> bytes:
    """The archive with some parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, change.pop(info.filename, None) or source.read(info.filename))
        for name, data in change.items():
            target.writestr(name, data)
    return out.getvalue()


def pieces(body: str) -> list[str]:
    """What a reader should make of a paragraph: the lead-in and each 「一是」 run without its marker."""
    parts = RUN.split(body)
    return [re.sub(r"[；;]$", "。", p) for p in [parts[0], *parts[2::2]] if p]


def numbered(blocks: Sequence[Block], text: str) -> int:
    """The paragraph number (第N段) of a paragraph: tables do not count."""
    return [b for b in blocks if isinstance(b, str)].index(text) + 1


@dataclass
class SeedDoc:
    blocks: list[Block]
    text: str  # the seed's text, for figures


def haidong_doc() -> SeedDoc:
    """The 海东 report as Word paragraphs (title, opening, 一、 headings, （一） paragraphs with runs, 二、 三、)
    and, after the 监督 paragraph, a captioned table of figures the text states, two rows outside the
    catalogue (one with a measure word) and a count the prose states too."""
    raw = HAIDONG_SEED.read_text(encoding="utf-8")
    blocks: list[Block] = list(chunks(raw))
    text = "".join(b for b in blocks if isinstance(b, str))
    table = [["指标", "2024年"],
             ["行政诉讼一审审结", str(figure(text, r"审结一审行政案件(\d+)件"))],
             ["行政诉讼败诉", str(figure(text, r"败诉(\d+)件"))],
             ["评查执法案卷", str(figure(text, r"(\d+)卷行政执法案卷")) + "卷"],
             ["律师调解室", str(figure(text, r"(\d+)个律师调解室"))],
             ["完成防汛预案编制的行政村（个）", str(figure(text, r"(\d+)个行政村"))],
             ["新提任领导干部知识考试", str(figure(text, r"(\d+)名新提任"))]]
    at = next(i for i, b in enumerate(blocks) if isinstance(b, str) and SUB.match(b) and "监督" in b[:12])
    blocks[at + 1:at + 1] = ["附表 执法监督和化解纠纷情况", table]
    return SeedDoc(blocks, text)


def golmud_doc() -> SeedDoc:
    """The 格尔木 report line by line, as published: cover letter, title, （一） paragraphs, a 问题 paragraph
    with runs, a 下一步 paragraph and more （八） paragraphs; no 「一、」 headings at all."""
    raw = GOLMUD_SEED.read_text(encoding="utf-8")
    lines = [line.strip().rstrip("|").strip() for line in raw.splitlines()]
    return SeedDoc([line for line in lines if line], raw)


def topic_of(heading: str) -> str:
    """The outline topic key of a 海东 sub-heading, by the seed word tests/seed_workspace.py gives it."""
    return next(key for key, _, _, word in TOPICS if word in heading)


def write(path: Path, blocks: Sequence[Block]) -> Path:
    path.write_bytes(docx_bytes(blocks))
    return path


# --- tracked changes and merged cells, written into the XML as Word writes them -----------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
Piece = tuple[str, str]  # (kind, text): kind "" (a plain run), ins, del, moveFrom, moveTo


def revised(*pieces: Piece | str) -> str:
    """A paragraph's runs as XML: plain text, or text inside w:ins / w:del / w:moveFrom / w:moveTo (deleted
    and moved-away text in w:delText, as Word writes it; a move's source and target share a name)."""
    xml = []
    for number, piece in enumerate(pieces, start=1):
        kind, text = ("", piece) if isinstance(piece, str) else piece
        tag = "w:delText" if kind in ("del", "moveFrom") else "w:t"
        run = f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r>'
        if kind in ("moveFrom", "moveTo"):
            xml.append(f'<w:{kind}RangeStart w:id="{number + 100}" w:name="move1" w:author="张三"/>'
                       f'<w:{kind} w:id="{number}" w:author="张三">{run}</w:{kind}>'
                       f'<w:{kind}RangeEnd w:id="{number + 100}"/>')
        elif kind:
            xml.append(f'<w:{kind} w:id="{number}" w:author="张三" w:date="2025-02-18T09:00:00Z">{run}</w:{kind}>')
        else:
            xml.append(run)
    return "".join(xml)


def revised_docx(blocks: Sequence[str | Sequence[Sequence[str]]], merged: Sequence[tuple[int, int, int, int]] = (),
                 deleted_rows: Sequence[tuple[int, int]] = ()) -> bytes:
    """A document whose paragraphs and cells are given as XML runs (see `revised`); `merged` cells
    (table, column, first row, last row) are merged vertically with w:vMerge, the value in the first and the
    others empty, as Word leaves them; `deleted_rows` (table, row) are tracked deletions of whole rows."""
    from docx.oxml import parse_xml

    document = docx.Document()
    tables = []
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph()._p.extend(parse_xml(f"<w:p {W}>{block}</w:p>").getchildren())
            continue
        table = document.add_table(rows=len(block), cols=max(len(r) for r in block))
        for row, xmls in zip(table.rows, block, strict=True):
            for cell, xml in zip(row.cells, xmls, strict=False):
                cell.paragraphs[0]._p.extend(parse_xml(f"<w:p {W}>{xml}</w:p>").getchildren())
        tables.append(table)
    for index, column, first, last in merged:
        for row in range(first, last + 1):
            tc = tables[index].rows[row].cells[column]._tc
            if row > first:
                for p in tc.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")[1:]:
                    tc.remove(p)
                tc.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")[0].clear()
            merge = '<w:vMerge w:val="restart"/>' if row == first else "<w:vMerge/>"
            tc.get_or_add_tcPr().append(parse_xml(f"<w:tcPr {W}>{merge}</w:tcPr>")[0])
    for index, row in deleted_rows:
        tr = tables[index].rows[row]._tr
        tr.get_or_add_trPr().append(parse_xml(f'<w:trPr {W}><w:del w:id="900" w:author="张三"/></w:trPr>')[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
