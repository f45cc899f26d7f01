"""Benchmark: aggregate 5,000 units × 60 metrics (goal: under 2 s).

Run from the repository root: python bench/aggregate.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from annual_report.config.catalogue import Catalogue, Group, Metric
from annual_report.config.themes import load_themes
from annual_report.config.workspace import ReportConfig, Workspace
from annual_report.statistics import aggregate, compute_statistics

UNITS = 5_000
COUNTS = 48  # plus 12 rates over pairs of them: 60 metrics
RATES = 12
GOAL_SECONDS = 2.0


def synthetic_workspace() -> Workspace:
    """A catalogue of 48 counts (every fourth with a role) and 12 rates; 5,000 units in 3 kinds."""
    roles = [None, None, None, "as_authority", None, None, None, "as_respondent"]
    counts = [Metric(id=f"m{i:02d}", name=f"计数{i}", unit="件", group="g", role=roles[i % 8])
              for i in range(COUNTS)]
    rates = [Metric(id=f"r{i:02d}", name=f"比率{i}", unit="%", group="g", numerator=f"m{2 * i + 1:02d}",
                    denominator=f"m{2 * i:02d}") for i in range(RATES)]
    catalogue = Catalogue(groups=[Group(id="g", name="分组")], metrics=counts + rates,
                          roles={"as_authority": "复议机关", "as_respondent": "被申请人、被告"})
    config = ReportConfig.model_validate({
        "region": "基准市", "government": "基准市人民政府", "year": 2024, "deadline": "2025-03-01",
        "kinds": {"dept": {"name": "部门"}, "town": {"name": "乡镇"},
                  "court": {"name": "复议机关", "roles": ["as_authority"]}},
        "units": [{"id": f"u{i:04d}", "name": f"单位{i}", "kind": ("dept", "town", "court")[i % 3]}
                  for i in range(UNITS)],
        "outline": {"topics": [{"key": "t", "heading": "专题"}]},
    })
    return Workspace(root=Path("bench"), config=config, catalogue=catalogue, themes=load_themes())


def synthetic_values(ws: Workspace, seed: int = 2024) -> pd.DataFrame:
    """Every unit reports every count; numerators never exceed their denominators."""
    rng = np.random.default_rng(seed)
    ids = [m.id for m in ws.catalogue.counts]
    values = rng.integers(0, 1_000, size=(UNITS, len(ids)))
    values[:, 1::2] = np.minimum(values[:, 1::2], values[:, 0::2])
    wide = pd.DataFrame(values, columns=ids, index=[u.id for u in ws.config.units])
    return wide.rename_axis("unit").reset_index().melt(id_vars="unit", var_name="metric", value_name="value")


def timed(label: str, run: Callable[[], object]) -> None:
    start = time.perf_counter()
    run()
    print(f"{label}: {time.perf_counter() - start:.2f} s")


def main() -> None:
    ws = synthetic_workspace()
    long = synthetic_values(ws)
    print(f"{UNITS} units × {COUNTS + RATES} metrics ({len(long):,} values); goal for aggregate < {GOAL_SECONDS:g} s")
    timed("aggregate (totals, kind totals, unit rates)", lambda: aggregate(long, ws))
    timed("compute_statistics (+ YoY, targets, outliers)", lambda: compute_statistics(ws, long))


if __name__ == "__main__":
    main()
