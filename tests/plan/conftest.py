"""Plan import fixtures: a small registry with departments, townships and an 其他单位, and the test plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from annual_report.config.catalogue import Catalogue, load_catalogue
from annual_report.config.workspace import ReportConfig

DATA = Path(__file__).parent / "data"

REGISTRY = {
    "region": "示例市",
    "government": "示例市人民政府",
    "year": 2025,
    "deadline": "2026-03-01",
    "kinds": {
        "dept_enf": {"name": "有行政执法权的政府部门"},
        "dept_other": {"name": "无行政执法权的政府部门"},
        "township": {"name": "乡镇（街道）"},
        "other": {"name": "其他单位"},
    },
    "units": [
        {"id": "sfj", "name": "示例市司法局", "short": "市司法局", "kind": "dept_enf"},
        {"id": "gaj", "name": "示例市公安局", "short": "市公安局", "kind": "dept_enf"},
        {"id": "scjgj", "name": "示例市市场监督管理局", "short": "市市场监管局", "kind": "dept_enf"},
        {"id": "zhzfj", "name": "示例市综合行政执法局", "short": "市综合执法局", "kind": "dept_enf"},
        {"id": "zfb", "name": "示例市人民政府办公室", "short": "市政府办", "kind": "dept_other"},
        {"id": "czj", "name": "示例市财政局", "short": "市财政局", "kind": "dept_other"},
        {"id": "xfj", "name": "示例市信访局", "short": "市信访局", "kind": "dept_other"},
        {"id": "town-dc", "name": "示例市东城街道办事处", "short": "东城街道", "kind": "township"},
        {"id": "town-qs", "name": "示例市青石镇人民政府", "short": "青石镇", "kind": "township"},
        {"id": "kfq", "name": "示例经济技术开发区管理委员会", "short": "示例经开区管委会", "kind": "other"},
    ],
    "outline": {"form": "three_part", "topics": [{"key": "enforcement", "heading": "严格规范公正文明执法"}]},
}
DEPARTMENTS = ["sfj", "gaj", "scjgj", "zhzfj", "zfb", "czj", "xfj"]
TOWNSHIPS = ["town-dc", "town-qs"]


@pytest.fixture(scope="session")
def registry() -> ReportConfig:
    return ReportConfig.model_validate(REGISTRY)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


def plan_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")
