"""check_submissions: the daily status run before the deadline — who has submitted, and what is wrong."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from annual_report import pipeline
from annual_report.validation import UnitStatus
from flows.build_report import discover_files, intake, load_workspace, validate_all
from flows.summary import completeness_lines, status_rows


@flow(name="check-submissions", persist_result=False)
def check_submissions(workspace: Path, max_batches: int = 64) -> dict[str, int]:
    """Read and validate every submission; publish the status table and findings as artifacts, no report."""
    ws, plan = load_workspace(workspace)
    files = discover_files(ws)
    batches = pipeline.batches(files, max_batches)
    report = validate_all(ws, plan, intake.map(unmapped(ws), batches).result() if batches else [])
    counts = pipeline.counts(report, len(files))
    missing = [r.unit.name for r in report.units.values() if r.status is UnitStatus.MISSING]
    create_markdown_artifact(
        "\n".join([f"# {ws.config.title}：报送进度", "", *completeness_lines(counts),
                   f"- 截止日期：{ws.config.deadline:%Y-%m-%d}", f"- 未报送：{'、'.join(missing) or '无'}"]),
        key="submission-progress", description="报送进度")
    create_table_artifact(status_rows(report), key="submission-status", description="各单位报送情况")
    create_table_artifact([f.model_dump(mode="json") for f in report.findings], key="submission-findings",
                          description="校验发现的问题")
    return counts
