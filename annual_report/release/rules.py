"""The rules of the pre-release review (公开前保密审查), as data: templates/release-rules.yaml, or the
workspace's own release-rules.yaml. Each rule is regular expressions, optionally a check of what they match
(an ID number's check digit, a card number's Luhn digit) and exceptions; the checklist groups the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from annual_report.config.resources import template_file
from annual_report.config.workspace import WorkspaceError, first_error
from annual_report.config.yaml_files import load_yaml

RULES_FILE = "release-rules.yaml"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(text: str) -> bool:
    """A resident ID number (GB 11643-1999) whose 18th character is its check digit."""
    digits = text.upper()
    return len(digits) == 18 and digits[:17].isdigit() and \
        _ID_CHECK[sum(int(d) * w for d, w in zip(digits, _ID_WEIGHTS, strict=False)) % 11] == digits[17]


def luhn(text: str) -> bool:
    """A card number whose last digit is its Luhn check digit (ISO/IEC 7812)."""
    digits = [int(c) for c in text if c.isdigit()]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(reversed(digits)))
    return len(digits) >= 12 and total % 10 == 0


CHECKS = {"id_check_digit": id_check_digit, "luhn": luhn}


class Examples(BaseModel):
    hit: list[str] = Field(min_length=1)
    clean: list[str] = Field(min_length=1)


class Rule(BaseModel):
    model_config = {"extra": "forbid"}

    id: str
    name: str
    patterns: list[str] = Field(min_length=1)
    check: Literal["id_check_digit", "luhn"] | None = None
    unless: list[str] = Field(default_factory=list)
    advice: str = ""
    examples: Examples

    @field_validator("patterns", "unless")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式「{pattern}」有误：{exc}") from None
        return patterns

    @cached_property
    def compiled(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        return [re.compile(p) for p in self.patterns], [re.compile(p) for p in self.unless]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the rule hits in `text`: (start, end) of each match (of its group `hit` where the pattern has
        one: the name after 当事人), checked and not excepted."""
        patterns, unless = self.compiled
        excepted = [m.span() for u in unless for m in u.finditer(text)]
        found: list[tuple[int, int]] = []
        for pattern in patterns:
            for match in pattern.finditer(text):
                start, end = match.span("hit") if "hit" in pattern.groupindex else match.span()
                if start == end or any(a <= start and end <= b for a, b in excepted):
                    continue
                if self.check and not CHECKS[self.check](text[start:end]):
                    continue
                if not any(a < end and start < b for a, b in found):
                    found.append((start, end))
        return sorted(found)


class ChecklistItem(BaseModel):
    model_config = {"extra": "forbid"}

    text: str
    rules: list[str] = Field(default_factory=list)  # none: the reviewer confirms it


class Rules(BaseModel):
    model_config = {"extra": "forbid"}

    rules: list[Rule] = Field(min_length=1)
    checklist: list[ChecklistItem] = Field(min_length=1)


@dataclass(frozen=True)
class Match:
    rule: Rule
    start: int
    end: int
    text: str


def find(rules: Rules, text: str) -> list[Match]:
    """Every hit of every rule in `text`, in text order (a stretch hit by two rules, for the first of them)."""
    found: list[Match] = []
    for rule in rules.rules:
        for start, end in rule.spans(text):
            if not any(m.start < end and start < m.end for m in found):
                found.append(Match(rule, start, end, text[start:end]))
    return sorted(found, key=lambda m: m.start)


def rules_path(workspace: Path | None) -> Path:
    """The workspace's release-rules.yaml if it has one, else the shipped one."""
    own = workspace / RULES_FILE if workspace else None
    return own if own is not None and own.is_file() else template_file(RULES_FILE)


def load_rules(path: Path) -> Rules:
    """The rules in `path`; WorkspaceError naming the file and field when they cannot be used."""
    try:
        rules = Rules.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"{path}: 无法读取：{exc}") from None
    except ValidationError as exc:
        raise WorkspaceError(f"{path}: {first_error(exc)}") from None
    except Exception as exc:  # a YAML syntax error: its first line says where
        raise WorkspaceError(f"{path}: 无法解析：{str(exc).splitlines()[0]}") from None
    known = {r.id for r in rules.rules}
    for index, item in enumerate(rules.checklist):
        unknown = [r for r in item.rules if r not in known]
        if unknown:
            raise WorkspaceError(f"{path}: checklist[{index}].rules: 未知规则 {'、'.join(unknown)}")
    return rules
