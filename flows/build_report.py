"""build_report: gather, validate, aggregate and render the year's report as one observable Prefect run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import task_run

from annual_report import pipeline
from annual_report.findings import Severity
from annual_report.intake import FileIntake, discover
from annual_report.narrative import Narrative
from annual_report.plan import WorkPlan
from annual_report.statistics import Statistics
from annual_report.validation import ValidationReport, validate
from annual_report.workspace import Workspace
from flows.summary import status_rows, summary_markdown

# In-memory results only: these objects are large and rebuilt from the workspace on every run.
LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


def _batch_name() -> str:
    files: list[Path] = task_run.parameters["files"]
    extra = f" 等{len(files)}个文件" if len(files) > 1 else ""
    return f"intake-{files[0].name}{extra}"


@task(retries=2, retry_delay_seconds=[1, 5], tags=["io"], **LOCAL)
def load_workspace(workspace: Path) -> tuple[Workspace, WorkPlan | None]:
    return pipeline.load(workspace)


@task(retries=2, retry_delay_seconds=[1, 5], tags=["io"], **LOCAL)
def discover_files(ws: Workspace) -> list[Path]:
    return discover(ws)


@task(task_run_name=_batch_name, retries=2, retry_delay_seconds=1, tags=["io", "intake"], **LOCAL)
def intake(ws: Workspace, files: list[Path]) -> list[FileIntake]:
    return pipeline.read_files(ws, files)


@task(tags=["validate"], **LOCAL)
def validate_all(ws: Workspace, plan: WorkPlan | None, intakes: list[list[FileIntake]]) -> ValidationReport:
    report = validate(ws, [i for batch in intakes for i in batch], plan)
    logger = get_run_logger()
    for finding in report.findings:
        if finding.severity is Severity.ERROR:
            logger.info("%s %s %s: %s", finding.unit, finding.file, finding.location, finding.message)
    return report


@task(tags=["aggregate"], **LOCAL)
def aggregate(ws: Workspace, plan: WorkPlan | None, report: ValidationReport) -> Statistics:
    return pipeline.aggregate(ws, plan, report)


@task(tags=["narrative"], **LOCAL)
def narrative(ws: Workspace, report: ValidationReport) -> Narrative:
    return pipeline.narrative(ws, report)


@task(tags=["render"], **LOCAL)
def render(ws: Workspace, stats: Statistics, report: ValidationReport, story: Narrative, staging: Path) -> list[Path]:
    return pipeline.render_outputs(ws, stats, report, story, staging)


@task(retries=2, retry_delay_seconds=1, tags=["io", "publish"], **LOCAL)
def publish(ws: Workspace, staging: Path, run_id: str, counts: dict[str, int], started: dt.datetime) -> Path:
    return pipeline.publish(ws, staging, run_id, counts, started)


@flow(name="build-report", persist_result=False)
def build_report(workspace: Path, out: Path = Path("outputs"), max_batches: int = 64) -> dict[str, object]:
    """Build both editions of the report, the workbooks and the manifest into a new run folder."""
    started = dt.datetime.now()
    ws, plan = load_workspace(workspace)
    pipeline.print_progress("discover")
    files = discover_files(ws)
    batches = pipeline.batches(files, max_batches)
    pipeline.print_progress("intake")
    intakes = intake.map(unmapped(ws), batches).result() if batches else []
    report = validate_all(ws, plan, intakes)
    pipeline.print_progress("aggregate")
    stats = aggregate(ws, plan, report)
    pipeline.print_progress("narrative")
    story = narrative(ws, report)
    run_id = pipeline.new_run_id(started)
    counts = pipeline.counts(report, len(files))
    staging = pipeline.begin_run(pipeline.run_parent(out, ws.name, ws.config.year), run_id)
    try:
        pipeline.print_progress("render")
        render(ws, stats, report, story, staging)
        pipeline.print_progress("publish")
        folder = publish(ws, staging, run_id, counts, started)
    except BaseException:
        pipeline.abort_run(staging)
        raise
    create_markdown_artifact(summary_markdown(ws, stats, counts, folder), key="report-summary",
                             description="年度报告生成摘要")
    create_table_artifact(status_rows(report), key="submission-status", description="各单位报送情况")
    create_link_artifact((folder / pipeline.REPORT).resolve().as_uri(), link_text="年度报告（公开稿）",
                         key="report-docx", description=str(folder))
    return {"run_folder": str(folder), "task_runs": 7 + len(batches), **counts}
