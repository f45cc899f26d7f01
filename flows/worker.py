"""One build in a process forked from the local daemon (flows/daemon.py): it takes on the command's standard
streams, folder and environment, runs the build-report flow as the command would, and sends back the run
folder and counts, or how it ended (an exit code, an interruption, a file system error).

The command interrupts it with SIGINT (Ctrl-C, SIGTERM); if the command dies, the closed connection
interrupts it, so that no build outlives its command.
"""

from __future__ import annotations

import atexit
import io
import os
import signal
import socket
import sys
import threading
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from flows.local_server import WORKER_MARK, send

if TYPE_CHECKING:
    from flows.cli import Complete

_DAEMON_LOG = os.dup(1)  # the daemon's own standard output (its log), kept before a build takes over 1 and 2


def run_build(conn: socket.socket, fds: list[int], request: dict[str, Any], server: dict[str, Any]) -> NoReturn:
    """Run the build; never returns (the process ends here, whatever happens)."""
    code = 1
    try:
        code = _run(conn, fds, request, server)
    except BaseException:  # nothing may return into the daemon's loop
        traceback.print_exc()
    finally:
        os._exit(code)


def _take_over(fds: list[int], request: dict[str, Any], server: dict[str, Any]) -> None:
    """The command's streams, folder and environment (pointed at the daemon's server unless it named one)."""
    from annual_report import interrupts

    for handled in (signal.SIGINT, signal.SIGTERM):
        signal.signal(handled, interrupts.interrupt)  # counted: an error the signal surfaces as is an interruption
    sys.unraisablehook = interrupts.deliver_again
    for target, fd in enumerate(fds[:3]):
        os.dup2(fd, target)
    for fd in set(fds) - {0, 1, 2}:  # only 0-2 hold the command's streams: _detach lets go of them at the end,
        os.close(fd)  # and a pipe the command writes into (| tee) then ends with the command, not with this process
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ[WORKER_MARK] = "1"
    if server:
        os.environ["PREFECT_API_URL"] = server["server"]["api_url"]
        os.environ.setdefault("PREFECT_UI_URL", server["server"]["ui_url"])
    streams = request.get("streams") or {}
    for name, fd in (("stdout", 1), ("stderr", 2)):
        encoding, errors = streams.get(name) or ("utf-8", "strict")
        setattr(sys, name, io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding=encoding, errors=errors,
                                            line_buffering=True))
    from prefect.context import refresh_global_settings_context
    from prefect.logging.configuration import setup_logging

    refresh_global_settings_context()
    setup_logging(incremental=False)


def _watch(conn: socket.socket, building: threading.Event) -> None:
    """Interrupt the build when the command's end of the connection closes while it runs."""
    try:
        while conn.recv(1024):
            pass
    except OSError:
        pass
    if building.is_set():
        os.kill(os.getpid(), signal.SIGINT)


def _run(conn: socket.socket, fds: list[int], request: dict[str, Any], server: dict[str, Any]) -> int:
    _take_over(fds, request, server)
    send(conn, {"worker": os.getpid()})
    building = threading.Event()
    building.set()
    threading.Thread(target=_watch, args=(conn, building), name="command-watch", daemon=True).start()
    answer: dict[str, Any]
    complete = None
    try:
        answer, complete = _build(request)
    except KeyboardInterrupt:
        answer = {"interrupted": True}
    except SystemExit as exc:
        answer = {"exit": exc.code if isinstance(exc.code, int) else 1}
    except OSError as exc:
        answer = {"oserror": [exc.errno, exc.strerror, None if exc.filename is None else str(exc.filename)]}
    except Exception as exc:  # typer.Exit and the workspace's own errors, as the command shows them
        answer = _failure(exc)
    building.clear()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build is over: nothing left to interrupt
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    send(conn, answer)
    _detach()
    if complete is not None:
        complete()  # the command has its answer; the daemon counts this build as running until recorded
    atexit._run_exitfuncs()  # Prefect's own: logs and events sent to the server
    return 0


def _detach() -> None:
    """Let go of the command's terminal: what is still written goes to the daemon's log."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for fd in (1, 2):
        os.dup2(_DAEMON_LOG, fd)


def _build(request: dict[str, Any]) -> tuple[dict[str, Any], Complete]:
    """The flow run; the answer for the command and what completes its record on the server."""
    from annual_report import pipeline
    from flows.cli import run_flow

    job = replace(pipeline.prepare(Path(request["workspace"]), Path(request["out"])), unit=request.get("unit"))
    folder, counts, complete = run_flow(job)
    return {"result": {"folder": str(folder), "counts": counts}}, complete


def _failure(exc: Exception) -> dict[str, Any]:
    import typer

    from annual_report.config.workspace import WorkspaceError
    from annual_report.interrupts import interrupted
    from annual_report.publish import OutputError
    from annual_report.report.own import OwnReportError

    if interrupted():  # the signal surfaced as another error where it landed
        return {"interrupted": True}
    if isinstance(exc, typer.Exit):
        return {"exit": exc.exit_code}
    if isinstance(exc, OwnReportError):
        print(f"错误：{exc}", file=sys.stderr)
        return {"exit": 1}
    if isinstance(exc, WorkspaceError | OutputError):
        print(f"错误：{exc}", file=sys.stderr)
        return {"exit": getattr(exc, "exit_code", 2)}
    traceback.print_exc()
    return {"exit": 1}
