"""The outline of a unit's Word report: sections by their 「一、」 headings, 「（一）」 sub-headings mapped to the
outline's topics, and items — each body paragraph, split further on 「一是…二是…」 (or 「第一，…」).

A section heading is mapped by its words (成效/举措 → achievements, 不足/问题 → problems, 安排/计划 →
next_year …); one that fits none keeps its items in achievements with a warning naming it. Without any
「一、」 heading, a paragraph that opens with 「下一步」 or says the work 「存在…问题」 starts the next section,
and a warning says where. A sub-heading under achievements is matched to a topic by the character bigrams
it shares with the topic's heading (bigrams most topics share count less); with no fit, its items have no
topic and a warning names it. Elsewhere a sub-heading is the first sentence of the item it leads. The run
marker is dropped and its subject kept; a fragment too short to stand alone joins the item before it;
sentences that only frame the report (「现将有关情况报告如下：」「请审阅」) are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from annual_report.config.outline import SECTION_NAMES, SectionKey, Topic
from annual_report.findings import Finding, Severity
from annual_report.text.likeness import bigrams
from annual_report.text.numbers import chinese_value
from annual_report.text.sentences import first_sentence, sentences

# 「一、」 opens a section, 「（一）」 a sub-heading, 「1.」「（1）」 a numbered paragraph.
SECTION_MARK = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\s*")
SUB_MARK = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*")
_MINOR_MARK = re.compile(r"^(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])\s*")
# A run marker at the start of a sentence: 「一是」, or 「第一，」.
_RUN = re.compile(r"(?:^|(?<=[。；;！？!?]))\s*(?:([一二三四五六七八九十]{1,3})是|第([一二三四五六七八九十]{1,3})[，,、：:])")
# Sentences that frame the report rather than report anything.
_FRAMING = re.compile(r"如下[：:]?$|以下几个方面[：:]?$|请审阅|请审示|请审定|请审议|请批示|^特此(?:报告|报送|汇报)")
_SECTION_WORDS: tuple[tuple[SectionKey, re.Pattern[str]], ...] = (
    ("responsibility", re.compile(r"第一责任人|主要负责人履行|履行推进法治建设")),
    ("problems", re.compile(r"不足|问题|差距|短板")),
    ("next_year", re.compile(r"安排|打算|思路|计划|下一步|下步|下一年|明年")),
    ("other", re.compile(r"其他|其它")),
    ("achievements", re.compile(r"成效|举措|工作情况|开展情况|做法|主要工作|成绩|进展|落实情况")),
)
# Without 「一、」 headings: what opens the next section, in the order sections come.
_IMPLIED: tuple[tuple[SectionKey, re.Pattern[str]], ...] = (
    ("problems", re.compile(r"(?:存在|还有|仍有|也有)[^。；;]{0,20}(?:问题|不足|差距|困难|短板)")),
    ("next_year", re.compile(r"^(?:下一步|下步|今后|下一年度?|明年|新的一年)")),
)
_ORDER: dict[SectionKey | None, int] = {None: -1, "achievements": 0, "problems": 1, "next_year": 2}
MIN_ITEM = 8  # characters: a shorter fragment joins the item before it
MAX_HEADING = 60  # characters: a longer line without a full stop is body text, not a heading
TOPIC_FIT = 1.5  # shared bigrams, each weighing log(1 + topics / topics having it): one no other topic has fits
_ENDS = "。！？!?；;，,：:"


def section_of(heading: str) -> SectionKey | None:
    return next((key for key, words in _SECTION_WORDS if words.search(heading)), None)


def split_heading(text: str) -> tuple[str, str]:
    """A heading paragraph's heading (to its first full stop) and the text run into it after."""
    match = re.search(r"[。！？!?]", text)
    if match is None:
        return text.rstrip(_ENDS), ""
    return text[:match.start()], text[match.end():].strip()


def heading_like(text: str) -> bool:
    """A line that names rather than says: short, no full stop inside or at its end."""
    return len(text) <= MAX_HEADING and not re.search(r"[。！？!?；;]", text) and text[-1] not in _ENDS


def without_marker(text: str) -> str:
    """A body paragraph without its 「1.」「（1）」 number."""
    return _MINOR_MARK.sub("", text, count=1)


def best_topic(heading: str, topics: list[Topic]) -> str | None:
    """The topic whose heading shares the most words with `heading`: character bigrams, each weighted by
    how few topic headings have it; None when nothing fits well enough or two fit equally."""
    grams = {t.key: bigrams(t.heading) for t in topics}
    spread = Counter(g for found in grams.values() for g in found)
    mine = bigrams(heading)
    scores = sorted(((math.fsum(math.log(1 + len(topics) / spread[g]) for g in mine & found), key)
                     for key, found in grams.items()), reverse=True)
    if not scores or scores[0][0] < TOPIC_FIT or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def pieces(text: str) -> list[str]:
    """A paragraph's items: its lead-in and each 「一是…」 run, markers dropped, framing sentences left out."""
    cuts, expected = [], 1
    for match in _RUN.finditer(text):
        number = chinese_value(match[1] or match[2]) or 0
        if number == expected or (not cuts and match.start() == 0):
            cuts.append(match)
            expected = number + 1
    parts = [text[:cuts[0].start()] if cuts else text]
    parts += [text[m.end():(cuts[i + 1].start() if i + 1 < len(cuts) else len(text))] for i, m in enumerate(cuts)]
    kept = ["".join(s for s in sentences(part.strip()) if not _FRAMING.search(s.strip())) for part in parts]
    return [re.sub(r"[；;，,、]$", "。", p.strip()) for p in kept if p.strip()]


@dataclass
class Item:
    text: str
    paragraph: int  # 第N段
    topic: str | None = None
    hint: str = ""  # the sub-heading it stands under (成效), kept with its location

    @property
    def location(self) -> str:
        return f"第{self.paragraph}段" + (f"（小标题「{self.hint}」）" if self.hint else "")


@dataclass
class Outline:
    """A report's items by section, built paragraph by paragraph."""

    file: str
    topics: list[Topic]
    headed: bool  # the document has 「一、」 section headings
    items: dict[SectionKey, list[Item]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    section: SectionKey | None = None
    topic: str | None = None
    hint: str = ""
    pending: str = ""  # a heading line that leads the next item
    implied: list[tuple[int, SectionKey]] = field(default_factory=list)  # (paragraph, section) without headings

    def warn(self, rule: str, message: str, location: str = "") -> None:
        self.findings.append(Finding(file=self.file, location=location, rule=rule, severity=Severity.WARNING,
                                     message=message))

    def section_heading(self, number: int, heading: str, marked: str) -> None:
        key = section_of(heading)
        if key is None:
            self.warn("unmatched_heading", f"标题「{marked}」对应不到报告提纲的部分，其下内容归入"
                                           f"「{SECTION_NAMES['achievements']}」；如不妥请修改标题后重新提交",
                      f"第{number}段")
        self.section, self.topic, self.hint, self.pending = key or "achievements", None, "", ""

    def sub_heading(self, number: int, heading: str, marked: str) -> None:
        self.section = self.section or "achievements"
        if self.section != "achievements":
            self.topic, self.hint, self.pending = None, "", heading
            return
        self.topic, self.hint, self.pending = best_topic(heading, self.topics), heading, ""
        if self.topic is None:
            self.warn("unmatched_heading", f"小标题「{marked}」对应不到报告提纲的小标题，其下内容未归入小标题"
                                           "（起草时按主题归类）；请核对", f"第{number}段")

    def heading_line(self, text: str) -> None:
        """A short heading line (「1.加强学习」) leads the item that follows."""
        self.pending = f"{self.pending}。{text}" if self.pending else text

    def body(self, number: int, text: str) -> None:
        if not self.headed:
            self._imply(number, text)
        found = pieces(text)
        if not found:
            return
        section = self.section = self.section or "achievements"
        if self.pending and found:
            found[0] = f"{self.pending}。{found[0]}"
            self.pending = ""
        items = self.items.setdefault(section, [])
        for piece in found:
            if len(piece) < MIN_ITEM and items:
                items[-1].text += piece
            else:
                items.append(Item(piece, number, self.topic if section == "achievements" else None,
                                  self.hint if section == "achievements" else ""))

    def _imply(self, number: int, text: str) -> None:
        first = first_sentence(text)
        for key, opening in _IMPLIED:
            if _ORDER[key] > _ORDER[self.section] and first and opening.search(first):
                self.section, self.topic, self.hint, self.pending = key, None, "", ""
                self.implied.append((number, key))
                return

    def finish(self) -> None:
        """Without 「一、」 headings, say how the sections were told apart."""
        if self.headed or not self.items:
            return
        starts = "，".join(f"第{n}段起为「{SECTION_NAMES[k]}」" for n, k in self.implied)
        how = f"已按段落开头的文字划分：{starts}，此前为「{SECTION_NAMES['achievements']}」；请核对" if starts \
            else f"全部内容归入「{SECTION_NAMES['achievements']}」"
        self.warn("no_headings", f"未找到「一、主要举措和成效」「二、存在的不足」「三、下一年度安排」这样的部分标题，{how}；"
                                 "最好按报告提纲加上部分标题后重新提交")
