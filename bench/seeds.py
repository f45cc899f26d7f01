"""Items of realistic length and figure density, read at run time from the published reports in
../shared/seeds (report-*.txt, text extracted from PDFs); nothing of their text is stored in the project.

A report is cut into its parts: sections (「一、…」 headings, or 「存在…问题」 and 「下一步」 in a report without
them), sub-topics (「（一）…」, whose first sentence is a heading) and runs (「一是…」, whose first sentence is a
title). Each run's sentences become items of one to three sentences, as a unit writes them; `Pools` holds
them by report section (achievements, problems, next_year) with the region's name replaced by a marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
REGION = "〔地区〕"  # where the seed named its own region; the generator puts the unit's county there
_NUMERAL = "[一二三四五六七八九十]{1,3}"
_SECTION = re.compile(rf"^{_NUMERAL}、")
_TOPIC = re.compile(rf"^[（(]{_NUMERAL}[）)]")
_RUN = re.compile(rf"(?:^|(?<=[。；;]))(?:{_NUMERAL}是)")
_SENTENCE = re.compile(r"[^。；;！？]+[。；;！？]?")
_PROBLEMS = re.compile(r"问题|不足|短板|差距")
_NEXT = re.compile(r"计划|安排|打算|思路|下一步|下步")
_INLINE_PROBLEMS = re.compile(r"存在(?:一些|的)?问题")
_INLINE_NEXT = re.compile(r"^下一步")
_FRAMING = re.compile(r"^(?:下一步，)?我们|如下[：:]?$|以下几个方面")  # sentences about the report itself
ITEM_CHARS = 220  # an item grows by sentences up to about this length (the seed's runs are 150–350)


@dataclass
class Pools:
    """Items by report section, each a plain string with REGION where the seed named its region."""

    achievements: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    next_year: list[str] = field(default_factory=list)

    def extend(self, other: Pools) -> None:
        for name in ("achievements", "problems", "next_year"):
            getattr(self, name).extend(getattr(other, name))


def clean(line: str) -> str:
    """A line as plain text: no bold markers, no spaces (the PDF put them around digits), full-width marks."""
    text = re.sub(r"\s+", "", line.replace("**", ""))
    text = re.sub(rf"^\(({_NUMERAL})\)", r"（\1）", text)
    return text.replace(",", "，").replace(":", "：").replace(";", "；")


def sentences(text: str) -> list[str]:
    """Sentences ending in 。；！？ (a ；-ended one closed with 。)."""
    found = [s for s in _SENTENCE.findall(text) if len(s.strip("。；;！？")) > 1]
    return [s[:-1] + "。" if s[-1] in "；;" else s for s in found]


def region_of(lines: list[str]) -> str:
    """The region the report is about: the first 「…市」「…县」 in its title lines."""
    for line in lines[:5]:
        found = re.match(r"^(.{2,8}?[市县区州])", line)
        if found:
            return found[1]
    return ""


def runs(paragraph: str) -> list[str]:
    """A paragraph's runs without their markers; a sub-topic's heading sentence and a run's title left out."""
    body = _TOPIC.sub("", paragraph, count=1)
    if body != paragraph:  # 「（一）heading。rest」
        body = body.partition("。")[2]
    parts = _RUN.split(body)
    found = [parts[0]] if parts[0] else []
    for part in parts[1:]:
        title, _, rest = part.partition("。")
        found.append(rest if len(title) < 20 and rest else part)
    return [r for r in found if r]


def items(run: str) -> list[str]:
    """Consecutive sentences of a run grouped into items of at most three sentences and about ITEM_CHARS; a
    list of shortcomings (「主要表现在：A，B，C等」) one item each."""
    _, listed, rest = run.partition("主要表现在：")
    if listed:
        return [f"{clause.removesuffix('等')}。" for clause in re.split(r"[，；]", rest.split("。")[0])
                if len(clause) > 5]
    grouped: list[str] = []
    for sentence in sentences(run):
        if grouped and grouped[-1].count("。") < 3 and len(grouped[-1]) + len(sentence) <= ITEM_CHARS:
            grouped[-1] += sentence
        else:
            grouped.append(sentence)
    return [g for g in grouped if len(g) >= 20 and not _FRAMING.search(g)]


def read_seed(path: Path) -> Pools:
    """One report's items by section."""
    lines = [clean(line) for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    region = region_of(lines)
    pools, section, started = Pools(), "achievements", False
    paragraph = ""

    def flush() -> None:
        for run in runs(paragraph):
            for sentence_group in items(run):
                getattr(pools, section).append(sentence_group.replace(region, REGION) if region else sentence_group)

    for line in lines:
        heading = _SECTION.match(line)
        if heading or _TOPIC.match(line) or _INLINE_NEXT.match(line):
            flush()
            paragraph, started = "", True
            if heading:
                section = "problems" if _PROBLEMS.search(line) else "next_year" if _NEXT.search(line) \
                    else "achievements"
                continue
            if _INLINE_NEXT.match(line):
                section = "next_year"
        if not started:
            continue
        found = _INLINE_PROBLEMS.search(line) if section == "achievements" else None
        if found:  # 「…取得了一些成效，但是依然存在一些问题和困难。一是…」: the framing sentence left out
            paragraph += line[:line.rfind("。", 0, found.start()) + 1]
            flush()
            section, paragraph = "problems", line[line.find("。", found.end()) + 1:]
            continue
        paragraph += line
    flush()
    return pools


def read_seeds(folder: Path = SEEDS) -> Pools:
    """Every report-*.txt in the folder; FileNotFoundError naming the folder when there is none."""
    reports = sorted(folder.glob("report-*.txt"))
    if not reports:
        raise FileNotFoundError(f"no seed reports (report-*.txt) in {folder}: the bench draws its items from them")
    pools = Pools()
    for path in reports:
        pools.extend(read_seed(path))
    return pools
