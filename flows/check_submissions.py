"""check_submissions: the daily status run before the deadline — who has submitted, and what is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from annual_report import pipeline
from flows import runtime
from flows.build_report import PrefectRunner, log_errors
from flows.summary import completeness_lines, status_rows


@flow(name="check-submissions", persist_result=False)
def check_submissions(workspace: Path, max_batches: int = pipeline.MAX_BATCHES) -> dict[str, int]:
    """Read and validate every submission; publish the status table and findings as artifacts, no report."""
    checked = pipeline.check(workspace, PrefectRunner(), max_batches)
    log_errors(checked)
    ws, counts = checked.ws, checked.counts
    config = ws.config
    runtime.label_run(runtime.run_name(config.region, config.year, f"报送检查 {dt.datetime.now():%Y-%m-%d %H:%M}"),
                      runtime.run_tags(config.region, config.year, ws.name))
    missing = [r["单位"] for r in status_rows(checked) if r["状态"] == "缺报"]
    create_markdown_artifact(
        "\n".join([f"# {ws.config.title}：报送进度", "", *completeness_lines(counts),
                   f"- 截止日期：{ws.config.deadline:%Y-%m-%d}", f"- 未报送：{'、'.join(missing) or '无'}"]),
        key="submission-progress", description="报送进度")
    create_table_artifact(status_rows(checked), key="submission-status", description="各单位报送情况")
    create_table_artifact([f.model_dump(mode="json") for f in checked.report.findings], key="submission-findings",
                          description="校验发现的问题")
    return counts
