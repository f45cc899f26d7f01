"""One portal over one workspace: its store, versions, builds, and the workspace as last validated.

The workspace (report.yaml, plan.yaml) is reloaded when its files change; the whole-workspace validation
behind the board is redone only when a file under submissions/ (or the configuration) has changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from annual_report import pipeline
from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Workspace
from annual_report.pipeline import Checked
from annual_report.publish import record_downloads
from portal.board import Board, make_board
from portal.builds import Builder, Builds
from portal.sessions import csrf_key
from portal.store import Clock, local_now, open_store, portal_dir
from portal.version_view import VersionReader, VersionView, version_view
from portal.versions import Version, Versions

BODY_SLACK = 64 * 1024  # a multipart request's bytes beyond the file itself


@dataclass(frozen=True)
class Options:
    url: str = "http://127.0.0.1:8000"  # the portal's address as units and reviewers reach it
    session_hours: float = 8.0
    prefect_ui: str | None = None  # the Prefect UI of the builds' server, when there is one


def _signature(paths: list[Path]) -> tuple:
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            found.append((str(path), None))
        else:
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class Portal:
    def __init__(self, root: Path, out: Path, builder: Builder, options: Options,
                 clock: Clock = local_now) -> None:
        self.root, self.out, self.options = root.resolve(), out.resolve(), options
        self.store = open_store(self.root, clock)
        self.versions = Versions(self.store, self.root,
                                 review_required=lambda: self.workspace()[0].config.portal.review_required)
        downloads = f"{options.url.rstrip('/')}/office/runs"
        self.builds = Builds(self.store, self.versions, self.root, self.out, builder, downloads=downloads)
        record_downloads(self.root, self.out, downloads)  # command-line builds into `out` link here too
        self.builds.fail_interrupted()
        self.reader = VersionReader(self.versions)
        self.store.set_setting("url", options.url.rstrip("/"))  # for the links `portal token issue` prints
        self.csrf_key = csrf_key(self.store)
        self.scratch = portal_dir(self.root) / "check"
        self._load_lock, self._check_lock = threading.Lock(), threading.Lock()
        self._loaded: tuple[tuple, Workspace, WorkPlan | None] | None = None
        self._checked: tuple[tuple, Checked] | None = None

    def _config_files(self) -> list[Path]:
        return [self.root / "report.yaml", self.root / "plan.yaml"]

    def workspace(self) -> tuple[Workspace, WorkPlan | None]:
        """The loaded workspace and plan; WorkspaceError when report.yaml or plan.yaml is unusable."""
        key = _signature(self._config_files())
        with self._load_lock:
            changed = self._loaded is not None and self._loaded[0] != key
            if self._loaded is None or changed:
                ws, plan = pipeline.load(self.root)
                self._loaded = (key, ws, plan)
            loaded = self._loaded[1], self._loaded[2]
        if changed:  # e.g. portal.review_required switched: which versions count may have changed
            for row in self.store.rows("SELECT DISTINCT unit FROM versions"):
                self.builds.counted_changed(row["unit"])
        return loaded

    def checked(self) -> Checked:
        """Every submission validated as a build would, redone only when something changed."""
        submissions = self.root / "submissions"
        files = sorted(submissions.rglob("*")) if submissions.is_dir() else []
        key = _signature([*self._config_files(), *files])
        with self._check_lock:
            if self._checked is None or self._checked[0] != key:
                self._checked = (key, pipeline.check(self.root, pipeline.Runner()))
                self.versions.record_office(self._checked[1])
            return self._checked[1]

    def board(self) -> Board:
        return make_board(self.checked(), self.versions.summary())

    @property
    def max_upload(self) -> int:
        ws, _ = self.workspace()
        return int(ws.config.limits.max_file_mb * 1024 * 1024)

    def version_view(self, version: Version) -> VersionView:
        """What a reviewer reads of a version: its figures beside last year's and the region's, its items."""
        from annual_report.statistics.history import read_history

        ws, plan = self.workspace()
        history = read_history(ws)
        return version_view(ws, self.checked(), self.reader.submission(ws, plan, version), version,
                            (history.totals, history.units))
