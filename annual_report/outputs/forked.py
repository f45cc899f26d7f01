"""Work beside this process in a forked child: the child inherits the data, so nothing large is pickled,
and sends back only its error's text, if any. The child ends with os._exit (no exit handlers of the parent,
a Prefect client's say, run in it), is killed when the parent dies (Linux), and is killed by `cancel` when
the parent gives up. Where fork is not available the work runs when awaited."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import traceback
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
# Looked up once, here: a child calls it between fork and exec, where as little as possible should happen.
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def die_with_parent(signum: int = signal.SIGKILL) -> None:
    """Have the kernel send `signum` to this process when its parent ends, even by SIGKILL (Linux; elsewhere
    nothing)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signum, 0, 0, 0)


class ChildError(RuntimeError):
    """The forked work failed; the message holds its traceback."""


class Beside:
    """`work` running in a forked process (or, without fork, waiting to run in this one)."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.work, self.pid = work, 0
        if not hasattr(os, "fork"):
            return
        self.receive, send = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.receive)
            _run_child(work, send)
        os.close(send)

    def wait(self) -> None:
        """Until the work is done; its error raised here."""
        if not self.pid:
            self.work()
            return
        with os.fdopen(self.receive, "rb") as pipe:
            message = pipe.read().decode(errors="replace")
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        code = os.waitstatus_to_exitcode(status)
        if message or code:
            raise ChildError(message or f"the forked process ended with {code}")

    def cancel(self) -> None:
        """Kill the work if it is still running (the caller failed or was interrupted)."""
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.receive)
            self.pid = 0


def _run_child(work: Callable[[], object], send: int) -> None:
    code = 0
    try:
        die_with_parent()
        work()
    except BaseException as exc:  # every error, reported to the parent, which raises it
        with os.fdopen(send, "wb") as pipe:
            pipe.write(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}".encode())
        code = 1
    finally:
        os._exit(code)
