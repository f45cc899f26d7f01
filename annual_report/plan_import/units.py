"""Responsible units: the 「（责任单位：…）」 clause of a task, its lead and assistants, resolved to the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annual_report.plan_import.model import UnitGroup
from annual_report.workspace import ReportConfig

OPEN, CLOSE = "（(", "）)"
_KEYS = r"责任单位|牵头单位|主责单位|责任部门|牵头部门|配合单位|配合部门|协办单位|参与单位|协同单位"
_KEYED = re.compile(rf"^\s*({_KEYS})\s*[:：]\s*(.*)$", re.DOTALL)
_LEAD_PART = re.compile(r"^(.+?)(?:共同)?牵头(?:负责)?$")
_ASSIST_PART = re.compile(r"^(.+?)(?:配合|参与|协助|协同|按职责分工负责|分工负责|按职责负责)$")
_CARRY = re.compile(r"(?:[，,；;、]\s*下同|[（(]下同[）)])\s*$")
_LEAD_MARK = re.compile(r"[（(]牵头[）)]$")
_INNER_CARRY = re.compile(r"[，,]\s*下同(?=[）)])|[（(]下同[）)]")
_TOWN_GROUP = re.compile(
    r"^(?:全[省市州县区旗])?各(?:乡镇|乡、镇|乡镇街道|镇|乡|街道)(?:人民政府)?(?:（街道(?:办事处)?）|、街道(?:办事处)?)?$")
_DEPT_GROUP = re.compile(
    r"^(?:全[省市州县区旗]|[省市州县区旗]直|[省市州县区旗]政府)?各(?:级|有关|相关)?(?:政府)?(?:工作)?部门$"
    r"|^[省市州县区旗]直(?:有关|相关)部门$|^(?:[省市州县区旗]政府)?各委办局$")
_ANY_GROUP = re.compile(r"^(?:全[省市州县区旗]|[省市州县区旗]直|[省市州县区旗]政府)?各")


def top_level_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each bracketed part not inside another, full- or half-width brackets alike."""
    groups, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif char in CLOSE and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i))
    return groups


def split_top(text: str, separators: str) -> list[str]:
    """Text split at separators outside brackets: 「市委依法治市办（市司法局）、各县（市、区）」 is two names."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char in OPEN) - (char in CLOSE and depth > 0)
        if char in separators and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [p.strip() for p in [*parts, current] if p.strip()]


def _is_clause(content: str) -> bool:
    return bool(_KEYED.match(content)) or any(_LEAD_PART.match(p) for p in split_top(content, "，,；;"))


def split_unit_clause(text: str) -> tuple[str, str]:
    """The text without its responsible-unit clause, and the clause (without brackets); "" when there is none."""
    for start, end in reversed(top_level_groups(text)):
        content = text[start + 1:end]
        if _is_clause(content):
            rest = (text[:start].rstrip() + text[end + 1:].strip()).strip()
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
    name = _INNER_CARRY.sub("", name).strip().removeprefix("由")
    if _LEAD_MARK.search(name):
        name, role = _LEAD_MARK.sub("", name).strip(), "lead"
    if name.endswith("等") and len(name) > 3:
        name = name[:-1]
    return Named(name, role)


def order_roles(named: list[Named]) -> tuple[Named | None, list[Named]]:
    """The lead (the first marked lead, else the first named) and everyone else in the order named."""
    lead = next((n for n in named if n.role == "lead"), named[0] if named else None)
    return lead, [n for n in named if n is not lead]


def full_width(name: str) -> str:
    return name.translate(str.maketrans("()", "（）")).replace(" ", "")


@dataclass
class Resolution:
    ids: list[str] = field(default_factory=list)
    group: UnitGroup | None = None
    unresolved: bool = False


class UnitResolver:
    """Names to registry ids: the office's mapping first, then id, full or short name, then bracket parts."""

    def __init__(self, registry: ReportConfig | None, mapping: dict[str, str] | None) -> None:
        self.registry = registry
        self.mapping = {full_width(k): v for k, v in (mapping or {}).items() if v and str(v).strip()}

    def resolve(self, name: str, role: str) -> Resolution:
        key = full_width(name)
        if key in self.mapping:
            return self._mapped(name, role, str(self.mapping[key]))
        if _TOWN_GROUP.match(key) or _DEPT_GROUP.match(key) or _ANY_GROUP.match(key):
            return self._group(name, role, key)
        if self.registry is None:
            return Resolution(ids=[name])
        unit_id = self._find(key)
        return Resolution(ids=[unit_id]) if unit_id else Resolution(ids=[name], unresolved=True)

    def _find(self, key: str) -> str | None:
        assert self.registry is not None
        groups = top_level_groups(key)
        outer = "".join(key[i] for i in range(len(key)) if not any(s <= i <= e for s, e in groups))
        inner = [key[s + 1:e] for s, e in groups]
        for candidate in [key, outer, *inner]:
            variants = [candidate, candidate.replace("（", "(").replace("）", ")")]
            if candidate[:1] in "市县区":
                variants.append(self.registry.region + candidate[1:])
            variants.append(self.registry.region + candidate)
            for variant in variants:
                if variant and (unit := self.registry.find_unit(variant)):
                    return unit.id
        return None

    def _group(self, name: str, role: str, key: str) -> Resolution:
        words = ("乡镇", "街道") if _TOWN_GROUP.match(key) else ("部门",) if _DEPT_GROUP.match(key) else ()
        if self.registry is None:
            return Resolution(group=UnitGroup(name=name, role=_group_role(role)))
        kinds = [k for k, kind in self.registry.kinds.items() if words and any(w in kind.name for w in words)]
        return self._kinds(name, role, kinds)

    def _kinds(self, name: str, role: str, kinds: list[str]) -> Resolution:
        assert self.registry is not None
        units = [u.id for u in self.registry.units if u.kind in kinds]
        group = UnitGroup(name=name, role=_group_role(role), kinds=kinds, units=units)
        return Resolution(ids=units, group=group, unresolved=not units)

    def _mapped(self, name: str, role: str, value: str) -> Resolution:
        value = value.strip()
        if value.startswith("kind:"):
            kinds = [k for k in re.split(r"[,，、\s]+", value[5:]) if k]
            if self.registry is None:
                return Resolution(group=UnitGroup(name=name, role=_group_role(role), kinds=kinds))
            return self._kinds(name, role, [k for k in kinds if k in self.registry.kinds])
        ids = [i for i in re.split(r"[,，、\s]+", value) if i]
        if self.registry is not None and any(i not in self.registry.unit_by_id for i in ids):
            return Resolution(ids=[name], unresolved=True)
        return Resolution(ids=ids)


def _group_role(role: str) -> str:
    return "lead" if role == "lead" else "assist"


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
    for entry in [lead, *others] if lead else []:
        found = resolver.resolve(entry.name, "lead" if entry is lead else "assist")
        if found.unresolved and entry.name not in result.unresolved:
            result.unresolved.append(entry.name)
        if found.group is not None:
            if all(g.name != found.group.name for g in result.groups):
                result.groups.append(found.group)
            members = found.group.units if resolver.registry is not None else [found.group.name]
        else:
            named_ids = [i for i in found.ids if i != result.lead and i not in result.assist]
            if entry is lead and named_ids:
                result.lead, named_ids = named_ids[0], named_ids[1:]
            result.assist += named_ids
            members = [] if found.unresolved and resolver.registry is not None else found.ids
        result.units += [i for i in members if i not in result.units]
    return result
