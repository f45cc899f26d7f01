"""Word documents read as text: lines cleaned of extraction artefacts, table rows as cell texts, and the
labels of Word's automatic numbering, which paragraph text leaves out. Intake (units' Word reports) and plan
import (工作要点) read Word files with these.

Text is read as Word shows it with every tracked change accepted, in paragraphs and in table cells alike:
insertions (w:ins) and move targets (w:moveTo) in, deletions (w:del), move sources (w:moveFrom) and rows
deleted as a whole out. `revisions` counts the changes, for the reader to say the file still has them."""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from annual_report.text.numbers import chinese_number

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# A space next to a Chinese character is an extraction artefact (「2024 年」), not a word break.
_CJK_SPACE = re.compile(r" +(?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) +")


def clean_line(line: str) -> str:
    """One line with spaces normalised and the spaces next to Chinese characters removed."""
    line = _SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip()
    return _CJK_SPACE.sub("", line)


def clean_lines(text: str) -> list[str]:
    """The non-blank lines of a text, cleaned."""
    lines = (clean_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


_T, _TAB, _BREAK, _DEL_TEXT = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:delText")
_P, _TR, _TC = qn("w:p"), qn("w:tr"), qn("w:tc")
# Not shown once changes are accepted: deleted and moved-away runs, a paragraph mark's own properties (where a
# revision of the mark keeps its old text), a drawing's fallback copy.
_HIDDEN = {qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:rPr"),
           "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
REVISIONS = {"ins": qn("w:ins"), "del": qn("w:del"), "moveFrom": qn("w:moveFrom"), "moveTo": qn("w:moveTo")}


def paragraph_text(paragraph: etree._Element) -> str:
    """A paragraph's text as Word shows it with changes accepted: every run, also inside hyperlinks, fields,
    content controls, insertions and move targets; not deleted or moved-away text, nor a drawing's fallback."""
    parts = []
    for element in paragraph.iter(_T, _TAB, _BREAK):
        if any(a.tag in _HIDDEN for a in element.iterancestors()):
            continue
        parts.append(element.text or "" if element.tag == _T else "\t" if element.tag == _TAB else "\n")
    return "".join(parts)


def revisions(body: etree._Element) -> dict[str, int]:
    """Tracked changes in `body`, by kind (ins, del, moveFrom, moveTo); kinds absent are left out."""
    found = {kind: sum(1 for _ in body.iter(tag)) for kind, tag in REVISIONS.items()}
    return {kind: n for kind, n in found.items() if n}


def _cell_text(tc: etree._Element) -> str:
    return "".join(clean_line(paragraph_text(p)) for p in tc.iterchildren(_P))


def _deleted_row(tr: etree._Element) -> bool:
    properties = tr.find(qn("w:trPr"))
    return properties is not None and properties.find(qn("w:del")) is not None


def _properties(tc: etree._Element) -> tuple[int, str | None]:
    """A cell's grid span and its vertical merge: None, "restart" or "continue"."""
    properties = tc.find(qn("w:tcPr"))
    span = properties.find(qn("w:gridSpan")) if properties is not None else None
    merge = properties.find(qn("w:vMerge")) if properties is not None else None
    width = int(span.get(qn("w:val"), "1")) if span is not None and span.get(qn("w:val"), "1").isdigit() else 1
    return max(width, 1), None if merge is None else merge.get(qn("w:val"), "continue")


def table_rows(table: etree._Element) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """A table's rows as cell texts (a horizontally merged cell once) with changes accepted, and where cells
    are merged vertically: (row index, cell index) of each cell of a vertical merge, which all show the text of
    its first cell (as Word shows it). Rows deleted as tracked changes are left out."""
    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    above: dict[int, tuple[str, int, int]] = {}  # grid column → (text, row, cell) of the merge it starts
    for tr in (tr for tr in table.iterchildren(_TR) if not _deleted_row(tr)):
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        column = int(before.get(qn("w:val"), "0")) if before is not None else 0
        texts: list[str] = []
        for tc in tr.iterchildren(_TC):
            span, merge = _properties(tc)
            text = _cell_text(tc)
            if merge == "continue" and column in above:
                text, top, cell = above[column]
                merged.update({(top, cell), (len(rows), len(texts))})
            elif merge == "restart":
                above[column] = (text, len(rows), len(texts))
            else:
                above.pop(column, None)
            texts.append(text)
            column += span
        rows.append(texts)
    return rows, merged


def row_texts(row) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts of a python-docx row's cells, a horizontally merged cell once, changes accepted."""
    seen: list[object] = []
    texts: list[str] = []
    for cell in row.cells:
        if cell._tc in seen:
            continue
        seen.append(cell._tc)
        texts.append(_cell_text(cell._tc))
    return texts


class Numbering:
    """Labels of Word's automatic numbering (「1.」「一、」「（1）」), which paragraph text leaves out."""

    def __init__(self, document: DocxDocument) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        # Paragraph styles by id, looked up once (python-docx's paragraph.style scans every style each time).
        paragraph_styles = [s for s in document.styles.element.findall(qn("w:style"))
                            if s.get(qn("w:type")) == "paragraph"]
        self.styles = {s.get(qn("w:styleId")): s for s in paragraph_styles}
        self.default_style = next((s for s in paragraph_styles if s.get(qn("w:default")) in ("1", "true")), None)
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

    def style_of(self, p: etree._Element) -> etree._Element | None:
        """A paragraph's style element: the one it names, else the document's default paragraph style."""
        style_id = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return self.styles.get(style_id.get(qn("w:val")), self.default_style) if style_id is not None \
            else self.default_style

    def _num_pr(self, paragraph: Paragraph) -> tuple[str, str] | None:
        for element in (paragraph._p, self.style_of(paragraph._p)):
            p_pr = element.find(qn("w:pPr")) if element is not None else None
            num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
            num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
            if num_id is not None and num_id.get(qn("w:val")) != "0":
                ilvl = num_pr.find(qn("w:ilvl"))  # type: ignore[union-attr]
                return num_id.get(qn("w:val")), ilvl.get(qn("w:val")) if ilvl is not None else "0"
        return None


def _format(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "japanese", "taiwanese")):
        return chinese_number(n)
    return str(n)
