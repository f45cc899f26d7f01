"""Comparing two Word documents: the newer one made to show, as tracked changes, what differs from the older.

Blocks (paragraphs, tables) are aligned by their text first, so that an unchanged paragraph stays untouched
and a paragraph added or removed is one insertion or deletion; a changed paragraph is then compared token by
token (text/diff.py), so that a changed figure is one deleted and one inserted number inside the paragraph,
in the newer document's formatting. Tables are compared row by row and cell by cell the same way.
Accepting every change gives the newer document's text, rejecting every change the older one's.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from annual_report.text.diff import compare, likeness
from annual_report.word.revisions import Revisions, accept_all, max_revision_id

_R_EMBED, _R_ID = qn("r:embed"), qn("r:id")
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
# What a paragraph may hold for a token comparison to rebuild it: runs of text, tabs, breaks and pictures.
_PARAGRAPH_PARTS = {qn(f"w:{t}") for t in ("pPr", "r", "proofErr", "bookmarkStart", "bookmarkEnd")}
_RUN_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_RUN_SKIPPED = {qn("w:rPr"), qn("w:lastRenderedPageBreak")}
_HOLDERS = {qn(f"w:{t}") for t in ("hyperlink", "fldSimple", "smartTag", "customXml")}
PAIRING_LIMIT = 40_000  # blocks compared pairwise within one changed stretch, at most
_PARAGRAPH_LIKENESS = 0.5  # below this, a changed paragraph is shown as removed and another added
_SHORT = 12  # characters of a block key: a paragraph this short is compared within whatever its likeness


@dataclass(frozen=True)
class _Atom:
    """One character of a paragraph (or a picture, tab or break as one character) with its run's format."""

    text: str
    rpr: etree._Element | None
    content: etree._Element | None = None  # the run child a non-text atom copies


class _Comparer:
    def __init__(self, old: Part, new: Part, revisions: Revisions) -> None:
        self.old, self.new, self.rev = old, new, revisions
        self.pictures: dict[str, str] = {}  # picture digest → the private-use character that stands for it
        self.next_shape = 1 + max((int(v) for e in new.element.iter(_DOC_PR) if (v := e.get("id", "")).isdigit()),
                                  default=0)

    # -- reading ---------------------------------------------------------------------------------------
    def picture(self, drawing: etree._Element, part: Part) -> str:
        blobs = [part.related_parts[b.get(_R_EMBED)].blob for b in drawing.iter(_BLIP) if b.get(_R_EMBED)]
        digest = hashlib.sha256(b"".join(blobs) or etree.tostring(drawing)).hexdigest()
        return self.pictures.setdefault(digest, chr(0xE000 + len(self.pictures) % 0x1900))

    def atoms(self, paragraph: etree._Element, part: Part) -> list[_Atom] | None:
        """The paragraph as atoms; None when it holds more than runs of text, tabs, breaks and pictures."""
        if any(c.tag not in _PARAGRAPH_PARTS for c in paragraph):
            return None
        found: list[_Atom] = []
        for run in paragraph.iterchildren(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            for content in run:
                if content.tag in _RUN_SKIPPED:
                    continue
                if content.tag == qn("w:t"):
                    found += [_Atom(c, rpr) for c in content.text or ""]
                elif content.tag in _RUN_TEXT:
                    found.append(_Atom(_RUN_TEXT[content.tag], rpr, content))
                elif content.tag == qn("w:drawing"):
                    found.append(_Atom(self.picture(content, part), rpr, content))
                else:
                    return None
        return found

    def key(self, block: etree._Element, part: Part) -> str:
        """What a block is compared by: its kind and text (pictures by their content)."""
        if block.tag == qn("w:p"):
            atoms = self.atoms(block, part)
            text = "".join(a.text for a in atoms) if atoms is not None else "".join(
                t.text or "" for t in block.iter(qn("w:t")))
            return "p" + text
        if block.tag == qn("w:tbl"):
            return "t" + "\x1e".join(self.row_key(row, part) for row in block.iterchildren(qn("w:tr")))
        return "x" + hashlib.sha256(etree.tostring(block)).hexdigest()

    def row_key(self, row: etree._Element, part: Part) -> str:
        return "\x1f".join("\x1d".join(self.key(b, part) for b in cell)
                           for cell in row.iterchildren(qn("w:tc")))

    # -- marking ---------------------------------------------------------------------------------------
    def wrap(self, container: etree._Element, make: Callable[[list], etree._Element]) -> None:
        """Put each stretch of runs of `container` (a paragraph, a hyperlink) into an insertion or deletion."""
        group: list[etree._Element] = []
        for element in [*list(container), None]:
            if element is not None and element.tag == qn("w:r"):
                group.append(element)
                continue
            if group:
                at = container.index(group[0])
                container.insert(at, make(group))
                group = []
            if element is not None and element.tag in _HOLDERS:
                self.wrap(element, make)

    def mark_block(self, block: etree._Element, tag: str) -> None:
        """Mark a whole block inserted (w:ins) or deleted (w:del): its runs, its paragraph marks, its rows."""
        make = self.rev.inserted if tag == "w:ins" else self.rev.deleted
        if block.tag == qn("w:p"):
            self.wrap(block, make)
            self.rev.paragraph_mark(block, tag)
        elif block.tag == qn("w:tbl"):
            for row in block.iterchildren(qn("w:tr")):
                self.rev.row_mark(row, tag)
                for cell in row.iterchildren(qn("w:tc")):
                    for inner in cell.iterchildren(qn("w:p"), qn("w:tbl")):
                        self.mark_block(inner, tag)

    def removed(self, block: etree._Element, anchor: etree._Element | None, container: etree._Element) -> None:
        """A copy of an older block, marked deleted, placed before `anchor` (or last in `container`)."""
        copy = self.imported(block)
        for sect in copy.iter(qn("w:sectPr")):
            sect.getparent().remove(sect)
        self.mark_block(copy, "w:del")
        if anchor is None:
            container.append(copy)
        else:
            anchor.addprevious(copy)

    def imported(self, element: etree._Element) -> etree._Element:
        """A copy of an element of the older document, its pictures and links added to the newer one."""
        copy = deepcopy(element)
        for blip in copy.iter(_BLIP):
            if blip.get(_R_EMBED) in self.old.related_parts:
                image = self.old.related_parts[blip.get(_R_EMBED)]
                blip.set(_R_EMBED, self.new.get_or_add_image(io.BytesIO(image.blob))[0])
        for link in copy.iter(qn("w:hyperlink")):
            rel = self.old.rels.get(link.get(_R_ID)) if link.get(_R_ID) else None
            if rel is not None and rel.is_external:
                link.set(_R_ID, self.new.relate_to(rel.target_ref, RT.HYPERLINK, is_external=True))
        for shape in copy.iter(_DOC_PR):
            shape.set("id", str(self.next_shape))
            self.next_shape += 1
        return copy

    # -- comparing -------------------------------------------------------------------------------------
    def blocks(self, old: Sequence[etree._Element], new: Sequence[etree._Element], container: etree._Element,
               end: etree._Element | None) -> None:
        """Make `new` (the blocks of `container`, before `end`) show the changes from `old`."""
        old_keys = [self.key(b, self.old) for b in old]
        new_keys = [self.key(b, self.new) for b in new]
        matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                self.stretch(old[i1:i2], new[j1:j2], old_keys[i1:i2], new_keys[j1:j2],
                             new[j2] if j2 < len(new) else end, container)

    def stretch(self, old: Sequence[etree._Element], new: Sequence[etree._Element], old_keys: list[str],
                new_keys: list[str], end: etree._Element | None, container: etree._Element) -> None:
        """A changed stretch: like blocks paired and compared, the others removed or added, in order."""
        pairs = pair(old_keys, new_keys)
        k = 0
        for i, j in pairs:
            if j is None:
                self.removed(old[i], new[k] if k < len(new) else end, container)
            elif i is None:
                self.mark_block(new[j], "w:ins")
                k = j + 1
            else:
                self.changed(old[i], new[j], end)
                k = j + 1

    def changed(self, old: etree._Element, new: etree._Element, end: etree._Element | None) -> None:
        if new.tag == qn("w:p") and self.paragraph(old, new):
            return
        if new.tag == qn("w:tbl") and _columns(old) == _columns(new):
            self.rows(old, new)
            return
        self.removed(old, new, new.getparent())
        self.mark_block(new, "w:ins")

    def paragraph(self, old: etree._Element, new: etree._Element) -> bool:
        """Rebuild `new` as its runs compared with `old`'s token by token; False if either holds more than
        runs of text and pictures."""
        old_atoms, new_atoms = self.atoms(old, self.old), self.atoms(new, self.new)
        if old_atoms is None or new_atoms is None:
            return False
        kept = [c for c in new if c.tag not in (qn("w:r"), qn("w:proofErr"))]
        content: list[etree._Element] = []
        i = j = 0
        for change in compare("".join(a.text for a in old_atoms), "".join(a.text for a in new_atoms)):
            if change.tag == "equal":
                content += _runs(new_atoms[j:j + len(change.new)])
            if change.tag in ("delete", "replace"):
                content.append(self.rev.deleted(self.imported(r) for r in _runs(old_atoms[i:i + len(change.old)])))
            if change.tag in ("insert", "replace"):
                content.append(self.rev.inserted(_runs(new_atoms[j:j + len(change.new)])))
            i, j = i + len(change.old), j + len(change.new)
        new[:] = kept + content
        self.rev.format_change(new, old.find(qn("w:pPr")))
        return True

    def rows(self, old: etree._Element, new: etree._Element) -> None:
        old_rows, new_rows = list(old.iterchildren(qn("w:tr"))), list(new.iterchildren(qn("w:tr")))
        old_keys = [self.row_key(r, self.old) for r in old_rows]
        new_keys = [self.row_key(r, self.new) for r in new_rows]
        matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            k = j1
            for i, j in pair(old_keys[i1:i2], new_keys[j1:j2], rows=True):
                if j is None:
                    copy = self.imported(old_rows[i1 + i])
                    self.mark_row(copy, "w:del")
                    (new_rows[k].addprevious if k < len(new_rows) else new.append)(copy)
                elif i is None:
                    self.mark_row(new_rows[j1 + j], "w:ins")
                    k = j1 + j + 1
                else:
                    self.cells(old_rows[i1 + i], new_rows[j1 + j])
                    k = j1 + j + 1

    def mark_row(self, row: etree._Element, tag: str) -> None:
        self.rev.row_mark(row, tag)
        for cell in row.iterchildren(qn("w:tc")):
            for inner in cell.iterchildren(qn("w:p"), qn("w:tbl")):
                self.mark_block(inner, tag)

    def cells(self, old: etree._Element, new: etree._Element) -> None:
        old_cells, new_cells = list(old.iterchildren(qn("w:tc"))), list(new.iterchildren(qn("w:tc")))
        if len(old_cells) != len(new_cells):  # cells merged or split: the row removed and added
            copy = self.imported(old)
            self.mark_row(copy, "w:del")
            new.addprevious(copy)
            self.mark_row(new, "w:ins")
            return
        for old_cell, new_cell in zip(old_cells, new_cells, strict=True):
            self.blocks(list(old_cell.iterchildren(qn("w:p"), qn("w:tbl"))),
                        list(new_cell.iterchildren(qn("w:p"), qn("w:tbl"))), new_cell, None)


def _columns(table: etree._Element) -> int:
    return len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))


def _runs(atoms: Sequence[_Atom]) -> list[etree._Element]:
    """New runs holding `atoms`, one per stretch of the same run format."""
    runs: list[etree._Element] = []
    source: object = None
    for atom in atoms:
        if not runs or source is not atom.rpr:
            runs.append(OxmlElement("w:r"))
            if atom.rpr is not None:
                runs[-1].append(deepcopy(atom.rpr))
            source = atom.rpr
        run = runs[-1]
        if atom.content is not None:
            run.append(deepcopy(atom.content))
            continue
        if not len(run) or run[-1].tag != qn("w:t"):
            text = OxmlElement("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = ""
            run.append(text)
        run[-1].text += atom.text
    return runs


def pair(old_keys: Sequence[str], new_keys: Sequence[str], rows: bool = False
         ) -> list[tuple[int | None, int | None]]:
    """The blocks of a changed stretch in order: (i, j) a pair to compare, (i, None) removed, (None, j)
    added. Pairs are of one kind and alike enough, and their total likeness is the greatest possible."""
    n, m = len(old_keys), len(new_keys)
    weight = [[0.0] * m for _ in range(n)]
    if n * m <= PAIRING_LIMIT:
        for i, a in enumerate(old_keys):
            for j, b in enumerate(new_keys):
                weight[i][j] = _weight(a, b, rows)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             best[i + 1][j + 1] + weight[i][j] if weight[i][j] else 0.0)
    steps: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and weight[i][j] and best[i][j] == best[i + 1][j + 1] + weight[i][j]:
            steps.append((i, j))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            steps.append((i, None))
            i += 1
        else:
            steps.append((None, j))
            j += 1
    return steps


def _weight(old: str, new: str, rows: bool) -> float:
    """How well two blocks (or rows) pair: 0 for not at all."""
    if rows:  # the same first cell: the same row, changed
        same = old.split("\x1f")[0] == new.split("\x1f")[0]
        return max(likeness(old, new), 0.5 if same else 0.0)
    if old[0] != new[0] or old[0] not in "pt":
        return 0.0
    if old[0] == "t":
        return 1.0  # tables pair with tables; rows are then compared
    like = likeness(old[1:], new[1:])
    if max(len(old), len(new)) <= _SHORT:
        return max(like, _PARAGRAPH_LIKENESS)  # a table cell's figure, a short line: changed, not replaced
    return like if like >= _PARAGRAPH_LIKENESS else 0.0


def compare_documents(old: Document, new: Document, author: str, date: dt.datetime) -> int:
    """Make `new` show, as tracked changes by `author` at `date`, what differs from `old`; both are first read
    as they stand (their own tracked changes accepted). Returns the number of revision marks made."""
    for document in (old, new):
        accept_all(document.element.body)
    first = max_revision_id(new.element) + 1
    revisions = Revisions(author, date, first)
    body = new.element.body
    old_blocks = [b for b in old.element.body if b.tag != qn("w:sectPr")]
    new_blocks = [b for b in body if b.tag != qn("w:sectPr")]
    _Comparer(old.part, new.part, revisions).blocks(old_blocks, new_blocks, body, body.find(qn("w:sectPr")))
    return revisions.next_id - first
