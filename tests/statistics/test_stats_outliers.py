"""Outlier warnings: against the unit's own last year, and against its unit kind (robust z-score)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from annual_report.config.workspace import StatisticsOptions, Workspace
from annual_report.findings import Severity
from annual_report.statistics import Statistics, aggregate
from annual_report.statistics.outliers import find_outliers
from annual_report.wording.outliers import outlier_findings, outlier_messages, yoy_message


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


def test_findings_are_chinese_warnings_that_name_their_metric(stats: Statistics) -> None:
    found = outlier_findings(stats)
    assert len(found) == 4
    assert all(f.severity is Severity.WARNING for f in found)
    assert {f.metric for f in found} == {"enf.penalties", "med.accepted", "med.resolved"}
    messages = {f.unit: f.message for f in found if f.rule == "outlier_yoy"}
    assert messages == {
        "gaj": "市公安局「行政处罚」为500件，是上年（100件）的5倍，超过3倍的提示界限；请核实",
        "scjg": "市市场监管局「行政处罚」为150件，不足上年（600件）的1/3；请核实",
    }


@pytest.mark.parametrize(("value", "reference", "factor", "expected"), [
    (3150, 820, 3.0, "为3150次，是上年（820次）的3.8倍，超过3倍的提示界限；请核实"),  # +284%, not 「增加超过3倍」
    (150, 600, 3.0, "为150次，不足上年（600次）的1/3；请核实"),  # never 「减少幅度超过3倍」
    (0, 40, 3.0, "为0次，不足上年（40次）的1/3；请核实"),
    (40, 0, 3.0, "为40次，上年为0次（按1计算，超过3倍的提示界限）；请核实"),
    (1, 600, 2.5, "为1次，不足上年（600次）的40%；请核实"),
    (1234567, 100000, 10.0, "为1234567次，是上年（100000次）的12.3倍，超过10倍的提示界限；请核实"),
])
def test_yoy_message_names_the_ratio(value: int, reference: int, factor: float, expected: str) -> None:
    assert yoy_message("市综合执法局", "行政检查", "次", value, reference, factor) == f"市综合执法局「行政检查」{expected}"


def test_yoy_message_from_history(stats: Statistics, city_ws: Workspace) -> None:
    totals = aggregate(pd.DataFrame({"unit": ["scjg"], "metric": ["enf.inspections"], "value": [3150]}), city_ws)
    last = pd.DataFrame({"year": [2023], "unit": ["scjg"], "metric": ["enf.inspections"], "value": [820.0]})
    found = find_outliers(totals, last, StatisticsOptions())
    assert outlier_messages(replace(stats, outliers=found)).tolist() == [
        "市市场监管局「行政检查」为3150次，是上年（820次）的3.8倍，超过3倍的提示界限；请核实"]


def test_kind_check_needs_five_units_and_a_spread(city_ws: Workspace) -> None:
    # 4 市直部门 (too few) and 5 乡镇 whose values are equal but one (MAD 0): nothing flagged
    towns = ["dz", "nz", "zz", "hz", "sz"]
    frame = pd.DataFrame({
        "unit": ["sfj", "gaj", "scjg", "hbj", *towns],
        "metric": "aid.cases",
        "value": [1, 1, 2, 500, 7, 7, 7, 7, 900],
    })
    no_history = pd.DataFrame(columns=["year", "unit", "metric", "value"])
    assert find_outliers(aggregate(frame, city_ws), no_history, StatisticsOptions()).empty
