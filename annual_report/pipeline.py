"""The pipeline's stages as plain functions: intake → validate → aggregate → narrative → render → publish.

The Prefect flows in flows/ call these same functions as tasks; `build` chains them as plain Python
(`annual-report build --no-prefect`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annual_report.findings import Severity
from annual_report.intake import FileIntake, discover, read_file
from annual_report.plan import WorkPlan, load_plan
from annual_report.publish import abort_run, begin_run, commit_run, new_run_id, run_parent, write_manifest
from annual_report.validation import UnitStatus, ValidationReport, validate
from annual_report.workspace import Workspace, load_workspace

if TYPE_CHECKING:  # pandas-backed modules load only when a build needs them, not for `validate`
    from annual_report.narrative import Narrative
    from annual_report.statistics import Statistics

REPORT = "report.docx"  # 公开稿
REVIEW = "report-review.docx"  # 审阅稿
STATISTICS = "statistics.xlsx"
VALIDATION = "validation.xlsx"
KEY_RATES = ["recon.correction_rate", "recon.sued_after_rate", "lit.loss_rate", "lit.appearance_rate",
             "jud.feedback_rate", "med.success_rate", "norm.filing_rate", "enf.certified_rate"]
STAGES = {
    "discover": "查找报送文件",
    "intake": "读取并校验报送文件",
    "aggregate": "汇总统计",
    "narrative": "合并文字材料",
    "render": "生成 Word 报告和统计表",
    "publish": "写入运行目录",
}


def print_progress(stage: str) -> None:
    """One line per stage on standard output (a worker's log when the flow is deployed)."""
    print(f"▸ {STAGES[stage]}", flush=True)


@dataclass
class BuildResult:
    run_folder: Path
    report: ValidationReport
    counts: dict[str, int]


def load(root: Path) -> tuple[Workspace, WorkPlan | None]:
    """The workspace and its optional 工作要点; WorkspaceError when either is unusable."""
    ws = load_workspace(root)
    return ws, load_plan(ws.plan_path)


def read_files(ws: Workspace, paths: Iterable[Path]) -> list[FileIntake]:
    return [read_file(p, ws) for p in paths]


def validate_files(ws: Workspace, plan: WorkPlan | None) -> ValidationReport:
    return validate(ws, read_files(ws, discover(ws)), plan)


def batches(paths: list[Path], max_batches: int = 64) -> list[list[Path]]:
    """Split files into at most `max_batches` consecutive batches (one file each while files are few)."""
    size = max(1, -(-len(paths) // max_batches))
    return [paths[i : i + size] for i in range(0, len(paths), size)]


def aggregate(ws: Workspace, plan: WorkPlan | None, report: ValidationReport) -> Statistics:
    from annual_report.statistics import compute_statistics

    return compute_statistics(ws, report, plan)


def narrative(ws: Workspace, report: ValidationReport) -> Narrative:
    from annual_report.narrative import build_narrative

    return build_narrative(ws.config, report.submissions)


def render_outputs(ws: Workspace, stats: Statistics, report: ValidationReport, story: Narrative,
                   folder: Path) -> list[Path]:
    """Both editions of the Word report, statistics.xlsx/.json, validation.xlsx, into `folder`."""
    from annual_report.compose import compose, key_rates_chart
    from annual_report.render import render
    from annual_report.statistics import write_statistics, write_workbook
    from annual_report.validation_workbook import write_validation_workbook

    charts = key_rates_chart(stats, KEY_RATES, folder / "charts")
    reports = [
        render(compose(ws, stats, report, story, edition, charts), folder / name, ws.template_path)
        for edition, name in (("public", REPORT), ("review", REVIEW))
    ]
    return [
        *reports,
        write_workbook(stats, folder / STATISTICS),
        *write_statistics(stats, folder),
        write_validation_workbook(ws, report, folder / VALIDATION),
    ]


def counts(report: ValidationReport, files: int) -> dict[str, int]:
    statuses = [r.status for r in report.units.values()]
    return {
        "files": files,
        "units_expected": len(report.units),
        "units_submitted": sum(s is not UnitStatus.MISSING for s in statuses),
        "units_valid": len(report.valid_units),
        "units_with_errors": statuses.count(UnitStatus.ERROR),
        "errors": sum(f.severity is Severity.ERROR for f in report.findings),
        "warnings": sum(f.severity is Severity.WARNING for f in report.findings),
    }


def publish(ws: Workspace, staging: Path, run_id: str, numbers: dict[str, int], started: dt.datetime) -> Path:
    """Write the manifest, then move the finished run into place."""
    write_manifest(staging, run_id=run_id, workspace=ws.root, template=ws.template_path, counts=numbers,
                   started=started)
    return commit_run(staging, run_id)


def build(root: Path, out: Path, progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    """The whole pipeline as plain Python; `progress` receives each stage's key (see STAGES)."""
    started = dt.datetime.now()
    ws, plan = load(root)
    progress("discover")
    paths = discover(ws)
    progress("intake")
    report = validate(ws, read_files(ws, paths), plan)
    progress("aggregate")
    stats = aggregate(ws, plan, report)
    progress("narrative")
    story = narrative(ws, report)
    run_id = new_run_id(started)
    numbers = counts(report, len(paths))
    staging = begin_run(run_parent(out, ws.name, ws.config.year), run_id)
    try:
        progress("render")
        render_outputs(ws, stats, report, story, staging)
        progress("publish")
        folder = publish(ws, staging, run_id, numbers, started)
    except BaseException:
        abort_run(staging)
        raise
    return BuildResult(run_folder=folder, report=report, counts=numbers)
