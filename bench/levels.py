"""Benchmark: a province built from its cities' runs (docs/workspace.md 3.4a).

It generates C cities of N units each (bench/workspace.py, a seed per city, each its own region), builds each
city with the installed command (`--no-prefect`), makes the province's workspace with `init --from-lower` from
the cities' run folders, builds it the same way, and prints the times (median of `--runs`) beside the goals
(each city under 5 s, the province under 10 s) and checks that the province's totals are the cities' totals
added once.

Run: python bench/levels.py [--cities 16] [--units 200] [--runs 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.workspace import Generator, county

COMMAND = [sys.executable, "-m", "annual_report"]
CITY_GOAL, PROVINCE_GOAL = 5.0, 10.0


def city(root: Path, number: int, units: int) -> Path:
    """City `number`'s workspace (generated once): N units, its own region name."""
    if not (root / "report.yaml").is_file():
        Generator(units, seed=2024 + number).write(root)
        config = yaml.safe_load((root / "report.yaml").read_text(encoding="utf-8"))
        name = county(number * 7).removesuffix("县") + "市"
        config |= {"region": name, "government": f"{name}人民政府"}
        (root / "report.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def timed(args: list[str]) -> tuple[float, str]:
    """Seconds the command took; its last line (a run folder). A failure stops the bench with its output."""
    start = time.perf_counter()
    done = subprocess.run([*COMMAND, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit(f"{' '.join(args[:2])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout.strip().splitlines()[-1]


def build(workspace: Path, out: Path, runs: int) -> tuple[float, Path]:
    """Median seconds of `runs` bare builds; the last run folder."""
    times, folder = [], ""
    for _ in range(runs):
        seconds, folder = timed(["build", str(workspace), "--out", str(out), "--no-prefect"])
        times.append(seconds)
    return statistics.median(times), Path(folder)


def counts(folder: Path) -> dict[str, float]:
    """The run's count totals (rates, recomputed at each level, left out)."""
    data = json.loads((folder / "statistics.json").read_text(encoding="utf-8"))
    return {r["metric"]: r["value"] for r in data["totals"] if r["value"] is not None and r["numerator"] is None}


def as_written(value: float) -> float:
    """A sum of decimal figures as statistics.json writes one (money to two places)."""
    return round(value, 2) if isinstance(value, float) else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=16)
    parser.add_argument("--units", type=int, default=200, help="units per city")
    parser.add_argument("--runs", type=int, default=1, help="builds per workspace; the median is shown")
    parser.add_argument("--keep", type=Path, help="keep the generated cities here and reuse them")
    options = parser.parse_args()
    base = options.keep or Path(tempfile.mkdtemp(prefix="levels-"))
    out = Path(tempfile.mkdtemp(prefix="levels-out-"))
    start = time.perf_counter()
    cities = [city(base / f"city{i:02d}", i, options.units) for i in range(options.cities)]
    print(f"generated {options.cities} cities × {options.units} units in {time.perf_counter() - start:.1f} s ({base})")
    built = [build(c, out, options.runs) for c in cities]
    seconds = [s for s, _ in built]
    province = Path(tempfile.mkdtemp(prefix="levels-province-")) / "province"
    lowers = [a for _, folder in built for a in ("--from-lower", str(folder))]
    init, _ = timed(["init", str(province), "--region", "基准省", "--year", "2024", *lowers])
    whole, folder = build(province, out, options.runs)
    print(f"\n| step | seconds | goal |\n|---|---|---|\n"
          f"| city build, {options.units} units (median / max of {options.cities}) | "
          f"{statistics.median(seconds):.2f} / {max(seconds):.2f} | < {CITY_GOAL:.0f} |\n"
          f"| province init --from-lower ({options.cities} runs) | {init:.2f} | — |\n"
          f"| province build ({options.cities} regions, {options.cities * options.units} units below) | "
          f"{whole:.2f} | < {PROVINCE_GOAL:.0f} |")
    added: dict[str, float] = {}
    for _, city_folder in built:
        for metric, value in counts(city_folder).items():
            added[metric] = added.get(metric, 0) + value
    found = counts(folder)
    wrong = {m: (found.get(m), v) for m, v in added.items() if found.get(m) != as_written(v)}
    print(f"\ncount totals checked: {len(added)}, each the cities' totals added once"
          + (f"; NOT for {wrong}" if wrong else ""))
    if wrong:
        sys.exit(1)


if __name__ == "__main__":
    main()
