"""Figures as prose states them: 「受理行政复议申请416件」「化解率99.35%」「1.37万余条」, each with the words right
before it (its subject), as intake reads a Word report's counts and drafting checks what items claim."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from annual_report.text.numbers import MEASURE

# A number and its measure word (or %): 416件, 90余场, 1.37万余条, 99.35%. It opens on the digit, so that re skips
# to digits (2.5× faster than opening on 约|近|…); the words before it and the character before (not part of a
# larger number) are looked at in Python.
_FIGURE = re.compile(rf"(\d+(?:\.\d+)?)(?![\d.．])([万亿])?(余|多)?(%|％|{MEASURE})")
_IN_NUMBER = ".．"
# Read backwards from a figure: the run of characters up to the previous punctuation or number.
_RUN_BACK = re.compile(r"[^，,；;。：:、（）()！？!?\d]*")
_UNQUOTED = str.maketrans("", "", "“”‘’\"「」『』")
_FILLERS = ("共计", "总计", "合计", "累计", "共", "计", "达到", "达", "为", "全年", "年内", "全部", "分别", "保持在", "稳定在",
            "提高到", "提升到", "提高至", "提升至")
_FILLER = re.compile(f"(?:{'|'.join(_FILLERS)})+$")
_SCALE = {"万": 10_000, "亿": 100_000_000}


@dataclass(slots=True)
class Stated:
    """One figure of a text: what it counts (the words before it) and what it says."""

    subject: str  # back to the previous punctuation or number, quotes and filler (共、达…) left out
    text: str  # as written: 416件, 99.35%, 1.37万余条
    number: str  # the digits: 1.37
    wan: str  # 万 or 亿, or ""
    before: str  # 约 近 超过 逾, or ""
    after: str  # 余 多, or ""
    measure: str  # 件, %, 条 …
    start: int  # where the figure starts in the text
    end: int
    subject_start: int  # where its subject starts (filler included)

    @property
    def value(self) -> Decimal:
        """The number the figure stands for: 1.37万 → 13700."""
        return Decimal(self.number) * _SCALE.get(self.wan, 1)

    @property
    def is_percent(self) -> bool:
        return self.measure in ("%", "％")

    @property
    def is_count(self) -> bool:
        """A whole count, as a unit reports it: no decimals, no 万, at most 约 or 余 around it."""
        return not self.is_percent and "." not in self.number and not self.wan and self.before in ("", "约") \
            and self.after in ("", "余")


def _subject_before(text: str, backwards: str, end: int) -> tuple[str, int]:
    """The words right before position `end`, back to the previous punctuation or number, less filler
    (`backwards`: `text` reversed)."""
    at = len(text) - end
    start = end - (_RUN_BACK.match(backwards, at).end() - at)  # type: ignore[union-attr]
    words = text[start:end].translate(_UNQUOTED)
    return (_FILLER.sub("", words) if words.endswith(_FILLERS) else words), start


def stated_figures(text: str) -> list[Stated]:
    """Every figure of `text`, in order."""
    found = []
    backwards = text[::-1]
    for match in _FIGURE.finditer(text):
        start, end = match.span()
        if start and (text[start - 1].isdecimal() or text[start - 1] in _IN_NUMBER):
            continue  # the tail of a larger number (no figure starts inside this match either)
        before = text[start - 1] if start and text[start - 1] in "约近逾" else \
            "超过" if start > 1 and text[start - 2:start] == "超过" else ""
        start -= len(before)
        number, wan, after, measure = match.groups()
        subject, at = _subject_before(text, backwards, start)
        found.append(Stated(subject=subject, text=text[start:end], number=number, wan=wan or "", before=before,
                            after=after or "", measure=measure, start=start, end=end, subject_start=at))
    return found
