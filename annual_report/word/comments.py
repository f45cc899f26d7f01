"""Word comments on a stretch of a paragraph's text: the runs are split at the stretch's ends (each part
keeping the run's format), so that the comment marks exactly that text."""

from __future__ import annotations

import datetime as dt
from copy import deepcopy

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def _split(run: Run, at: int) -> Run:
    """Cut a text-only run at character `at`; the run keeps the text before, the returned one the rest."""
    rest = deepcopy(run._r)
    run._r.addnext(rest)
    text = run.text
    run.text, after = text[:at], Run(rest, run._parent)
    after.text = text[at:]
    return after


def _text_only(run: Run) -> bool:
    return all(c.tag in (qn("w:rPr"), qn("w:t")) for c in run._r)


def runs_of(paragraph: Paragraph, start: int, end: int) -> list[Run]:
    """The runs that hold characters `start`…`end` of the paragraph's text (paragraph.runs), split where
    they begin or end inside a text-only run."""
    found: list[Run] = []
    position = 0
    for run in list(paragraph.runs):
        length = len(run.text)
        first, last = position, position + length
        position = last
        if last <= start or first >= end or not length:
            continue
        if _text_only(run) and first < start:
            run, first = _split(run, start - first), start
        if _text_only(run) and last > end:
            _split(run, end - first)
        found.append(run)
    return found


def comment_on(document: Document, paragraph: Paragraph, start: int, end: int, text: str, author: str,
               date: dt.datetime) -> None:
    """A comment by `author` on characters `start`…`end` of the paragraph (the whole paragraph if none)."""
    runs = runs_of(paragraph, start, end) or paragraph.runs
    if not runs:
        runs = [paragraph.add_run("")]
    comment = document.add_comment(runs, text=text, author=author, initials="AR")
    comment._comment_elm.set(qn("w:date"), f"{date:%Y-%m-%dT%H:%M:%SZ}")
