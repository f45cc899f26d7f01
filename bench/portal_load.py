"""Benchmark: the portal under 50 concurrent uploads, then builds started from it against `--no-prefect`.

Run: python bench/portal_load.py [--uploads 50]

Starts `annual-report serve` on a copy of the example workspace (its own Prefect server, in a throw-away
PREFECT_HOME), on 127.0.0.1 only. Every request has a timeout and the whole run a deadline. Prints: the
uploads' latencies, the pages' latencies while they run, whether every version was kept (database, files,
hashes, numbering, counted copies), and the build times with their ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from openpyxl import Workbook

from portal.server import free_port

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "inputs" / "example-2024"
COMMAND = [sys.executable, "-m", "annual_report"]
PASSWORD = "bench-password-1"
DEADLINE = time.monotonic() + 900  # the whole run stops by itself within 15 minutes
TIMEOUT = httpx.Timeout(60.0)


def command(*args: str, env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run([*COMMAND, *args], input=stdin, capture_output=True, text=True, env=env, check=True,
                          timeout=120)
    return done.stdout


def workbook(unit: str, lectures: object) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "统计表"
    sheet.append(["单位", "法治专题讲座", "主要负责人述法"])
    sheet.append([unit, lectures, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csrf(page: httpx.Response) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    median, top = statistics.median(ordered), ordered[-1]
    return f"median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {top * 1000:.0f} ms"


def start_portal(workspace: Path, out: Path, port: int, env: dict[str, str]) -> tuple[subprocess.Popen, float]:
    started = time.perf_counter()
    log = (workspace.parent / "serve.log").open("wb")
    server = subprocess.Popen([*COMMAND, "serve", str(workspace), "--port", str(port), "--out", str(out)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > DEADLINE:
            raise SystemExit(f"serve did not start; see {log.name}")
        time.sleep(0.2)


def upload_once(base: str, link: str, unit: str, data: bytes, results: list, barrier: threading.Barrier) -> None:
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        page = client.get(link.removeprefix(base), follow_redirects=True)
        barrier.wait(timeout=120)
        began = time.perf_counter()
        answer = client.post("/unit/upload", data={"csrf": csrf(page)}, files={"file": (f"{unit}.xlsx", data)},
                             follow_redirects=True)
        number = answer.url.params.get("v")
        results.append((unit, int(number) if number else None, hashlib.sha256(data).hexdigest(),
                        time.perf_counter() - began, answer.status_code))


def poll_pages(office: httpx.Client, stop: threading.Event, latencies: list[float], failures: list[str]) -> None:
    for _ in range(500):  # bounded: at most 500 page loads
        if stop.is_set():
            return
        for path in ("/office", "/office/reminders", "/office/builds"):
            began = time.perf_counter()
            answer = office.get(path)
            latencies.append(time.perf_counter() - began)
            if answer.status_code != 200:
                failures.append(f"{path}: {answer.status_code}")


def storm(base: str, links: dict[str, str], office: httpx.Client, count: int) -> tuple[list, list[float], list]:
    units = sorted(links)
    plan = [(units[i % len(units)], 3 + i if i % 5 else "约3") for i in range(count)]  # every 5th has an error
    results: list = []
    latencies: list[float] = []
    failures: list[str] = []
    barrier = threading.Barrier(count)
    stop = threading.Event()
    poller = threading.Thread(target=poll_pages, args=(office, stop, latencies, failures))
    workers = [threading.Thread(target=upload_once, args=(base, links[u], u, workbook(u, v), results, barrier))
               for u, v in plan]
    poller.start()
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=max(1.0, DEADLINE - time.monotonic()))
    wall = time.perf_counter() - began
    stop.set()
    poller.join()
    return results, latencies, [wall, *failures]


def verify(workspace: Path, results: list) -> list[str]:
    """Every accepted upload is a version in the database and a file with its hash; numbers have no gaps;
    each unit's counted copy is its newest valid version."""
    problems = [f"{unit}: HTTP {status}" for unit, _, _, _, status in results if status != 200]
    db = sqlite3.connect(f"file:{workspace / 'portal' / 'portal.db'}?mode=ro", uri=True)
    rows = db.execute("SELECT unit, number, stored_name, sha256, errors FROM versions").fetchall()
    kept = {(u, n): (name, sha, errors) for u, n, name, sha, errors in rows}
    for unit, number, sha, _, _ in results:
        if kept.get((unit, number), (None, None))[1] != sha:
            problems.append(f"{unit} 第{number}版 missing or with another hash")
    for (unit, _number), (name, sha, _) in kept.items():
        path = workspace / "portal" / "versions" / unit / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            problems.append(f"{path} missing or changed")
    for unit in {u for u, _ in kept}:
        numbers = sorted(n for u, n in kept if u == unit)
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"{unit}: version numbers {numbers}")
        valid = [n for n in numbers if kept[(unit, n)][2] == 0]
        counted = workspace / "submissions" / "portal" / f"{unit}.xlsx"
        if valid and hashlib.sha256(counted.read_bytes()).hexdigest() != kept[(unit, max(valid))][1]:
            problems.append(f"{unit}: counted copy is not version {max(valid)}")
    if len(kept) != len(results):
        problems.append(f"{len(kept)} versions for {len(results)} uploads")
    return problems


def portal_build(office: httpx.Client) -> float:
    page = office.get("/office/builds")
    began = time.perf_counter()
    answer = office.post("/office/builds", data={"csrf": csrf(page)}, follow_redirects=True)
    while "运行中" in answer.text and time.monotonic() < DEADLINE:
        time.sleep(0.1)
        answer = office.get(str(answer.url))
    if "完成" not in answer.text:
        raise SystemExit(f"portal build did not finish: {answer.text[-500:]}")
    return time.perf_counter() - began


def plain_build(workspace: Path, out: Path, env: dict[str, str]) -> float:
    began = time.perf_counter()
    command("build", str(workspace), "--out", str(out), "--no-prefect", env=env)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--builds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as scratch:
        root = Path(scratch)
        workspace = Path(shutil.copytree(EXAMPLE, root / "example-2024"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {
            "PREFECT_HOME": str(root / "prefect-home")}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command("portal", "user", "add", "bench", "--role", "admin", "-w", str(workspace), "--password-stdin",
                env=env, stdin=PASSWORD + "\n")
        issued = command("portal", "token", "issue", "--all", "-w", str(workspace), "--url", base, env=env)
        links = {line.split("\t")[0]: line.split("\t")[2] for line in issued.strip().splitlines()}
        server, startup = start_portal(workspace, root / "out", port, env)
        try:
            report(base, workspace, root, env, links, args, startup)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)


def report(base: str, workspace: Path, root: Path, env: dict[str, str], links: dict[str, str],
           args: argparse.Namespace, startup: float) -> None:
    print(f"serve started (with its Prefect server) in {startup:.1f} s")
    with httpx.Client(base_url=base, timeout=TIMEOUT) as office:
        login = office.get("/login")
        office.post("/login", data={"csrf": csrf(login), "name": "bench", "password": PASSWORD})
        results, pages, (wall, *failures) = storm(base, links, office, args.uploads)
        print(f"{len(results)} concurrent uploads ({len(set(r[0] for r in results))} units) in {wall:.1f} s; "
              f"each: {percentiles([r[3] for r in results])}")
        print(f"pages during the uploads: {len(pages)} loads, {percentiles(pages)}, "
              f"{len(failures)} failed {failures[:3]}")
        problems = verify(workspace, results)
        print("versions: every upload kept, hashes match, numbers contiguous, counted copies newest valid"
              if not problems else f"versions: {len(problems)} problems: {problems[:5]}")
        portal = [portal_build(office) for _ in range(args.builds)]
    plain = [plain_build(workspace, root / "plain-out", env) for _ in range(args.builds)]
    print(f"build from the portal (Prefect flow on serve's server): first {portal[0]:.1f} s, "
          f"median {statistics.median(portal):.1f} s of {len(portal)}")
    print(f"annual-report build --no-prefect:                        median {statistics.median(plain):.1f} s "
          f"of {len(plain)} ({', '.join(f'{t:.1f}' for t in plain)})")
    print(f"ratio: {statistics.median(portal) / statistics.median(plain):.2f}× (target < 2×); "
          f"first portal build {portal[0] / statistics.median(plain):.2f}×")
    if problems or failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
