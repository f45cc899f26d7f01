"""Interruptions and environment failures as a user meets them, with the real command in a real process: SIGTERM
at ten moments spread over a build — from the command's first imports, through Prefect's, to the last stage —
and a disk that fills up while the run is written, each one Chinese line and exit code 1, no traceback, no
visible half run, Prefect's log in a file beside the run rather than on the console."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO

COMMAND = [sys.executable, "-m", "annual_report", "build"]
# (what shows the moment has come, where): a shared library the process has mapped — what it is importing — or
# a stage line on its standard output.
MOMENTS = [
    ("maps", "_pydantic_core"),  # the command's own imports (pydantic)
    ("maps", "_multiarray_umath"),  # numpy, for pandas
    ("maps", "_sqlite3"),  # the Prefect runtime's checks
    ("maps", "_pendulum"),  # Prefect's import
    ("maps", "rpds"),  # still Prefect's import (jsonschema)
    ("out", "▸ 读取工作区配置"),
    ("out", "▸ 读取报送文件"),
    ("out", "▸ 汇总统计"),
    ("out", "▸ 生成 Word 报告和统计表"),
    ("out", "▸ 写入运行目录"),
]


def _environment(home: Path, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return clean | {"PREFECT_HOME": str(home), **extra}


def _mapped(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


def _terminate_when(where: str, mark: str, out: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """Start a build, send SIGTERM when `mark` shows, wait for it to end: (exit code, stdout, stderr)."""
    build = subprocess.Popen([*COMMAND, str(EXAMPLE), "--out", str(out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, cwd=REPO)
    deadline, buffer = time.monotonic() + 240, b""
    while time.monotonic() < deadline and build.poll() is None:
        if where == "maps" and re.search(rf"/{re.escape(mark)}[.-]", _mapped(build.pid)):
            break
        ready, _, _ = select.select([build.stdout], [], [], 0.005 if where == "maps" else 0.05)
        buffer += os.read(build.stdout.fileno(), 4096) if ready else b""  # type: ignore[union-attr]
        if where == "out" and mark.encode() in buffer:
            break
    assert build.poll() is None, f"the build ended before {mark}: {build.stderr.read().decode()}"  # type: ignore[union-attr]
    build.send_signal(signal.SIGTERM)
    stdout, stderr = build.communicate(timeout=120)
    return build.returncode, (buffer + stdout).decode(), stderr.decode()


@pytest.fixture(scope="module")
def api_url(prefect_server: None) -> str:
    """The session's Prefect test server: builds killed after start-up record their runs there, without each
    starting a server of its own (the embedded server's fate is test_faults.py's)."""
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())


@pytest.mark.parametrize(("where", "mark"), MOMENTS, ids=[m for _, m in MOMENTS])
def test_sigterm_at_any_moment_is_one_line_and_exit_1(where: str, mark: str, api_url: str, tmp_path: Path) -> None:
    env = _environment(tmp_path / "home", **({"PREFECT_API_URL": api_url} if where == "out" else {}))
    code, stdout, stderr = _terminate_when(where, mark, tmp_path / "out", env)
    runs = tmp_path / "out" / "example-2024" / "2024"
    if code == 0:  # under load the signal can land once the run folder is in place: then it is complete
        folder = Path(stdout.strip().splitlines()[-1])
        assert (folder / "manifest.json").is_file() and stderr.strip() == "", stderr
        return
    assert (code, stderr.strip()) == (1, "已中断：本次生成未完成，没有留下运行目录"), stdout + stderr
    assert "Traceback" not in stdout
    visible = [p for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".")] if runs.is_dir() else []
    assert visible == [] and list(runs.glob(".*.partial") if runs.is_dir() else []) == []


def _full_disk(out: Path, command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `command` with `out` on a file system of 256 KB (a tmpfs mounted in a private mount namespace):
    enough to start the run, not to write it."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a small file system for the test")
    out.mkdir(parents=True, exist_ok=True)
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"this kernel does not let the test mount a file system of its own: {probe.stderr.decode()}")
    script = f'mount -t tmpfs -o size=256k none "{out}" && exec "$@"'
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", *command],
                          capture_output=True, text=True, timeout=300, env=env, cwd=REPO)


@pytest.mark.parametrize("prefect", [False, True], ids=["plain", "prefect"])
def test_a_full_disk_is_one_line_naming_it_and_prefects_log_stays_off_the_console(prefect: bool, api_url: str,
                                                                                   tmp_path: Path) -> None:
    """A full disk ended in 73 lines of Prefect's log before the one useful line."""
    out = tmp_path / "out"
    env = _environment(tmp_path / "home", PREFECT_API_URL=api_url)
    result = _full_disk(out, [*COMMAND, str(EXAMPLE), "--out", str(out), *([] if prefect else ["--no-prefect"])], env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr + result.stdout
    assert "磁盘空间已满" in result.stderr and "请检查磁盘空间" in result.stderr
    assert "Prefect" not in result.stdout.replace("在 Prefect 界面中", "")  # nothing of Prefect's own log


def test_prefects_log_is_kept_beside_the_run(api_url: str, tmp_path: Path) -> None:
    result = subprocess.run([*COMMAND, str(EXAMPLE), "--out", str(tmp_path / "out")], capture_output=True, text=True,
                            timeout=300, env=_environment(tmp_path / "home", PREFECT_API_URL=api_url), cwd=REPO)
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip().splitlines()[-1])
    log = folder.parent / f"{folder.name}.prefect.log"
    assert "build-report" in log.read_text(encoding="utf-8") and "Finished in state" in log.read_text(encoding="utf-8")
    assert result.stderr == "" and "Finished in state" not in result.stdout


LOST_INTERRUPT = """
import os, signal, sys, time, weakref
from annual_report import __main__ as command, interrupts

class Held: pass

def callback(_):  # Python cannot raise out of a weakref callback: the interrupt would be lost
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.2)

signal.signal(signal.SIGTERM, command._on_signal)
sys.unraisablehook = interrupts.deliver_again
held = Held()
ref = weakref.ref(held, callback)
try:
    del held
    time.sleep(5)
    print("not interrupted")
except KeyboardInterrupt:
    print("interrupted", interrupts.interrupted())
"""


def test_an_interrupt_raised_where_python_cannot_raise_it_is_delivered_again() -> None:
    """SIGTERM during an import landed in the import system's weakref callback: "Exception ignored", and the build
    went on for minutes."""
    result = subprocess.run([sys.executable, "-c", LOST_INTERRUPT], capture_output=True, text=True, timeout=60,
                            cwd=REPO)
    assert (result.stdout.strip(), result.stderr) == ("interrupted True", "")


STUCK_AFTER_INTERRUPT = """
import os, signal, sys, threading
from annual_report import __main__ as command

command.GRACE = 0.5
sys.argv = ["annual-report", "build"]
signal.signal(signal.SIGTERM, command._on_signal)
held = threading.Lock()
held.acquire()  # as a lock an interrupt left held in a library's logging queue
try:
    os.kill(os.getpid(), signal.SIGTERM)
    threading.Event().wait(5)
except KeyboardInterrupt:
    held.acquire()  # the clean-up waits for it: forever
print("not stopped")
"""


def test_a_build_stuck_after_the_interrupt_stops_at_the_deadline_with_the_one_line() -> None:
    """An interrupt inside Prefect's log queue left its lock held; the crash handler then waited on it for ever."""
    result = subprocess.run([sys.executable, "-c", STUCK_AFTER_INTERRUPT], capture_output=True, text=True, timeout=60,
                            cwd=REPO)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "已中断：本次生成未完成，没有留下运行目录\n")


def test_an_error_prefect_raised_while_handling_the_signal_is_the_interruption() -> None:
    """While a flow runs, SIGTERM reaches Prefect's own handler (not the command's, so it is not counted); where it
    lands in a task's start, Prefect fails the run with 「Task run is not set」 raised while handling it. The
    command says 已中断, not 生成失败."""
    from prefect.exceptions import TerminationSignal

    from flows.cli import by_signal

    def failed_while_handling(signal_error: BaseException) -> ValueError:
        try:
            try:
                raise signal_error
            except BaseException:
                raise ValueError("Task run is not set")  # noqa: B904 (as Prefect raises it: in the handling)
        except ValueError as exc:
            return exc

    assert by_signal(failed_while_handling(TerminationSignal(signal.SIGTERM)))
    assert by_signal(failed_while_handling(KeyboardInterrupt()))
    assert not by_signal(failed_while_handling(RuntimeError("数据库已锁定")))
    assert not by_signal(ValueError("Task run is not set"))
