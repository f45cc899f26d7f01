"""Builds of the `annual-report` command run as the Prefect flow: registered through the command's entry
points (pyproject.toml), so that annual_report/ never imports Prefect."""

from __future__ import annotations

import atexit
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from annual_report.pipeline import Job, prepared
from flows import runtime


def build_with_prefect(job: Job) -> tuple[Path, dict[str, Any]]:
    """Run the build-report flow (on the embedded server unless PREFECT_API_URL is set) and wait until the
    server has recorded every task run, so the run's history is complete when the command returns. A server
    that cannot be reached, or a database that cannot be used, is one line before any work (exit 1)."""
    runtime.configure(job.ws.prefect_home)
    problem = runtime.preflight() or runtime.start_server()
    if problem:
        typer.echo(f"错误：{problem}", err=True)
        raise typer.Exit(1)
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.build_report import build_report

    # No heartbeat thread: it is for workers to detect crashed runs, and joining it costs ≈ 1 s at the end.
    # The flow's load stage takes the job the command prepared.
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}), prepared(job):
        state = build_report(job.root, job.out, unit=job.unit or "", return_state=True)
    if state.is_crashed() and "interrupt" in (state.message or ""):
        raise KeyboardInterrupt  # Prefect caught the signal and marked the run crashed: the build did not finish
    try:
        result = state.result()
    except Exception as exc:  # Prefect has logged the traceback; say it once more in one line
        typer.echo(f"错误：生成失败：{type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from None
    recorded = runtime.wait_for_history(state.state_details.flow_run_id, result["task_runs"])
    if recorded < result["task_runs"]:
        typer.echo(f"注意：Prefect 只记录了 {recorded}/{result['task_runs']} 个任务运行", err=True)
    runtime.quiet_shutdown()
    return Path(result.pop("run_folder")), {**result, "open": runtime.ui_address(state.state_details.flow_run_id)}


def register(app: typer.Typer) -> Callable[[Job], tuple[Path, dict[str, Any]]]:
    """Builds of the command run as the build-report flow."""
    # Registered before Prefect is imported, so it runs last at exit, after Prefect's handlers have flushed
    # logs and events: the interpreter then skips collecting the many objects of Prefect and pandas (0.3–0.7 s).
    atexit.register(gc.freeze)
    return build_with_prefect
