"""Benchmark: read and validate 1,000 generated submissions (goal: under 10 s on 2 cores).

Run: python bench/validate.py [N]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

from annual_report.config.catalogue import load_catalogue
from annual_report.pipeline import Runner, check


def make_workspace(root: Path, n: int) -> None:
    rng = random.Random(7)
    counts = [m.id for m in load_catalogue().counts]
    units = [{"id": f"u{i:04d}", "name": f"测试单位{i:04d}", "kind": "dept"} for i in range(n)]
    config = {
        "region": "基准市", "government": "基准市人民政府", "year": 2024, "deadline": "2025-03-01",
        "kinds": {"dept": {"name": "政府部门", "required": counts[:10]}},
        "units": units,
        "outline": {"form": "five_part", "topics": [{"key": f"t{i}", "heading": f"专题{i}"} for i in range(9)]},
    }
    (root / "report.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subs = root / "submissions"
    subs.mkdir()
    for unit in units:
        data = {
            "unit": unit["id"], "year": 2024, "submitted_at": "2025-02-20T09:00:00",
            "metrics": {m: rng.randint(0, 50) for m in counts},
            **{s: [{"text": f"第{j}条工作内容，依法推进各项任务。" * 3, "topic": f"t{j % 9}"} for j in range(5)]
               for s in ("achievements", "responsibility", "problems", "next_year")},
        }
        (subs / f"{unit['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_workspace(root, n)
        start = time.perf_counter()
        report = check(root, Runner()).report
        elapsed = time.perf_counter() - start
    print(f"validated {n} submissions in {elapsed:.2f} s ({elapsed / n * 1000:.1f} ms each); "
          f"{len(report.findings)} findings")


if __name__ == "__main__":
    main()
