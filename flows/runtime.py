"""How the flows run on a machine with no Prefect server: settings, checks before starting, a server that
never outlives the build, complete history, a quiet exit.

Prefect's embedded (ephemeral) server stops at process exit, before its task-run recorder has caught up;
raising the recorder's batch sizes and waiting for the records before the server stops keeps every task run.
The server is a child process: started here from the main thread, it is killed by the kernel when the build
dies however it dies (PR_SET_PDEATHSIG on Linux), so no uvicorn keeps the port and 190 MB after a kill.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
import types
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annual_report.outputs.forked import die_with_parent

# Applied with setdefault: a user's own environment (e.g. PREFECT_API_URL of a real server) wins.
DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # offline machines: no telemetry, no telemetry errors
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",  # a first start creates the database: slow machines
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "1",
    "PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS": "8",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",  # run logs still go to the server in full
}


def configure(home: Path | None = None) -> None:
    """Set the defaults, and PREFECT_HOME to the workspace's Prefect home (`home`, report.yaml's
    prefect.home) unless one is set; call before importing prefect. The user's Prefect profiles stay in use."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if home is not None and not os.environ.get("PREFECT_HOME"):
        profiles = Path.home() / ".prefect" / "profiles.toml"
        if profiles.is_file():
            os.environ.setdefault("PREFECT_PROFILES_PATH", str(profiles))
        os.environ["PREFECT_HOME"] = str(home.resolve())
    if not os.environ.get("PREFECT_API_URL"):
        # The embedded server's own start-up/shut-down chatter ("Error flushing events") is not the user's
        # concern; errors of the flow itself are logged by the client and still reach the terminal.
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")


def run_name(region: str, year: int, run_id: str) -> str:
    """A flow run's name: the workspace's region and year, and the run folder's id: 「格尔木市2025 · 2026…」."""
    return f"{region}{year} · {run_id}"


def run_tags(region: str, year: int, workspace: str) -> list[str]:
    return [f"region:{region}", f"year:{year}", f"workspace:{workspace}"]


def label_run(name: str, tags: list[str]) -> None:
    """Rename the running flow run and add tags to it (its task runs stay untagged: a tagged task run asks the
    server for concurrency slots first)."""
    from prefect.client.orchestration import get_client
    from prefect.runtime import flow_run

    with get_client(sync_client=True) as client:
        client.update_flow_run(flow_run.id, name=name, tags=sorted({*flow_run.tags, *tags}))


def ui_address(flow_run_id: uuid.UUID | str) -> str:
    """How to open a flow run in the Prefect UI: its address on the configured server, or the command that
    starts a server on the workspace's Prefect home and the address it will have."""
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL

    ui = PREFECT_UI_URL.value() or (PREFECT_API_URL.value() or "").removesuffix("/").removesuffix("/api")
    if os.environ.get("PREFECT_API_URL") and ui:
        return f"在 Prefect 界面中查看本次运行：{ui}/runs/flow-run/{flow_run_id}"
    home = os.environ.get("PREFECT_HOME", str(Path.home() / ".prefect"))
    return (f"在 Prefect 界面中查看本次运行：PREFECT_HOME={home} prefect server start，"
            f"然后打开 http://127.0.0.1:4200/runs/flow-run/{flow_run_id}")


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
            time.sleep(0.05)


class _QuietFile(logging.FileHandler):
    """Prefect's log in a file; a file that cannot be written (a full disk) is no reason to print anything."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def log_to_file(path: Path) -> None:
    """Send what Prefect would print — its console handlers, the root logger's, Python's warnings and the
    exceptions of its threads — to `path` instead: the console keeps the command's own lines. OSError when the
    folder cannot be made."""
    import prefect.main  # noqa: F401 — Prefect sets up its logging when imported: what it set up is replaced

    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _QuietFile(path)
    handler.setFormatter(logging.Formatter("%(asctime)s | %(levelname)-7s | %(name)s - %(message)s"))
    loggers = [logging.getLogger(), *(found for found in logging.Logger.manager.loggerDict.values()
                                      if isinstance(found, logging.Logger))]
    for logger in loggers:
        consoles = [h for h in logger.handlers if isinstance(h, logging.StreamHandler)
                    and not isinstance(h, logging.FileHandler)]
        for console in consoles:
            logger.removeHandler(console)
            if console.formatter is not None and type(console.formatter) is not logging.Formatter:
                handler.setFormatter(console.formatter)  # Prefect's: flow and task run names
        if consoles or logger is logging.getLogger():
            logger.addHandler(handler)
    logging.captureWarnings(True)
    logging.lastResort = None  # type: ignore[assignment]
    logging.raiseExceptions = False  # Prefect's API log sender writes its failures to stderr unless this is off
    threading.excepthook = lambda args: logging.getLogger("prefect").error(
        "线程 %s 出错", args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback))  # type: ignore[arg-type]


def describe(exc: BaseException) -> str:
    """An exception in a few words: its type and the first line of its message."""
    first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def quiet_shutdown() -> None:
    """Silence Prefect's own loggers for the rest of the process: the embedded server's stop is not news."""
    for name in ("prefect", "uvicorn", "httpx", "docket"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _database() -> Path | None:
    """The embedded server's SQLite file, when that is what it uses."""
    from prefect.settings import get_current_settings

    url = get_current_settings().server.database.connection_url
    text = url.get_secret_value() if url is not None else ""
    if not text.startswith("sqlite") or ":memory:" in text or "///" not in text:
        return None
    return Path(text.split("///", 1)[1].split("?", 1)[0])


def _api_problem(url: str) -> str | None:
    """Only an address nothing answers at is a problem here; what a server answers is Prefect's to report."""
    import httpx

    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=5)
    except httpx.TransportError as exc:
        return (f"无法连接 Prefect 服务器 {url}（{type(exc).__name__}）；请检查 PREFECT_API_URL、确认服务器已启动，"
                "或加 --no-prefect 不经 Prefect 生成")
    return None


def database_problem(path: Path) -> str | None:
    """Why the SQLite database at `path` cannot be used, as one line naming it; None when it can (or is not
    there yet)."""
    if not path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)) as db:
            db.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error as exc:
        return (f"Prefect 数据库 {path} 无法使用（{exc}）；请把它改名或删除后重试（Prefect 中以前的运行记录随之不可见），"
                "或加 --no-prefect 不经 Prefect 生成")
    return None


def preflight() -> str | None:
    """Why Prefect cannot run this build, as one line naming what to do; None when it can."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if url:
        return _api_problem(url)
    database = _database()
    return database_problem(database) if database is not None else None


def _dies_with_us(parent: int) -> Callable[[], None] | None:
    """For a child's preexec_fn: the child is killed when this process ends, even by SIGKILL (Linux)."""
    if not sys.platform.startswith("linux"):
        return None

    def arm() -> None:
        die_with_parent()
        if os.getppid() != parent:  # this process died before the child could arm
            os._exit(1)

    return arm


class _ChildrenDieWithUs(types.ModuleType):
    """The subprocess module as Prefect's server module sees it: the server it starts dies with the build."""

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    @staticmethod
    def Popen(*args: Any, **kwargs: Any) -> subprocess.Popen:
        kwargs.setdefault("preexec_fn", _dies_with_us(os.getpid()))
        return subprocess.Popen(*args, **kwargs)


def start_server() -> str | None:
    """Start the embedded server now, from the main thread, as a child that cannot outlive this process
    (SIGTERM and Ctrl-C stop it at exit; SIGKILL kills it with us). None, or why it did not start."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return None
    from prefect.server.api import server as prefect_server  # ≈ 1 s to import: only for the embedded server

    prefect_server.subprocess = _ChildrenDieWithUs("subprocess")  # type: ignore[attr-defined]
    try:
        prefect_server.SubprocessASGIServer().start()
    except Exception as exc:
        where = f"（数据库 {_database()}）" if _database() else ""
        return (f"Prefect 临时服务器未能启动{where}：{str(exc).splitlines()[0][:200]}；"
                "可加 --no-prefect 不经 Prefect 生成")
    return None
