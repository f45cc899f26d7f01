"""Outlier warnings: against the unit's own last year, and against its unit kind (robust z-score)."""

from __future__ import annotations

import pandas as pd

from annual_report.findings import Severity
from annual_report.statistics import Statistics, aggregate
from annual_report.statistics.outliers import find_outliers
from annual_report.workspace import Workspace


def flagged(stats: Statistics, rule: str) -> set[tuple[str, str]]:
    rows = stats.outliers[stats.outliers["rule"] == rule]
    return set(zip(rows["unit"], rows["metric"], strict=True))


def test_change_against_own_last_year(stats: Statistics) -> None:
    # 公安局 行政处罚 100 → 500 (5×), 市场监管局 600 → 150 (÷4); 生态环境局 40 → 50 is not flagged
    assert flagged(stats, "outlier_yoy") == {("gaj", "enf.penalties"), ("scjg", "enf.penalties")}


def test_far_from_its_kind(stats: Statistics) -> None:
    # 山镇 受理 900 among 100, 110, 95, 105: median 105, MAD 5 → z = 0.6745 × 795 / 5 ≈ 107
    assert flagged(stats, "outlier_kind") == {("sz", "med.accepted"), ("sz", "med.resolved")}
    z = stats.outliers.set_index(["unit", "metric"]).loc[("sz", "med.accepted"), "score"]
    assert round(z, 1) == 107.2


def test_findings_are_chinese_warnings(stats: Statistics) -> None:
    found = [f for f in stats.findings if f.rule.startswith("outlier")]
    assert len(found) == 4
    assert all(f.severity is Severity.WARNING for f in found)
    message = next(f.message for f in found if f.unit == "gaj")
    assert message == "市公安局「行政处罚」为500件，上年为100件，增加幅度超过3倍；请核实是否填错"


def test_kind_check_needs_five_units_and_a_spread(city_ws: Workspace) -> None:
    # 4 市直部门 (too few) and 5 乡镇 whose values are equal but one (MAD 0): nothing flagged
    towns = ["dz", "nz", "zz", "hz", "sz"]
    frame = pd.DataFrame({
        "unit": ["sfj", "gaj", "scjg", "hbj", *towns],
        "metric": "aid.cases",
        "value": [1, 1, 2, 500, 7, 7, 7, 7, 900],
    })
    assert find_outliers(aggregate(frame, city_ws)).empty
