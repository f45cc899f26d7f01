"""The command line: exit codes, output forms, one-line errors (in-process; one run as a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from annual_report.cli import app
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str) -> Ran:
    result = CliRunner().invoke(app, list(args), obj={"orchestrate": None})
    return Ran(result.exit_code, result.stdout, result.stderr)


def test_the_installed_command_runs_as_a_process_and_has_help_for_every_command() -> None:
    for args in (["--help"], ["validate", "--help"], ["build", "--help"], ["plan", "import", "--help"]):
        result = subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        assert "Usage" in result.stdout and "例：" in result.stdout


def test_validate_clean_workspace_exits_0(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    result = cli("validate", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "测试市公安局" in result.stdout and "已提交" in result.stdout
    assert "东镇人民政府" in result.stdout and "缺报" in result.stdout


def test_validate_with_errors_exits_1_and_json_has_the_keys(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.yaml": {**GOOD_SUBMISSION, "year": 2023}})
    result = cli("validate", str(root), "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert all(set(f) == {"unit", "file", "location", "rule", "severity", "message"} for f in findings)
    assert any({"unit": "gaj", "rule": "wrong_year", "severity": "error"}.items() <= f.items() for f in findings)


@pytest.mark.parametrize(
    ("config", "expected"),
    [(None, "缺少 report.yaml"), ("year: [1\n", "无法解析"), ("region: 示例市\n", "government"),
     ("- a list\n", "键值映射")],
)
def test_bad_workspace_is_one_line_exit_2(tmp_path: Path, config: str | None, expected: str) -> None:
    if config is not None:
        (tmp_path / "report.yaml").write_text(config, encoding="utf-8")
    result = cli("validate", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr and "report.yaml" in result.stderr


def test_bad_registry_names_the_field(make_workspace: MakeWorkspace) -> None:
    root = make_workspace()
    config = yaml.safe_load((root / "report.yaml").read_text(encoding="utf-8"))
    config["units"][1]["kind"] = "nosuch"
    (root / "report.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = cli("validate", str(root))
    assert result.returncode == 2
    assert "units[1].kind" in result.stderr


@pytest.mark.parametrize(
    ("config", "catalogue", "expected"),
    [({"outline": {"topics": []}}, None, "outline.topics"),
     ({"units": []}, None, "units"),
     ({"catalogue": "metrics.yaml"}, b"groups: [\n", "指标目录无法读取"),
     ({"catalogue": "metrics.yaml"}, b"\xff\xfe\x00", "指标目录无法读取"),
     ({"catalogue": "metrics.yaml"}, "- 不是映射\n".encode(), "metrics.yaml")],
)
def test_unusable_settings_are_one_line_exit_2(make_workspace: MakeWorkspace, config: dict,
                                               catalogue: bytes | None, expected: str) -> None:
    root = make_workspace(config=config)
    if catalogue is not None:
        (root / "metrics.yaml").write_bytes(catalogue)
    result = cli("validate", str(root))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr
