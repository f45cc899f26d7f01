"""SIGTERM and Ctrl-C as a build meets them: counted, and raised as KeyboardInterrupt where the process is. An
error the interrupt surfaces as further on (Prefect turns one landing in a task into 「Task run is not set」) is
still the interruption, and one raised where Python cannot raise it (the import system's callbacks) is sent
again. Standard library only: the command installs its handler before its own imports (annual_report/__main__.py);
a local server's build process installs `interrupt` itself (flows/worker.py)."""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

BUILD_LINE = "已中断：本次生成未完成，没有留下运行目录"
_received = 0


def received() -> int:
    """How many interrupts the process has had."""
    return _received


def interrupted() -> bool:
    """Whether the process has been told to stop: an error that follows is the interruption's doing."""
    return _received > 0


def interrupt(signum: int, frame: object) -> None:
    """A signal handler: count the signal and interrupt what runs."""
    global _received
    _received += 1
    raise KeyboardInterrupt


def deliver_again(unraisable: Any) -> None:
    """sys.unraisablehook: an interrupt raised where it cannot propagate is sent again, once the callback has
    returned; anything else is reported as Python would."""
    global _received
    if issubclass(unraisable.exc_type, KeyboardInterrupt) and _received:
        _received -= 1
        again = threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGTERM))
        again.daemon = True
        again.start()
        return
    sys.__unraisablehook__(unraisable)
