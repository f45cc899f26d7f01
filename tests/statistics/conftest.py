"""Fixtures: the 示例市 2024 workspace in data/city2024, validated for real (intake + validation).

Hand-computed figures of that workspace (valid units: sfj gaj scjg hbj dz nz zz hz sz):
  recon: 司法局 (复议机关) 收到400 审结356 直接纠错72; 公安局 also reports 收到30 as 被申请人 → not counted;
  lit: 一审审结 10+100+40+24 = 174, 败诉 2+30+10+8 = 50; 开庭 4+100+50+20 = 174, 出庭 4+90+45+10 = 149;
  petition (东镇, 南镇): 5533 / 5569; 北镇 has an error (参加考试 10 > 应参加 5) and is excluded;
  西镇 sent nothing; 南镇 sent on 2025-03-05, after the 2025-03-01 deadline; 东镇 at 18:30 on the deadline.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annual_report.intake import discover, read_file
from annual_report.pipeline import load
from annual_report.plan import WorkPlan
from annual_report.statistics import Statistics, compute_statistics
from annual_report.validation import ValidationReport, validate
from annual_report.workspace import Workspace

CITY = Path(__file__).parent / "data" / "city2024"


def validated(root: Path) -> tuple[Workspace, WorkPlan | None, ValidationReport]:
    ws, plan = load(root)
    return ws, plan, validate(ws, [read_file(p, ws) for p in discover(ws)], plan)


@pytest.fixture(scope="session")
def city() -> tuple[Workspace, WorkPlan | None, ValidationReport]:
    return validated(CITY)


@pytest.fixture(scope="session")
def city_ws(city: tuple[Workspace, WorkPlan | None, ValidationReport]) -> Workspace:
    return city[0]


@pytest.fixture(scope="session")
def city_report(city: tuple[Workspace, WorkPlan | None, ValidationReport]) -> ValidationReport:
    return city[2]


@pytest.fixture(scope="session")
def stats(city: tuple[Workspace, WorkPlan | None, ValidationReport]) -> Statistics:
    ws, plan, report = city
    return compute_statistics(ws, report, plan)


@pytest.fixture
def city_copy(tmp_path: Path) -> Path:
    """A writable copy of the workspace."""
    return Path(shutil.copytree(CITY, tmp_path / "city2024"))
