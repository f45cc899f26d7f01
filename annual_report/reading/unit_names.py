"""Unit names as offices write them, resolved to the registry: the office's mapping first, then id, full or
short name (with or without the region's name), then the parts in brackets; collective names (各乡镇（街道）,
各部门) to the units of the fitting kinds. Plan import resolves 责任单位 with it, intake a Word report's author."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annual_report.config.plan import UnitGroup
from annual_report.config.workspace import ReportConfig

OPEN, CLOSE = "（(", "）)"
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
