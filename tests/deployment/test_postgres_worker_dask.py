"""A real deployment, end to end: PostgreSQL, a Prefect server on it, the `example-2024` deployment from
prefect.yaml run by a process worker, the per-unit work on a Dask LocalCluster chosen by a flow parameter.

Every process the test starts (PostgreSQL, the server, the worker, and through the worker the flow run and
its Dask cluster) is ended by it. As root, PostgreSQL runs as the `postgres` user (initdb refuses root).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from flows.prefect_process import answers
from flows.runtime import DEFAULTS
from tests.conftest import REPO
from tests.docx_text import document_text
from tests.golden import GOLDEN

pytestmark = [pytest.mark.deployment, pytest.mark.xdist_group("deployment")]
PREFECT = [sys.executable, "-m", "prefect"]
EXPECTED_TASK_RUNS = 47  # the example: eight stages and one intake task run per file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def as_postgres(command: list[str]) -> list[str]:
    """Run as the `postgres` user when we are root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def api(url: str, path: str, body: dict) -> object:
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def stop_group(process: subprocess.Popen) -> None:
    """SIGTERM to the process group the test started, SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    with contextlib.suppress(ProcessLookupError):  # children left in the group (a flow run, Dask workers)
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a loopback port; its SQLAlchemy URL for Prefect."""
    bindir = postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed: apt-get install postgresql")
    root = Path(tempfile.mkdtemp(prefix="annual-report-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "prefect", "--auth=trust",
                                "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
    subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "pg.log"), "-w",
                                "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    try:
        subprocess.run(as_postgres([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "prefect",
                                    "prefect"]), check=True, capture_output=True)
        yield f"postgresql+asyncpg://prefect@127.0.0.1:{port}/prefect"
    finally:
        subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def server(postgres: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """`prefect server start` on loopback, backed by PostgreSQL; (API URL, the clients' environment)."""
    home = tmp_path_factory.mktemp("prefect-home")
    url = f"http://127.0.0.1:{free_port()}/api"
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | DEFAULTS | {
        "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env = base | {"PREFECT_SERVER_DATABASE_CONNECTION_URL": postgres, "PREFECT_UI_ENABLED": "false"}
    log = (home / "server.log").open("w")
    port = url.rsplit(":", 1)[1].split("/")[0]
    process = subprocess.Popen([*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", port], env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(lambda: answers(url) or process.poll() is not None, 180, "the Prefect server")
        assert process.poll() is None, (home / "server.log").read_text()
        yield url, base | {"PREFECT_API_URL": url}
    finally:
        stop_group(process)
        log.close()


def test_the_deployment_runs_on_postgres_through_a_worker_with_dask(
        server: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    url, env = server
    env = env | {"ANNUAL_REPORT_DIR": str(REPO)}  # the deployment's pull step: run this checkout's code
    run = lambda *args: subprocess.run([*PREFECT, *args], env=env, cwd=REPO, capture_output=True,  # noqa: E731
                                       text=True, timeout=240)
    created = run("work-pool", "create", "annual-report", "--type", "process")
    assert created.returncode == 0, created.stdout + created.stderr
    deployed = run("--no-prompt", "deploy", "--name", "example-2024")
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    out = tmp_path / "out"
    worker_log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen([*PREFECT, "worker", "start", "--pool", "annual-report"], env=env, cwd=tmp_path,
                              stdout=worker_log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = run("deployment", "run", "build-report/example-2024", "--param", f"out={json.dumps(str(out))}",
                      "--param", 'task_runner="dask"', "--watch", "--watch-timeout", "200")
    finally:
        stop_group(worker)
        worker_log.close()
    log = (tmp_path / "worker.log").read_text(errors="replace")
    assert started.returncode == 0 and "Completed" in started.stdout, started.stdout + started.stderr + log
    flow_run_id = re.search(r"UUID:\s*([0-9a-f-]{36})", started.stdout)[1]

    # the report, the same as the plain build's (the golden copy)
    (folder,) = (out / "example-2024" / "2024").glob("2*")
    assert document_text(folder / "report.docx") == json.loads(
        (GOLDEN / "example-report.json").read_text(encoding="utf-8"))
    # the files were read on the Dask cluster, and the server (on PostgreSQL) recorded every task run
    logs = api(url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "limit": 200})
    assert any("Dask" in entry["message"] for entry in logs), [e["message"] for e in logs]
    counted = lambda: api(url, "/task_runs/count", {"flow_runs": {"id": {"any_": [flow_run_id]}}})  # noqa: E731
    wait_until(lambda: counted() >= EXPECTED_TASK_RUNS, 60, "the task-run history")
    assert counted() == EXPECTED_TASK_RUNS
