"""The pipeline, defined once: load → discover → intake → validate → aggregate → draft → compose → render →
publish.

`check` and `build` call every stage through a `Runner`. `Runner` calls each stage's function directly
(`annual-report build --no-prefect`); flows/ supplies a runner that makes each stage, and each batch of files,
a Prefect task run. Both paths therefore run the same code in the same order. Each stage does one job:
compose builds both editions' documents (task coverage, the chart, body and appendices) in memory; render
only writes files.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from annual_report.config.plan import WorkPlan, load_plan
from annual_report.config.run_files import REPORT_NAME
from annual_report.config.workspace import Workspace, load_workspace
from annual_report.findings import Finding
from annual_report.intake import FileIntake, discover, read_file
from annual_report.intake.paths import label
from annual_report.outputs.forked import Beside
from annual_report.publish import (
    Inputs,
    abort_run,
    begin_run,
    check_out,
    commit_run,
    input_changes,
    new_run_id,
    run_parent,
    write_manifest,
)
from annual_report.text.hygiene import shown_name
from annual_report.text.lists import named
from annual_report.validation import ValidationReport, validate
from annual_report.validation.status import build_counts

if TYPE_CHECKING:  # pandas-backed modules load only when a build needs them, not for `validate`
    from annual_report.drafting.model import Draft
    from annual_report.report.compose import Composed, RunStamp
    from annual_report.statistics import Statistics
    from annual_report.statistics.history import History
    from annual_report.wording import Figures

T = TypeVar("T")
REPORT = REPORT_NAME  # 公开稿
REVIEW = "report-review.docx"  # 审阅稿
STATISTICS = "statistics.xlsx"
VALIDATION = "validation.xlsx"
MAX_BATCHES = 64
# From FORK_UNITS units the two workbooks are written in processes of their own beside the Word files; from
# INPLACE_UNITS on in this process again: each child copies the pages of the objects it reads (≈ 160 and 280 MB at
# 5,000 units), which would lift the build's peak memory above its compose stage's (docs/performance.md).
FORK_UNITS = 200
INPLACE_UNITS = 2000


@dataclass(frozen=True)
class Stage:
    key: str  # the task's name in Prefect
    label: str  # the progress line
    io: bool = False  # reads or writes files: worth retrying


LOAD = Stage("load", "读取工作区配置", io=True)
DISCOVER = Stage("discover", "查找报送文件", io=True)
INTAKE = Stage("intake", "读取报送文件", io=True)
VALIDATE = Stage("validate", "校验报送材料")
AGGREGATE = Stage("aggregate", "汇总统计")
OWN = Stage("own", "取出本单位的材料和数字")
DRAFT = Stage("draft", "起草文字部分")
COMPOSE = Stage("compose", "编排报告正文和附件")
RENDER = Stage("render", "生成 Word 报告和统计表", io=True)
PUBLISH = Stage("publish", "写入运行目录", io=True)
STAGES = (LOAD, DISCOVER, INTAKE, VALIDATE, AGGREGATE, DRAFT, COMPOSE, RENDER, PUBLISH)  # a region's build
# a unit's own report (build --unit) runs OWN after VALIDATE


class Runner:
    """Runs stages as plain function calls and announces each stage once through `progress`."""

    def __init__(self, progress: Callable[[str], None] = lambda _: None) -> None:
        self.progress = progress
        self._announced: set[str] = set()

    def announce(self, stage: Stage) -> None:
        if stage.key not in self._announced:
            self._announced.add(stage.key)
            self.progress(stage.label)

    def run(self, stage: Stage, fn: Callable[..., T], *args: Any) -> T:
        self.announce(stage)
        return fn(*args)

    def map(self, stage: Stage, fn: Callable[..., T], items: Sequence[Any], *args: Any,
            names: Sequence[str]) -> list[T]:
        """`fn(item, *args)` for each item; `names` label each call (a Prefect task run's name)."""
        self.announce(stage)
        return [fn(item, *args) for item in items]


_LISTENER: ContextVar[Callable[[str], None] | None] = ContextVar("progress_listener", default=None)


def print_progress(label: str) -> None:
    """One line per stage on standard output (a worker's log when the flow is deployed), and to the listener
    of the build, if any (the portal's build page)."""
    print(f"▸ {label}", flush=True)
    listener = _LISTENER.get()
    if listener is not None:
        listener(label)


@contextmanager
def listening(listener: Callable[[str], None]) -> Iterator[None]:
    """Builds started within the block (in this thread) also report each stage's label to `listener`."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


@dataclass
class Checked:
    """The workspace and what validation made of its submissions."""

    ws: Workspace
    plan: WorkPlan | None
    files: list[Path]
    report: ValidationReport
    inputs: Inputs  # what was read (SHA-256 of the bytes read) and looked at

    @property
    def counts(self) -> dict[str, int]:
        return build_counts(self.report, len(self.files))


@dataclass
class BuildResult:
    checked: Checked
    figures: Figures
    draft: Draft
    run_folder: Path
    changed: list[Finding]  # inputs changed, removed or added while the build ran (manifest.json lists them)

    @property
    def stats(self) -> Statistics:
        return self.figures.stats

    @property
    def report(self) -> ValidationReport:
        return self.checked.report

    @property
    def counts(self) -> dict[str, Any]:
        """The validation counts, and the files that changed during the build (by name)."""
        return {**self.checked.counts, "changed": [f.file for f in self.changed]}

    @property
    def gaps(self) -> list[str]:
        """Required parts the 公开稿 holds a placeholder for: 「第一责任人职责情况（应报送而未报送：区政府办）」."""
        config = self.checked.ws.config
        headings = {s.key: s.heading for s in config.outline.sections}
        limit = config.drafting.units_listed
        return [headings[g.section] + (f"（应报送而未报送：{named([config.unit_by_id[u].label for u in g.units], limit)}）"
                                       if g.units else "") for g in self.draft.gaps]

    @property
    def partial(self) -> list[str]:
        """The names of the totals and rates that lack some unit's figure (stats.left_out), catalogue order."""
        lacking = set(self.stats.left_out["metric"])
        return [m.name for m in self.stats.catalogue.metrics if m.id in lacking]


def load(root: Path) -> tuple[Workspace, WorkPlan | None]:
    """The workspace and its optional 工作要点; WorkspaceError when either is unusable."""
    ws = load_workspace(root)
    return ws, load_plan(ws.plan_path, ws.sources)


@dataclass(frozen=True)
class Job:
    """What a build works on: the workspace and its plan, loaded, and the output root, checked."""

    root: Path
    out: Path
    ws: Workspace
    plan: WorkPlan | None
    unit: str | None = None  # a unit's own report (id, full or short name) instead of the region's


_PREPARED: ContextVar[Job | None] = ContextVar("prepared_job", default=None)


def prepare(root: Path, out: Path) -> Job:
    """The workspace loaded and `out` checked, before any work (WorkspaceError, OutputError). A job prepared
    for the same folders by the caller (see `prepared`) is taken as it is: the command line prepares one
    before it starts a Prefect server, and the flow it runs then neither loads nor checks again."""
    job = _PREPARED.get()
    if job is not None and (job.root, job.out) == (root, out):
        return job
    check_out(out, root)
    ws, plan = load(root)
    return Job(root, out, ws, plan)


@contextmanager
def prepared(job: Job) -> Iterator[Job]:
    """Builds of `job`'s folders started within the block use `job`."""
    token = _PREPARED.set(job)
    try:
        yield job
    finally:
        _PREPARED.reset(token)


def read_files(paths: list[Path], ws: Workspace) -> list[FileIntake]:
    return [read_file(p, ws) for p in paths]


def batches(paths: list[Path], max_batches: int = MAX_BATCHES) -> list[list[Path]]:
    """Split files into at most `max_batches` consecutive batches (one file each while files are few)."""
    size = max(1, -(-len(paths) // max_batches))
    return [paths[i : i + size] for i in range(0, len(paths), size)]


def batch_name(paths: list[Path]) -> str:
    """`intake-sfj.yaml`, or `intake-sfj.yaml 等8个文件` for a batch."""
    extra = f" 等{len(paths)}个文件" if len(paths) > 1 else ""
    return f"intake-{shown_name(paths[0].name)}{extra}"


def validate_all(batches_read: list[list[FileIntake]], ws: Workspace, plan: WorkPlan | None) -> ValidationReport:
    return validate(ws, [intake for batch in batches_read for intake in batch], plan)


def aggregate(ws: Workspace, plan: WorkPlan | None, report: ValidationReport, history: History | None = None
              ) -> Figures:
    """The year's statistics, with the wording that prints each figure (`history`: default, history/)."""
    from annual_report.statistics import compute_statistics
    from annual_report.wording import Figures

    return Figures(compute_statistics(ws, report, plan, history))


def own_view(ws: Workspace, plan: WorkPlan | None, report: ValidationReport, key: str
             ) -> tuple[Workspace, ValidationReport, History]:
    """What a unit's own report is made from: the unit alone (report/own.py); OwnReportError when it cannot."""
    from annual_report.report.own import own_history, own_report, own_unit, own_workspace
    from annual_report.statistics.history import read_history

    unit = own_unit(ws, report, key)
    return own_workspace(ws, report, unit, plan), own_report(report, unit), own_history(read_history(ws), unit)


def draft_text(ws: Workspace, plan: WorkPlan | None, report: ValidationReport, figures: Figures,
               own: bool = False) -> Draft:
    from annual_report.drafting.draft import draft

    return draft(ws, report, figures, plan, own)


def compose_report(ws: Workspace, plan: WorkPlan | None, figures: Figures, report: ValidationReport,
                   text: Draft, run: RunStamp, inputs: Inputs) -> Composed:
    """Both editions' documents, the chart and the task coverage, in memory; inputs that changed since they
    were read become findings first, for validation.xlsx and the 审阅稿 to show."""
    from annual_report.report.compose import compose_editions

    report.findings.extend(input_changes(ws.root, inputs))
    return compose_editions(ws, plan, figures, report, text, run)


def render_outputs(ws: Workspace, figures: Figures, report: ValidationReport, text: Draft, composed: Composed,
                   folder: Path) -> list[Path]:
    """Both editions of the Word report, the charts, statistics.xlsx/.json and validation.xlsx, into `folder`."""
    from annual_report.outputs.statistics_json import write_statistics
    from annual_report.outputs.statistics_xlsx import write_statistics_workbook
    from annual_report.outputs.validation_xlsx import write_validation_workbook
    from annual_report.word.render import render

    stats = figures.stats
    lower = [r.lower for r in report.units.values() if r.lower is not None]
    books = [(folder / STATISTICS, lambda: write_statistics_workbook(stats, figures, folder / STATISTICS,
                                                                     composed.coverage, lower)),
             (folder / VALIDATION, lambda: write_validation_workbook(ws, report, folder / VALIDATION, text,
                                                                       stats))]
    # Many units: each workbook (a cell per unit and metric, a row per item) in a forked process beside the
    # Word files and statistics.json; all three are CPU-bound, and a second core shares the wait.
    fork = FORK_UNITS <= len(ws.config.units) < INPLACE_UNITS and (os.cpu_count() or 1) > 1
    jobs = [Beside(write) for _, write in books] if fork else []
    try:
        charts = composed.write_charts(folder / "charts")
        reports = [render(composed.editions[edition], folder / name, ws.template_path)
                   for edition, name in (("public", REPORT), ("review", REVIEW))]
        data = write_statistics(stats, figures, folder)
        for job in jobs:
            job.wait()
    except BaseException:
        for job in jobs:
            job.cancel()
        raise
    if not jobs:
        for _, write in books:
            write()
    return [*reports, books[0][0], *data, books[1][0], *charts]


def publish(ws: Workspace, staging: Path, run_id: str, numbers: dict[str, int], started: dt.datetime,
            inputs: Inputs) -> tuple[Path, list[Finding]]:
    """Write the manifest (with the inputs that changed during the build), then move the finished run into
    place; the run folder and those changes."""
    changed = input_changes(ws.root, inputs)
    write_manifest(staging, run_id=run_id, workspace=ws.root, template=ws.template_path, counts=numbers,
                   started=started, inputs=inputs, changed=changed)
    return commit_run(staging, run_id), changed


def check(root: Path, runner: Runner, max_batches: int = MAX_BATCHES) -> Checked:
    """Read and validate every submission of the workspace at `root`."""
    ws, plan = runner.run(LOAD, load, root)
    return _check(ws, plan, runner, max_batches)


def _check(ws: Workspace, plan: WorkPlan | None, runner: Runner, max_batches: int) -> Checked:
    paths = runner.run(DISCOVER, discover, ws)
    groups = batches(paths, max_batches)
    read = runner.map(INTAKE, read_files, groups, ws, names=[batch_name(g) for g in groups])
    report = runner.run(VALIDATE, validate_all, read, ws, plan)
    inputs = Inputs(read={**ws.sources, **{i.file: i.sha256 for batch in read for i in batch if i.sha256}},
                    seen={label(p, ws.root) for p in paths})
    return Checked(ws=ws, plan=plan, files=paths, report=report, inputs=inputs)


def build(root: Path, out: Path, runner: Runner | None = None, max_batches: int = MAX_BATCHES,
          run_id: str | None = None, unit: str | None = None) -> BuildResult:
    """The whole pipeline into a new run folder under `out` (named `run_id`, or a new id); nothing is left behind
    when a stage fails. With `unit` (or a prepared job's), that unit's own report, in units/<id>/ of the year's
    runs, from every submission checked as for the region."""
    from annual_report.report.compose import RunStamp

    runner = runner or Runner()
    started = dt.datetime.now()
    job = runner.run(LOAD, prepare, root, out)  # WorkspaceError or OutputError before any work
    unit = unit or job.unit
    checked = _check(job.ws, job.plan, runner, max_batches)
    ws, plan, report = checked.ws, checked.plan, checked.report
    parent = run_parent(out, ws.root, ws.config.year)
    history, inputs = None, checked.inputs
    if unit is not None:
        ws, report, history = runner.run(OWN, own_view, ws, plan, report, unit)
        plan, parent = None, parent / "units" / ws.config.units[0].id
        checked = Checked(ws=ws, plan=None, files=checked.files, report=report, inputs=inputs)
    figures = runner.run(AGGREGATE, aggregate, ws, plan, report, history)
    inputs.read.update(figures.stats.history_sources)
    inputs.seen.update(figures.stats.history_listed)
    text = runner.run(DRAFT, draft_text, ws, plan, report, figures, unit is not None)
    run = RunStamp(run_id or new_run_id(started), started)
    composed = runner.run(COMPOSE, compose_report, ws, plan, figures, report, text, run, inputs)
    staging = begin_run(parent, run.id)
    try:
        runner.run(RENDER, render_outputs, ws, figures, report, text, composed, staging)
        folder, changed = runner.run(PUBLISH, publish, ws, staging, run.id, checked.counts, started, inputs)
    except BaseException:
        abort_run(staging)
        raise
    return BuildResult(checked=checked, figures=figures, draft=text, run_folder=folder, changed=changed)
