"""A finished run folder as the steps after the build see it: its 公开稿 (which the office may have edited in
Word since), statistics, manifest and release state. These steps add files beside the run's own; they never
change the run's files or its manifest."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError

from annual_report.pipeline import REPORT, REVIEW
from annual_report.publish import LATEST, sha256
from annual_report.text.hygiene import shown_name

RUN_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{6}$")


class RunError(Exception):
    """A folder that is not a finished run; the message is one line saying why."""


@dataclass(frozen=True)
class Run:
    folder: Path
    manifest: dict

    @property
    def id(self) -> str:
        return self.folder.name

    @property
    def report(self) -> Path:
        return self.folder / REPORT

    @property
    def review(self) -> Path:
        return self.folder / REVIEW

    @property
    def release_dir(self) -> Path:
        return self.folder / "release"

    @property
    def workspace(self) -> Path | None:
        """The workspace the run was built from, as its manifest names it."""
        return Path(self.manifest["workspace"]) if self.manifest.get("workspace") else None

    @property
    def started(self) -> dt.datetime | None:
        return _when(self.manifest.get("started"))

    @cached_property
    def edited(self) -> bool:
        """Whether the 公开稿 has been changed since the build wrote it."""
        return sha256(self.report) != self.manifest.get("outputs", {}).get(REPORT)

    @property
    def changed_at(self) -> dt.datetime:
        """When the 公开稿 took its present text: its last save if edited, else the end of the build."""
        finished = _when(self.manifest.get("finished")) or _when(self.manifest.get("started"))
        if self.edited or finished is None:
            return dt.datetime.fromtimestamp(self.report.stat().st_mtime).replace(microsecond=0)
        return finished

    @cached_property
    def statistics(self) -> dict | None:
        """statistics.json, or None for a run without one."""
        try:
            return json.loads((self.folder / "statistics.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


def open_document(path: Path) -> Document:
    """A Word document of a run; RunError if it cannot be opened (not a .docx, damaged)."""
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RunError(f"{shown_name(str(path))} 无法作为 Word 文档打开（{type(exc).__name__}）；"
                       "请在 Word 中另存为 .docx 后重试") from None


def _when(text: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def open_run(folder: Path) -> Run:
    """The run in `folder`: a run folder, or the `latest` pointer (or the year's folder that holds it) for the
    newest run; RunError if it is none."""
    if folder.is_dir() and (folder / LATEST).is_file() and not (folder / "manifest.json").exists():
        folder = folder / LATEST
    if folder.name == LATEST and folder.is_file():
        folder = folder.parent / folder.read_text(encoding="utf-8").strip()
    if not folder.is_dir():
        raise RunError(f"{shown_name(str(folder))} 不存在或不是文件夹；请给出运行目录，如 outputs/example-2024/2024/<运行编号>")
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise RunError(f"{shown_name(str(folder))} 不是完整的运行目录（没有可读的 manifest.json）") from None
    if not (folder / REPORT).is_file():
        raise RunError(f"{shown_name(str(folder))} 中没有 {REPORT}（公开稿）") from None
    return Run(folder, manifest)


def sibling(run: Path, name: str) -> Path:
    """`name` as a run folder: a path, or the id of a run beside `run`."""
    path = Path(name)
    return path if path.exists() or not RUN_ID.match(name) else run.parent / name


def previous_run(run: Run) -> Run | None:
    """The finished run just before `run` in its folder (same workspace and year), or None: by the time each
    was started, then finished (two builds can start within one second)."""
    def order(folder: Path) -> tuple[str, int]:
        return folder.name[:15], (folder / "manifest.json").stat().st_mtime_ns

    runs = [p for p in run.folder.parent.iterdir() if RUN_ID.match(p.name) and (p / "manifest.json").is_file()]
    earlier = sorted((p for p in runs if order(p) < order(run.folder)), key=order)
    return open_run(earlier[-1]) if earlier else None


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `path` whole or not at all (a temporary file beside it, renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
