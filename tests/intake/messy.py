"""A workspace of six units for the messy-file tests, and reading one back to its figures."""

from __future__ import annotations

from pathlib import Path

from annual_report.statistics.aggregate import Totals, aggregate
from annual_report.validation import ValidationReport
from tests.conftest import MakeWorkspace, validated

UNITS = {
    "kinds": {"dept": {"name": "政府部门"}, "town": {"name": "乡镇（街道）"}},
    "units": [
        {"id": "gaj", "name": "测试市公安局", "short": "市公安局", "kind": "dept"},
        {"id": "zrzyj", "name": "测试市自然资源局", "short": "市自然资源局", "kind": "dept"},
        {"id": "zjj", "name": "测试市住房和城乡建设局", "short": "市住建局", "kind": "dept"},
        {"id": "dz", "name": "东镇人民政府", "short": "东镇", "kind": "town"},
        {"id": "nz", "name": "南镇人民政府", "short": "南镇", "kind": "town"},
        {"id": "xz", "name": "西镇人民政府", "short": "西镇", "kind": "town"},
    ],
}
LIT_HEADER = ["一审审结", "败诉", "开庭审理", "负责人出庭应诉"]
LIT_ROWS = [["市公安局", 14, 1, 12, 11], ["市自然资源局", 12, 2, 10, 9], ["市住建局", 11, 1, 8, 8]]
LIT_FIGURES = {
    "gaj": {"lit.first_instance_closed": 14, "lit.lost": 1, "lit.hearings": 12, "lit.head_appearances": 11},
    "zrzyj": {"lit.first_instance_closed": 12, "lit.lost": 2, "lit.hearings": 10, "lit.head_appearances": 9},
    "zjj": {"lit.first_instance_closed": 11, "lit.lost": 1, "lit.hearings": 8, "lit.head_appearances": 8},
}


def run(make_workspace: MakeWorkspace, files: dict[str, object]) -> tuple[Path, ValidationReport, Totals]:
    root = make_workspace(files, config=UNITS)
    ws, _, report = validated(root)
    return root, report, aggregate(report, ws)


def rules(report: ValidationReport, *ignore: str) -> list[tuple[str, str, str]]:
    """(rule, unit, location) of every finding but those always expected here."""
    skip = {"missing_submission", "no_narrative", *ignore}
    return [(f.rule, f.unit, f.location) for f in report.findings if f.rule not in skip]


def metrics(report: ValidationReport, *units: str) -> dict[str, dict[str, int]]:
    return {u: report.units[u].submission.metrics for u in units}
