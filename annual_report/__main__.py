"""The `annual-report` command as a process (`python -m annual_report`, and the installed script).

Ctrl-C and SIGTERM are caught from the first line run here, before the command's own imports (typer, pydantic,
Prefect) have begun, and end the command at any moment in one line and exit code 1, never a traceback: the
signal interrupts whatever runs (a build removes its staging folder on the way out) and this module says so. The
line is written and the process left without running exit handlers, so that a library interrupted half-imported
cannot add tracebacks of its own; the Prefect server a build started dies with it (flows/runtime.py). An
interrupt that lands where Python cannot raise it (the import system's callbacks) is sent again, a process still
running 30 s after the signal stops then, and a third signal stops at once. A build that failed leaves the same way once it has said why: waiting for Prefect's
background senders to give up on a server that has gone would take minutes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from typing import NoReturn

from annual_report import interrupts

LINES = {"build": interrupts.BUILD_LINE}
INTERRUPTED = "已中断：命令未完成"
KILLED_BY_TYPER = 130  # typer's exit code for a KeyboardInterrupt it caught
GRACE = 30.0  # seconds an interrupted process has to clean up before it stops regardless
_deadline: threading.Timer | None = None


def _on_signal(signum: int, frame: object) -> None:
    global _deadline
    if interrupts.received() >= 2:
        _interrupted()
    if _deadline is None:  # an interrupted build that is stuck (a lock the interrupt left held) stops at GRACE
        _deadline = threading.Timer(GRACE, _interrupted, kwargs={"late": True})
        _deadline.daemon = True
        _deadline.start()
    interrupts.interrupt(signum, frame)


def _interrupted(late: bool = False) -> NoReturn:
    """The one line, then exit 1 at once; `late` (the deadline's thread) touches nothing another thread could
    hold: not the signal handlers, not a buffered stream."""
    if not late:
        for handled in (signal.SIGTERM, signal.SIGINT):
            signal.signal(handled, signal.SIG_IGN)
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
    os.write(2, (LINES.get(_command(), INTERRUPTED) + "\n").encode())
    os._exit(1)


def _command() -> str:
    """The command being run: build, validate …"""
    return next((a for a in sys.argv[1:] if not a.startswith("-")), "")


def _leave(code: int) -> NoReturn:
    """Exit with `code` now, without exit handlers: after an interrupt they could only add noise."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main() -> None:
    """Run the command; an interruption is one line and exit code 1 whenever it comes."""
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    sys.unraisablehook = interrupts.deliver_again
    try:
        from annual_report.cli import main as command

        command()
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if code == KILLED_BY_TYPER or (interrupts.interrupted() and code not in (0, 1, 2, 3)):
            _interrupted()
        # The command has said what it had to; a signal from now on ends the process with that code.
        for handled in (signal.SIGTERM, signal.SIGINT):
            signal.signal(handled, lambda *_: _leave(code if isinstance(code, int) else 1))
        if interrupts.interrupted() or (code not in (None, 0) and _command() == "build"):
            _leave(code if isinstance(code, int) else 1)
        raise
    except BaseException:
        if interrupts.interrupted():  # an interrupt, however the code it landed in passed it on
            _interrupted()
        raise


if __name__ == "__main__":
    main()
