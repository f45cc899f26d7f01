"""Benchmark: `annual-report build` at scale on realistic workspaces (bench/workspace.py), against its floor.

For each size (the example workspace and N = 50, 500, 5,000 units by default) it runs, the modes taking
turns: the floor (bench/floor.py: every file read with the plain readers, both editions' paragraphs written
with bare python-docx, as one process), the installed command with `--no-prefect` (bare), with Prefect as
the README runs it (default), and against a long-lived local server (`prefect server start` on loopback,
PREFECT_API_URL). It prints the median of each, bare ÷ floor and each Prefect mode ÷ bare; CPU seconds and
peak memory (the command and every process it starts, plus a server's growth); each stage's time (from the
progress lines' arrival); the pages of both editions (LibreOffice, when installed).

Run: python bench/scale.py [--sizes example,50,500,5000] [--runs 3] [--keep DIR] [--no-pages]
"""

from __future__ import annotations

import argparse
import json
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
from bench.floor import texts_of
from bench.workspace import EXAMPLE, Generator
from flows.runtime import DEFAULTS

COMMAND = [sys.executable, "-m", "annual_report", "build"]  # what the installed `annual-report` runs
FLOOR = [sys.executable, str(Path(__file__).resolve().parent / "floor.py")]
STAGES = tuple(s.label for s in pipeline.STAGES)  # the progress lines the command prints
STAGE_KEYS = tuple(s.key for s in pipeline.STAGES)
MODES = ("floor", "bare", "default", "server", "in-process")
DAEMON_OFF = {"ANNUAL_REPORT_DAEMON": "off"}


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
    """User + system CPU time of a running process tree, including children that have ended and been waited
    for (a daemon's builds): from /proc, clock ticks."""
    total, todo, tick = 0.0, [pid], os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15]) / tick  # utime, stime, cutime, cstime
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


def timed(command: list[str], env: dict[str, str], watched: list[int]) -> Run:
    """One process, its progress lines timed by their arrival; `watched`: other processes (a server) whose
    CPU and memory growth count too."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    others_cpu = sum(cpu_seconds(p) for p in watched)
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = Sampler([process.pid, *watched])
    base = sum(tree_rss(p) for p in watched)
    sampler.start()
    marks: list[tuple[str, float]] = []
    try:
        for line in process.stdout:  # type: ignore[union-attr]
            marks.append((line.strip(), time.perf_counter() - start))
        stderr = process.stderr.read()  # type: ignore[union-attr]
        code = process.wait()
    finally:  # interrupted: SIGTERM the build, which stops what it started
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    if code != 0:
        raise RuntimeError(f"{command[1:3]} failed ({code}): {stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    cpu += sum(cpu_seconds(p) for p in watched) - others_cpu
    folder = Path(marks[-1][0]) if marks else None
    return Run(wall, (sampler.peak - base) / 2**20, cpu, stage_times(marks, wall), folder)


def stage_times(marks: list[tuple[str, float]], wall: float) -> dict[str, float]:
    """Each stage from its progress line to the next; start-up before the first, finish after the last."""
    found = [(STAGE_KEYS[STAGES.index(text[2:])], t) for text, t in marks if text[2:] in STAGES]
    if not found:
        return {}
    times = {"start-up": found[0][1]}
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
        # docs/deployment.md's settings for a long-lived server (the CLI's recorder batching)
        env = clean_env(home) | DEFAULTS | {"PREFECT_UI_ENABLED": "false"}
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
    return {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ANNUAL_REPORT_"))} | {
        "PREFECT_HOME": str(home)}


def pages(docx: Path, outdir: Path) -> str:
    from annual_report.word import preview

    if preview.soffice_path() is None:
        return "n/a"
    info = subprocess.run(["pdfinfo", str(preview.to_pdf(docx, outdir))], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return found[1] if found else "n/a"


@dataclass
class Size:
    """A workspace to measure, and how many units it has."""

    workspace: Path
    units: int
    runs: dict[str, Run] = field(default_factory=dict)
    pages: tuple[str, str] = ("n/a", "n/a")


class Bench:
    """The modes: `default` is the README's command (the local server of the Prefect home, started by the
    first build); `server` the same against a long-lived `prefect server start` (PREFECT_API_URL; the build
    still runs in the local daemon); `in-process` against that server with the daemon off (the command imports
    Prefect and runs the flow itself: the orchestration's own cost)."""

    def __init__(self, tmp: Path, server: Server, runs: int, modes: list[str]) -> None:
        self.tmp, self.server, self.runs, self.chosen = tmp, server, runs, modes
        self.env = clean_env(tmp / "home") | {"XDG_RUNTIME_DIR": str(tmp / "run")}
        remote = {"PREFECT_API_URL": server.url}
        self.modes: dict[str, tuple[dict[str, str], list[str]]] = {
            "bare": (self.env, ["--no-prefect"]), "default": (self.env, []), "server": (self.env | remote, []),
            "in-process": (self.env | remote | DAEMON_OFF, [])}

    def daemon(self) -> list[int]:
        """The local daemon's process (its tree holds its server and the builds it runs), once started."""
        found = [json.loads(p.read_text())["pid"] for p in (self.tmp / "run" / "annual-report").glob("*.json")]
        return found[:1]

    def once(self, mode: str, size: Size) -> Run:
        out = self.tmp / "out"
        if mode == "floor":
            return timed([*FLOOR, str(size.workspace), str(self.tmp / "texts.json"), str(self.tmp / "floor")],
                         self.env, [])
        env, extra = self.modes[mode]
        watched = {"default": self.daemon(), "server": [self.server.process.pid, *self.daemon()],
                   "in-process": [self.server.process.pid]}.get(mode, [])
        return timed([*COMMAND, str(size.workspace), "--out", str(out), *extra], env, watched)

    def measure(self, size: Size) -> None:
        """The median run (by wall time) of each mode; the modes take turns, so that a change in the
        machine's load (it is shared) falls on all of them. The floor writes what the first bare build wrote."""
        if "floor" in self.chosen:
            first = self.once("bare", size)
            assert first.folder is not None
            (self.tmp / "texts.json").write_text(json.dumps(texts_of(first.folder), ensure_ascii=False), "utf-8")
        done: dict[str, list[Run]] = {mode: [] for mode in self.chosen}
        for _ in range(self.runs):
            for mode in self.chosen:
                done[mode].append(self.once(mode, size))
        size.runs = {mode: sorted(found, key=lambda r: r.wall)[len(found) // 2] for mode, found in done.items()}

    def stop(self) -> None:
        subprocess.run([sys.executable, "-m", "annual_report", "server", "stop"], env=self.env, capture_output=True,
                       timeout=120)


def workspace_for(size: str, keep: Path) -> Size:
    """The example, or a generated workspace of that many units (kept in `keep` and reused)."""
    if size == "example":
        return Size(EXAMPLE, 35)
    root = keep / f"ws{size}"
    if not (root / "report.yaml").is_file():
        print(f"generating {size} units: {Generator(int(size)).write(root)}", flush=True)
    return Size(root, int(size))


def report(sizes: list[Size], load: float) -> None:
    print(f"\nmachine: {platform()}; load average before the runs {load:.1f}, after {os.getloadavg()[0]:.1f}. "
          "Times in s; CPU: user + system of the command, its children and the processes it used (the local "
          "daemon's tree, the long-lived server); memory in MB: peak of the summed PSS of the command, its "
          "children and the growth of the processes it used\n")
    prefect = MODES[2:]
    print("| units | " + " | ".join(MODES) + " | bare ÷ floor | " + " | ".join(f"{m} ÷ bare" for m in prefect)
          + " | CPU s " + " / ".join(MODES) + " | peak MB " + " / ".join(MODES[1:]) + " | pages 公开稿 / 审阅稿 |")
    print("|---" * (len(MODES) + len(prefect) + 5) + "|")
    for size in sizes:
        run = size.runs
        print(f"| {size.units:,} | " + " | ".join(f"{run[m].wall:.2f}" for m in MODES)
              + f" | {run['bare'].wall / run['floor'].wall:.2f}× | "
              + " | ".join(f"{run[m].wall / run['bare'].wall:.2f}×" for m in prefect)
              + " | " + " / ".join(f"{run[m].cpu:.1f}" for m in MODES)
              + " | " + " / ".join(f"{run[m].peak_mb:.0f}" for m in MODES[1:])
              + f" | {size.pages[0]} / {size.pages[1]} |")
    keys = ("start-up", *STAGE_KEYS, "finish")
    print("\n| units | mode | " + " | ".join(keys) + " |")
    print("|---|---|" + "---|" * len(keys))
    for size in sizes:
        for mode in MODES[1:]:
            stages = size.runs[mode].stages
            print(f"| {size.units:,} | {mode} | " + " | ".join(f"{stages.get(k, 0):.2f}" for k in keys) + " |")


def platform() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "?") if Path("/proc/cpuinfo").exists() else "?"
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GB, Python {sys.version.split()[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="example,50,500,5000", help="comma-separated: example or a unit count")
    parser.add_argument("--runs", type=int, default=3, help="runs per mode; the median is shown")
    parser.add_argument("--keep", type=Path, help="keep the generated workspaces here and reuse them")
    parser.add_argument("--no-pages", action="store_true", help="skip counting pages with LibreOffice")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated: some of " + ", ".join(MODES))
    args = parser.parse_args()
    modes = [m for m in MODES if m in args.modes.split(",")]
    load = os.getloadavg()[0]
    sizes: list[Size] = []
    with tempfile.TemporaryDirectory(prefix="annual-report-scale-") as name:
        tmp = Path(name)
        (tmp / "server-home").mkdir()
        (tmp / "run").mkdir(mode=0o700)
        server = Server(tmp / "server-home")
        bench = Bench(tmp, server, args.runs, modes)
        try:
            first = bench.once("default", Size(EXAMPLE, 35))  # starts the local server, creates its database
            print(f"first build of the example (starts the local server): {first.wall:.2f} s", flush=True)
            for text in args.sizes.split(","):
                size = workspace_for(text, args.keep or tmp)
                bench.measure(size)
                folder = size.runs["bare"].folder if "bare" in size.runs else None
                if not args.no_pages and folder is not None:
                    size.pages = (pages(folder / "report.docx", tmp / "pdf"),
                                  pages(folder / "report-review.docx", tmp / "pdf"))
                sizes.append(size)
                print(f"{text}: " + ", ".join(f"{m} {r.wall:.2f} s, {r.cpu:.1f} s CPU, {r.peak_mb:.0f} MB"
                                              for m, r in size.runs.items()), flush=True)
        finally:
            bench.stop()
            server.stop()
    if modes == list(MODES):
        report(sizes, load)
    if any(p == "n/a" for size in sizes for p in size.pages) and not args.no_pages:
        print("\npages n/a: LibreOffice (libreoffice-writer-nogui) or pdfinfo (poppler-utils) is not installed")


if __name__ == "__main__":
    main()
