"""Run folders: every build writes OUT/<workspace>/<year>/<run-id>/ once, atomically, with a manifest.

Files are written into a hidden staging folder beside the final one and renamed into place when complete,
so an interrupted run leaves no half-written report; the `latest` pointer is updated last.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import uuid
from pathlib import Path

from annual_report import __version__

LATEST = "latest"


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable and unique: 20250320T101500-1a2b3c."""
    now = now or dt.datetime.now()
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def run_parent(out: Path, workspace_name: str, year: int) -> Path:
    return out / workspace_name / str(year)


def begin_run(parent: Path, run_id: str) -> Path:
    """Create and return the hidden staging folder of a new run."""
    if (parent / run_id).exists():
        raise FileExistsError(f"{parent / run_id} 已存在；每次生成都使用新的运行编号，不覆盖已有结果")
    staging = parent / f".{run_id}.partial"
    staging.mkdir(parents=True)
    return staging


def commit_run(staging: Path, run_id: str) -> Path:
    """Rename the finished staging folder into place, then point `latest` at it."""
    parent = staging.parent
    final = parent / run_id
    staging.rename(final)
    pointer = parent / f".{LATEST}.tmp"
    pointer.write_text(run_id + "\n", encoding="utf-8")
    os.replace(pointer, parent / LATEST)
    return final


def abort_run(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _hashes(paths: list[Path], base: Path) -> dict[str, str]:
    return {p.relative_to(base).as_posix(): sha256(p) for p in sorted(paths) if p.is_file()}


def write_manifest(
    folder: Path,
    *,
    run_id: str,
    workspace: Path,
    template: Path,
    counts: dict[str, int],
    started: dt.datetime,
) -> Path:
    """manifest.json: run id, times, versions, SHA-256 of every input and output file, counts."""
    inputs = [p for p in workspace.rglob("*") if p.is_file()]
    manifest = {
        "run_id": run_id,
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now().isoformat(timespec="seconds"),
        "workspace": str(workspace.resolve()),
        "versions": {
            "annual-report": __version__,
            "python": platform.python_version(),
            **{pkg: importlib.metadata.version(pkg) for pkg in ("prefect", "python-docx", "pandas", "openpyxl")},
            "template_sha256": sha256(template),
        },
        "template": str(template),
        "inputs": _hashes(inputs, workspace),
        "outputs": _hashes([p for p in folder.rglob("*") if p.name != "manifest.json"], folder),
        "counts": counts,
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
