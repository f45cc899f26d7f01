"""Which files a workspace holds and which of them may be read: nothing outside the workspace, nothing that
is not a regular file, every name shown escaped."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annual_report.text.hygiene import shown_name


def entries(folder: Path) -> Iterator[Path]:
    """Everything below `folder` but the folders it descends into: files, links (never followed), special
    files, and folders that cannot be listed (for the reader to report)."""
    try:
        with os.scandir(folder) as found:
            listed = list(found)
    except OSError:
        yield folder
        return
    for entry in listed:
        if entry.is_dir(follow_symlinks=False):
            yield from entries(Path(entry.path))
        else:
            yield Path(entry.path)


def label(path: Path, root: Path) -> str:
    """`path` relative to `root`, as shown to people."""
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return shown_name(relative)


def inside(path: Path, *folders: Path) -> bool:
    """Whether `path`, every link resolved, lies within one of `folders` (resolved too)."""
    target = path.resolve()
    return any(target.is_relative_to(f.resolve()) for f in folders)


@dataclass(frozen=True)
class Refusal:
    """Why a path is not read: a rule id and a message."""

    rule: str
    message: str


def refusal(path: Path, *allowed: Path) -> Refusal | None:
    """Why `path` must not be read, or None when it is a regular file within `allowed` folders."""
    link = path.is_symlink()
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if link:
            return Refusal("unreadable", f"链接指向的文件不存在（{shown_name(os.readlink(path))}）；请把文件本身放入 submissions/")
        return Refusal("unreadable", f"文件无法读取：{exc.strerror or exc}")
    if link and not inside(path, *allowed):
        return Refusal("outside_workspace", f"这是指向工作区之外的链接（{shown_name(str(path.resolve()))}），"
                                            "未读取；请把文件本身复制到 submissions/")
    if stat.S_ISDIR(mode):
        what = "链接的文件夹" if link else "文件夹"
        return Refusal("ignored_file" if link else "unreadable",
                       f"{what}未读取；请把其中的文件直接放入 submissions/" if link else f"{what}无法打开，未读取")
    if not stat.S_ISREG(mode):
        return Refusal("unsupported_format", "不是普通文件（管道、设备等），未读取")
    return None


def read_bounded(path: Path, limit: int) -> bytes | None:
    """At most `limit` bytes of the file; None when it holds more."""
    with path.open("rb") as fh:
        raw = fh.read(limit + 1)
    return None if len(raw) > limit else raw
