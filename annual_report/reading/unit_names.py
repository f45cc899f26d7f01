"""Unit names as offices write them, resolved to the registry: the office's mapping first, then id, full or
short name (with or without the region's name), then the parts in brackets; collective names (各乡镇（街道）,
各部门, 各行政执法单位, 各单位各部门) to the units of the fitting kinds. Plan import resolves 责任单位 with it,
intake a Word report's author.

A mapping value is a list of unit ids and `kind:类型编号` (separated by commas, 、 or spaces), or `none`: a
body that is not a reporting unit (区纪委监委, 区法院), which is then neither a unit nor unresolved."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from annual_report.config.plan import UnitGroup
from annual_report.config.workspace import ReportConfig

OPEN, CLOSE = "（(", "）)"
_TOWN_GROUP = re.compile(
    r"^(?:全[省市州县区旗])?各(?:乡镇|乡、镇|乡镇街道|镇|乡|街道)(?:人民政府)?(?:（街道(?:办事处)?）|、街道(?:办事处)?)?$")
_DEPT_GROUP = re.compile(
    r"^(?:全[省市州县区旗]|[省市州县区旗]直|[省市州县区旗]政府)?各(?:级|有关|相关)?(?:政府)?(?:工作)?部门$"
    r"|^[省市州县区旗]直(?:有关|相关)部门$|^(?:[省市州县区旗]政府)?各委办局$")
_ENF_GROUP = re.compile(
    r"^(?:全[省市州县区旗]|[省市州县区旗]直)?各(?:级|有关|相关)?(?:行政)?执法(?:单位|部门|机关|主体|机构)$")
_ALL_GROUP = re.compile(
    r"^(?:全[省市州县区旗])?各(?:有关|相关)?单位(?:[、和及]?各(?:有关|相关)?部门)?$"
    r"|^各(?:有关|相关)?部门[、和及]?各(?:有关|相关)?单位$|^(?:有关|相关)单位$")
_ANY_GROUP = re.compile(r"^(?:全[省市州县区旗]|[省市州县区旗]直|[省市州县区旗]政府)?各")
# A collective name's pattern → whether a kind (by its name) belongs to it; the first pattern that fits.
_GROUPS: tuple[tuple[re.Pattern[str], Callable[[str], bool]], ...] = (
    (_TOWN_GROUP, lambda kind: any(w in kind for w in ("乡", "镇", "街道"))),
    (_ENF_GROUP, lambda kind: "执法" in kind and "无" not in kind),
    (_DEPT_GROUP, lambda kind: "部门" in kind),
    (_ALL_GROUP, lambda kind: True),
    (_ANY_GROUP, lambda kind: False),
)
NOT_REPORTING = "none"  # a mapping value: the body is not a reporting unit
_ITEMS = re.compile(r"[,，、;；\s]+")


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
    excluded: bool = False  # mapped to `none`: not a reporting unit


def mapping_items(value: str) -> list[str]:
    return [i for i in _ITEMS.split(value.strip()) if i]


def mapping_problem(value: str, registry: ReportConfig) -> str:
    """Why a mapping value cannot be used ("" when it can): unknown ids or kinds, `none` beside units."""
    items = mapping_items(value)
    if NOT_REPORTING in items and len(items) > 1:
        return f"{NOT_REPORTING} 表示不是报送单位，不能与单位编号或类型同写"
    kinds = [i[5:] for i in items if i.startswith("kind:")]
    ids = [i for i in items if not i.startswith("kind:") and i != NOT_REPORTING]
    unknown_kinds = [k for k in kinds if k not in registry.kinds]
    unknown_ids = [i for i in ids if registry.find_unit(i) is None]
    if unknown_kinds:
        return f"单位类型 {'、'.join(unknown_kinds)} 不在 report.yaml 的 kinds 中（可用：{'、'.join(registry.kinds)}）"
    if unknown_ids:
        return f"单位 {'、'.join(unknown_ids)} 不在单位名录中；请写单位编号、kind:类型编号，或 {NOT_REPORTING}（不是报送单位）"
    return ""


class UnitResolver:
    """Names to registry ids: the office's mapping first, then id, full or short name, then bracket parts."""

    def __init__(self, registry: ReportConfig | None, mapping: dict[str, str] | None) -> None:
        self.registry = registry
        self.mapping = {full_width(k): v for k, v in (mapping or {}).items() if v and str(v).strip()}

    def resolve(self, name: str, role: str) -> Resolution:
        key = full_width(name)
        if key in self.mapping:
            return self._mapped(name, role, str(self.mapping[key]))
        group = next((fits for pattern, fits in _GROUPS if pattern.match(key)), None)
        if group is not None:
            return self._group(name, role, group)
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

    def _group(self, name: str, role: str, fits: Callable[[str], bool]) -> Resolution:
        if self.registry is None:
            return Resolution(group=UnitGroup(name=name, role=_group_role(role)))
        return self._kinds(name, role, [k for k, kind in self.registry.kinds.items() if fits(kind.name)])

    def _kinds(self, name: str, role: str, kinds: list[str], ids: list[str] | None = None) -> Resolution:
        assert self.registry is not None
        units = [u.id for u in self.registry.units if u.kind in kinds]
        units += [i for i in ids or [] if i not in units]
        group = UnitGroup(name=name, role=_group_role(role), kinds=kinds, units=units)
        return Resolution(ids=units, group=group, unresolved=not units)

    def _mapped(self, name: str, role: str, value: str) -> Resolution:
        items = mapping_items(value)
        if items == [NOT_REPORTING]:
            return Resolution(excluded=True)
        kinds = [i[5:] for i in items if i.startswith("kind:")]
        names = [i for i in items if not i.startswith("kind:")]
        if self.registry is None:
            group = UnitGroup(name=name, role=_group_role(role), kinds=kinds) if kinds else None
            return Resolution(ids=names, group=group)
        if mapping_problem(value, self.registry):
            return Resolution(ids=[name], unresolved=True)
        ids = [unit.id for i in names if (unit := self.registry.find_unit(i))]
        return self._kinds(name, role, kinds, ids) if kinds else Resolution(ids=ids)


def _group_role(role: str) -> str:
    return "lead" if role == "lead" else "assist"
