"""Where a build's per-unit work runs: the flow's own threads (the default), or a Dask cluster.

Chosen by a setting, not a code change: the flow parameter `task_runner`, else the environment variable
ANNUAL_REPORT_TASK_RUNNER (`threads` or `dask`). With `dask`, ANNUAL_REPORT_DASK_ADDRESS names an existing
scheduler (tcp://host:8786); without one a LocalCluster of ANNUAL_REPORT_DASK_WORKERS processes (default: one
per core) starts for the run and stops with it. Dask worker processes report to the Prefect server in
PREFECT_API_URL; with no server configured each would start its own temporary one, so the local cluster
then runs its workers as threads of this process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from prefect.task_runners import TaskRunner

Kind = Literal["threads", "dask"]
SETTING = "ANNUAL_REPORT_TASK_RUNNER"
ADDRESS = "ANNUAL_REPORT_DASK_ADDRESS"
WORKERS = "ANNUAL_REPORT_DASK_WORKERS"


def chosen(kind: str | None = None) -> Kind:
    """The flow parameter if given, else the environment's setting, else threads."""
    value = (kind or os.environ.get(SETTING) or "threads").strip().lower()
    if value not in ("threads", "dask"):
        raise ValueError(f"task_runner（或 {SETTING}）只能是 threads 或 dask，而不是「{value}」")
    return value  # type: ignore[return-value]


def dask_runner(address: str | None = None) -> TaskRunner:
    from prefect_dask import DaskTaskRunner

    address = address or os.environ.get(ADDRESS) or None
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": int(os.environ.get(WORKERS) or os.cpu_count() or 2),
        "threads_per_worker": 1,
        "processes": bool(os.environ.get("PREFECT_API_URL")),
        "dashboard_address": None,  # no web dashboard (and no port to collide on)
    })


@contextmanager
def fan_out(kind: str | None = None, address: str | None = None) -> Iterator[TaskRunner | None]:
    """The task runner for the per-unit work, entered for the block; None for the flow's own threads."""
    if chosen(kind) == "threads":
        yield None
        return
    with dask_runner(address) as runner:
        yield runner
