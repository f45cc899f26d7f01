"""build_report: the pipeline as one observable Prefect flow run, each stage (and batch of files) a task run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from annual_report import pipeline
from annual_report.findings import Severity
from annual_report.pipeline import Checked, Stage
from flows.summary import status_rows, summary_markdown

T = TypeVar("T")


class PrefectRunner(pipeline.Runner):
    """Runs each stage as a Prefect task (io stages retried); a map's items as concurrent task runs.

    Arguments are passed quoted: they are large in-memory objects that Prefect need not walk. Results stay
    in memory (no caching, nothing persisted): everything is rebuilt from the workspace on every run."""

    def __init__(self, progress: Callable[[str], None] = pipeline.print_progress) -> None:
        super().__init__(progress)
        self.task_runs = 0
        self._tasks: dict[str, Task] = {}

    def _task(self, stage: Stage, fn: Callable[..., T]) -> Task:
        if stage.key not in self._tasks:
            # No tags: a tagged task run asks the server for tag concurrency slots first (a round trip each).
            self._tasks[stage.key] = task(fn, name=stage.key, cache_policy=NO_CACHE,
                                          persist_result=False, retries=2 if stage.io else 0,
                                          retry_delay_seconds=[1, 5])
        return self._tasks[stage.key]

    def run(self, stage: Stage, fn: Callable[..., T], *args: Any) -> T:
        self.announce(stage)
        self.task_runs += 1
        return self._task(stage, fn)(*(quote(a) for a in args))

    def map(self, stage: Stage, fn: Callable[..., T], items: Sequence[Any], *args: Any,
            names: Sequence[str]) -> list[T]:
        self.announce(stage)
        self.task_runs += len(items)
        each = self._task(stage, fn)
        futures = [each.with_options(task_run_name=name).submit(quote(item), *(quote(a) for a in args))
                   for item, name in zip(items, names, strict=True)]
        return [f.result() for f in futures]


def log_errors(checked: Checked) -> None:
    logger = get_run_logger()
    for f in checked.report.findings:
        if f.severity is Severity.ERROR:
            logger.info("%s %s %s: %s", f.unit, f.file, f.location, f.message)


@flow(name="build-report", persist_result=False)
def build_report(workspace: Path, out: Path = Path("outputs"), max_batches: int = pipeline.MAX_BATCHES
                 ) -> dict[str, object]:
    """Build both editions of the report, the workbooks and the manifest into a new run folder."""
    runner = PrefectRunner()
    result = pipeline.build(workspace, out, runner, max_batches)
    log_errors(result.checked)
    folder = result.run_folder
    create_markdown_artifact(summary_markdown(result.checked.ws, result.stats, result.counts, folder),
                             key="report-summary", description="年度报告生成摘要")
    create_table_artifact(status_rows(result.checked), key="submission-status", description="各单位报送情况")
    create_link_artifact((folder / pipeline.REPORT).resolve().as_uri(), link_text="年度报告（公开稿）",
                         key="report-docx", description=str(folder))
    return {"run_folder": str(folder), "task_runs": runner.task_runs, **result.counts}
