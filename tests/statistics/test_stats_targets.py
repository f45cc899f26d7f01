"""Targets from report.yaml and plan.yaml: met, missed, without data; unit-scope shortfall lists."""

from __future__ import annotations

import pandas as pd

from annual_report.config.workspace import Target
from annual_report.statistics import Statistics
from annual_report.statistics.targets import check_targets
from annual_report.wording import Figures


def target(stats: Statistics, no: int) -> pd.Series:
    return stats.targets.set_index("no").loc[no]


def shortfalls(stats: Statistics, no: int) -> dict[str, str]:
    rows = stats.shortfalls[stats.shortfalls["no"] == no]
    shown = Figures(stats).rows(rows)
    return {unit: f"{figure} {status}" for unit, figure, status in zip(rows["unit"], shown, rows["status"],
                                                                       strict=True)}


def test_region_target_missed(stats: Statistics) -> None:
    row = target(stats, 2)  # 出庭应诉率 ≥ 90%: 149/174 = 85.6%
    assert (row["numerator"], row["denominator"], row["status"]) == (149, 174, "未达标")
    assert round(row["actual"], 1) == 85.6


def test_region_target_met(stats: Statistics) -> None:
    row = target(stats, 3)  # 经复议后被诉比例 < 30%: 50/356 = 14.0%
    assert (row["numerator"], row["denominator"], row["status"]) == (50, 356, "达标")


def test_target_without_data(stats: Statistics) -> None:
    assert target(stats, 4)["status"] == "无数据"  # 司法建议 反馈率: no 建议 received (0/0)


def test_unit_target_lists_the_units_that_fall_short(stats: Statistics) -> None:
    row = target(stats, 1)  # every 市直部门 ≥ 90%; 市场监管局 45/50 = 90% exactly meets it
    assert (row["status"], row["units_checked"], row["units_met"], row["shortfall_count"]) == ("未达标", 4, 3, 1)
    assert shortfalls(stats, 1) == {"hbj": "50% 未达标"}


def test_plan_target_applies_to_all_kinds_and_lists_missing_data(stats: Statistics) -> None:
    row = target(stats, 5)  # plan task 3: 会前学法 ≥ 4 for every unit
    assert row["source"] == "示例市2024年法治政府建设工作要点第3项"
    assert row["status"] == "未达标"
    assert shortfalls(stats, 5) == {"scjg": "2次 未达标", "hbj": "无数据 无数据", "bz": "无数据 无数据",
                                    "hz": "3次 未达标"}


def test_comparison_is_exact_not_on_the_printed_figure(stats: Statistics) -> None:
    # 72/356 = 20.2247…%, printed 20.2%
    table, _ = check_targets(stats, [Target(metric="recon.correction_rate", op=">=", value=20.2),
                                     Target(metric="recon.correction_rate", op=">=", value=20.23)])
    assert table["status"].tolist() == ["达标", "未达标"]
    assert Figures(stats).rows(table) == ["20.2%", "20.2%"]


def test_count_target_for_one_kind(stats: Statistics) -> None:
    table, short = check_targets(stats, [Target(metric="lead.preleague_study", op=">=", value=4, scope="unit",
                                                kinds=["town"])])
    assert table.loc[0, "status"] == "未达标"
    assert table.loc[0, "actual"] == 20  # 乡镇 total
    assert short["unit"].tolist() == ["bz", "hz"]  # 北镇 reported no 会前学法
