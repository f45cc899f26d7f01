"""Which totals changed between two runs and why, from their statistics.json: the units whose figures were
added to a total, taken out of it, or corrected; and the units that newly submitted or newly failed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TotalChange:
    name: str  # the metric's name
    old: str  # as the report prints it: 「156件」, or 「—」 where a run has none
    new: str
    reasons: list[str]


@dataclass
class Changes:
    totals: list[TotalChange] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # what changed in the units' submissions, one line each


def _by_metric(stats: dict) -> dict[str, dict]:
    return {t["metric"]: t for t in stats.get("totals", []) if t.get("value") is not None}


def _unit_values(stats: dict) -> dict[str, dict[str, tuple[str, float]]]:
    """metric → unit id → (unit name, value), for the units whose figures count."""
    found: dict[str, dict[str, tuple[str, float]]] = {}
    for row in stats.get("units", []):
        found.setdefault(row["metric"], {})[row["unit"]] = (row["name"], row["value"])
    return found


def _reasons(metric: str, old: dict, new: dict, old_units: dict, new_units: dict, excluded: dict) -> list[str]:
    """Why a total moved: per unit, added, taken out (and why) or corrected; for a rate, its counts."""
    if new.get("numerator") is not None or old.get("numerator") is not None:
        return [f"按{new.get('formula') or '—'}计算（上一稿：{old.get('formula') or '—'}）"]
    before, after = old_units.get(metric, {}), new_units.get(metric, {})
    measure = (new or old).get("unit", "")

    def shown(value: float) -> str:
        return f"{value:g}{measure}"

    reasons = []
    for unit in sorted(set(before) | set(after), key=lambda u: (after.get(u) or before[u])[0]):
        if unit not in before:
            reasons.append(f"新计入{after[unit][0]}（{shown(after[unit][1])}）")
        elif unit not in after:
            why = f"：{excluded[unit]}" if unit in excluded else ""
            reasons.append(f"不再计入{before[unit][0]}（原{shown(before[unit][1])}{why}）")
        elif before[unit][1] != after[unit][1]:
            reasons.append(f"{after[unit][0]}更正为{shown(after[unit][1])}（原{shown(before[unit][1])}）")
    return reasons


def _units(old: dict, new: dict) -> list[str]:
    before = {r["unit"]: r for r in old.get("reporting", [])}
    after = {r["unit"]: r for r in new.get("reporting", [])}
    lines = []
    for label, test in (("新报送", lambda b, a: a["submitted"] and not (b and b["submitted"])),
                        ("数据新计入统计", lambda b, a: a["valid"] and not (b and b["valid"])),
                        ("数据不再计入统计", lambda b, a: not a["valid"] and bool(b and b["valid"]))):
        names = [a["name"] for unit, a in after.items() if test(before.get(unit), a)]
        if names:
            lines.append(f"{label}：{'、'.join(names)}（{len(names)}个单位）")
    return lines


def compare_statistics(old: dict | None, new: dict | None) -> Changes:
    """The totals that differ between two statistics.json, with their reasons; empty without either."""
    if not old or not new:
        return Changes()
    before, after = _by_metric(old), _by_metric(new)
    old_units, new_units = _unit_values(old), _unit_values(new)
    excluded = {e["unit"]: e["reason"] for e in new.get("excluded", [])}
    changes = Changes(units=_units(old, new))
    for metric in [*after, *(m for m in before if m not in after)]:
        a, b = before.get(metric, {}), after.get(metric, {})
        if a.get("display") == b.get("display"):
            continue
        changes.totals.append(TotalChange((b or a)["name"], a.get("display", "—"), b.get("display", "—"),
                                          _reasons(metric, a, b, old_units, new_units, excluded)))
    return changes
