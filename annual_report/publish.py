"""Run folders: every build writes OUT/<workspace>/<year>/<run-id>/ once, atomically, with a manifest.

Files are written into a hidden staging folder beside the final one and renamed into place when complete,
so an interrupted run leaves no half-written report; the `latest` pointer is updated last. A staging folder
names the process that writes it: one whose process has gone (a killed build) is removed by the next build.
The run folder is always inside OUT, and OUT is never inside the workspace's submissions/ or history/.

The manifest certifies what the build read: each input's SHA-256 is that of the bytes its reader parsed
(`Inputs`), never of the file as it is when the run is published; a file read and changed or removed since, or
one that appeared in submissions/ or history/ after the build looked, is a finding (`input_changes`), listed in
the manifest too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from annual_report import __version__
from annual_report.findings import Finding, Severity
from annual_report.intake.paths import entries, label
from annual_report.text.hygiene import shown_name

LATEST = "latest"
_STAGING = re.compile(r"^\.(?P<run>.+?)(?:\.(?P<pid>[0-9]+))?\.partial$")
_UNSAFE_NAME = re.compile(r"[\\/:*?\"<>|]")


class OutputError(Exception):
    """OUT cannot hold the run; the message is one line saying why and what to do. Exit code 2 for an OUT
    that would mix with the workspace's inputs (a wrong argument), 1 for one that cannot be written."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def check_out(out: Path, workspace: Path) -> None:
    """OUT must not be inside the workspace's inputs (a second build would read the first one's outputs),
    and must be writable: OutputError otherwise, before any work is done."""
    target = out.resolve()
    for inputs in ("submissions", "history"):
        if target.is_relative_to((workspace / inputs).resolve()):
            raise OutputError(f"--out {shown_name(str(out))} 在工作区的 {inputs}/ 之内，下次汇编会把输出当作报送材料读取；"
                              "请指定工作区之外（或工作区的 outputs/）的文件夹", 2)
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"无法写入输出文件夹 {shown_name(str(out))}（{exc.strerror or exc}）；"
                          "请用 --out 指定一个可写的文件夹", 1) from None


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable and unique: 20250320T101500-1a2b3c."""
    now = now or dt.datetime.now()
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def run_parent(out: Path, workspace: Path, year: int) -> Path:
    """OUT/<workspace folder name>/<year>: the name of the folder itself (never 「..」), made safe."""
    name = _UNSAFE_NAME.sub("_", shown_name(workspace.resolve().name)) or "workspace"
    return out / name / str(year)


def _downloads_file(workspace: Path) -> Path:
    return workspace / "portal" / "downloads.json"


def record_downloads(workspace: Path, out: Path, address: str) -> None:
    """Where a portal serves the run folders under `out` (`serve --url …` + /office/runs): builds from the
    command line into the same `out` then link their artifacts there rather than to file:// paths."""
    path = _downloads_file(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"address": address, "out": str(out.resolve())}, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def downloads_address(workspace: Path, out: Path) -> str:
    """The portal's download address of runs under `out`, or "" when no portal serves them."""
    try:
        found = json.loads(_downloads_file(workspace).read_text(encoding="utf-8"))
        return str(found["address"]) if found["out"] == str(out.resolve()) else ""
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own number on a folder we have not made yet: a dead build's
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(parent: Path) -> list[Path]:
    """Remove staging folders whose build has ended without finishing them; return them."""
    stale = []
    for folder in parent.glob(".*.partial") if parent.is_dir() else []:
        match = _STAGING.match(folder.name)
        if match and not (match["pid"] and _alive(int(match["pid"]))):
            shutil.rmtree(folder, ignore_errors=True)
            stale.append(folder)
    return stale


def begin_run(parent: Path, run_id: str) -> Path:
    """Create and return the hidden staging folder of a new run, removing those of killed builds."""
    if (parent / run_id).exists():
        raise FileExistsError(f"{parent / run_id} 已存在；每次生成都使用新的运行编号，不覆盖已有结果")
    remove_stale(parent)
    staging = parent / f".{run_id}.{os.getpid()}.partial"
    staging.mkdir(parents=True)
    return staging


def commit_run(staging: Path, run_id: str) -> Path:
    """Rename the finished staging folder into place, then point `latest` at it."""
    parent = staging.parent
    final = parent / run_id
    staging.rename(final)
    pointer = parent / f".{LATEST}.{os.getpid()}.tmp"
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
    return {label(p, base): sha256(p) for p in sorted(paths) if p.is_file()}


@dataclass
class Inputs:
    """What a build read — each file's path in the workspace and the SHA-256 of the bytes its reader parsed —
    and every file of submissions/ and history/ it looked at, read or not."""

    read: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)


def _looked_at(root: Path) -> dict[str, Path]:
    """The files of submissions/ and history/ now, by their path in the workspace; temporary and hidden files
    (an Excel lock file appears whenever someone opens a workbook) are none of the build's business."""
    found = [p for folder in ("submissions", "history") if (root / folder).is_dir() for p in entries(root / folder)]
    return {label(p, root): p for p in found if not p.name.startswith(("~$", "."))}


def _changed(name: str, digest: str, path: Path) -> str | None:
    """How a file read differs now: 「已被修改」「已被删除」, or None."""
    try:
        return None if path.is_file() and sha256(path) == digest else "已被修改" if path.exists() else "已被删除"
    except OSError:
        return "已无法读取"


def input_changes(root: Path, inputs: Inputs) -> list[Finding]:
    """Files read that have changed or gone since, and files that appeared in submissions/ or history/ after the
    build looked: a warning each (the build used what it read, or did not read the new file)."""
    now = _looked_at(root)
    findings = []
    for name, digest in sorted(inputs.read.items()):
        if (change := _changed(name, digest, now.get(name) or root / name)) is not None:
            findings.append(Finding(file=name, rule="changed_during_build", severity=Severity.WARNING,
                                    message=f"文件在本次生成读取之后{change}：本次采用的是读取时的内容（SHA-256 "
                                            f"{digest[:12]}…，见 manifest.json）；请重新生成以采用现在的文件"))
    for name in sorted(set(now) - inputs.seen - set(inputs.read)):
        findings.append(Finding(file=name, rule="appeared_during_build", severity=Severity.WARNING,
                                message="文件在本次生成查找报送材料之后才出现，本次未读取；请重新生成以采用它"))
    return findings


def write_manifest(
    folder: Path,
    *,
    run_id: str,
    workspace: Path,
    template: Path,
    counts: dict[str, int],
    started: dt.datetime,
    inputs: Inputs,
    changed: list[Finding],
) -> Path:
    """manifest.json: run id, times, versions, the SHA-256 of the bytes read of every input (only those read)
    and of every output file, what changed in the workspace during the build, counts."""
    manifest = {
        "run_id": run_id,
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now().isoformat(timespec="seconds"),
        "workspace": shown_name(str(workspace.resolve())),
        "versions": {
            "annual-report": __version__,
            "python": platform.python_version(),
            **{pkg: importlib.metadata.version(pkg) for pkg in ("prefect", "python-docx", "pandas", "openpyxl")},
            "template_sha256": sha256(template),
        },
        "template": shown_name(str(template)),
        "inputs": dict(sorted(inputs.read.items())),
        "changed_during_build": [{"file": f.file, "rule": f.rule, "message": f.message} for f in changed],
        "outputs": _hashes([p for p in folder.rglob("*") if p.name != "manifest.json"], folder),
        "counts": counts,
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
