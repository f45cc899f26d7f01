"""Responsible units: the 「（责任单位：…）」 clause of a task, its lead and assistants, resolved to the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annual_report.config.plan import UnitGroup
from annual_report.reading.unit_names import UnitResolver, split_top, top_level_groups

_KEYS = r"责任单位|牵头单位|主责单位|责任部门|牵头部门|配合单位|配合部门|协办单位|参与单位|协同单位"
_KEYED = re.compile(rf"^\s*({_KEYS})\s*[:：]\s*(.*)$", re.DOTALL)
_LEAD_PART = re.compile(r"^(.+?)(?:共同)?牵头(?:负责)?$")
_ASSIST_PART = re.compile(r"^(.+?)(?:配合|参与|协助|协同|按职责分工负责|分工负责|按职责负责)$")
_CARRY = re.compile(r"(?:[，,；;、]\s*下同|[（(]下同[）)])\s*$")
_LEAD_MARK = re.compile(r"[（(]牵头[）)]$")
_INNER_CARRY = re.compile(r"[，,]\s*下同(?=[）)])|[（(]下同[）)]")
# A note about the list, not a unit: 「（排序第一的单位为牵头单位）」「（按职责分工负责）」, bracketed or alone.
_NOTE_WORDS = r"排序|排名|排在|排列|列第一|位列|为牵头单位|为主责单位|按职责分工|分工负责|为准"
NOTE = re.compile(rf"[（(][^（）()]*(?:{_NOTE_WORDS})[^（）()]*[）)]")
_BARE_NOTE = re.compile(rf"^(?:注[:：])?.*(?:{_NOTE_WORDS})")


def _is_clause(content: str) -> bool:
    return bool(_KEYED.match(content)) or any(_LEAD_PART.match(p) for p in split_top(content, "，,；;"))


def split_unit_clause(text: str) -> tuple[str, str]:
    """The text without its responsible-unit clause, and the clause (without brackets); "" when there is none."""
    for start, end in reversed(top_level_groups(text)):
        content = text[start + 1:end]
        if _is_clause(content):
            rest = NOTE.sub("", text[:start].rstrip() + text[end + 1:].strip()).strip()
            return re.sub(r"[，,；;]+(?=[。；;]|$)", "", rest), content.strip()
    bare = re.search(rf"(?:^|(?<=[。；;，,]))\s*(?:{_KEYS})\s*[:：].*$", text)
    if bare:
        return text[:bare.start()].rstrip("，,；; "), bare.group(0).strip().rstrip("。；;")
    return text, ""


@dataclass
class Named:
    name: str
    role: str  # lead, assist, or unit (a plain 责任单位 list: the first named leads)


def parse_clause(clause: str) -> tuple[list[Named], bool]:
    """The names of a clause with their roles, and whether it ends with 「下同」 (applies to the tasks below)."""
    carry = bool(_CARRY.search(clause))
    clause = _CARRY.sub("", clause)
    named: list[Named] = []
    for segment in split_top(clause, "；;。"):
        keyed = _KEYED.match(segment)
        role = "unit"
        if keyed:
            segment = keyed.group(2)
            role = "assist" if keyed.group(1)[:2] in ("配合", "协办", "参与", "协同") else (
                "lead" if keyed.group(1)[:2] in ("牵头", "主责") else "unit")
        for part in split_top(segment, "，,"):
            part_role = role
            if m := _LEAD_PART.match(part):
                part, part_role = m.group(1), "lead"
            elif m := _ASSIST_PART.match(part):
                part, part_role = m.group(1), "assist"
            named += [_named(name, part_role) for name in split_top(part, "、")]
    return [n for n in named if n.name], carry


def _named(name: str, role: str) -> Named:
    name = NOTE.sub("", _INNER_CARRY.sub("", name)).strip().removeprefix("由")
    if _BARE_NOTE.match(name):
        return Named("", role)
    if _LEAD_MARK.search(name):
        name, role = _LEAD_MARK.sub("", name).strip(), "lead"
    if name.endswith("等") and len(name) > 3:
        name = name[:-1]
    return Named(name, role)


def order_roles(named: list[Named]) -> tuple[Named | None, list[Named]]:
    """The lead (the first marked lead, else the first named) and everyone else in the order named."""
    lead = next((n for n in named if n.role == "lead"), named[0] if named else None)
    return lead, [n for n in named if n is not lead]


@dataclass
class Assignment:
    lead: str | None = None
    assist: list[str] = field(default_factory=list)
    groups: list[UnitGroup] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def assign_units(named: list[Named], resolver: UnitResolver) -> Assignment:
    """Lead, assistants, groups, and every responsible unit once (lead first); a unit named twice counts once."""
    lead, others = order_roles(named)
    result = Assignment()
    leads = bool(lead)  # the lead is still to be found: a lead mapped to `none` passes it to the next named
    for entry in [lead, *others] if lead else []:
        found = resolver.resolve(entry.name, "lead" if entry is lead else "assist")
        if found.excluded:
            continue
        if found.unresolved and entry.name not in result.unresolved:
            result.unresolved.append(entry.name)
        if found.group is not None:
            if all(g.name != found.group.name for g in result.groups):
                result.groups.append(found.group)
            members = found.group.units if resolver.registry is not None else [found.group.name]
        else:
            named_ids = [i for i in found.ids if i != result.lead and i not in result.assist]
            if leads and named_ids:
                result.lead, named_ids = named_ids[0], named_ids[1:]
            result.assist += named_ids
            members = [] if found.unresolved and resolver.registry is not None else found.ids
        result.units += [i for i in members if i not in result.units]
        leads = False
    return result
