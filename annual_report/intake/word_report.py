"""A unit's Word report (.docx) read into one submission record: unit, year and date from its title and
落款, items by section (word_structure), figures from its tables and its prose (word_figures).

The file is opened within the same bounds as a workbook (intake/xlsx.py): the archive's sizes and part
count first, then every XML part streamed once with a DTD or entity declaration refused, before python-docx
parses anything; a file with macros is refused. Every value keeps where it was found: 「第N段」 for
paragraphs (non-empty paragraphs counted from the top), 「表N第R行」 for tables. Figures read from prose are
marked as extracted (`RawRecord.extracted`) so that validation asks the office to confirm each one.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

import docx
from defusedxml import DefusedXmlException
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from annual_report.config.catalogue import Catalogue
from annual_report.config.workspace import Workspace
from annual_report.findings import Finding, Severity
from annual_report.intake.ooxml import Budget, Limits, Refused, check_archive, count_part
from annual_report.intake.records import FileIntake, RawRecord
from annual_report.intake.word_figures import FigureReader, TableFigures
from annual_report.intake.word_structure import (
    SECTION_MARK,
    SUB_MARK,
    Outline,
    heading_like,
    split_heading,
    without_marker,
)
from annual_report.reading.docx_text import Numbering, clean_line, paragraph_text, revisions, table_rows
from annual_report.reading.unit_names import UnitResolver
from annual_report.text.dates import parse_moment

WORD = "Word 文件"
MAX_TABLE_ROWS = 1_000  # a longer table is no table of figures
MAX_PROSE = 200_000  # characters of 成效 text read for figures (a long report has some 20,000)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_CN_YEAR = "[〇○零一二三四五六七八九]{4}"  # 二〇二四
_YEAR = re.compile(rf"(\d{{4}}|{_CN_YEAR})\s*年")
# A contact line, and the unit named before the year (the 落款 date is read by text.dates).
_CONTACT = re.compile(r"^联系人[:：]\s*(?P<name>[^\s,，;；:：]+?)[\s,，;；]*(?:(?:联系|办公)?(?:电话|手机)[:：]\s*"
                      r"(?P<phone>[0-9\-－—()（）]+)|$)")
_NAME_BEFORE = re.compile(rf"^(.+?)(?:关于|(?:\d{{4}}|{_CN_YEAR})\s*年)")
_STYLE_LEVEL = re.compile(r"^(?:[Hh]eading|标题)\s*([12])$")  # Word's heading styles
_TITLE_WORDS = re.compile(r"报告|总结|年度")
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, KeyError, ValueError,
                expat.ExpatError, PackageNotFoundError, etree.XMLSyntaxError)


@dataclass(frozen=True)
class Para:
    number: int  # 第N段: non-empty paragraphs counted from the top
    text: str
    level: int = 0  # 1 or 2 for a paragraph in a Word heading style


@dataclass(frozen=True)
class WordTable:
    number: int  # 表N
    rows: list[list[str]]
    merged: frozenset[tuple[int, int]] = frozenset()  # (row, cell) indexes of vertically merged cells


def open_document(raw: bytes, limits: Limits | None = None) -> Document:
    """The document, once its archive and every XML part in it are found within bounds; Refused if not."""
    limits = limits or Limits()
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            check_archive(book, limits, WORD)
            if any(name.lower().endswith("vbaproject.bin") for name in book.namelist()):
                raise Refused("unreadable", "Word 文件中含有宏（VBA 代码），未读取；请另存为不含宏的 .docx 后重新提交")
            budget = Budget(limits, WORD)
            for name in book.namelist():
                if name.endswith((".xml", ".rels")):
                    count_part(book, name, budget)
        return docx.Document(io.BytesIO(raw))
    except DefusedXmlException:
        raise Refused("unreadable", "Word 文件含有 XML 实体或文档类型声明（DTD），正常的 Word 文档没有这些，"
                                    "可能是恶意构造的文件，未读取") from None
    except _READ_ERRORS as exc:
        raise Refused("unreadable", f"Word 文件已损坏、已加密或不是 .docx 格式（{type(exc).__name__}）；"
                                    "请用 Word/WPS 打开后另存为 .docx 重新提交") from None


def _level(numbering: Numbering, p: etree._Element) -> int:
    """1 or 2 for a paragraph in Word's 「标题 1」「标题 2」 (Heading 1, 2) style, else 0."""
    style = numbering.style_of(p)
    name = style.find(qn("w:name")) if style is not None else None
    match = _STYLE_LEVEL.match(name.get(qn("w:val"), "") if name is not None else "")
    return int(match[1]) if match else 0


def read_blocks(document: Document) -> list[Para | WordTable]:
    """The body's non-empty paragraphs and its tables in order, content controls opened."""
    numbering = Numbering(document)
    body = document._body
    blocks: list[Para | WordTable] = []
    counts = {"p": 0, "t": 0}

    def walk(element: etree._Element) -> None:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                paragraph = Paragraph(child, body)  # type: ignore[arg-type]
                text = "".join(clean_line(line) for line in (numbering.label(paragraph) + paragraph_text(child))
                               .split("\n"))
                if text:
                    counts["p"] += 1
                    blocks.append(Para(counts["p"], text, _level(numbering, child)))
            elif child.tag == qn("w:tbl"):
                counts["t"] += 1
                rows, merged = table_rows(child)
                blocks.append(WordTable(counts["t"], rows, frozenset(merged)))
            elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
                walk(content)

    walk(document.element.body)
    return blocks


def _year(text: str) -> int | None:
    match = _YEAR.search(text)
    if match is None:
        return None
    digits = match[1]
    return int(digits) if digits.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in digits))


def _date(text: str) -> dt.date | None:
    """A paragraph that is only a date (the 落款's 成文日期), as the date; None for any other text."""
    try:
        moment = parse_moment(text, serials=False)
    except (TypeError, ValueError):
        return None
    return None if moment is None else moment.date()

@dataclass
class _Meta:
    """What the title lines and the 落款 say: unit names, the year, the date, the contact."""

    ws: Workspace
    titles: list[Para] = field(default_factory=list)
    signatures: list[Para] = field(default_factory=list)
    dates: list[tuple[Para, dt.date]] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.resolver = UnitResolver(self.ws.config, None)

    def unit_id(self, name: str) -> str | None:
        found = self.resolver.resolve(name, "unit") if name else None
        ok = found is not None and found.group is None and not found.unresolved and len(found.ids) == 1
        return found.ids[0] if ok and found.ids[0] in self.ws.config.unit_by_id else None  # type: ignore[union-attr]

    def take(self, para: Para) -> bool:
        """Whether the paragraph is a date, a contact or a unit's name line (not content)."""
        text = para.text
        if (date := _date(text)) is not None:
            self.dates.append((para, date))
        elif match := _CONTACT.match(text):
            self.contact = {"name": match["name"], "phone": (match["phone"] or "").strip()}
        elif heading_like(text) and self.unit_id(text):
            self.signatures.append(para)
        else:
            return False
        return True

    def names(self, stem: str) -> list[tuple[str, str]]:
        """Candidate unit names with where they were read: title lines, signature lines, the file name."""
        found = []
        for para in self.titles:
            prefix = _NAME_BEFORE.match(para.text)
            found += [(para.text, f"第{para.number}段")] + ([(prefix[1], f"第{para.number}段")] if prefix else [])
        found += [(p.text, f"第{p.number}段") for p in self.signatures]
        prefix = _NAME_BEFORE.match(stem)
        return found + [(stem, "文件名")] + ([(prefix[1], "文件名")] if prefix else [])

    def year(self, stem: str) -> tuple[int | None, str]:
        for text, where in [(p.text, f"第{p.number}段") for p in self.titles] + [(stem, "文件名")]:
            if (year := _year(text)) is not None:
                return year, where
        return None, ""


def _outline(blocks: list[Para | WordTable], meta: _Meta, file: str, ws: Workspace) -> Outline:
    """The items by section; title, date, contact and name lines go to `meta`, a table ends a heading line
    (it was the table's caption)."""
    headed = any(SECTION_MARK.match(b.text) or b.level == 1 for b in blocks if isinstance(b, Para))
    outline = Outline(file=file, topics=ws.config.outline.topics, headed=headed)
    for block in blocks:
        if isinstance(block, WordTable):
            outline.pending = ""
            continue
        if meta.take(block):
            continue
        text, started = block.text, bool(outline.items) or outline.section is not None
        marked = SECTION_MARK.match(text) or SUB_MARK.match(text)
        if not started and heading_like(text) and not marked and (block.level == 0 or _TITLE_WORDS.search(text)):
            meta.titles.append(block)
        elif not started and len(text) <= 20 and text[-1] in "：:":
            continue  # the addressee: 「市委依法治市办：」
        elif (mark := SECTION_MARK.match(text)) or block.level == 1:
            heading, rest = split_heading(text[mark.end():] if mark else text)
            outline.section_heading(block.number, heading, (mark[0] if mark else "") + heading)
            outline.body(block.number, rest)
        elif (mark := SUB_MARK.match(text)) or block.level == 2:
            heading, rest = split_heading(text[mark.end():] if mark else text)
            outline.sub_heading(block.number, heading, (mark[0] if mark else "") + heading)
            outline.body(block.number, rest)
        elif heading_like(text):
            outline.heading_line(without_marker(text))
        else:
            outline.body(block.number, without_marker(text))
    outline.finish()
    return outline


def _unit(meta: _Meta, stem: str) -> tuple[str, str]:
    """The registry unit the report names (title, 落款, else file name), or the name to report unknown."""
    names = meta.names(stem)
    for name, where in names:
        if unit_id := meta.unit_id(name):
            return unit_id, where
    return next(((n, w) for n, w in names if n), (stem, "文件名"))


def _header(record: RawRecord, meta: _Meta, stem: str, ws: Workspace) -> None:
    """Unit, year, date and contact into the record; a year taken from the workspace is a warning."""
    record.data["unit"], record.locations["unit"] = _unit(meta, stem)
    year, where = meta.year(stem)
    if year is None:
        year, where = ws.config.year, ""
        _warn(record, "year_assumed", f"报告标题中没有年度（如「{ws.config.year}年度」），按本次汇编的 {ws.config.year} "
                                      "年度读取；请核对", "")
    record.data["year"], record.locations["year"] = year, where
    if meta.dates:
        para, date = meta.dates[-1]
        record.data["submitted_at"], record.locations["submitted_at"] = date.isoformat(), f"第{para.number}段"
    if meta.contact:
        record.data["contact"] = meta.contact


def _items(record: RawRecord, outline: Outline) -> None:
    for section, items in outline.items.items():
        record.data[section] = [{"text": i.text, **({"topic": i.topic} if i.topic else {})} for i in items]
        for index, item in enumerate(items):
            record.locations[f"{section}[{index}]"] = record.locations[f"{section}[{index}].text"] = item.location


def _tables(record: RawRecord, tables: list[WordTable], reader: FigureReader) -> None:
    """Each table's figures into the record; rows not read and repeated metrics named in warnings."""
    metrics, others = record.data["metrics"], record.data.setdefault("other_figures", [])
    catalogue = reader.catalogue
    for table in tables:
        if len(table.rows) > MAX_TABLE_ROWS:
            _warn(record, "table_not_read", f"表{table.number}有 {len(table.rows):,} 行，不是数字附表，未读取；"
                                            "数字请用填报表格报送", f"表{table.number}")
            continue
        found = reader.table(table.number, table.rows, table.merged)
        _read_as(record, found, catalogue)
        for metric_id, (value, where) in found.metrics.items():
            if metric_id in metrics:
                found.repeated.append((metric_id, where))
                continue
            metrics[metric_id], record.locations[f"metrics.{metric_id}"] = value, where
        for rate_id, stated in found.rates.items():
            record.stated_rates.setdefault(rate_id, stated)
        for figure, where in found.other:
            for key in ("", ".name", ".unit", ".value"):
                record.locations[f"other_figures[{len(others)}]{key}"] = where
            others.append(figure)
        for metric_id, where in found.repeated:
            _warn(record, "duplicate_metric", f"「{catalogue.by_id[metric_id].name}」在{record.where(f'metrics.{metric_id}')}"
                                              f"已经读出，{where}的数值未采用；请删除重复的一项", where)
        if found.unread:
            _warn(record, "unknown_metric", f"表{table.number}中「{'」「'.join(found.unread)}」不是指标目录中的指标，"
                                            "未采用；请使用指标目录中的名称，目录外的数字请写明计量单位", f"表{table.number}")
        if not (found.metrics or found.other or found.unread or found.repeated or found.rates):
            _warn(record, "table_not_read", f"表{table.number}中没有读出数字（不是指标名称和数值的表格），未采用；"
                                            "其中的文字请写在正文段落中", f"表{table.number}")
    if not others:
        del record.data["other_figures"]


def _read_as(record: RawRecord, found: TableFigures, catalogue: Catalogue) -> None:
    """A value cell merged over rows is an error for each row's metric, as in Excel; a count in Chinese numerals
    is read, and said so."""
    for metric_id, where in found.merged:
        record.withheld.add(metric_id)
        record.findings.append(Finding(
            file=record.file, location=where, rule="merged_cells", severity=Severity.ERROR, metric=metric_id,
            message=f"{where}「{catalogue.by_id[metric_id].name}」的数值单元格与上下行合并，无法确定数值属于哪一行，未采用；"
                    "请取消合并、每行填写各自的数值后重新提交"))
    for metric_id, written, count, where in found.numerals:
        record.findings.append(Finding(
            file=record.file, location=where, rule="chinese_numeral", severity=Severity.INFO, metric=metric_id,
            message=f"{where}「{catalogue.by_id[metric_id].name}」写作「{written}」，已按 {count} 读取；表格中的数字请用阿拉伯数字"))


def _tracked(record: RawRecord, document: Document) -> None:
    """A document that still has tracked changes is read with all of them accepted: said so."""
    found = revisions(document.element.body)
    if not found:
        return
    kinds = {"ins": "插入", "del": "删除", "moveFrom": "移走", "moveTo": "移入"}
    counted = "、".join(f"{kinds[kind]}{n}处" for kind, n in found.items())
    _warn(record, "tracked_changes", f"文件中有尚未接受或拒绝的修订（{counted}），已按接受全部修订后的文字读取（删除和移走的文字不读）；"
                                     "请在 Word 中处理修订后重新提交，以确认报送的就是这些内容", "")


def _warn(record: RawRecord, rule: str, message: str, location: str) -> None:
    record.findings.append(Finding(file=record.file, location=location, rule=rule, severity=Severity.WARNING,
                                   message=message))


def _prose(record: RawRecord, outline: Outline, reader: FigureReader) -> None:
    """Counts stated in 成效 and 第一责任人 items, for metrics the tables did not give: extracted values; in a
    very long text only up to MAX_PROSE characters, with a warning."""
    metrics, read = record.data["metrics"], 0
    for item in (i for section in ("achievements", "responsibility") for i in outline.items.get(section, [])):
        read += len(item.text)
        if read > MAX_PROSE:
            _warn(record, "figures_not_read", f"正文超过 {MAX_PROSE:,} 字，第{item.paragraph}段起未从正文读取数字；"
                                              "数字请用填报表格报送", f"第{item.paragraph}段")
            return
        for metric, value, sentence in reader.prose(item.text):
            if metric.id not in metrics:
                metrics[metric.id] = value
                record.locations[f"metrics.{metric.id}"] = f"第{item.paragraph}段"
                record.extracted[metric.id] = sentence


def read_word_report(intake: FileIntake, raw: bytes, modified: dt.datetime, stem: str, ws: Workspace) -> None:
    """The report as one submission record of `intake` (kind "report"); a file that cannot be read is one
    error finding."""
    try:
        document = open_document(raw)
        blocks = read_blocks(document)
    except Refused as exc:
        intake.findings.append(Finding(file=intake.file, rule=exc.rule, severity=Severity.ERROR, message=exc.message))
        return
    if not blocks:
        intake.findings.append(Finding(file=intake.file, rule="empty_file", severity=Severity.ERROR,
                                       message="Word 文件中没有文字"))
        return
    record = RawRecord(file=intake.file, data={"metrics": {}}, modified=modified, kind="report")
    meta = _Meta(ws)
    outline = _outline(blocks, meta, intake.file, ws)
    _header(record, meta, stem, ws)
    _items(record, outline)
    record.findings += outline.findings
    _tracked(record, document)
    reader = FigureReader(ws.catalogue, record.data["year"])
    _tables(record, [b for b in blocks if isinstance(b, WordTable)], reader)
    _prose(record, outline, reader)
    intake.records.append(record)
