"""Benchmark: the README's `annual-report build inputs/example-2024` as a new user meets it.

On a fresh Prefect home (no database, no local server), it times the first build (which starts the local
server: a Prefect server on a new database, and the daemon that imports the build's modules), then the next
builds against it, and the same command with `--no-prefect`; then stops the server. Goals (issue 24): the
first build under 10 s, the second under 5 s, and under 1.5× the bare build.

Run: python bench/build.py [WORKSPACE] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "example-2024"
COMMAND = [sys.executable, "-m", "annual_report"]


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*COMMAND, *args], check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", nargs="?", default=str(EXAMPLE))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="annual-report-build-") as name:
        tmp = Path(name)
        (tmp / "run").mkdir(mode=0o700)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ANNUAL_REPORT_"))}
        env |= {"PREFECT_HOME": str(tmp / "home"), "XDG_RUNTIME_DIR": str(tmp / "run")}
        build = ["build", args.workspace, "--out", str(tmp / "out")]
        try:
            first = timed(build, env)
            then = [timed(build, env) for _ in range(args.runs)]
            bare = [timed([*build, "--no-prefect"], env) for _ in range(args.runs)]
        finally:
            subprocess.run([*COMMAND, "server", "stop"], env=env, capture_output=True, timeout=120)
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after; {os.cpu_count()} cores")
    print(f"first build (starts the local server):  {first:.2f} s   (goal < 10 s)")
    print(f"next builds, median of {args.runs}:            {statistics.median(then):.2f} s   (goal < 5 s)  "
          f"{' '.join(f'{t:.2f}' for t in then)}")
    print(f"build --no-prefect, median of {args.runs}:     {statistics.median(bare):.2f} s")
    print(f"ratio (next ÷ bare):                    {statistics.median(then) / statistics.median(bare):.2f}×")


if __name__ == "__main__":
    main()
