"""Reporting completeness: expected, submitted, on time (end of the deadline day), late, missing, valid."""

from __future__ import annotations

import pandas as pd

from annual_report.statistics import Statistics


def scope(stats: Statistics, name: str) -> pd.Series:
    return stats.completeness.set_index("scope").loc[name]


def test_whole_region(stats: Statistics) -> None:
    row = scope(stats, "全部")
    counts = row[["expected", "submitted", "on_time", "late", "missing", "valid"]].tolist()
    assert counts == [11, 10, 9, 1, 1, 10]  # 北镇's error keeps two figures out, its others count
    assert row["missing_units"] == "西镇人民政府"
    assert row["late_units"] == "南镇人民政府"
    assert row["reporting_rate"] == 10 * 100 / 11


def test_per_kind(stats: Statistics) -> None:
    towns = scope(stats, "乡镇（街道）")
    assert towns[["expected", "submitted", "late", "missing", "valid"]].tolist() == [7, 6, 1, 1, 6]
    depts = scope(stats, "市直部门")
    assert (depts["reporting_rate"], depts["missing_units"], depts["late_units"]) == (100.0, "", "")


def test_deadline_day_counts_until_its_end(stats: Statistics) -> None:
    units = stats.reporting.set_index("unit")
    assert units.loc["dz", "on_time"]  # 2025-03-01 18:30, deadline 2025-03-01
    assert units.loc["nz", "late"]
    assert not units.loc["xz", "submitted"]
    assert units.loc["bz", "valid"] and units.loc["bz", "on_time"]  # an error keeps out two figures, not all
