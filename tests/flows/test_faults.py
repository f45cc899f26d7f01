"""Faults of the environment as a user meets them, with the real command in a real process: a server that
cannot be reached, a corrupt Prefect database, and builds killed by real signals at several points."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO

COMMAND = [sys.executable, "-m", "annual_report", "build"]


def environment(home: Path, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return clean | {"PREFECT_HOME": str(home), **extra}


def one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def test_an_unreachable_server_is_one_line_suggesting_no_prefect(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again when the test's command runs
    env = environment(tmp_path, PREFECT_API_URL=f"http://127.0.0.1:{port}/api")
    result = subprocess.run([*COMMAND, str(EXAMPLE), "--out", str(tmp_path / "out")], capture_output=True,
                            text=True, timeout=120, env=env, cwd=REPO)
    line = one_line_failure(result)
    assert f"127.0.0.1:{port}" in line and "--no-prefect" in line
    assert not (tmp_path / "out" / "example-2024").exists()


def test_a_corrupt_prefect_database_is_named(tmp_path: Path) -> None:
    (tmp_path / "prefect.db").write_bytes(b"this is not a database" * 100)
    result = subprocess.run([*COMMAND, str(EXAMPLE), "--out", str(tmp_path / "out")], capture_output=True,
                            text=True, timeout=120, env=environment(tmp_path), cwd=REPO)
    line = one_line_failure(result)
    assert str(tmp_path / "prefect.db") in line and "--no-prefect" in line


def _children(pid: int) -> set[int]:
    """Every process descended from `pid`, now."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError, IndexError):
            continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (a zombie holds neither memory nor its port; init reaps it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _kill_at(signum: int, mark: str | None, out: Path, home: Path) -> set[int]:
    """Start a build, send `signum` when it prints `mark` (None: as soon as its server process exists),
    wait for it to end; the processes it had started."""
    build = subprocess.Popen([*COMMAND, str(EXAMPLE), "--out", str(out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=environment(home), cwd=REPO)
    deadline, seen, buffer = time.monotonic() + 180, set(), b""
    while time.monotonic() < deadline and build.poll() is None:
        seen |= _children(build.pid)
        ready, _, _ = select.select([build.stdout], [], [], 0.05)
        buffer += os.read(build.stdout.fileno(), 4096) if ready else b""  # type: ignore[union-attr]
        if (mark is None and seen) or (mark is not None and mark.encode() in buffer):
            break
    assert build.poll() is None, f"the build ended before {mark}: {build.stderr.read().decode()}"  # type: ignore[union-attr]
    seen |= _children(build.pid)
    os.kill(build.pid, signum)
    stdout, stderr = build.communicate(timeout=60)
    if signum != signal.SIGKILL and build.returncode == 0:
        # Under load the signal can land after the flow function returned; Prefect then lets the run finish
        # (it does not crash a completed run), and the command reports a complete run folder.
        folder = Path((buffer + stdout).decode().strip().splitlines()[-1])
        assert (folder / "manifest.json").is_file(), stdout.decode()
    elif signum != signal.SIGKILL:
        assert build.returncode == 1 and "已中断" in stderr.decode() and "Traceback" not in stderr.decode()
    return seen


def _nothing_left(started: set[int], out: Path) -> None:
    """No process the build started is still running, and every run folder in view is complete."""
    assert started, "the build had started its Prefect server"
    deadline = time.monotonic() + 15
    while any(_running(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p for p in started if _running(p)] == []
    runs = out / "example-2024" / "2024"
    visible = [p for p in runs.iterdir() if not p.name.startswith(".")] if runs.is_dir() else []
    assert all((p / "manifest.json").is_file() for p in visible if p.is_dir())


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Prefect home for the builds killed after start-up: its database is created once."""
    return tmp_path_factory.mktemp("prefect-home")


@pytest.mark.parametrize(("signum", "mark"), [
    (signal.SIGKILL, None), (signal.SIGTERM, "▸ 读取报送文件"), (signal.SIGINT, "▸ 生成 Word 报告和统计表")],
    ids=["kill-while-the-server-starts", "term-in-intake", "int-in-render"])
def test_a_killed_build_leaves_no_process_and_no_visible_half_run(tmp_path: Path, prefect_home: Path, signum: int,
                                                                   mark: str | None) -> None:
    out = tmp_path / "out"
    home = tmp_path / "prefect-home" if mark is None else prefect_home  # killed while creating its database
    _nothing_left(_kill_at(signum, mark, out, home), out)
    if signum != signal.SIGKILL:  # an interrupted build removes its own staging at once
        assert list(out.rglob(".*.partial")) == []


def test_a_build_killed_in_render_is_cleaned_up_by_the_next(tmp_path: Path, prefect_home: Path) -> None:
    out, home = tmp_path / "out", prefect_home
    _nothing_left(_kill_at(signal.SIGKILL, "▸ 生成 Word 报告和统计表", out, home), out)
    runs = out / "example-2024" / "2024"
    assert [p.name for p in runs.glob(".*.partial")], "a build killed while rendering leaves its staging"
    result = subprocess.run([*COMMAND, str(EXAMPLE), "--out", str(out), "--no-prefect"], capture_output=True,
                            text=True, timeout=300, env=environment(home), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert list(runs.glob(".*.partial")) == []
    assert (runs / (runs / "latest").read_text(encoding="utf-8").strip() / "manifest.json").is_file()
