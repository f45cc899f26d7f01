"""Benchmark: `annual-report build` at scale, three ways, on synthetic workspaces (bench/workspace.py).

For each size (the example workspace and N = 50, 500, 5,000 units by default) it runs the installed command
as a user does and prints: wall time and peak memory (client and every process it starts, plus a long-lived
server's growth) of the build with Prefect's temporary server, against a long-lived local server
(`prefect server start` on loopback, PREFECT_API_URL), and with `--no-prefect`; the ratios; each stage's
time (from the progress lines' arrival); the pages of both editions (LibreOffice, when installed).

Run: python bench/scale.py [--sizes example,50,500,5000] [--runs 1] [--no-pages]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from annual_report import pipeline
from bench.workspace import EXAMPLE, Generator
from flows.runtime import DEFAULTS

COMMAND = [sys.executable, "-m", "annual_report", "build"]  # what the installed `annual-report` runs
STAGES = tuple(s.label for s in pipeline.STAGES)  # the progress lines the command prints
STAGE_KEYS = tuple(s.key for s in pipeline.STAGES)
MODES = ("bare", "temporary", "server")


def tree_rss(pid: int) -> int:
    """Memory (bytes) of a process and all its descendants: the sum of their proportional set sizes (PSS),
    so that pages a forked child shares with its parent count once."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE)[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, TypeError):
            continue
    return total


class Sampler(threading.Thread):
    """Peak of the summed memory of some process trees, sampled every 50 ms."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peak, self.done = pids, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, sum(tree_rss(p) for p in self.pids))
            self.done.wait(0.05)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process tree (from /proc, clock ticks)."""
    total, todo, tick = 0.0, [pid], os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


@dataclass
class Run:
    wall: float
    peak_mb: float
    cpu: float
    stages: dict[str, float] = field(default_factory=dict)
    folder: Path | None = None


def build(workspace: Path, out: Path, env: dict[str, str], extra: list[str], server: int | None) -> Run:
    """One `annual-report build`, its stages timed by when each progress line arrives."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = cpu_seconds(server) if server else 0.0
    start = time.perf_counter()
    process = subprocess.Popen([*COMMAND, str(workspace), "--out", str(out), *extra], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = Sampler([process.pid, *([server] if server else [])])
    base = tree_rss(server) if server else 0
    sampler.start()
    marks: list[tuple[str, float]] = []
    try:
        for line in process.stdout:  # type: ignore[union-attr]
            marks.append((line.strip(), time.perf_counter() - start))
        stderr = process.stderr.read()  # type: ignore[union-attr]
        code = process.wait()
    finally:  # interrupted: SIGTERM the build, which stops the temporary server it started
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    if code != 0:
        raise RuntimeError(f"build failed ({code}): {stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    cpu += cpu_seconds(server) - server_cpu if server else 0.0
    return Run(wall, (sampler.peak - base) / 2**20, cpu, stage_times(marks, wall), Path(marks[-1][0]))


def stage_times(marks: list[tuple[str, float]], wall: float) -> dict[str, float]:
    """Each stage from its progress line to the next; start-up before the first, finish after the last."""
    found = [(STAGE_KEYS[STAGES.index(text[2:])], t) for text, t in marks if text[2:] in STAGES]
    times = {"start-up": found[0][1]} if found else {}
    ends = [t for _, t in found[1:]] + [marks[-1][1]]
    times |= {key: end - t for (key, t), end in zip(found, ends, strict=True)}
    times["finish"] = wall - marks[-1][1]
    return times


class Server:
    """`prefect server start` on a free loopback port, with its own PREFECT_HOME; stopped by its group."""

    def __init__(self, home: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        # docs/deployment.md's settings for a long-lived server: the recorder flushes every 0.25 s
        env = clean_env(home) | DEFAULTS | {"PREFECT_UI_ENABLED": "false",
                                            "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "0.25"}
        self.log = (home / "server.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}/api"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"prefect server did not start: see {home / 'server.log'}")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def clean_env(home: Path) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {"PREFECT_HOME": str(home)}


def pages(docx: Path, outdir: Path) -> str:
    from annual_report.word import preview

    if preview.soffice_path() is None:
        return "n/a"
    info = subprocess.run(["pdfinfo", str(preview.to_pdf(docx, outdir))], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return found[1] if found else "n/a"


def measure(workspace: Path, tmp: Path, server: Server, runs: int) -> dict[str, Run]:
    """The median run (by wall time) of each mode; the modes take turns, so that a change in the machine's
    load (it is shared) falls on all of them."""
    envs = {"bare": (clean_env(tmp / "home"), ["--no-prefect"], None),
            "temporary": (clean_env(tmp / "home"), [], None),
            "server": (clean_env(tmp / "home") | {"PREFECT_API_URL": server.url}, [], server.process.pid)}
    done: dict[str, list[Run]] = {mode: [] for mode in MODES}
    for _ in range(runs):
        for mode in MODES:
            env, extra, pid = envs[mode]
            done[mode].append(build(workspace, tmp / "out", env, extra, pid))
    return {mode: sorted(found, key=lambda r: r.wall)[len(found) // 2] for mode, found in done.items()}


def workspace_for(size: str, tmp: Path) -> tuple[Path, int]:
    if size == "example":
        return EXAMPLE, 35
    root = tmp / f"ws{size}"
    Generator(int(size)).write(root)
    return root, int(size)


def report(rows: list[tuple[int, dict[str, Run], tuple[str, str]]], load: float) -> None:
    print(f"\nmachine: {os.cpu_count()} cores, load average before the runs {load:.1f}, after {os.getloadavg()[0]:.1f}; "
          "times in s (CPU: user + system of the command, its children and, long-lived, the server), memory in MB "
          "(peak of the summed PSS of the command and its children; for `server`, plus the server's growth)\n")
    print("| units | bare | temporary server | long-lived server | ratio temp. / long-lived | "
          "CPU s bare / temp. / long-lived | peak MB bare / temp. / long-lived | pages 公开稿 / 审阅稿 |")
    print("|---|---|---|---|---|---|---|---|")
    for units, run, (public, review) in rows:
        bare, temp, served = (run[m] for m in MODES)
        print(f"| {units:,} | {bare.wall:.1f} | {temp.wall:.1f} | {served.wall:.1f} | "
              f"{temp.wall / bare.wall:.2f}× / {served.wall / bare.wall:.2f}× | "
              f"{bare.cpu:.1f} / {temp.cpu:.1f} / {served.cpu:.1f} | "
              f"{bare.peak_mb:.0f} / {temp.peak_mb:.0f} / {served.peak_mb:.0f} | {public} / {review} |")
    keys = ("start-up", *STAGE_KEYS, "finish")
    print("\n| units | mode | " + " | ".join(keys) + " |")
    print("|---|---|" + "---|" * len(keys))
    for units, run, _ in rows:
        for mode in MODES:
            stages = run[mode].stages
            print(f"| {units:,} | {mode} | " + " | ".join(f"{stages.get(k, 0):.2f}" for k in keys) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="example,50,500,5000", help="comma-separated: example or a unit count")
    parser.add_argument("--runs", type=int, default=1, help="runs per mode; the median is shown")
    parser.add_argument("--no-pages", action="store_true", help="skip counting pages with LibreOffice")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="annual-report-scale-") as name:
        tmp = Path(name)
        (tmp / "home").mkdir()
        server = Server(tmp / "home")
        try:
            build(EXAMPLE, tmp / "out", clean_env(tmp / "home"), [], None)  # creates the temporary server's db
            for size in args.sizes.split(","):
                workspace, units = workspace_for(size, tmp)
                run = measure(workspace, tmp, server, args.runs)
                folder = run["bare"].folder
                counted = ("n/a", "n/a") if args.no_pages or folder is None else tuple(
                    pages(folder / f, tmp / "pdf") for f in ("report.docx", "report-review.docx"))
                rows.append((units, run, counted))
                print(f"{size}: " + ", ".join(f"{m} {run[m].wall:.1f} s" for m in MODES), flush=True)
        finally:
            server.stop()
    report(rows, load)
    if any(p == "n/a" for _, _, counted in rows for p in counted) and not args.no_pages:
        print("\npages n/a: LibreOffice (libreoffice-writer-nogui) or pdfinfo (poppler-utils) is not installed")


if __name__ == "__main__":
    main()
