"""The report's outline: the sections a unit writes to, their names, and the two outline forms.

This is the one table of section keys; the submission model, validation, drafting and composition read it.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field

SectionKey = Literal["achievements", "responsibility", "problems", "next_year", "other"]
SECTION_KEYS: tuple[SectionKey, ...] = get_args(SectionKey)

# What each section holds, as named in messages to units.
SECTION_NAMES: dict[SectionKey, str] = {
    "achievements": "主要举措和成效",
    "responsibility": "第一责任人履职情况",
    "problems": "存在的不足和原因",
    "next_year": "下一年度安排",
    "other": "其他需要报告的情况",
}

# Headings of the two outline forms: three-part (common practice) and the five items of the 2019 督察工作规定.
OUTLINE_FORMS: dict[str, list[tuple[SectionKey, str]]] = {
    "three_part": [
        ("achievements", "主要举措和成效"),
        ("problems", "存在的不足和原因"),
        ("next_year", "下一年度工作安排"),
    ],
    "five_part": [
        ("achievements", "主要举措和成效"),
        ("responsibility", "党政主要负责人履行推进法治建设第一责任人职责情况"),
        ("problems", "存在的不足和原因"),
        ("next_year", "下一年度推进法治政府建设的主要安排"),
        ("other", "其他需要报告的情况"),
    ],
}
OPTIONAL_SECTIONS: frozenset[SectionKey] = frozenset({"other"})  # a unit may leave these empty


class Topic(BaseModel):
    key: str
    heading: str
    groups: list[str] = Field(default_factory=list)  # metric groups whose sentences open this topic


class Section(BaseModel):
    key: SectionKey
    heading: str


class Outline(BaseModel):
    form: Literal["three_part", "five_part"] = "three_part"
    headings: dict[SectionKey, str] = Field(default_factory=dict)  # overrides of the form's headings
    topics: list[Topic] = Field(min_length=1)  # sub-topics of 主要举措和成效, in report order

    @property
    def sections(self) -> list[Section]:
        return [Section(key=k, heading=self.headings.get(k, h)) for k, h in OUTLINE_FORMS[self.form]]

    @property
    def section_keys(self) -> set[SectionKey]:
        return {s.key for s in self.sections}

    @property
    def required_sections(self) -> list[SectionKey]:
        """Sections every unit must write to: the outline's, less the optional ones."""
        return [s.key for s in self.sections if s.key not in OPTIONAL_SECTIONS]

    @property
    def topic_keys(self) -> set[str]:
        return {t.key for t in self.topics}
