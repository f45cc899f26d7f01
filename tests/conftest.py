"""Shared fixtures: small workspaces written as real files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

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
