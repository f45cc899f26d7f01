"""The catalogue and the unit registry as tables, so statistics can join on them instead of looping."""


from __future__ import annotations

from typing import get_args

import pandas as pd

from annual_report.config.catalogue import Catalogue, Role
from annual_report.config.workspace import ReportConfig

ROLES: tuple[Role, ...] = get_args(Role)


def metric_table(catalogue: Catalogue) -> pd.DataFrame:
    """One row per metric in catalogue order: metric, name, unit, group, group_name, role, numerator,
    denominator, money, is_rate, proportion (a rate whose numerator is part of its denominator), parts (the
    counts a combined count adds up; [] for others)."""
    groups = catalogue.group_names
    return pd.DataFrame(
        [
            {
                "metric": m.id, "name": m.name, "unit": m.unit, "group": m.group, "group_name": groups[m.group],
                "role": m.role, "numerator": m.numerator, "denominator": m.denominator, "money": m.money,
                "is_rate": m.is_rate, "proportion": m.is_rate and m.proportion, "parts": list(m.parts),
            }
            for m in catalogue.metrics
        ],
        columns=["metric", "name", "unit", "group", "group_name", "role", "numerator", "denominator", "money",
                 "is_rate", "proportion", "parts"],
    )


def unit_table(config: ReportConfig) -> pd.DataFrame:
    """One row per registry unit in registry order: unit, name, label, kind, kind_name and one boolean
    column per role (the unit's figures for a metric of that role count in the totals)."""
    return pd.DataFrame(
        [
            {
                "unit": u.id, "name": u.name, "label": u.label, "kind": u.kind,
                "kind_name": config.kinds[u.kind].name,
                **{role: role in config.roles_of(u) for role in ROLES},
            }
            for u in config.units
        ],
        columns=["unit", "name", "label", "kind", "kind_name", *ROLES],
    )
