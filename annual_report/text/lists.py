"""Lists of names in the report, bounded: a province's thousands of units never become pages of names."""

from __future__ import annotations


def named(labels: list[str], limit: int, noun: str = "个单位") -> str:
    """「甲、乙、丙」; past `limit` names, 「甲、乙……等120个单位」 (the full list is in the workbooks)."""
    if len(labels) <= limit:
        return "、".join(labels)
    return f"{'、'.join(labels[:limit])}等{len(labels)}{noun}"
