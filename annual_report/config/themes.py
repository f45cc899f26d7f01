"""Themes: how the units' items are grouped into paragraphs, kept as data (templates/themes.yaml).

Each theme has a lead phrase (the bold run-in title of its paragraph) and keyword phrases; an item belongs
to the theme whose keywords it contains most (a longer phrase weighs more). One regular expression per
section finds every keyword in one pass over an item. A 成效 theme may name the metrics (or metric groups)
whose region figures its paragraph states (`figures`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from annual_report.config.outline import SECTION_KEYS, SectionKey
from annual_report.config.resources import template_file
from annual_report.config.yaml_files import load_yaml

MIN_KEYWORD = 2  # a single character matches too much


class ThemeError(ValueError):
    """A themes file that cannot be used; the message names the file and the theme."""


class Theme(BaseModel):
    key: str
    lead: str = Field(min_length=2, max_length=20)
    keywords: list[str] = Field(min_length=1)
    figures: list[str] = Field(default_factory=list)  # metric or metric-group ids whose region figures it states

    @field_validator("keywords")
    @classmethod
    def _phrases(cls, v: list[str]) -> list[str]:
        short = [k for k in v if len(k.strip()) < MIN_KEYWORD]
        if short:
            raise ValueError(f"关键词应为短语，不能是单字：{'、'.join(short)}")
        return [k.strip() for k in v]


@dataclass(frozen=True)
class Match:  # one per item: a dataclass, as a model's validation is measurable at 50,000 items
    theme: Theme | None  # None: no keyword of any theme
    keywords: list[str] = field(default_factory=list)  # the phrases found, for the office to check


class Themes(BaseModel):
    """Themes per section; achievements themes apply within each outline topic."""

    achievements: list[Theme] = Field(default_factory=list)
    responsibility: list[Theme] = Field(default_factory=list)
    problems: list[Theme] = Field(default_factory=list)
    next_year: list[Theme] = Field(default_factory=list)
    other: list[Theme] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_keys(self) -> Themes:
        for section in SECTION_KEYS:
            keys = Counter(t.key for t in getattr(self, section))
            if repeated := [k for k, n in keys.items() if n > 1]:
                raise ValueError(f"{section}: 主题编号重复：{'、'.join(repeated)}")
        return self

    def of(self, section: SectionKey) -> list[Theme]:
        return getattr(self, section)

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(t.key for s in SECTION_KEYS
                         for t in getattr(self, s))

    @cached_property
    def _figures(self) -> dict[str, Theme]:
        """成效 themes by the metric or group ids their paragraphs state the figures of."""
        return {f: t for t in self.achievements for f in t.figures}

    def figure_theme(self, metric: str, group: str) -> Theme | None:
        """The 成效 theme whose paragraph states a region figure: the one naming the metric, else its group."""
        return self._figures.get(metric) or self._figures.get(group)

    @cached_property
    def _patterns(self) -> dict[str, tuple[re.Pattern[str], dict[str, list[int]]]]:
        """Per section, one pattern of all keywords and, for each keyword, the places of the themes that have it."""
        out = {}
        for section in SECTION_KEYS:
            owners: dict[str, list[int]] = {}
            for i, theme in enumerate(getattr(self, section)):
                for keyword in theme.keywords:
                    owners.setdefault(keyword, []).append(i)
            phrases = sorted(owners, key=lambda k: (-len(k), k))  # longest first: 执法人员参加 before 执法人员
            out[section] = (re.compile("|".join(map(re.escape, phrases))) if phrases else re.compile("(?!)"), owners)
        return out

    def match(self, section: SectionKey, text: str, pinned: str | None = None) -> Match:
        """The theme of `text` in `section`: the pinned one when it exists there, else by keywords (the most
        characters of keywords found; the first theme on a tie)."""
        themes = self.of(section)
        if pinned is not None:
            chosen = next((t for t in themes if t.key == pinned), None)
            if chosen is not None:
                return Match(theme=chosen, keywords=[f"指定：{pinned}"])
        pattern, owners = self._patterns[section]
        found = pattern.findall(text)
        if not found:
            return Match(theme=None)
        score: dict[int, int] = {}
        for keyword in found:
            for i in owners[keyword]:
                score[i] = score.get(i, 0) + len(keyword)
        best = min(score, key=lambda i: (-score[i], i))
        return Match(theme=themes[best], keywords=list(dict.fromkeys(k for k in found if best in owners[k])))


def load_themes(path: Path | None = None, text: str | None = None) -> Themes:
    """The themes file (default templates/themes.yaml), or `text` already read from it; ThemeError naming the
    problem."""
    path = path or template_file("themes.yaml")
    try:
        data = load_yaml(text if text is not None else path.read_text(encoding="utf-8")) or {}
        return Themes.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ThemeError(f"{path}: 主题文件无法读取：{str(exc).splitlines()[0]}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(根)"
        raise ThemeError(f"{path}: {where}: {err['msg'].removeprefix('Value error, ')}") from None
