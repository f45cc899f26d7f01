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
        result = subprocess.run([sys.executable, "-m", "annual_report", *args], capture_output=True, text=True,
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


def test_rich_markup_in_a_cell_is_printed_as_written(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"lit.csv": "单位,行政诉讼败诉,[/注]\n[/注]东镇,1,[bold]x\n"})
    result = cli("validate", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[/注]东镇" in result.stdout and "「[/注]」不是指标目录中的指标" in result.stdout
    assert "[unknown_unit]" in result.stdout and "[unknown_metric]" in result.stdout  # rule ids are not markup


@pytest.mark.parametrize(("change", "expected"), [
    ({"signature_data": "2025-03-20"}, "signature_data：未知字段，是否为 signature_date？"),
    ({"limits": {"max_file": 5}}, "limits.max_file：未知字段，是否为 max_file_mb？"),
    ({"outline": {"topics": [{"key": "a", "heding": "甲"}]}}, "outline.topics[0].heding：未知字段，是否为 heading？"),
])
def test_an_unknown_key_in_report_yaml_makes_the_workspace_unusable(make_workspace: MakeWorkspace, change: dict,
                                                                    expected: str) -> None:
    root = make_workspace(config=change)
    result = cli("validate", str(root))
    assert result.returncode == 2 and result.stderr.strip().splitlines() == [
        f"错误：{root / 'report.yaml'}: {expected}"]


def test_a_key_given_twice_in_report_yaml_is_refused_with_its_line(make_workspace: MakeWorkspace) -> None:
    root = make_workspace()
    path = root / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "year: 2023\n", encoding="utf-8")
    result = cli("validate", str(root))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "year" in result.stderr and "出现了两次" in result.stderr and "行" in result.stderr


@pytest.mark.parametrize("inside", ["submissions", "history", "submissions/out"])
def test_out_inside_the_workspaces_inputs_is_refused(make_workspace: MakeWorkspace, inside: str) -> None:
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    result = cli("build", str(root), "--out", str(root / inside), "--no-prefect")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert f"在工作区的 {inside.split('/')[0]}/ 之内" in result.stderr
    assert sorted(p.name for p in (root / "submissions").iterdir()) == ["gaj.yaml"]


def test_an_unwritable_output_is_one_line_before_any_work(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = cli("build", str(root), "--out", str(tmp_path / "a-file" / "out"), "--no-prefect")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("错误：无法写入输出文件夹") and len(result.stderr.strip().splitlines()) == 1


def test_the_run_folder_is_always_under_out(make_workspace: MakeWorkspace, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    monkeypatch.chdir(root / "submissions")
    result = cli("build", "..", "--out", str(tmp_path / "out"), "--no-prefect")
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert folder.parent.parent == tmp_path / "out" / root.name and (folder / "report.docx").is_file()


def test_a_line_break_in_quoted_user_text_cannot_fake_a_finding(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"x.yaml": {**GOOD_SUBMISSION, "unit": "东镇\n错误 伪造的问题"}})
    result = cli("validate", str(root))
    assert "东镇\\n错误 伪造的问题" in result.stdout
    assert not any(line.startswith("错误 伪造") for line in result.stdout.splitlines())
