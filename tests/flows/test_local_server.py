"""The local server as a user meets it, with the real command in real processes: the first build starts it
and the next ones use it, each run recorded in the Prefect home's database with its files named; `annual-report
server status|start|stop`; it stops itself once idle (not while the portal holds it); an interrupted command
interrupts its build; a server running other code gives way to a new one."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from annual_report.intake import discover
from annual_report.pipeline import STAGES, load
from flows import local_server
from flows.local_server import Place
from tests.conftest import EXAMPLE, REPO

COMMAND = [sys.executable, "-m", "annual_report"]


@dataclass
class Local:
    env: dict[str, str]
    home: Path
    out: Path

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=timeout, env=self.env,
                              cwd=REPO)

    def build(self) -> subprocess.CompletedProcess[str]:
        return self.run("build", str(EXAMPLE), "--out", str(self.out))

    def state(self) -> dict:
        files = list((Path(self.env["XDG_RUNTIME_DIR"]) / "annual-report").glob("*.json"))
        assert len(files) == 1, files
        return json.loads(files[0].read_text(encoding="utf-8"))


def _pids(state: dict) -> list[int]:
    return [state["pid"], *([state["server"]["pid"]] if state.get("server") else [])]


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _gone(pids: list[int], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not any(_running(p) for p in pids)


def _recorded(home: Path, logged: str, timeout: float = 60.0) -> tuple[list[str], set[str], str]:
    """The flow runs, task runs and log of the home's database, once both builds' task runs are recorded (one
    per file and one per other stage each) and `logged` is in the log twice."""
    expected = 2 * (len(discover(load(EXAMPLE)[0])) + len(STAGES) - 1)
    deadline = time.monotonic() + timeout
    while True:
        with sqlite3.connect(home / "prefect.db") as db:
            runs = sorted(row[0] for row in db.execute("SELECT name FROM flow_run"))
            names = [row[0] for row in db.execute("SELECT name FROM task_run")]
            logs = " ".join(row[0] for row in db.execute("SELECT message FROM log"))
        if (len(names) >= expected and logs.count(logged) >= 2) or time.monotonic() > deadline:
            return runs, set(names), logs


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit() and fields[1] == str(pid) and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.fixture
def local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Local]:
    """The command's environment with the local server on (idle period 1 minute), its sockets in a short
    folder of their own; everything the test started is stopped afterwards."""
    runtime = Path(tempfile.mkdtemp(prefix="ar-"))  # a socket's path must stay short
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != local_server.SETTING}
    env |= {"PREFECT_HOME": str(tmp_path / "home"), "XDG_RUNTIME_DIR": str(runtime),
            local_server.IDLE_SETTING: "1"}
    for key in (local_server.SETTING, *(k for k in os.environ if k.startswith("PREFECT_"))):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    found = Local(env, tmp_path / "home", tmp_path / "out")
    try:
        yield found
    finally:
        states = [json.loads(p.read_text()) for p in (runtime / "annual-report").glob("*.json")]
        found.run("server", "stop", timeout=120)
        for pid in (p for state in states for p in _pids(state) if _running(p)):
            os.kill(pid, signal.SIGKILL)


def test_the_first_build_starts_the_local_server_and_the_next_ones_use_it(local: Local) -> None:
    first = local.build()
    assert first.returncode == 0, first.stderr
    state = local.state()
    second = local.build()
    assert second.returncode == 0, second.stderr
    assert local.state()["pid"] == state["pid"]  # the same server
    assert "Traceback" not in first.stderr + second.stderr
    for result in (first, second):
        lines = result.stdout.strip().splitlines()
        assert lines[0] == "▸ 读取工作区配置" and Path(lines[-1]).is_dir()
        assert lines[-2].startswith(f"在 Prefect 界面中查看本次运行：{state['server']['ui_url']}/runs/flow-run/")
    folders = sorted(Path(r.stdout.strip().splitlines()[-1]).name for r in (first, second))
    # the command returns with its report written; the daemon completes the run's record right after
    runs, tasks, logs = _recorded(local.home, "submissions/水务局统计报表.xlsx")
    assert runs == [f"示例市2024 · {name}" for name in folders]
    assert {"intake-水务局统计报表.xlsx", "intake-sfj.yaml"} <= tasks  # each file its task run
    assert {"load", "validate", "render", "publish"} <= {n.rsplit("-", 1)[0] for n in tasks}
    assert "submissions/水务局统计报表.xlsx" in logs  # the file that failed, named in the flow run's log
    status = local.run("server", "status")
    assert status.returncode == 0 and str(local.home) in status.stdout and state["server"]["ui_url"] in status.stdout
    assert "已生成 2 次" in status.stdout
    stopped = local.run("server", "stop")
    assert f"已停止：{local.home}" in stopped.stdout
    assert _gone(_pids(state))
    assert local.run("server", "status").returncode == 1


def _holders(name: str) -> list[int]:
    """Processes other than this one with a descriptor open on `name` (pipe:[inode])."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if int(entry.name) != os.getpid() and any(os.readlink(fd) == name for fd in (entry / "fd").iterdir()):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_a_pipe_the_command_writes_into_ends_with_the_command(local: Local) -> None:
    """`annual-report build | tee build.log` ended 0.7 s after the command did: the build in the local server,
    completing its Prefect record after answering, still held the command's streams."""
    assert local.build().returncode == 0  # the local server is up
    read, write = os.pipe()
    name = os.readlink(f"/proc/self/fd/{read}")
    command = subprocess.Popen([*COMMAND, "build", str(EXAMPLE), "--out", str(local.out)], stdout=write,
                               stderr=write, env=local.env, cwd=REPO)
    os.close(write)
    try:
        assert command.wait(timeout=300) == 0
        assert _holders(name) == []
        output = os.read(read, 1 << 16).decode()
        assert Path(output.strip().splitlines()[-1]).is_dir(), output
    finally:
        os.close(read)


def test_an_idle_local_server_stops_itself_but_not_while_the_portal_holds_it(local: Local) -> None:
    local.env[local_server.IDLE_SETTING] = os.environ[local_server.IDLE_SETTING] = "0.05"  # 3 s
    held = local_server.hold(local.home)
    state = local.state()
    assert held.ui_url == state["server"]["ui_url"]
    time.sleep(8)
    assert all(_running(p) for p in _pids(state))
    assert "报送系统 1 个" in local.run("server", "status").stdout
    held.stop()
    assert _gone(_pids(state), timeout=60)
    assert not Place.of(local.home).socket.exists()
    assert local.run("server", "status").returncode == 1


def test_interrupting_the_command_interrupts_its_build_and_leaves_the_server(local: Local) -> None:
    build = subprocess.Popen([*COMMAND, "build", str(EXAMPLE), "--out", str(local.out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=local.env, cwd=REPO)
    buffer, deadline = b"", time.monotonic() + 240
    while b"\xe2\x96\xb8 \xe7\x94\x9f\xe6\x88\x90 Word" not in buffer and time.monotonic() < deadline:  # ▸ 生成 Word
        ready, _, _ = select.select([build.stdout], [], [], 0.1)
        buffer += os.read(build.stdout.fileno(), 4096) if ready else b""  # type: ignore[union-attr]
        assert build.poll() is None, build.stderr.read()  # type: ignore[union-attr]
    state = local.state()
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=120)
    if build.returncode == 0:
        pytest.skip("the build had finished before the interrupt arrived (a loaded machine)")
    assert build.returncode == 1 and "已中断" in stderr.decode() and "Traceback" not in stderr.decode()
    runs = local.out / "example-2024" / "2024"
    # no run folder, no staging left (Prefect's log of the interrupted run stays beside where it would have been)
    assert ([p for p in runs.iterdir() if p.is_dir()] if runs.is_dir() else []) == []
    deadline = time.monotonic() + 15
    while _children(state["pid"]) != [state["server"]["pid"]] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _children(state["pid"]) == [state["server"]["pid"]]  # no build left running; the server kept
    assert local.build().returncode == 0


def test_a_local_server_of_other_code_gives_way_to_a_new_one(local: Local) -> None:
    started = local.run("server", "start")
    assert started.returncode == 0 and "Prefect 界面：http://127.0.0.1:" in started.stdout
    old = local.state()
    place = Place.of(local.home)
    conn = local_server.connect(place)
    assert conn is not None
    with conn:
        local_server.send(conn, {"command": "start", "fingerprint": "other code"})
        answer, _ = local_server.receive(conn)
    assert answer == {"stale": True, "pid": old["pid"]}
    assert local_server.wait_until_stopped(place) and _gone(_pids(old))
    assert local.build().returncode == 0
    assert local.state()["pid"] != old["pid"]


def test_a_corrupt_database_is_named_in_one_line(local: Local) -> None:
    local.home.mkdir(parents=True)
    (local.home / "prefect.db").write_bytes(b"this is not a database" * 100)
    result = local.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and str(local.home / "prefect.db") in result.stderr
    assert not (local.out / "example-2024").exists()


def test_a_units_own_report_is_built_by_the_local_server_in_the_units_folder(local: Local) -> None:
    result = local.run("build", str(EXAMPLE), "--out", str(local.out), "--unit", "市司法局")
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert folder.parent.name == "sfj" and folder.parent.parent.name == "units" and (folder / "report.docx").is_file()
    refused = local.run("build", str(EXAMPLE), "--out", str(local.out), "--unit", "白沙乡")
    assert refused.returncode == 1 and refused.stderr.startswith("错误：示例市白沙乡人民政府没有可用的报送材料"), refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
