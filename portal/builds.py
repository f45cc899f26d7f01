"""Builds started from the portal, one at a time in a background thread, and the run folders to download.

A build runs the `build-report` Prefect flow (or the plain pipeline with `serve --no-prefect`). While it
reads submissions/, counted copies are not changed: uploads in the meantime are kept as versions at once
and their counted copies written when the build ends.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annual_report import pipeline
from annual_report.config.workspace import Workspace
from annual_report.publish import run_parent
from portal.store import Store
from portal.versions import Versions

DOWNLOADS = {pipeline.REPORT: "公开稿", pipeline.REVIEW: "审阅稿", pipeline.STATISTICS: "统计表",
             pipeline.VALIDATION: "校验表"}
RUN_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{6}$")
CHANGES = re.compile(r"^changes-since-\d{8}T\d{6}-[0-9a-f]{6}\.docx$")  # `compare`'s file in the newer run
STATE_NAMES = {"running": "运行中", "done": "完成", "failed": "失败"}


@dataclass(frozen=True)
class Outcome:
    run_folder: Path
    flow_run_id: str | None = None


# (workspace, out, the portal's address of run folders for the flow's artifact links) → the run
Builder = Callable[[Path, Path, str], Outcome]


def plain_builder(workspace: Path, out: Path, downloads: str) -> Outcome:
    """The pipeline as plain Python (`serve --no-prefect`)."""
    return Outcome(pipeline.build(workspace, out, pipeline.Runner(pipeline.print_progress)).run_folder)


def prefect_builder(workspace: Path, out: Path, downloads: str) -> Outcome:
    """The build-report flow, recorded on the Prefect server of PREFECT_API_URL."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.build_report import build_report

    # No heartbeat thread: it lets workers detect crashed runs, and joining it costs ≈ 1 s at the end.
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        state = build_report(workspace, out, downloads=downloads, return_state=True)
    result = state.result()  # raises what failed the flow
    return Outcome(Path(result["run_folder"]), str(state.state_details.flow_run_id))


@dataclass(frozen=True)
class Build:
    id: int
    started_by: str
    started_at: str
    finished_at: str | None
    state: str
    run_id: str | None
    flow_run_id: str | None
    seconds: float | None
    message: str
    stage: str = ""  # the label of the stage running or last run (pipeline.STAGES)

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def stages(self) -> list[tuple[str, str]]:
        """Every stage's label with its state: done, running, failed or waiting (the CLI's progress lines)."""
        labels = [s.label for s in pipeline.STAGES]
        at = labels.index(self.stage) if self.stage in labels else -1
        current = {"running": "running", "failed": "failed", "done": "done"}[self.state]
        return [(label, "done" if i < at or self.state == "done" else current if i == at else "waiting")
                for i, label in enumerate(labels)]


class Builds:
    def __init__(self, store: Store, versions: Versions, root: Path, out: Path, builder: Builder,
                 downloads: str) -> None:
        self.store, self.versions, self.root, self.out = store, versions, root, out
        self.builder, self.downloads = builder, downloads
        self._guard = threading.Lock()  # guards _building and _pending, and every counted-copy change
        self._building = False
        self._pending: set[str] = set()
        self._thread: threading.Thread | None = None

    def counted_changed(self, unit: str) -> None:
        """Update the unit's counted copy now, or when the running build has finished reading."""
        with self._guard:
            if self._building:
                self._pending.add(unit)
            else:
                self.versions.sync(unit)

    def start(self, by: str) -> Build | None:
        """Start a build in the background; None when one is already running."""
        with self._guard:
            if self._building:
                return None
            with self.store.write() as db:
                build_id = db.execute("INSERT INTO builds (started_by, started_at, state) "
                                      "VALUES (?, ?, 'running')", (by, self.store.now())).lastrowid
                self.store.audit(by, "build_start", detail=f"生成 #{build_id}", db=db)
            self._building = True
        self._thread = threading.Thread(target=self._run, args=(build_id,), name=f"build-{build_id}", daemon=True)
        self._thread.start()
        return self.get(build_id)

    def own(self, unit: str, by: str) -> Path | None:
        """The unit's own report (the 公开稿 of a `build --unit` run) from the counted copies, built at once;
        None while a build runs (the counted copies may change meanwhile). OwnReportError when the unit has
        nothing accepted."""
        with self._guard:
            if self._building:
                return None
            self._building = True
        try:
            result = pipeline.build(self.root, self.out, unit=unit)
        finally:
            self._done_reading()
        self.store.audit(by, "own_report", unit=unit, detail=f"本单位年度报告，运行编号 {result.run_folder.name}")
        return result.run_folder / pipeline.REPORT

    def _run(self, build_id: int) -> None:
        started = time.perf_counter()
        outcome, message = None, ""
        try:
            with pipeline.listening(lambda label: self._stage(build_id, label)):
                outcome = self.builder(self.root, self.out, self.downloads)
        except Exception as exc:  # the page shows it; Prefect has the traceback in the flow run's log
            message = f"{type(exc).__name__}: {exc}"[:500]
        finally:
            self._done_reading()
        self._finish(build_id, outcome, message, time.perf_counter() - started)

    def _done_reading(self) -> None:
        """The build has read the counted copies: the uploads that came meanwhile are copied now."""
        with self._guard:
            self._building = False
            for unit in sorted(self._pending):
                self.versions.sync(unit)
            self._pending.clear()

    def _finish(self, build_id: int, outcome: Outcome | None, message: str, seconds: float) -> None:
        state = "done" if outcome else "failed"
        run_id = outcome.run_folder.name if outcome else None
        with self.store.write() as db:
            db.execute("UPDATE builds SET state = ?, finished_at = ?, run_id = ?, flow_run_id = ?, seconds = ?, "
                       "message = ? WHERE id = ?", (state, self.store.now(), run_id,
                                                    outcome.flow_run_id if outcome else None, seconds, message,
                                                    build_id))
            self.store.audit("系统", f"build_{state}", db=db,
                             detail=f"生成 #{build_id}：{STATE_NAMES[state]}，{seconds:.1f} 秒"
                                    + (f"，运行编号 {run_id}" if run_id else f"（{message}）"))

    def _stage(self, build_id: int, label: str) -> None:
        with self.store.write() as db:
            db.execute("UPDATE builds SET stage = ? WHERE id = ?", (label, build_id))

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the running build's thread (tests, and serve's shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def get(self, build_id: int) -> Build | None:
        row = self.store.row("SELECT * FROM builds WHERE id = ?", build_id)
        return Build(**dict(row)) if row else None

    def recent(self, limit: int = 20) -> list[Build]:
        return [Build(**dict(r)) for r in self.store.rows("SELECT * FROM builds ORDER BY id DESC LIMIT ?", limit)]

    def fail_interrupted(self) -> None:
        """Builds left running by a stopped portal are marked failed when it starts again."""
        with self.store.write() as db:
            db.execute("UPDATE builds SET state = 'failed', message = '门户停止时中断' WHERE state = 'running'")


@dataclass(frozen=True)
class RunFolder:
    run_id: str
    started: dt.datetime | None
    counts: dict[str, int]
    files: list[str]  # the downloadable files it has


def runs_dir(out: Path, ws: Workspace) -> Path:
    return run_parent(out, ws.root, ws.config.year)


def run_folders(out: Path, ws: Workspace, limit: int = 30) -> list[RunFolder]:
    """Finished runs of the workspace's year, newest first (from the portal or the command line)."""
    parent = runs_dir(out, ws)
    names = sorted((p.name for p in parent.iterdir() if RUN_ID.match(p.name) and p.is_dir()), reverse=True) \
        if parent.is_dir() else []
    return [_run_folder(parent / name) for name in names[:limit]]


def _run_folder(folder: Path) -> RunFolder:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    started = manifest.get("started")
    return RunFolder(run_id=folder.name, started=dt.datetime.fromisoformat(started) if started else None,
                     counts=manifest.get("counts", {}), files=[n for n in DOWNLOADS if (folder / n).is_file()])


def run_file(out: Path, ws: Workspace, run_id: str, name: str) -> Path | None:
    """A downloadable file of a run, or None: the run id and file name are checked against fixed patterns."""
    if not RUN_ID.match(run_id) or not (name in DOWNLOADS or CHANGES.match(name)):
        return None
    path = runs_dir(out, ws) / run_id / name
    return path if path.is_file() else None
