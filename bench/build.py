"""Benchmark: `annual-report build` of the example workspace through Prefect (embedded server) and without.

Run: python bench/build.py [WORKSPACE]   — prints both wall times and their ratio.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "example-2024"


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annual_report", "build", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    workspace = sys.argv[1] if len(sys.argv) > 1 else str(EXAMPLE)
    with tempfile.TemporaryDirectory() as out:
        timed(workspace, "--out", out)  # first run: creates or migrates Prefect's database
        with_prefect = min(timed(workspace, "--out", out) for _ in range(2))
        plain = min(timed(workspace, "--out", out, "--no-prefect") for _ in range(2))
    print(f"build with Prefect (embedded server): {with_prefect:.1f} s")
    print(f"build --no-prefect:                   {plain:.1f} s")
    print(f"ratio: {with_prefect / plain:.1f}×")


if __name__ == "__main__":
    main()
