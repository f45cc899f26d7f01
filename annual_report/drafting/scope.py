"""Whose work an item reports, and how much a report makes of it.

A government's report says 「全市……」 for the region's work and names a department only for what that
department did. An item is the region's when it speaks for the region anywhere (全市, 各级, 市县两级, 各部门…)
or quotes the region's totals; it is written without a unit, or 「市司法局牵头……」 where the unit says it led.
A lower government's item (a county's, a township's) keeps its name, and its own figures or none: the region's
figures it quotes are left to the report's own sentences. Anything else is the unit's own action, under its
name.

Significance is what a report leads with: results and honours (创建、示范、获评、全国/全省第一、首次), then
figures, then novelty; breadth (several units) and registry order break ties (Piece.rank).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from annual_report.config.workspace import ReportConfig, Unit
from annual_report.drafting.facts import FIGURE
from annual_report.drafting.figures_check import FigureCheck
from annual_report.drafting.voice import SUBJECT
from annual_report.wording.numbers import region_word

_HONOURS = re.compile(r"创建|示范|获评|评为|荣获|表彰|入选|全国.{0,8}(?:第一|首|先进|试点|典型)|"
                      r"全省.{0,8}(?:第一|首|先进|试点|典型)|首次|首个|首家|率先|首批|第一批")
_NOVEL = re.compile(r"首创|创新|探索|新建|新设|新增|试点|改革")
_LED = re.compile(r"^[^。]*?(?:牵头|统筹协调|组织协调)")  # the unit says it led, in its first sentence
_LOWER_KIND = re.compile(r"[县区乡镇]|街道")
_NOT_LOWER = re.compile(r"部门|单位|机关|委员会")


@dataclass(frozen=True)
class Scoped:
    scope: str  # see model.Scope
    attribution: str  # how it was decided, for the 审阅稿
    foreign: tuple[str, ...] = ()  # the region's figures a lower government quotes: left out of its item
    stated: frozenset[str] = frozenset()  # metric ids of the region figures the item states


def region_words(config: ReportConfig) -> re.Pattern[str]:
    """What speaking for the whole region sounds like: 全市, 各级, 市县两级, 各部门, 各乡镇……"""
    level = config.region[-1:]
    words = [region_word(config.region), config.region, "各级", f"{level}县两级", f"{level}县乡", f"{level}、县",
             "各县区", "各县（区）", "各区县", "各部门", "各乡镇", "各街道", "各单位"]
    return re.compile("|".join(map(re.escape, dict.fromkeys(w for w in words if w))))


def is_lower(config: ReportConfig, unit: Unit) -> bool:
    """A lower government (a county, a district, a township): its kind's name says so."""
    return _lower_kind(config.kinds[unit.kind].name)


@cache
def _lower_kind(name: str) -> bool:
    return bool(_LOWER_KIND.search(name)) and not _NOT_LOWER.search(name)


def decide(template: str, unit: Unit, config: ReportConfig, check: FigureCheck, words: re.Pattern[str],
           government: bool) -> Scoped:
    """The item's scope (model.Scope), and why."""
    quoted = [phrase for phrase, _ in check.region]
    stated = frozenset(metric for _, metric in check.region)
    if government:
        return Scoped("unit", "政府本级的工作，按原文保留主语", stated=stated)
    if is_lower(config, unit):
        note = f"；所引全{config.region[-1:]}数字未写入：{'、'.join(quoted)}" if quoted else ""
        return Scoped("lower", f"{unit.label}本级的工作，写明其名称{note}", foreign=tuple(quoted))
    found = words.search(template.replace(SUBJECT, ""))
    if found is None and not quoted:
        return Scoped("unit", "本单位的工作，写明单位名称")
    why = f"文中写「{found.group(0)}」" if found else f"所引数字为全域合计（{quoted[0]}）"
    if _LED.search(template):
        return Scoped("led", f"全域的工作，由{unit.label}牵头（{why}）：写作「{unit.label}牵头……」", stated=stated)
    return Scoped("region", f"全域的工作（{why}）：不写单位名称", stated=stated)


def significance(text: str) -> int:
    """Results and honours weigh most, then stated figures (up to two), then novelty."""
    return 4 * bool(_HONOURS.search(text)) + min(2, len(FIGURE.findall(text))) + bool(_NOVEL.search(text))
