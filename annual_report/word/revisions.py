"""Tracked changes (ECMA-376 Part 1, 17.13.5): insertions and deletions of runs, paragraph marks and table
rows, each with an author and a date, that Word's and LibreOffice's accept/reject work on; and accepting all
of a document's tracked changes, to read an edited document as it now stands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from annual_report.word.oxml import PPR_ORDER, TRPR_ORDER, child, set_attrs

# Text that a deletion holds under another name (w:t → w:delText).
_DELETED_NAMES = {qn("w:t"): qn("w:delText"), qn("w:instrText"): qn("w:delInstrText")}
_MARKS = (qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo"))
# Records of former formatting: gone when changes are accepted.
_PROPERTY_CHANGES = ("rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange",
                     "tblGridChange", "numberingChange")


class Revisions:
    """Makes revision marks by one author at one time, numbered from `first_id` (above any in the document)."""

    def __init__(self, author: str, date: dt.datetime, first_id: int = 1) -> None:
        self.author = author
        self.date = f"{date:%Y-%m-%dT%H:%M:%SZ}"
        self.next_id = first_id

    def mark(self, tag: str) -> etree._Element:
        """An empty w:ins or w:del with id, author and date."""
        element = OxmlElement(tag)
        set_attrs(element, id=self.next_id, author=self.author, date=self.date)
        self.next_id += 1
        return element

    def inserted(self, runs: Iterable[etree._Element]) -> etree._Element:
        """A w:ins holding `runs`."""
        ins = self.mark("w:ins")
        ins.extend(runs)
        return ins

    def deleted(self, runs: Iterable[etree._Element]) -> etree._Element:
        """A w:del holding `runs`, their text as deleted text."""
        deletion = self.mark("w:del")
        for run in runs:
            for element in run.iter(*_DELETED_NAMES):
                element.tag = _DELETED_NAMES[element.tag]
            deletion.append(run)
        return deletion

    def paragraph_mark(self, paragraph: etree._Element, tag: str) -> None:
        """Mark the paragraph's own mark inserted (w:ins) or deleted (w:del)."""
        rpr = child(_ppr(paragraph), "w:rPr", PPR_ORDER)
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
        rpr.insert(0, self.mark(tag))

    def row_mark(self, row: etree._Element, tag: str) -> None:
        """Mark a table row inserted or deleted (w:trPr/w:ins, w:trPr/w:del)."""
        trpr = row.find(qn("w:trPr"))
        if trpr is None:
            trpr = OxmlElement("w:trPr")
            row.insert(1 if row.find(qn("w:tblPrEx")) is not None else 0, trpr)
        child(trpr, tag, TRPR_ORDER).attrib.update(self.mark(tag).attrib)

    def format_change(self, paragraph: etree._Element, old_ppr: etree._Element | None) -> None:
        """Record the paragraph's former properties (w:pPrChange), when they differ from its own."""
        if _plain_ppr(paragraph.find(qn("w:pPr"))) == _plain_ppr(old_ppr):
            return
        ppr = _ppr(paragraph)
        for old in ppr.findall(qn("w:pPrChange")):
            ppr.remove(old)
        change = self.mark("w:pPrChange")
        former = OxmlElement("w:pPr")
        former.extend(deepcopy(e) for e in (old_ppr if old_ppr is not None else []) if e.tag not in _NOT_FORMAT)
        change.append(former)
        ppr.append(change)  # the last child of w:pPr


_NOT_FORMAT = (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange"))


def _ppr(paragraph: etree._Element) -> etree._Element:
    """The paragraph's w:pPr, made its first child if absent."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    return ppr


def _plain_ppr(ppr: etree._Element | None) -> bytes:
    """A paragraph's properties without its mark's run properties and change records, for comparing."""
    if ppr is None:
        return b""
    plain = deepcopy(ppr)
    for element in [e for e in plain if e.tag in _NOT_FORMAT]:
        plain.remove(element)
    return etree.tostring(plain, method="c14n")


def max_revision_id(root: etree._Element) -> int:
    """The highest w:id of the revision marks under `root` (0 for none)."""
    ids = [int(v) for e in root.iter(*_MARKS, *(qn(f"w:{c}") for c in _PROPERTY_CHANGES))
           if (v := e.get(qn("w:id"), "")).isdigit()]
    return max(ids, default=0)


def has_revisions(root: etree._Element) -> bool:
    return next(root.iter(*_MARKS, *(qn(f"w:{c}") for c in _PROPERTY_CHANGES)), None) is not None


def accept_all(root: etree._Element) -> None:
    """Accept every tracked change under `root` (a body, a table cell), in place: insertions kept, deletions
    and deleted rows gone, a deleted paragraph mark joins its paragraph to the next, former formatting
    records dropped."""
    for name in _PROPERTY_CHANGES:
        for element in list(root.iter(qn(f"w:{name}"))):
            element.getparent().remove(element)
    for row in [r for r in root.iter(qn("w:tr")) if r.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None]:
        row.getparent().remove(row)
    for element in list(root.iter(qn("w:del"), qn("w:moveFrom"))):
        parent = element.getparent()
        if parent.tag == qn("w:rPr") and parent.getparent().tag == qn("w:pPr"):
            continue  # a deleted paragraph mark: joined below
        if parent is not None:
            parent.remove(element)
    for element in list(root.iter(qn("w:ins"), qn("w:moveTo"))):
        parent = element.getparent()
        if parent.tag in (qn("w:rPr"), qn("w:trPr")):
            parent.remove(element)  # an inserted paragraph mark or row: simply kept
        else:
            index = parent.index(element)
            parent[index:index + 1] = list(element)
    _join_deleted_marks(root)


def _join_deleted_marks(root: etree._Element) -> None:
    """Paragraphs whose mark is deleted give their content to the next paragraph in the same container."""
    for mark in list(root.iter(qn("w:del"))):
        rpr = mark.getparent()
        paragraph = rpr.getparent().getparent()
        rpr.remove(mark)
        following = paragraph.getnext()
        if following is None or following.tag != qn("w:p"):
            continue  # the last paragraph of a cell or before a table stays, as Word keeps it
        content = [c for c in paragraph if c.tag != qn("w:pPr")]
        ppr = following.find(qn("w:pPr"))
        at = 1 if ppr is not None else 0
        following[at:at] = content
        paragraph.getparent().remove(paragraph)
