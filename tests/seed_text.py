"""Reading a published 法治政府建设年度报告 extracted from a PDF: its sections, sub-topics, runs and figures.

The text has page breaks inside sentences (blank lines), bold markers `**`, and spaces around digits
(「255 名」).  `read_report` undoes those and returns the structure; nothing of the text is stored here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SECTION = re.compile(r"^([一二三四五六七八九十]+)、")
TOPIC = re.compile(r"^（([一二三四五六七八九十]+)）")
RUN = re.compile(r"(?:(?<=^)|(?<=[。；]))([一二三四五六七八九十]+是)")
SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")
# Figures of a report's 主要举措 section: metric id → pattern (captured integers are summed; must occur once).
FIGURES = {
    "lead.preleague_study": r"会前学法(\d+)次",
    "lead.lectures": r"学习培训(\d+)场",
    "lead.exam_taken": r"(\d+)名新提任[^。]*?考试",
    "lead.shufa": r"(\d+)名[^。]{0,20}主要负责人[^。]{0,20}述法",
    "counsel.advisers": r"(\d+)名法律顾问",
    "counsel.opinions": r"法律顾问[^。]*?提出意见建议(\d+)条",
    "norm.reviewed": r"(\d+)件规范性文件的合法性审查",
    "norm.cleaned": r"继续有效(\d+)件、废止(\d+)件、修改(\d+)件",
    "norm.repealed": r"继续有效\d+件、废止(\d+)件",
    "proposal.handled": r"人大代表建议(\d+)件，办理市政协提案(\d+)件",
    "jud.received": r"司法建议(\d+)件、检察建议(\d+)件",
    "enf.files_reviewed": r"(\d+)卷行政执法案卷",
    "recon.accepted": r"受理行政复议申请(\d+)件",
    "recon.closed": r"审结行政复议案件(\d+)件",
    "recon.corrected": r"直接纠错(\d+)件",
    "lit.first_instance_closed": r"审结一审行政案件(\d+)件",
    "lit.lost": r"败诉(\d+)件",
    "med.accepted": r"排查矛盾纠纷(\d+)件",
    "med.resolved": r"排查矛盾纠纷\d+件，化解(\d+)件",
    "aid.cases": r"法律援助案件(\d+)件",
}
# A count equal to another when the seed states the rate is 100%: metric → (source metric, pattern).
ALL_OF = {
    "proposal.closed": ("proposal.handled", r"提案\d+件，办结率[^。]*?100%"),
    "jud.fed_back": ("jud.received", r"按时反馈率均达100%"),
}


@dataclass
class Run:
    """One 「一是…」 run (or a topic's lead-in, title ""): its short title and its sentences."""

    title: str
    sentences: list[str]


@dataclass
class Topic:
    """A （一）… paragraph: its heading (the first sentence) and its runs in order."""

    heading: str
    runs: list[Run] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "".join(s for r in self.runs for s in r.sentences)


@dataclass
class Section:
    heading: str
    intro: str = ""
    topics: list[Topic] = field(default_factory=list)


@dataclass
class SeedReport:
    title: str
    sections: list[Section]

    def section(self, keyword: str) -> Section:
        found = [s for s in self.sections if keyword in s.heading]
        if len(found) != 1:
            raise ValueError(f"seed: expected one section headed with {keyword!r}, found {len(found)}")
        return found[0]


def clean(text: str) -> str:
    """One paragraph chunk as plain text: no bold markers, no spaces or line breaks, full-width brackets."""
    text = text.replace("**", "")
    text = re.sub(r"\s+", "", text)
    return re.sub(r"^\(([一二三四五六七八九十]+)\)", r"（\1）", text)


def chunks(raw: str) -> list[str]:
    """Paragraphs with page breaks undone: a chunk not opening a section or topic continues the previous."""
    joined: list[str] = []
    for part in re.split(r"\n\s*\n", raw):
        text = clean(part)
        if not text:
            continue
        continues = len(joined) > 1 and not SECTION.match(joined[-1])
        if continues and not (SECTION.match(text) or TOPIC.match(text)):
            joined[-1] += text
        else:
            joined.append(text)
    return joined


def sentences(text: str) -> list[str]:
    """Sentences ending in 。；！？; a sentence ending in ；is closed with 。 instead."""
    found = [s for s in SENTENCE.findall(text) if s.strip("。；！？")]
    return [s[:-1] + "。" if s.endswith("；") else s for s in found]


def parse_topic(text: str) -> Topic:
    """A （一） paragraph: heading up to the first 。, then an optional lead-in and the 「一是」 runs."""
    body = TOPIC.sub("", text, count=1)
    heading, _, rest = body.partition("。")
    parts = RUN.split(rest)
    topic = Topic(heading=heading)
    if parts[0]:
        topic.runs.append(Run(title="", sentences=sentences(parts[0])))
    for marker, run_text in zip(parts[1::2], parts[2::2], strict=True):
        run_title, _, run_body = run_text.partition("。")
        topic.runs.append(Run(title=marker + run_title, sentences=sentences(run_body)))
    return topic


def read_report(path: Path) -> SeedReport:
    parts = chunks(path.read_text(encoding="utf-8"))
    report = SeedReport(title=parts[0], sections=[])
    for text in parts[1:]:
        if SECTION.match(text):
            report.sections.append(Section(heading=SECTION.sub("", text, count=1)))
        elif TOPIC.match(text) and report.sections:
            report.sections[-1].topics.append(parse_topic(text))
        elif report.sections:
            report.sections[-1].intro += text
    return report


def figure(text: str, pattern: str) -> int:
    """The sum of the integers a pattern captures; the pattern must occur exactly once in the text."""
    found = list(re.finditer(pattern, text))
    if len(found) != 1:
        raise ValueError(f"seed: pattern {pattern!r} occurs {len(found)} times, expected once")
    return sum(int(g) for g in found[0].groups())


def stated_rate(text: str, label: str) -> str | None:
    """A rate the text states after `label`, e.g. 「直接纠错率达17.3%」 → "17.3%"."""
    m = re.search(re.escape(label) + r"[达为是]?([\d.]+%)", text)
    return m.group(1) if m else None


def stated_figures(text: str) -> dict[str, int]:
    """The counts the text states, by metric id (FIGURES, then ALL_OF where the text says 100%)."""
    totals = {m: figure(text, p) for m, p in FIGURES.items()}
    return totals | {m: totals[src] for m, (src, p) in ALL_OF.items() if re.search(p, text)}
