"""`annual-report build` as a user runs it: a fresh embedded Prefect server, a quiet terminal, full history."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from annual_report.intake import discover
from annual_report.pipeline import load
from tests.conftest import EXAMPLE

COMMAND = [sys.executable, "-m", "annual_report"]  # what the installed `annual-report` script runs


def build(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {"PREFECT_HOME": str(home)}
    return subprocess.run([*COMMAND, "build", *args], capture_output=True, text=True, timeout=300, env=env)


def test_build_prints_stages_then_the_run_folder_and_keeps_every_task_run(tmp_path: Path) -> None:
    home = tmp_path / "prefect-home"
    result = build(str(EXAMPLE), "--out", str(tmp_path / "out"), home=home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[:3] == ["▸ 读取工作区配置", "▸ 查找报送文件", "▸ 读取报送文件"]
    folder = Path(lines[-1])
    # how to open the run, on the line before the run folder: a server on this Prefect home, the run's address
    assert lines[-2].startswith(f"在 Prefect 界面中查看本次运行：PREFECT_HOME={home} prefect server start，"
                                "然后打开 http://127.0.0.1:4200/runs/flow-run/")
    assert folder.is_dir() and (folder / "report.docx").is_file()
    assert "Traceback" not in result.stderr and "Error flushing" not in result.stderr
    assert result.stderr.strip() == ""
    # every file's intake task run reached Prefect's database before the command returned
    with sqlite3.connect(home / "prefect.db") as db:
        names = {row[0] for row in db.execute("SELECT name FROM task_run")}
    ws, _ = load(EXAMPLE)
    assert {f"intake-{p.name}" for p in discover(ws)} <= names
    assert {"load", "discover", "validate", "aggregate", "draft", "compose", "render", "publish"} <= {
        n.rsplit("-", 1)[0] for n in names}


def test_strict_build_without_prefect_exits_1_when_a_unit_has_errors(tmp_path: Path) -> None:
    result = build(str(EXAMPLE), "--out", str(tmp_path), "--no-prefect", "--strict", home=tmp_path)
    assert result.returncode == 1
    assert "8 处错误，涉及 5 个单位，有错误的数字未计入合计" in result.stdout
    # one line names the totals that lack a unit's figure; the 审阅稿 says which units, sentence by sentence
    assert "6项合计或比率缺少部分单位的数字：执法人员集中培训、行政诉讼一审审结、行政诉讼败诉、" in result.stdout
    assert Path(result.stdout.strip().splitlines()[-1]).is_dir()  # the report was still written


def test_build_of_a_bad_workspace_exits_2_before_starting_prefect(tmp_path: Path) -> None:
    result = build(str(tmp_path / "nothing"), home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "工作区文件夹不存在" in result.stderr


def test_each_workspace_records_its_runs_in_its_own_prefect_home(tmp_path: Path) -> None:
    """Without PREFECT_HOME, a build is recorded in the workspace's .prefect/ (report.yaml prefect.home), which
    the run's manifest leaves out; the command's home is not touched."""
    workspace = Path(shutil.copytree(EXAMPLE, tmp_path / "example-2024", ignore=shutil.ignore_patterns(".prefect")))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {"HOME": str(tmp_path / "home")}
    result = subprocess.run([*COMMAND, "build", str(workspace), "--out", str(tmp_path / "out")], capture_output=True,
                            text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip().splitlines()[-1])
    with sqlite3.connect(workspace / ".prefect" / "prefect.db") as db:
        assert db.execute("SELECT name FROM flow_run").fetchall() == [(f"示例市2024 · {folder.name}",)]
    assert not (tmp_path / "home" / ".prefect" / "prefect.db").exists()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert not [name for name in manifest["inputs"] if name.startswith(".prefect")]
