"""Shared fixtures: small workspaces written as real files, and the 示例市 2024 test workspace in data/city2024,
validated for real (intake + validation).

Hand-computed figures of that workspace (units with figures: sfj gaj scjg hbj dz nz bz zz hz sz):
  recon: 司法局 (复议机关) 收到400 审结356 直接纠错72; 公安局 also reports 收到30 as 被申请人 → not counted;
  lit: 一审审结 10+100+40+24 = 174, 败诉 2+30+10+8 = 50; 开庭 4+100+50+20 = 174, 出庭 4+90+45+10 = 149;
  petition (东镇, 南镇): 5533 / 5569; 北镇 has an error (参加考试 10 > 应参加 5): those two figures are left out, its
  公证 7 counts;
  西镇 sent nothing; 南镇 sent on 2025-03-05, after the 2025-03-01 deadline; 东镇 at 18:30 on the deadline.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Workspace
from annual_report.pipeline import BuildResult, Runner, build, check
from annual_report.statistics import Statistics, compute_statistics
from annual_report.validation import ValidationReport
from annual_report.wording import Figures

# Builds run in the test's own process (Prefect's test or temporary server), not in a local daemon that would
# outlive the test; tests/flows/test_local_server.py switches it on and stops what it started.
os.environ.setdefault("ANNUAL_REPORT_DAEMON", "off")

# Property tests check behaviour, not speed (benchmarks do that): no per-example deadline on a busy machine.
settings.register_profile("annual-report", deadline=None)
settings.load_profile("annual-report")

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "inputs" / "example-2024"
SHARED = REPO.parent / "shared"

SMALL_CONFIG = {
    "region": "测试市",
    "government": "测试市人民政府",
    "year": 2024,
    "deadline": "2025-03-01",
    "kinds": {
        "dept": {"name": "有执法权的政府部门", "required": ["lit.first_instance_closed", "lit.lost"]},
        "town": {"name": "乡镇（街道）"},
    },
    "units": [
        {"id": "sfj", "name": "测试市司法局", "short": "市司法局", "kind": "dept",
         "roles": ["as_authority", "as_respondent"]},
        {"id": "gaj", "name": "测试市公安局", "short": "市公安局", "kind": "dept"},
        {"id": "dz", "name": "东镇人民政府", "short": "东镇", "kind": "town"},
    ],
    "outline": {"form": "three_part", "topics": [
        {"key": "functions", "heading": "健全政府机构职能体系"},
        {"key": "enforcement", "heading": "严格规范公正文明执法"},
    ]},
}

GOOD_SUBMISSION = {
    "unit": "gaj",
    "year": 2024,
    "submitted_at": "2025-02-20T10:00:00",
    "metrics": {"lit.first_instance_closed": 10, "lit.lost": 1},
    "achievements": [{"text": "组织执法人员集中培训。", "topic": "enforcement"}],
    "problems": [{"text": "执法人员专业能力有待提升。"}],
    "next_year": [{"text": "继续开展案卷评查。"}],
}

MakeWorkspace = Callable[..., Path]


@pytest.fixture
def make_workspace(tmp_path: Path) -> MakeWorkspace:
    """Write report.yaml (SMALL_CONFIG updated with `config`) and the given submission files."""

    made = iter(range(1000))

    def make(files: dict[str, object] | None = None, config: dict | None = None) -> Path:
        root = tmp_path / f"ws{next(made)}"
        (root / "submissions").mkdir(parents=True)
        (root / "report.yaml").write_text(
            yaml.safe_dump({**SMALL_CONFIG, **(config or {})}, allow_unicode=True), encoding="utf-8")
        for name, content in (files or {}).items():
            path = root / "submissions" / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            elif isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        return root

    return make


CITY = Path(__file__).parent / "data" / "city2024"


def validated(root: Path) -> tuple[Workspace, WorkPlan | None, ValidationReport]:
    checked = check(root, Runner())
    return checked.ws, checked.plan, checked.report


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


@pytest.fixture(scope="session")
def figures(stats: Statistics) -> Figures:
    return Figures(stats)


@pytest.fixture
def city_copy(tmp_path: Path) -> Path:
    """A writable copy of the workspace."""
    return Path(shutil.copytree(CITY, tmp_path / "city2024"))


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The example workspace built once with the plain pipeline, for every test that reads its outputs."""
    return build(EXAMPLE, tmp_path_factory.mktemp("example-run"))


@pytest.fixture(scope="session")
def example_ws() -> Workspace:
    from annual_report.config.workspace import load_workspace

    return load_workspace(EXAMPLE)


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """One Prefect test server for the whole session (starting one costs ≈ 10 s); tests that use it run on one
    xdist worker (tests/flows/, and the portal's browser test)."""
    from flows import runtime

    runtime.configure()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness():
        yield
