"""Builds of the `annual-report` command run as the Prefect flow: registered through the command's entry
points (pyproject.toml), so that annual_report/ never imports Prefect."""

from __future__ import annotations

import atexit
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import typer

from annual_report.cli.common import os_error_line
from annual_report.interrupts import interrupted
from annual_report.pipeline import Job, prepared
from annual_report.publish import new_run_id, run_parent
from flows import local_server, runtime

Complete = Callable[[], None]
_SIGNALLED = ("interrupt signal", "termination signal")  # Prefect's messages for a run a signal crashed


def by_signal(exc: BaseException | None) -> bool:
    """An error a signal surfaced as: Prefect's own SIGTERM handler (installed while a flow runs, in place of
    the command's) raises TerminationSignal, and Prefect, crashing the task it landed in, can fail the run with
    another error (「Task run is not set」) raised while handling it."""
    from prefect.exceptions import TerminationSignal

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt | TerminationSignal):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _fail(line: str) -> NoReturn:
    typer.echo(f"错误：{line}", err=True)
    raise typer.Exit(1)


def _start(job: Job, run_id: str) -> Path:
    """Prefect set up for the build: checked before any work, its log in a file beside the run (named in every
    failure line), the embedded server started unless PREFECT_API_URL is set. A problem is one line, exit 1."""
    runtime.configure(job.ws.prefect_home)
    if problem := runtime.preflight():
        _fail(problem)
    parent = run_parent(job.out, job.ws.root, job.ws.config.year)
    if job.unit:  # a unit's own report: its runs are in units/<id>/
        parent = parent / "units" / getattr(job.ws.config.find_unit(job.unit), "id", job.unit)
    log = parent / f"{run_id}.prefect.log"
    try:
        runtime.log_to_file(log)
    except OSError as exc:
        _fail(os_error_line(exc))
    if problem := runtime.start_server():
        _fail(f"{problem}（Prefect 日志：{log}）")
    return log


def _run(job: Job, run_id: str, log: Path) -> tuple[Any, dict[str, Any]]:
    """The flow run and its result; a build that fails, or a server that stops answering, is one line."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    # Here, not at the top: report.own imports drafting and pandas, which a command the daemon serves never needs.
    from annual_report.report.own import OwnReportError
    from flows.build_report import build_report

    try:
        # No heartbeat thread: it is for workers to detect crashed runs, and joining it costs ≈ 1 s at the end.
        # The flow's load stage takes the job the command prepared.
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}), prepared(job):
            state = build_report(job.root, job.out, unit=job.unit or "", run_id=run_id, return_state=True)
    except (KeyboardInterrupt, OSError):
        raise
    except Exception as exc:  # Prefect itself failed: the server stopped answering, its database broke …
        if interrupted() or by_signal(exc):
            raise KeyboardInterrupt from None
        _fail(f"生成未完成：Prefect 运行出错（{runtime.describe(exc)}）；详见 Prefect 日志 {log}，或加 --no-prefect 不经 "
              "Prefect 生成")
    if not state.is_completed() and (interrupted() or (state.is_crashed() and any(
            m in (state.message or "") for m in _SIGNALLED))):
        raise KeyboardInterrupt  # Prefect caught the signal, and failed or crashed the run: it did not finish
    try:
        return state, state.result()
    except (OSError, OwnReportError):  # said as a plain build says them
        raise
    except Exception as exc:  # Prefect has logged the traceback (in the log file); say it here in one line
        if by_signal(exc):
            raise KeyboardInterrupt from None
        _fail(f"生成失败：{runtime.describe(exc)}；详见 Prefect 日志 {log}")


def run_flow(job: Job) -> tuple[Path, dict[str, Any], Complete]:
    """Run the build-report flow (on the embedded server unless PREFECT_API_URL is set): the run folder, the
    counts, and what waits until the server has recorded every task run of it (saying so if some are missing).
    A server that cannot be reached, a database that cannot be used, a build that fails: one line (exit 1).
    Prefect's own log goes to `<run id>.prefect.log` beside the run folder, not to the console."""
    run_id = new_run_id()
    log = _start(job, run_id)
    state, result = _run(job, run_id, log)
    flow_run, task_runs = state.state_details.flow_run_id, result["task_runs"]

    def complete() -> None:
        try:
            recorded = runtime.wait_for_history(flow_run, task_runs)
        except Exception as exc:  # the run folder is complete; only Prefect's record of it may not be
            typer.echo(f"注意：未能确认 Prefect 记录了全部任务运行（{runtime.describe(exc)}）", err=True)
        else:
            if recorded < task_runs:
                typer.echo(f"注意：Prefect 只记录了 {recorded}/{task_runs} 个任务运行", err=True)
        runtime.quiet_shutdown()

    return Path(result.pop("run_folder")), {**result, "open": runtime.ui_address(flow_run)}, complete


def build_with_prefect(job: Job) -> tuple[Path, dict[str, Any]]:
    """The build-report flow run in this process; it returns once the server has recorded every task run, so
    the run's history is complete when the command ends (an embedded server stops with it)."""
    folder, counts, complete = run_flow(job)
    complete()
    return folder, counts


def orchestrate(job: Job) -> tuple[Path, dict[str, Any]]:
    """The build as a flow run: in the local daemon of the job's Prefect home (flows/local_server.py), or, where
    that is off or cannot run, in this process."""
    if not local_server.wanted():
        return build_with_prefect(job)
    try:
        return local_server.build(job)
    except local_server.DaemonError as exc:
        hint = "" if "--no-prefect" in str(exc) else f"；可设 {local_server.SETTING}=off 在本进程中生成，或加 --no-prefect"
        typer.echo(f"错误：{exc}{hint}", err=True)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> Callable[[Job], tuple[Path, dict[str, Any]]]:
    """Builds of the command run as the build-report flow; `annual-report server` looks after the local
    server."""
    from flows.server_cli import server_app

    app.add_typer(server_app, name="server")
    # Registered before Prefect is imported, so it runs last at exit, after Prefect's handlers have flushed
    # logs and events: the interpreter then skips collecting the many objects of Prefect and pandas (0.3–0.7 s).
    atexit.register(gc.freeze)
    return orchestrate
