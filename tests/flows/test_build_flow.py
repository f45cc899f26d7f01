"""The Prefect flows on real workspaces: outputs, artifacts, failure handling, and plain-Python parity."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    FlowRunFilter,
    FlowRunFilterId,
)

from flows import runtime
from tests.conftest import EXAMPLE
from tests.docx_text import document_text
from tests.golden import GOLDEN

pytestmark = pytest.mark.usefixtures("prefect_server")

RUN_FILES = {"report.docx", "report-review.docx", "statistics.xlsx", "validation.xlsx", "manifest.json"}


def artifacts_of(flow_run_id) -> dict[str, object]:
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return {a.key: a for a in found}


def test_build_report_writes_the_run_and_its_artifacts(tmp_path: Path) -> None:
    from flows.build_report import build_report

    state = build_report(EXAMPLE, tmp_path, return_state=True)
    result = state.result()
    folder = Path(result["run_folder"])
    assert {p.name for p in folder.iterdir()} >= RUN_FILES
    assert folder.parent.name == "2024" and folder.parent.parent.name == "example-2024"
    assert (folder.parent / "latest").read_text(encoding="utf-8").strip() == folder.name
    # the corrupt workbook in the example is reported, and every other unit still built
    findings = pd.read_excel(folder / "validation.xlsx", sheet_name="问题清单")
    assert "unreadable" in set(findings["规则"])
    assert result["units_valid"] == 32  # an error keeps out its figure, not the unit (only 市教育局, a wrong year, is out)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "submissions/水务局统计报表.xlsx" in manifest["inputs"]
    assert set(manifest["outputs"]) >= RUN_FILES - {"manifest.json"}
    artifacts = artifacts_of(state.state_details.flow_run_id)
    assert {"report-summary", "submission-status", "report-docx"} <= set(artifacts)
    assert "示例市2024年度法治政府建设情况报告" in artifacts["report-summary"].data
    summary = artifacts["report-summary"].data  # the two dates, the days left, what is open
    assert "- 向上级报告：2025年3月1日（" in summary and "- 向社会公开：2025年4月1日（" in summary
    assert "缺报2个单位（示例市白沙乡人民政府、示例经济技术开发区管理委员会）" in summary
    assert f"公开前保密审查未进行（annual-report release {folder}）" in summary
    assert f"({(folder / 'report.docx').as_uri()})" in artifacts["report-docx"].data
    # the task-run recorder works asynchronously: wait as the CLI does, then every run is there
    assert runtime.wait_for_history(state.state_details.flow_run_id, result["task_runs"]) == result["task_runs"]
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(
            id=FlowRunFilterId(any_=[state.state_details.flow_run_id])))
    names = {r.name for r in runs}
    assert {"intake-sfj.yaml", "intake-北湖街道-2024年度报送表.xlsx"} <= names  # each file's task run names it
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(state.state_details.flow_run_id)
    assert run.name == f"示例市2024 · {folder.name}"  # the region, the year and the run folder
    assert set(run.tags) == {"region:示例市", "year:2024", "workspace:example-2024"}
    assert all(not r.tags for r in runs)  # task runs untagged: no concurrency-slot round trips
    assert len(runs) == 8 + result["files"]  # eight stages, and one intake task run per file
    # the flow runs the same stages as the plain pipeline: the same 公开稿 as the stored plain build
    assert document_text(folder / "report.docx") == json.loads(
        (GOLDEN / "example-report.json").read_text(encoding="utf-8"))


def test_a_crash_mid_render_leaves_no_partial_run(tmp_path: Path) -> None:
    from flows.build_report import build_report

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws)
    (ws / "broken.docx").write_bytes(b"not a word file")
    config = (ws / "report.yaml").read_text(encoding="utf-8")
    (ws / "report.yaml").write_text(config + "\ntemplate: broken.docx\n", encoding="utf-8")
    out = tmp_path / "out"
    state = build_report(ws, out, return_state=True)
    assert state.is_failed()
    parent = out / "ws" / "2024"
    assert list(parent.iterdir()) == []  # no staging folder, no run, no latest pointer




def test_check_submissions_reports_progress_without_a_report(tmp_path: Path) -> None:
    from flows.check_submissions import check_submissions

    state = check_submissions(EXAMPLE, return_state=True)
    counts = state.result()
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(state.state_details.flow_run_id)
    assert run.name.startswith("示例市2024 · 报送检查 ") and "workspace:example-2024" in run.tags
    assert counts["units_expected"] == 35 and counts["units_submitted"] == 33
    artifacts = artifacts_of(state.state_details.flow_run_id)
    assert {"submission-progress", "submission-status", "submission-findings"} <= set(artifacts)
    assert "白沙乡" in artifacts["submission-progress"].data


def test_a_file_nested_900_levels_is_a_finding_in_the_flow_too(tmp_path: Path) -> None:
    """Deep data once reached Prefect's result handling and crashed the run with RecursionError."""
    from flows.check_submissions import check_submissions

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws)
    (ws / "submissions" / "gaj.json").write_text('{"unit": "gaj", "year": 2024, "metrics": ' + "[" * 900 +
                                                 "]" * 900 + "}", encoding="utf-8")
    state = check_submissions(ws, return_state=True)
    assert state.is_completed() and state.result()["units_submitted"] == 33


def test_a_build_into_the_out_a_portal_serves_links_its_artifacts_to_the_portal(tmp_path: Path) -> None:
    """serve records its download address; a flow run into the same --out (from the command line) links there,
    a run into another --out still to its files."""
    from annual_report.publish import record_downloads
    from flows.build_report import build_report

    workspace = Path(shutil.copytree(EXAMPLE, tmp_path / "example-2024", ignore=shutil.ignore_patterns(".prefect")))
    record_downloads(workspace, tmp_path / "out", "https://fzb.example.gov.cn/office/runs")
    served = build_report(workspace, tmp_path / "out", return_state=True)
    folder = Path(served.result()["run_folder"])
    link = artifacts_of(served.state_details.flow_run_id)["report-docx"].data
    assert f"(https://fzb.example.gov.cn/office/runs/{folder.name}/report.docx)" in link
    elsewhere = build_report(workspace, tmp_path / "other", return_state=True)
    other = Path(elsewhere.result()["run_folder"])
    assert (other / "report.docx").as_uri() in artifacts_of(elsewhere.state_details.flow_run_id)["report-docx"].data
