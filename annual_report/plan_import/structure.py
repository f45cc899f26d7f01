"""The plan's layout: title, preamble, sections 「一、」, tasks 「1.」 and sub-items 「（1）」, page breaks rejoined."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annual_report.text.numbers import chinese_value

_CN = "一二三四五六七八九十"
SECTION = re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]\s*(.*)$")
SUBSECTION = re.compile(rf"^[（(]([{_CN}]{{1,3}})[）)]\s*(.*)$")
TASK = re.compile(r"^(\d{1,3})\s*(?:[.．、](?!\d)|[)）])\s*(.*)$")
SUBITEM = re.compile(r"^(?:[（(](\d{1,2})[）)]|([\u2460-\u2473]))\s*(.*)$")  # （1） (1) ①
UNIT_WORDS = r"(责任单位|牵头单位|主责单位|责任部门|牵头部门|配合单位|协办单位)"
UNIT_LINE = re.compile(rf"^[（(]?\s*{UNIT_WORDS}")
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\d+页(共\d+页)?$")
COMPLETE_ENDINGS = tuple("。！？；!?;")
_TITLE_WORDS = re.compile(r"要点|计划|方案|安排|任务")
_NOT_TITLE = re.compile(r"^(关于|《)|通知|索引号|发文字号|发布机构|主题分类")
_TRAILER = re.compile(r"^(附件|抄送|印发|\d{4}年\d{1,2}月\d{1,2}日$)")


@dataclass
class Block:
    """A heading or a task as a run of lines."""

    kind: str  # section, subsection, task, subitem
    number: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines(self.lines)


@dataclass
class Layout:
    title: str
    preamble: list[str]
    blocks: list[Block]
    stray: list[str]


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph put back together: no space between Chinese text, one between ASCII words."""
    text = ""
    for line in lines:
        ascii_seam = text[-1:].isascii() and text[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum()
        text += (" " if ascii_seam else "") + line
    return text


def is_complete(text: str) -> bool:
    """Whether a paragraph ends a sentence (or ends with its 责任单位 clause)."""
    return text.rstrip("”’\"'」』").endswith(COMPLETE_ENDINGS) or ends_with_units(text)


def ends_with_units(text: str) -> bool:
    """Whether a paragraph ends with its 责任单位 clause, which closes a task."""
    return text.endswith(("）", ")")) and re.search(UNIT_WORDS, text[text.rfind("。") + 1:]) is not None


def _marker(line: str) -> tuple[str, str, str] | None:
    """(kind, number, rest) of a line that starts with a heading or task number."""
    if m := TASK.match(line):
        return "task", m.group(1), m.group(2)
    if m := SUBITEM.match(line):
        number = m.group(1) or str(ord(m.group(2)) - 0x2460 + 1)
        return "subitem", number, m.group(3)
    if m := SECTION.match(line):
        return "section", m.group(1), m.group(2)
    if m := SUBSECTION.match(line):
        return "subsection", m.group(1), m.group(2)
    return None


def _number_value(kind: str, number: str) -> int:
    return int(number) if kind in ("task", "subitem") else chinese_value(number) or 0


class _Assembler:
    def __init__(self) -> None:
        self.preamble: list[str] = []
        self.blocks: list[Block] = []
        self.stray: list[str] = []
        self.items_are_tasks = False
        self.ended = False  # after 附件/抄送/a date line, unnumbered text belongs to no task
        self.last: dict[str, int] = {}  # last number seen per kind

    def _expected(self, kind: str, number: str) -> bool:
        value = _number_value(kind, number)
        return value in (1, self.last.get(kind, 0) + 1)

    def add(self, line: str) -> None:
        if _PAGE_NUMBER.match(line) or (self.blocks and line in self.preamble):
            return  # a page number or a running header repeated on every page
        marker = _marker(line)
        current = self.blocks[-1] if self.blocks else None
        if marker and marker[0] == "subitem" and (self.items_are_tasks or current is None or current.kind not in (
                "task", "subitem")):
            self.items_are_tasks = True  # （1） items with no task above them are the tasks
            marker = ("task", *marker[1:])
        if marker and current and not self._expected(marker[0], marker[1]) and not is_complete(current.text):
            marker = None  # 「…至少组织」/「2. 次」: a number carried over a page break, not a new item
        if marker:
            kind, number, rest = marker
            self.last[kind] = _number_value(kind, number)
            if kind in ("section", "task"):
                self.last.pop("subitem", None)
            self.blocks.append(Block(kind, number, [rest] if rest else []))
        elif current is None:
            self.preamble.append(line)
        elif self.ended and _looks_like_title(line) and not any(b.kind == "task" for b in self.blocks):
            self._restart(line)
        elif self.ended or not self._continues(current, line):
            self.ended = self.ended or bool(_TRAILER.match(line))
            self.stray.append(line)
        else:
            current.lines.append(line)

    def _restart(self, title: str) -> None:
        """A 通知 with its own 一、二、 items came first and the plan follows as an attachment: start over."""
        self.preamble += [f"{b.number}、{b.text}" for b in self.blocks] + self.stray + [title]
        self.blocks, self.stray, self.last, self.ended = [], [], {}, False

    @staticmethod
    def _continues(block: Block, line: str) -> bool:
        """Whether a line without a number belongs to the item above it."""
        if block.kind in ("section", "subsection"):
            heading_goes_on = not is_complete(block.text) and len(block.text) < 40 and not _TRAILER.match(line)
            return bool(UNIT_LINE.match(line)) or (heading_goes_on and not line.endswith(COMPLETE_ENDINGS))
        if not is_complete(block.text) or UNIT_LINE.match(line):
            return True  # a page break inside the task, or its 责任单位 on a line of its own
        # a task closed by its 责任单位 has ended: what follows is the plan's closing text
        return not ends_with_units(block.text) and not _TRAILER.match(line) and is_complete(line)


def layout(lines: list[str]) -> Layout:
    """Split cleaned lines into preamble, headings and tasks; text after the last task that fits none is stray."""
    assembler = _Assembler()
    for line in lines:
        assembler.add(line)
    if not any(b.kind == "task" for b in assembler.blocks):
        _subsections_as_tasks(assembler.blocks)
    return Layout(_title(assembler.preamble), assembler.preamble, assembler.blocks, assembler.stray)


def _subsections_as_tasks(blocks: list[Block]) -> None:
    """A plan numbered only 一、（一）: the （一） items are its tasks, numbered 1, 2 … when the numbers run on
    across sections, else 「二(一)」."""
    items = [b for b in blocks if b.kind == "subsection"]
    runs_on = [_number_value(b.kind, b.number) for b in items] == list(range(1, len(items) + 1))
    section = ""
    for block in blocks:
        if block.kind == "section":
            section = block.number
        elif block.kind == "subsection":
            value = _number_value(block.kind, block.number)
            block.kind, block.number = "task", str(value) if runs_on else f"{section}({block.number})"


def _looks_like_title(line: str) -> bool:
    return len(line) <= 60 and "。" not in line and bool(_TITLE_WORDS.search(line)) and not _NOT_TITLE.search(line)


def _title(preamble: list[str]) -> str:
    short = [line for line in preamble if len(line) <= 60 and "。" not in line and not _NOT_TITLE.search(line)]
    named = [line for line in short if _looks_like_title(line)]
    return named[-1] if named else (short or [""])[0]
