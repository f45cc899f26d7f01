"""The Prefect server process of a local daemon (flows/daemon.py): started on a free loopback port with the
settings of a long-lived server, killed with the daemon however the daemon ends (PR_SET_PDEATHSIG), restarted
if it dies on its own, and telling when it was last used (flows/server_app.py marks each request)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from typing import Any

from annual_report.outputs.forked import die_with_parent
from flows import prefect_schema
from flows.local_server import START_TIMEOUT, Place
from flows.runtime import DEFAULTS, database_problem
from flows.server_app import ACTIVITY

# The CLI's settings, the recorder's flush interval among them (1 s: Prefect 3.8.8 takes its integer part,
# and 0 makes the recorder spin, ≈ 65 % of a core while idle); the UI served, told its own API address.
SETTINGS = DEFAULTS | {"PREFECT_SERVER_LOGGING_LEVEL": "WARNING"}
RESTART_AFTER = 60.0  # seconds: a server that dies sooner after a start is not started again


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(api_url: str) -> bool:
    """Whether a Prefect server answers its health check at `api_url`."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def _die_with_daemon() -> None:  # pragma: no cover - runs in the child between fork and exec
    die_with_parent(signal.SIGTERM)


class PrefectProcess:
    def __init__(self, place: Place) -> None:
        self.place = place
        self.activity = place.home / "annual-report-server.activity"
        self.log = place.home / "prefect-server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.spawned = 0.0
        self.failed = ""

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self) -> None:
        self.port, self.spawned, self.failed = free_port(), time.monotonic(), ""
        if prefect_schema.create(self.place.home):
            print(f"created {self.place.home / 'prefect.db'} from {prefect_schema.SCHEMA.name}", flush=True)
        self.activity.touch()
        env = {**os.environ, **{k: os.environ.get(k, v) for k, v in SETTINGS.items()},
               "PREFECT_HOME": str(self.place.home), "PREFECT_UI_API_URL": self.api_url,
               "PREFECT_UI_URL": self.ui_url, ACTIVITY: str(self.activity)}
        env.pop("PREFECT_API_URL", None)
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--factory", "flows.server_app:create_app", "--host", "127.0.0.1",
                 "--port", str(self.port), "--lifespan", "on", "--log-level", "warning"],
                env=env, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_daemon if sys.platform.startswith("linux") else None)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        return answers(self.api_url)

    def ensure(self) -> str | None:
        """Started and answering; None, or why it is not (naming its log)."""
        if self.running() and self.healthy():
            return None
        if not self.running():
            self.spawn()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.healthy():
                print(f"Prefect server ready at {self.ui_url}, {time.monotonic() - self.spawned:.1f} s after its start",
                      flush=True)
                return None
            if not self.running():
                self.failed = database_problem(self.place.home / "prefect.db") or \
                    f"Prefect 服务器未能启动（退出码 {self.process.returncode}），见 {self.log}"  # type: ignore[union-attr]
                return self.failed
            time.sleep(0.1)
        self.stop()
        self.failed = f"Prefect 服务器 {START_TIMEOUT:.0f} 秒内未就绪，见 {self.log}"
        return self.failed

    def keep_alive(self) -> None:
        """Start the server again if it died on its own, unless it died right after its start."""
        if self.process is not None and self.process.poll() is not None and not self.failed:
            if time.monotonic() - self.spawned < RESTART_AFTER:
                self.failed = f"Prefect 服务器启动后很快退出（{self.process.returncode}），见 {self.log}"
                return
            print(f"Prefect server ended ({self.process.returncode}); starting it again", flush=True)
            self.spawn()

    def last_request(self) -> float:
        """When the server last answered anything but a health check (0 before it started)."""
        try:
            return self.activity.stat().st_mtime if self.process is not None else 0.0
        except FileNotFoundError:
            return 0.0

    def status(self) -> dict[str, Any]:
        if not self.running():
            return {"server": None}
        return {"server": {"api_url": self.api_url, "ui_url": self.ui_url, "pid": self.process.pid,  # type: ignore[union-attr]
                           "log": str(self.log)}}

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.wait()
