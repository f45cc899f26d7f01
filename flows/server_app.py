"""The Prefect server a local daemon runs (flows/daemon.py): Prefect's own application (API, services, UI),
with every request other than a health check marking an activity file, so that the daemon knows the UI is
in use and does not stop under someone reading it.

Run by the daemon as `python -m uvicorn --factory flows.server_app:create_app`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

ACTIVITY = "ANNUAL_REPORT_SERVER_ACTIVITY"  # the file whose modification time is the last request's
EVERY = 5.0  # seconds between two marks


class Activity:
    """ASGI middleware: mark `path` (at most every EVERY seconds) on each request but health checks."""

    def __init__(self, app: Any, path: Path) -> None:
        self.app, self.path, self.last = app, path, 0.0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket") and not str(scope.get("path", "")).endswith("/health"):
            now = time.monotonic()
            if now - self.last >= EVERY:
                self.last = now
                self.path.touch()
        await self.app(scope, receive, send)


def create_app() -> Activity:
    from prefect.server.api.server import create_app as prefect_app

    return Activity(prefect_app(final=True), Path(os.environ[ACTIVITY]))
