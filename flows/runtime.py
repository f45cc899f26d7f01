"""How the flows run on a machine with no Prefect server: settings, complete history, a quiet exit.

Prefect's embedded (ephemeral) server stops at process exit, before its task-run recorder has caught up;
raising the recorder's batch sizes and waiting for the records before the server stops keeps every task run.
"""

from __future__ import annotations

import logging
import os
import time
import uuid

# Applied with setdefault: a user's own environment (e.g. PREFECT_API_URL of a real server) wins.
DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # offline machines: no telemetry, no telemetry errors
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "1",
    "PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS": "8",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",  # run logs still go to the server in full
}


def configure() -> None:
    """Set the defaults; call before importing prefect."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if not os.environ.get("PREFECT_API_URL"):
        # The embedded server's own start-up/shut-down chatter ("Error flushing events") is not the user's
        # concern; errors of the flow itself are logged by the client and still reach the terminal.
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")


def wait_for_history(flow_run_id: uuid.UUID, expected: int, timeout: float = 60.0) -> int:
    """Block until the server has recorded `expected` task runs of the flow run; return how many it has.

    Counted by the server (POST /task_runs/count): reading the runs would stop at its page limit (200)."""
    from prefect.client.orchestration import get_client

    deadline = time.monotonic() + timeout
    body = {"flow_runs": {"id": {"any_": [str(flow_run_id)]}}}
    with get_client(sync_client=True) as client:
        while True:
            response = client.request("POST", "/task_runs/count", json=body)
            response.raise_for_status()
            if (recorded := int(response.json())) >= expected or time.monotonic() > deadline:
                return recorded
            time.sleep(0.2)


def quiet_shutdown() -> None:
    """Silence Prefect's own loggers for the rest of the process: the embedded server's stop is not news."""
    for name in ("prefect", "uvicorn", "httpx", "docket"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
