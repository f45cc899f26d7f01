"""validation.xlsx holds every finding and every unit, readable back with pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from annual_report.outputs.validation_xlsx import write_validation_workbook
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace, validated


def test_workbook_lists_all_findings_and_statuses(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    root = make_workspace({"gaj.yaml": {**GOOD_SUBMISSION, "metrics": {"lit.lost": "=1+1"}},
                           "x.yaml": {**GOOD_SUBMISSION, "unit": "=SUM(1,2)"}})
    ws, _, report = validated(root)
    path = write_validation_workbook(ws, report, tmp_path / "validation.xlsx")
    findings = pd.read_excel(path, sheet_name="问题清单")
    assert len(findings) == len(report.findings)
    row = findings.loc[findings["规则"] == "non_numeric"].iloc[0]
    assert (row["单位"], row["位置"], row["级别"]) == ("测试市公安局", "metrics.lit.lost", "错误")
    assert "=1+1" in row["说明"]
    unknown = findings.loc[findings["规则"] == "unknown_unit"].iloc[0]
    assert unknown["单位"] == "=SUM(1,2)"  # user text that looks like a formula stays text
    status = pd.read_excel(path, sheet_name="报送情况").set_index("单位编号")
    assert status.loc["gaj", "状态"] == "有错误" and status.loc["dz", "状态"] == "缺报"
    assert status.loc["gaj", "文件"] == "submissions/gaj.yaml"
