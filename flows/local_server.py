"""The local build server, from the command's side: where each Prefect home's server lives, how to find,
start, ask and stop it.

`annual-report build` without PREFECT_API_URL records its flow run on a Prefect server that the first build
starts and that stops itself after an idle period (flows/daemon.py), one per Prefect home, like a build
daemon. The daemon also keeps the build's modules (Prefect, pandas, python-docx …) imported: each build runs
in a process forked from it, on the command's own terminal (its standard streams are passed over the
socket), in the command's folder and environment. With PREFECT_API_URL set, builds still run in the daemon,
recorded on that server, and the daemon starts no server of its own.

Each home's daemon answers on a Unix socket in the user's runtime folder (XDG_RUNTIME_DIR, else
/tmp/annual-report-UID, mode 0700), named by a hash of the home, beside its state file (address, process,
start time); it serves only processes of its own user. ANNUAL_REPORT_DAEMON=off builds in the command's own
process instead (Prefect's temporary server, or PREFECT_API_URL).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annual_report.pipeline import Job

SETTING = "ANNUAL_REPORT_DAEMON"  # off: build in the command's process
IDLE_SETTING = "ANNUAL_REPORT_SERVER_IDLE_MINUTES"
IDLE_MINUTES = 20.0
WORKER_MARK = "ANNUAL_REPORT_DAEMON_WORKER"  # set in a build the daemon runs: it never asks a daemon itself
START_TIMEOUT = 120.0  # a first start imports Prefect's server and creates its database: slow machines
LOG_NAME = "annual-report-server.log"
_HEADER = struct.Struct("!I")


class DaemonError(RuntimeError):
    """The daemon could not be started or asked; the message says why, in Chinese."""


def wanted() -> bool:
    """Whether builds go to the daemon: a POSIX system that can pass file descriptors, not switched off, and
    not already inside a build the daemon runs."""
    off = os.environ.get(SETTING, "").strip().lower() in ("0", "off", "false", "no")
    return not off and not os.environ.get(WORKER_MARK) and hasattr(os, "fork") and hasattr(socket, "send_fds")


def runtime_dir() -> Path:
    """This user's folder for the daemons' sockets and state files (created 0700; refused if not ours)."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    root = Path(base) / "annual-report" if base and Path(base).is_dir() else \
        Path(tempfile.gettempdir()) / f"annual-report-{os.getuid()}"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = root.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise DaemonError(f"本地服务器目录 {root} 不属于当前用户或可被他人访问；请删除它后重试")
    return root


@dataclass(frozen=True)
class Place:
    """Where one Prefect home's daemon lives."""

    home: Path

    @classmethod
    def of(cls, home: Path) -> Place:
        return cls(home.expanduser().resolve())

    @property
    def key(self) -> str:
        return hashlib.sha256(str(self.home).encode()).hexdigest()[:16]

    def _file(self, suffix: str) -> Path:
        return runtime_dir() / f"{self.key}.{suffix}"

    @property
    def socket(self) -> Path:
        return self._file("sock")

    @property
    def state(self) -> Path:
        return self._file("json")

    @property
    def lock(self) -> Path:
        return self._file("lock")

    @property
    def log(self) -> Path:
        return self.home / LOG_NAME


def fingerprint() -> str:
    """What the daemon's imported code is: the interpreter, Prefect's version and every module file of the
    packages a build runs. A daemon with another fingerprint is stopped and started again."""
    digest = hashlib.sha256(f"{sys.executable}\0{metadata.version('prefect')}".encode())
    for package in ("annual_report", "flows"):
        root = Path(__file__).resolve().parents[1] / package
        for path in sorted(root.rglob("*.py")):
            info = path.stat()
            digest.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\0".encode())
    return digest.hexdigest()[:24]


def idle_minutes() -> float:
    try:
        return max(0.0, float(os.environ.get(IDLE_SETTING) or IDLE_MINUTES))
    except ValueError:
        return IDLE_MINUTES


# --- messages: a length, then JSON; the first message of a build carries the command's standard streams ---

def send(conn: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    data = json.dumps(message, ensure_ascii=False).encode()
    if fds:
        socket.send_fds(conn, [_HEADER.pack(len(data)) + data], fds)
    else:
        conn.sendall(_HEADER.pack(len(data)) + data)


def receive(conn: socket.socket, with_fds: bool = False) -> tuple[dict[str, Any] | None, list[int]]:
    """The next message (None when the other side has closed) and the file descriptors that came with it."""
    data, fds = b"", []
    while len(data) < _HEADER.size:
        chunk, got, _, _ = socket.recv_fds(conn, 65536, 3) if with_fds and not data else (conn.recv(65536), [], 0, 0)
        if not chunk:
            return None, fds
        data, fds = data + chunk, fds + list(got)
    (size,) = _HEADER.unpack_from(data)
    while len(data) < _HEADER.size + size:
        chunk = conn.recv(65536)
        if not chunk:
            return None, fds
        data += chunk
    return json.loads(data[_HEADER.size:_HEADER.size + size]), fds


def connect(place: Place, timeout: float | None = 5.0) -> socket.socket | None:
    """A connection to the home's daemon, or None when none answers."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    try:
        conn.connect(str(place.socket))
    except OSError:
        conn.close()
        return None
    conn.settimeout(None)
    return conn


def ask(place: Place, command: str, **fields: Any) -> dict[str, Any] | None:
    """One question to the home's daemon and its answer; None when no daemon answers."""
    conn = connect(place)
    if conn is None:
        return None
    with conn:
        send(conn, {"command": command, **fields})
        answer, _ = receive(conn)
    return answer


def state(place: Place) -> dict[str, Any] | None:
    """What the daemon wrote about itself when it was ready, if its state file is there."""
    try:
        return json.loads(place.state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def running() -> list[dict[str, Any]]:
    """Every daemon of this user that answers, with its status."""
    found = []
    for path in sorted(runtime_dir().glob("*.json")):
        home = _home_of(path)
        answer = ask(Place.of(home), "status") if home else None
        if answer:
            found.append(answer)
        elif home is None or stopped(Place.of(home)):
            path.unlink(missing_ok=True)  # a daemon that was killed: its state file stayed behind
    return found


def _home_of(state_file: Path) -> Path | None:
    try:
        return Path(json.loads(state_file.read_text(encoding="utf-8"))["home"])
    except (OSError, ValueError, KeyError):
        return None


def spawn(place: Place, needs_server: bool) -> subprocess.Popen[bytes]:
    """Start the home's daemon, detached (its own session), logging to the home's annual-report-server.log."""
    place.home.mkdir(parents=True, exist_ok=True)
    package_root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    # A build's threads (Prefect's task runners) would each grow a malloc arena of their own in glibc: ≈ 150 MB
    # more at the peak of a 5,000-unit build (docs/performance.md).
    env.setdefault("MALLOC_ARENA_MAX", "2")
    args = [sys.executable, "-m", "flows.daemon", str(place.home), "--idle-minutes", str(idle_minutes())]
    with place.log.open("ab") as log:
        return subprocess.Popen([*args, *(["--server"] if needs_server else [])], env=env, cwd="/",
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True, close_fds=True)


def stopped(place: Place) -> bool:
    """Whether no daemon holds the home's lock (a daemon holds it from its start to its very end)."""
    try:
        with place.lock.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(lock, fcntl.LOCK_UN)
    except BlockingIOError:
        return False
    return True


def wait_until_stopped(place: Place, timeout: float = 60.0) -> bool:
    """Until the home's daemon has ended; False when it is still running after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not stopped(place):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@dataclass
class Hold:
    """The home's Prefect server, kept running (the daemon does not idle) until `stop`: the portal's."""

    conn: socket.socket
    api_url: str
    ui_url: str

    def stop(self) -> None:
        self.conn.close()


def hold(home: Path) -> Hold:
    """Start the home's daemon and server if need be and hold them; DaemonError when they do not start."""
    conn, answer = request(Place.of(home), {"command": "hold"}, needs_server=True)
    return Hold(conn, answer["server"]["api_url"], answer["server"]["ui_url"])


def request(place: Place, message: dict[str, Any], needs_server: bool, fds: list[int] | None = None,
            ) -> tuple[socket.socket, dict[str, Any]]:
    """Send `message` (with our fingerprint) to the home's daemon: the running one, or a new one (a daemon of
    other code stops once its builds are done, and a new one starts). The open connection and the first
    answer; DaemonError when no daemon takes it or it answers with an error."""
    message = {**message, "fingerprint": fingerprint()}
    for _ in range(3):
        conn = connect(place)
        if conn is None:
            _start(place, needs_server)
            continue
        send(conn, message, fds)
        answer, _ = receive(conn)
        if answer is not None and not answer.get("stale"):
            if "error" in answer:
                conn.close()
                raise DaemonError(answer["error"])
            return conn, answer
        conn.close()
        wait_until_stopped(place)  # other code, or stopping: start a new one
    raise DaemonError(f"本地服务器未能启动或接手请求，见 {place.log}")


def _start(place: Place, needs_server: bool) -> None:
    process = spawn(place, needs_server)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if place.socket.exists() and (conn := connect(place, timeout=1.0)) is not None:
            conn.close()
            return
        if process.poll() not in (None, 0):
            raise DaemonError(f"本地服务器未能启动（退出码 {process.returncode}），见 {place.log}")
        time.sleep(0.05)
    raise DaemonError(f"本地服务器 {START_TIMEOUT:.0f} 秒内未就绪，见 {place.log}")


def build(job: Job) -> tuple[Path, dict[str, Any]]:
    """Run `job`'s build in its Prefect home's daemon, on this command's terminal and in its folder and
    environment: the run folder and the counts, as the command's own build returns them. Ctrl-C (and
    SIGTERM) interrupt the build there as here."""
    from flows import runtime

    runtime.configure(job.ws.prefect_home)
    place = Place.of(Path(os.environ["PREFECT_HOME"]))
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    message = {"command": "build", "cwd": os.getcwd(), "env": dict(os.environ),
               "workspace": str(job.root), "out": str(job.out), "unit": job.unit,
               "streams": {name: [getattr(sys, name).encoding, getattr(sys, name).errors]
                           for name in ("stdout", "stderr")}}
    conn, started = request(place, message, not os.environ.get("PREFECT_API_URL"), [0, 1, 2])
    worker = int(started["worker"])
    with conn:
        try:
            answer, _ = receive(conn)
        except KeyboardInterrupt:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGINT)  # the build ends as interrupted, its staging removed
            with contextlib.suppress(KeyboardInterrupt):
                conn.settimeout(60)
                receive(conn)
            raise
    return outcome(answer, place)


def outcome(answer: dict[str, Any] | None, place: Place) -> tuple[Path, dict[str, Any]]:
    """The build's result, or its end raised as the command's own build would have raised it."""
    import typer

    if answer is None:
        raise DaemonError(f"本地服务器中的生成意外中止，见 {place.log}")
    if "result" in answer:
        return Path(answer["result"]["folder"]), answer["result"]["counts"]
    if answer.get("interrupted"):
        raise KeyboardInterrupt
    if "oserror" in answer:
        raise OSError(*answer["oserror"])
    raise typer.Exit(int(answer.get("exit", 1)))
