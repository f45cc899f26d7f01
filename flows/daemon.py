"""The local build server of one Prefect home: `python -m flows.daemon HOME` (started by the command,
flows/local_server.py; one per home, kept so by a lock).

It runs a Prefect server (flows/server_app.py, API, services and UI) on a free loopback port, started when
the first build without PREFECT_API_URL needs it (at once when asked with --server), restarted if it dies;
imports what builds use, once; and answers on its socket: `status`, `stop`, `start` (the server),
`hold` (the portal: the server, and no idling while the connection is open) and `build`, which it runs in a
forked process (flows/worker.py). Asked by a command running other code (an upgrade, an edited checkout), it
says so and stops once its builds are done; the command then starts a new one. It stops itself, and its server, once no build has run, no connection has been held and
no one has used the server (the UI included) for the idle period.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import select
import signal
import socket
import struct
import sys
import time
from pathlib import Path
from typing import Any

from flows.local_server import Place, fingerprint, receive, send
from flows.prefect_process import PrefectProcess

PRELOAD = (  # what builds import: paid once here, not in each build
    "flows.build_report", "flows.cli", "flows.worker", "annual_report.cli", "annual_report.statistics",
    "annual_report.wording", "annual_report.drafting.draft", "annual_report.report.compose",
    "annual_report.outputs.statistics_json", "annual_report.outputs.statistics_xlsx",
    "annual_report.outputs.validation_xlsx", "annual_report.word.render", "annual_report.intake.word_report",
    "prefect.flow_engine", "prefect.task_engine", "prefect.task_runners", "prefect.artifacts",
    "prefect.client.orchestration", "prefect.events.worker", "prefect.logging.handlers", "fastapi.encoders",
    "prefect.utilities.visualization", "PIL.PngImagePlugin", "anyio._backends._asyncio", "encodings.gbk",
    "encodings.gb18030", "encodings.utf_8_sig", "encodings.idna", "pandas.io.formats.csvs",
    "pandas.core.reshape.reshape",
)
CHECK_EVERY = 2.0  # seconds between two looks at idleness and at the server


def log(text: str) -> None:
    print(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {text}", flush=True)


class Daemon:
    def __init__(self, place: Place, idle_minutes: float) -> None:
        self.place, self.idle = place, idle_minutes * 60
        self.fingerprint = fingerprint()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server = PrefectProcess(place)
        self.workers: dict[int, float] = {}  # pid → start
        self.holds: list[socket.socket] = []
        self.started = self.last = time.time()
        self.builds = 0
        self.stopping = False

    # --- life ---

    def serve(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.place.socket.unlink()  # a dead daemon's (we hold the lock)
        old = os.umask(0o177)
        try:
            self.listener.bind(str(self.place.socket))
        finally:
            os.umask(old)
        self.listener.listen(16)
        self.write_state()
        self.last = time.time()  # the idle period starts now, imports done
        log(f"ready: pid {os.getpid()}, home {self.place.home}, idle {self.idle / 60:g} min")
        try:
            while not self.done():
                readable, _, _ = select.select([self.listener, *self.holds], [], [], CHECK_EVERY)
                for ready in readable:
                    if ready is self.listener:
                        self.accept()
                    else:
                        self.release(ready)
                self.reap()
                self.server.keep_alive()
        finally:
            self.shutdown()

    def done(self) -> bool:
        if self.workers or self.holds:
            return False
        if self.stopping:
            return True
        last = max(self.last, self.server.last_request())
        return time.time() - last >= self.idle

    def shutdown(self) -> None:
        log(f"stopping after {self.builds} builds")
        self.server.stop()
        for path in (self.place.socket, self.place.state):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        self.listener.close()

    def write_state(self) -> None:
        self.place.state.write_text(json.dumps(self.status(), ensure_ascii=False), encoding="utf-8")

    def status(self) -> dict[str, Any]:
        return {"home": str(self.place.home), "pid": os.getpid(), "fingerprint": self.fingerprint,
                "started": self.started, "last_activity": max(self.last, self.server.last_request()),
                "idle_seconds": self.idle, "builds": self.builds, "running": len(self.workers),
                "holds": len(self.holds), "stopping": self.stopping, "log": str(self.place.log),
                **self.server.status()}

    def reap(self) -> None:
        for pid in list(self.workers):
            with contextlib.suppress(ChildProcessError):
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done == 0:
                    continue
            del self.workers[pid]
            self.last = time.time()

    def release(self, conn: socket.socket) -> None:
        """A held connection that has closed (or said anything) ends its hold."""
        self.holds.remove(conn)
        conn.close()
        self.last = time.time()

    # --- requests ---

    def accept(self) -> None:
        conn, _ = self.listener.accept()
        self.last, keep = time.time(), False
        try:
            if _peer_uid(conn) != os.getuid():
                return
            request, fds = receive(conn, with_fds=True)
            if request is not None:
                keep = self.answer(conn, request, fds)
        except OSError as exc:
            log(f"request failed: {exc}")
        finally:
            if not keep:
                conn.close()

    def answer(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> bool:
        """Answer one request; True when the connection stays open (a hold)."""
        command = request.get("command")
        if command == "build":
            self.build(conn, request, fds)
            return False
        for fd in fds:
            os.close(fd)
        if command in ("start", "hold") and not self.current(conn, request):
            return False
        if command == "stop":
            self.stopping = True  # no new builds; stops once the running ones are done
        answer = self.status()
        if command in ("start", "hold") and (problem := self.server.ensure()):
            answer["error"] = problem
        self.write_state()
        send(conn, {**answer, **self.server.status()})
        if command == "hold" and "error" not in answer:
            self.holds.append(conn)
            return True
        return False

    def current(self, conn: socket.socket, request: dict[str, Any]) -> bool:
        """Whether the asker runs this daemon's code; if not, say so, and stop once the builds are done."""
        if not self.stopping and request.get("fingerprint") == self.fingerprint:
            return True
        self.stopping = True
        send(conn, {"stale": True, "pid": os.getpid()})
        return False

    def build(self, conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        try:
            if not self.current(conn, request):
                return
            server: dict[str, Any] = {}
            if not (request.get("env") or {}).get("PREFECT_API_URL"):
                if problem := self.server.ensure():
                    send(conn, {"error": problem})
                    return
                self.write_state()
                server = self.server.status()
            pid = os.fork()
            if pid == 0:
                self.listener.close()
                from flows.worker import run_build

                run_build(conn, fds, request, server)  # never returns
            self.workers[pid] = time.time()
            self.builds += 1
            log(f"build {self.builds} (pid {pid}): {request.get('workspace')}")
        finally:
            for fd in fds:
                os.close(fd)


def _peer_uid(conn: socket.socket) -> int:
    """The user of the process at the other end (Linux SO_PEERCRED; elsewhere the socket's mode guards)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return os.getuid()
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1]


def preload() -> None:
    """Import what builds use (each build then starts warm); the daemon stays single-threaded, so forking
    it is safe."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.daemon")
    parser.add_argument("home", type=Path)
    parser.add_argument("--idle-minutes", type=float, default=20.0)
    parser.add_argument("--server", action="store_true", help="start the Prefect server at once")
    args = parser.parse_args(argv)
    place = Place.of(args.home)
    lock = place.lock.open("a")
    for _ in range(40):  # a command may be looking at the lock for a moment
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            time.sleep(0.05)
    else:
        return  # this home's daemon is already running (or starting)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `finally` stops the server
    try:
        daemon = Daemon(place, args.idle_minutes)
        if args.server:
            daemon.server.spawn()  # while the imports below run, on the other core
        preload()
        daemon.serve()
    finally:  # the lock is released as the process ends: nothing of it runs after that
        sys.stdout.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
