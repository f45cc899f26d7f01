"""build_report: the pipeline as one observable Prefect flow run, each stage (and batch of files) a task run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TypeVar

from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner
from prefect.utilities.annotations import opaque

from annual_report import pipeline
from annual_report.config.workspace import WorkspaceError
from annual_report.findings import Severity
from annual_report.pipeline import Checked, Stage
from annual_report.publish import OutputError, downloads_address, new_run_id
from flows import runtime
from flows.fanout import fan_out
from flows.summary import status_rows, summary_markdown

T = TypeVar("T")
LOGGED_ERRORS = 200  # error findings written to the run's log; validation.xlsx lists every one


class PrefectRunner(pipeline.Runner):
    """Runs each stage as a Prefect task (io stages retried); a map's items as task runs of their own, one after
    the other (on a Dask cluster, at once).

    Arguments are passed `opaque`: large in-memory objects that Prefect (and Dask) must not walk. Results stay
    in memory (no caching, nothing persisted): everything is rebuilt from the workspace on every run; a map's
    results are held by the runner, so that they are freed once the pipeline is done with them."""

    def __init__(self, progress: Callable[[str], None] = pipeline.print_progress,
                 pool: TaskRunner | None = None) -> None:
        super().__init__(progress)
        self.task_runs = 0
        self.pool = pool  # where a map's task runs go (a Dask cluster); None: the flow's threads
        self._tasks: dict[str, Task] = {}

    def _task(self, stage: Stage, fn: Callable[..., T], key: str = "", run_name: str | None = None) -> Task:
        key = key or stage.key
        if key not in self._tasks:
            # No tags: a tagged task run asks the server for tag concurrency slots first (a round trip each).
            self._tasks[key] = task(fn, name=stage.key, cache_policy=NO_CACHE, persist_result=False,
                                    retries=2 if stage.io else 0, retry_delay_seconds=[1, 5],
                                    task_run_name=run_name)
        return self._tasks[key]

    def run(self, stage: Stage, fn: Callable[..., T], *args: Any) -> T:
        self.announce(stage)
        self.task_runs += 1
        return self._task(stage, fn)(*(opaque(a) for a in args))

    def map(self, stage: Stage, fn: Callable[..., T], items: Sequence[Any], *args: Any,
            names: Sequence[str]) -> list[T]:
        self.announce(stage)
        self.task_runs += len(items)
        if self.pool is None:  # one after the other: the work holds the GIL, threads would only add overhead
            held: dict[int, Any] = {}
            each = self._task(stage, kept, key=f"{stage.key}@held", run_name="{name}")
            for number, (item, name) in enumerate(zip(items, names, strict=True)):
                each(opaque(held), number, name, opaque(Envelope(fn, (item, *args))))
            return [held.pop(number) for number in range(len(items))]
        each = self._task(stage, opened, key=f"{stage.key}@pool")
        futures = [self.pool.submit(each.with_options(task_run_name=name), {"envelope": Envelope(fn, (item, *args))})
                   for item, name in zip(items, names, strict=True)]
        return [f.result() for f in futures]


class Envelope:
    """A call's arguments as one object that neither Prefect nor Dask looks into. (Dask rebuilds tuples on
    the way, so `opaque`, a tuple, would arrive unwrapped; Prefect would walk a bare pydantic argument.)"""

    __slots__ = ("args", "fn")

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.fn, self.args = fn, args


def opened(envelope: Envelope) -> Any:
    """The call in the envelope (on a Dask worker)."""
    return envelope.fn(*envelope.args)


def kept(held: dict[int, Any], number: int, name: str, envelope: Envelope) -> None:
    """The call in the envelope, its result held by the runner under `number`: a task run's state keeps its
    result until the flow run ends (the intake's files, beyond validation), a held one is let go of once read.
    `name` names the task run."""
    held[number] = envelope.fn(*envelope.args)


def log_errors(checked: Checked, limit: int = LOGGED_ERRORS) -> None:
    """Each error finding (unit, file, location) in the run's log, up to `limit`; validation.xlsx has all."""
    logger = get_run_logger()
    errors = [f for f in checked.report.findings if f.severity is Severity.ERROR]
    for f in errors[:limit]:
        logger.info("%s %s %s: %s", f.unit, f.file, f.location, f.message)
    if len(errors) > limit:
        logger.info("另有 %d 处错误，见运行目录中的 validation.xlsx", len(errors) - limit)


LINKS = {  # artifact key → the run's file and its link text
    "report-docx": (pipeline.REPORT, "年度报告（公开稿）"),
    "report-review-docx": (pipeline.REVIEW, "年度报告（审阅稿）"),
    "statistics-xlsx": (pipeline.STATISTICS, "统计表"),
    "validation-xlsx": (pipeline.VALIDATION, "校验表"),
}


def link_artifacts(folder: Path, downloads: str = "") -> None:
    """A link to each output: its download address under `downloads` (the portal's), else the file itself."""
    for key, (name, text) in LINKS.items():
        url = f"{downloads.rstrip('/')}/{folder.name}/{name}" if downloads else (folder / name).resolve().as_uri()
        create_link_artifact(url, link_text=text, key=key, description=str(folder))


def labelled(workspace: Path, out: Path, run_id: str) -> pipeline.Job | None:
    """The job, loaded once (the load stage takes it), after naming the flow run 「{region}{year} · {run id}」
    and tagging it with region, year and workspace; None when it cannot load (the load stage then fails)."""
    try:
        job = pipeline.prepare(workspace, out)
    except (WorkspaceError, OutputError):
        return None
    config = job.ws.config
    runtime.label_run(runtime.run_name(config.region, config.year, run_id),
                      runtime.run_tags(config.region, config.year, job.ws.name))
    return job


@flow(name="build-report", persist_result=False)
def build_report(workspace: Path, out: Path = Path("outputs"), max_batches: int = pipeline.MAX_BATCHES,
                 downloads: str = "", task_runner: str | None = None, dask_address: str | None = None,
                 run_id: str = "", unit: str = "") -> dict[str, object]:
    """Build both editions of the report, the workbooks and the manifest into a new run folder.

    `downloads`: where the run folders can be downloaded (the portal's …/office/runs); the artifacts link there
    instead of to file:// paths. `task_runner`: where the files are read, `threads` or `dask` (default:
    ANNUAL_REPORT_TASK_RUNNER, else threads); `dask_address`: a Dask scheduler (default:
    ANNUAL_REPORT_DASK_ADDRESS, else a LocalCluster). `run_id`: the run folder's name (default: a new id); the
    flow run is named after it. Without `downloads`, a portal serving `out` (publish.downloads_address) is
    linked when there is one. `unit`: that unit's own report instead of the region's."""
    run_id = run_id or new_run_id()
    job = labelled(workspace, out, run_id)
    downloads = downloads or downloads_address(workspace, out)
    with fan_out(task_runner, dask_address) as pool, pipeline.prepared(job) if job else nullcontext():
        if pool is not None:
            get_run_logger().info("各单位报送文件在 Dask 集群上读取（%s）", type(pool).__name__)
        runner = PrefectRunner(pool=pool)
        result = pipeline.build(workspace, out, runner, max_batches, run_id=run_id, unit=unit or None)
    log_errors(result.checked)
    folder = result.run_folder
    create_markdown_artifact(summary_markdown(result.checked, result.stats, folder),
                             key="report-summary", description="年度报告生成摘要")
    create_table_artifact(status_rows(result.checked), key="submission-status", description="各单位报送情况")
    link_artifacts(folder, downloads)
    return {"run_folder": str(folder), "task_runs": runner.task_runs, **result.counts, "partial": result.partial,
            "gaps": result.gaps}
