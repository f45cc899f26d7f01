"""Figures as prose states them: 「受理行政复议申请416件」「化解率99.35%」「1.37万余条」, each with the words right
before it (its subject), as intake reads a Word report's counts and drafting checks what items claim."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from annual_report.text.numbers import MEASURE

# A number and its measure word (or %), not part of a larger number: 416件, 约90场, 90余场, 1.37万余条, 99.35%.
FIGURE = re.compile(rf"(?P<before>约|近|超过|逾)?(?<![\d.．])(?P<num>\d+(?:\.\d+)?)(?![\d.．])(?P<wan>[万亿])?"
                    rf"(?P<after>余|多)?(?P<measure>%|％|{MEASURE})")
_CLAUSE_BREAK = re.compile(r"[，,；;。：:、（）()！？!?]|\d")
_UNQUOTED = str.maketrans("", "", "“”‘’\"「」『』")
_FILLER = re.compile(r"(?:共计|总计|合计|累计|共|计|达到|达|为|全年|年内|全部|分别|保持在|稳定在|提高到|提升到|提高至|提升至)+$")
_SCALE = {"万": 10_000, "亿": 100_000_000}


@dataclass(frozen=True)
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


def subject_before(text: str, end: int) -> tuple[str, int]:
    """The words right before position `end`, back to the previous punctuation or number, less filler."""
    start = end
    while start > 0 and not _CLAUSE_BREAK.match(text[start - 1]):
        start -= 1
    return _FILLER.sub("", text[start:end].translate(_UNQUOTED)), start


def stated_figures(text: str) -> list[Stated]:
    """Every figure of `text`, in order."""
    found = []
    for match in FIGURE.finditer(text):
        subject, at = subject_before(text, match.start())
        found.append(Stated(subject=subject, text=match.group(0), number=match["num"], wan=match["wan"] or "",
                            before=match["before"] or "", after=match["after"] or "", measure=match["measure"],
                            start=match.start(), end=match.end(), subject_start=at))
    return found
