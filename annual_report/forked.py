"""Work beside this process in a forked child: the child inherits the data, so nothing large is pickled,
and sends back only its error's text, if any. The child ends with os._exit: no exit handlers of the parent
(a Prefect client's, say) run in it. Where fork is not available the work runs when awaited."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable


class ChildError(RuntimeError):
    """The forked work failed; the message holds its traceback."""


def beside(work: Callable[[], object]) -> Callable[[], None]:
    """Start `work` in a forked process; return a function that waits for it and raises its error."""
    if not hasattr(os, "fork"):

        def inline() -> None:
            work()

        return inline
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(receive)
        code = 0
        try:
            work()
        except BaseException as exc:  # every error, reported to the parent, which raises it
            with os.fdopen(send, "wb") as pipe:
                pipe.write(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}".encode())
            code = 1
        finally:
            os._exit(code)
    os.close(send)

    def wait() -> None:
        with os.fdopen(receive, "rb") as pipe:
            message = pipe.read().decode(errors="replace")
        _, status = os.waitpid(pid, 0)
        if message or os.waitstatus_to_exitcode(status):
            raise ChildError(message or f"the forked process ended with {os.waitstatus_to_exitcode(status)}")

    return wait
