"""Synthetic workspaces of any size, modelled on inputs/example-2024: a province of N units.

Every county (县) repeats the example's registry (enforcement and other departments, townships, other
units: every kind), so names, kinds and first-person voices are those of the example. Each unit sends ≈ 40
counts (every rate's numerator at most its denominator) and ≈ 10 items drawn from the example's items of
units of its kind, figures varied, some items two of them joined (realistic length). A share of units is
late, faulty (errors and warnings of the kinds the validation rules name) or missing; every 10th unit also
sends an .xlsx statistics table, every 25th a GBK CSV, every 7th its submission as JSON. `history/` holds
last year's unit figures and totals. Word reports as submissions are a hook (`Mix.docx_every`): the intake
does not read them yet (`unsupported_format`), so the default writes none.

Run: python bench/workspace.py ROOT N   — writes the workspace and prints what it holds.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from annual_report.config.catalogue import Catalogue, load_catalogue

EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "example-2024"
SECTIONS = ("achievements", "responsibility", "problems", "next_year")
ITEMS = {"achievements": 6, "responsibility": 1, "problems": 1, "next_year": 2}  # ≈ 10 items per unit
COUNTS = 40  # counts per unit (the kind's required ones first)
_FIRST = "青柳桃白双东西南北清河平安新金长永宁丰泰兴华云星"
_SECOND = "石河源沙桥城湖阳川林水泉峰台口坪堡溪岭塘"
_NUMBER = re.compile(r"(?<![\d.])(\d+)(?![\d.]*年)")  # figures, not years (2024年)
Data = dict[str, Any]


@dataclass(frozen=True)
class Mix:
    """Shares of units that are late, faulty or missing; which units also send tables or other formats."""

    late: float = 0.08
    faulty: float = 0.05
    missing: float = 0.03
    xlsx_every: int = 10
    csv_every: int = 25
    json_every: int = 7
    docx_every: int = 0  # hook: Word reports as submissions, once the intake reads them


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    short: str
    kind: str
    roles: tuple[str, ...] = ()


def registry(n: int) -> list[Unit]:
    """N units: county after county, each with the example's units (the last county cut short)."""
    example = yaml.safe_load((EXAMPLE / "report.yaml").read_text(encoding="utf-8"))["units"]
    units: list[Unit] = []
    for county in range(-(-n // len(example))):
        a, b = divmod(county, len(_SECOND))
        place = _FIRST[a % len(_FIRST)] + _SECOND[b] + (str(a // len(_FIRST)) if a >= len(_FIRST) else "") + "县"
        for u in example:
            local = u["name"].removeprefix("示例市").removeprefix("示例")
            short = u["short"].removeprefix("市").removeprefix("示例")
            units.append(Unit(f"c{county:03d}-{u['id']}", f"基准省{place}{local}", place + short, u["kind"],
                              tuple(u.get("roles", ()))))
    return units[:n]


def item_pools() -> dict[tuple[str, str], list[Data]]:
    """The example's items by (kind, section), each {text, topic?} without task numbers."""
    config = yaml.safe_load((EXAMPLE / "report.yaml").read_text(encoding="utf-8"))
    kinds = {u["id"]: u["kind"] for u in config["units"]}
    pools: dict[tuple[str, str], list[Data]] = defaultdict(list)
    for path in sorted((EXAMPLE / "submissions").glob("*")):
        if path.suffix not in (".yaml", ".json"):
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if not isinstance(data, dict) or data.get("unit") not in kinds:
            continue
        for section in SECTIONS:
            for item in data.get(section) or []:
                entry = item if isinstance(item, dict) else {"text": item}
                text = entry.get("text")
                if isinstance(text, str) and text.isprintable() and "{{" not in text:  # not the planted faults
                    pools[kinds[data["unit"]], section].append(
                        {k: v for k, v in entry.items() if k in ("text", "topic")})
    return pools


def vary(text: str, rng: random.Random) -> str:
    """The same words with other figures of the same size (years stay)."""
    return _NUMBER.sub(lambda m: str(max(1, round(int(m[1]) * rng.uniform(0.5, 1.6)))), text)


class Generator:
    def __init__(self, n: int, seed: int = 2024, mix: Mix = Mix()) -> None:
        self.rng = random.Random(seed)
        self.mix = mix
        self.units = registry(n)
        self.catalogue: Catalogue = load_catalogue()
        self.pools = item_pools()
        self.config = yaml.safe_load((EXAMPLE / "report.yaml").read_text(encoding="utf-8"))
        self.counts = [m.id for m in self.catalogue.counts]
        self.rules = [(r.left, r.right) for r in self.catalogue.rules if r.op in ("<=", "<")]

    def name(self, metric: str) -> str:
        """A metric's Chinese name, as tables head it (an unknown id as written)."""
        return self.catalogue.by_id[metric].name if metric in self.catalogue.by_id else metric

    def items(self, unit: Unit, section: str) -> list[Data]:
        pool = self.pools.get((unit.kind, section)) or self.pools[("dept_enforcement", section)]
        chosen = []
        for _ in range(ITEMS[section]):
            item = dict(self.rng.choice(pool))
            item["text"] = vary(item["text"], self.rng)
            if section == "achievements" and self.rng.random() < 0.25:  # a longer item: two joined
                other = self.rng.choice(pool)["text"]
                item["text"] = item["text"].rstrip("。") + "；" + vary(other, self.rng)
            chosen.append(item)
        return chosen

    def metrics(self, unit: Unit) -> dict[str, int]:
        required = self.config["kinds"][unit.kind].get("required", [])
        allowed = [m for m in self.counts if m not in required
                   and (not m.startswith("recon.") or "as_authority" in unit.roles)]
        ids = list(dict.fromkeys([*required, *self.rng.sample(allowed, min(len(allowed), COUNTS - len(required)))]))
        values = {m: int(self.rng.lognormvariate(3.5, 1.2)) for m in ids}
        for _ in range(3):  # chains (corrected ≤ closed ≤ accepted ≤ received) settle in a few passes
            for left, right in self.rules:
                if left in values and right in values:
                    values[left] = min(values[left], values[right])
        return {m: values[m] for m in sorted(values, key=self.counts.index)}

    def submission(self, unit: Unit, late: bool) -> Data:
        day = self.rng.randint(2, 10) if late else self.rng.randint(1, 28)
        month = 3 if late else 2
        data: Data = {"unit": unit.id, "year": 2024, "submitted_at": f"2025-{month:02d}-{day:02d} 10:{day:02d}:00",
                      "contact": {"name": "张" + "明华伟丽强"[day % 5], "phone": f"0971-{self.rng.randint(1000000, 9999999)}"},
                      "metrics": self.metrics(unit)}
        return data | {s: self.items(unit, s) for s in SECTIONS}

    def fault(self, unit: Unit, data: Data, folder: Path) -> str:
        """Spoil one unit's material in one of the ways units do; the rule the validation should report."""
        metrics = data["metrics"]
        some = next(iter(metrics))
        spoil: dict[str, Callable[[], None]] = {
            "non_numeric": lambda: metrics.__setitem__(some, "约30"),
            "negative": lambda: metrics.__setitem__(some, -12),
            "fractional": lambda: metrics.__setitem__(some, 2.5),
            "wrong_year": lambda: data.__setitem__("year", 2023),
            "unknown_metric": lambda: metrics.__setitem__("enf.training_hours", 40),
            "rate_submitted": lambda: metrics.__setitem__("lit.appearance_rate", 95),
            "duplicate": lambda: write_yaml(folder / f"{unit.id}-初稿.yaml",
                                            data | {"submitted_at": "2025-01-15 09:00:00"}),
            "syntax": lambda: None,
        }
        pairs = [(left, right) for left, right in self.rules if left in metrics and right in metrics]
        if pairs:
            left, right = self.rng.choice(pairs)
            spoil["rule"] = lambda: metrics.__setitem__(left, int(metrics[right]) + 3)
        rule = self.rng.choice(sorted(spoil))
        spoil[rule]()
        return rule

    def write(self, root: Path) -> dict[str, int]:
        """The workspace at `root`; counts of what it holds."""
        folder = root / "submissions"
        folder.mkdir(parents=True)
        (root / "history").mkdir()
        tally: dict[str, int] = defaultdict(int)
        history: dict[str, dict[str, int]] = {}
        for number, unit in enumerate(self.units):
            roll = self.rng.random()
            if roll < self.mix.missing:
                tally["missing"] += 1
                continue
            late = roll < self.mix.missing + self.mix.late
            data = self.submission(unit, late)
            history[unit.short] = {m: max(0, round(v * self.rng.uniform(0.7, 1.2)))
                                   for m, v in list(data["metrics"].items())[:8]}
            tally["late"] += late
            rule = self.fault(unit, data, folder) if self.rng.random() < self.mix.faulty else ""
            if rule:
                tally[f"faulty:{rule}"] += 1
            self.tables(number, unit, data, folder, tally)
            self.submission_file(number, unit, data, folder, tally, broken=rule == "syntax")
        self.workspace_files(root, history)
        return {"units": len(self.units), **tally}

    def tables(self, number: int, unit: Unit, data: Data, folder: Path, tally: dict[str, int]) -> None:
        """Every 10th unit moves half its counts to an .xlsx, every 25th a quarter to a GBK CSV."""
        metrics = data["metrics"]
        names = list(metrics)
        if self.mix.xlsx_every and number % self.mix.xlsx_every == 0:
            moved = {m: metrics.pop(m) for m in names[len(names) // 2:]}
            write_xlsx(folder / f"{unit.short}统计报表.xlsx", unit.name, moved)
            tally["xlsx"] += 1
        elif self.mix.csv_every and number % self.mix.csv_every == 1:
            moved = {m: metrics.pop(m) for m in names[3 * len(names) // 4:]}
            rows = [["单位", unit.name], ["指标", "数值"], *([self.name(m), v] for m, v in moved.items())]
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerows(rows)
            (folder / f"{unit.short}统计表.csv").write_bytes(buffer.getvalue().encode("gbk"))
            tally["csv"] += 1
        if self.mix.docx_every and number % self.mix.docx_every == 2:
            write_word_report(folder / f"{unit.short}2024年度法治政府建设情况报告.docx", unit, data)
            tally["docx"] += 1

    def submission_file(self, number: int, unit: Unit, data: Data, folder: Path, tally: dict[str, int],
                        broken: bool = False) -> None:
        """YAML, or every 7th JSON; a broken one has a key twice (a syntax error naming the line)."""
        if broken:
            path = folder / f"{unit.id}.yaml"
            write_yaml(path, data)
            path.write_text(path.read_text(encoding="utf-8") + f"unit: {unit.id}\n", encoding="utf-8")
            tally["yaml"] += 1
        elif self.mix.json_every and number % self.mix.json_every == 3:
            (folder / f"{unit.id}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            tally["json"] += 1
        else:
            write_yaml(folder / f"{unit.id}.yaml", data)
            tally["yaml"] += 1

    def workspace_files(self, root: Path, history: dict[str, dict[str, int]]) -> None:
        config = {k: v for k, v in self.config.items() if k not in ("units", "signature_date")}
        config |= {"region": "基准省", "government": "基准省人民政府", "opening": None,
                   "units": [{"id": u.id, "name": u.name, "short": u.short, "kind": u.kind,
                              **({"roles": list(u.roles)} if u.roles else {})} for u in self.units]}
        write_yaml(root / "report.yaml", {k: v for k, v in config.items() if v is not None})
        metrics = sorted({m for values in history.values() for m in values}, key=self.counts.index)
        with (root / "history" / "2023-units.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["单位", *metrics])
            writer.writerows([name, *(values.get(m, "") for m in metrics)] for name, values in history.items())
        totals = {m: sum(v.get(m, 0) for v in history.values()) for m in metrics}
        with (root / "history" / "2023.csv").open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([["指标", "数值"], *totals.items()])


def write_yaml(path: Path, data: Data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


def write_xlsx(path: Path, unit: str, metrics: dict[str, int]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("统计报表")
    for row in (["单位", unit], ["指标", "数值"], *([m, v] for m, v in metrics.items())):
        sheet.append(row)
    book.save(path)


def write_word_report(path: Path, unit: Unit, data: Data) -> None:
    """A unit's report as the Word document some units send instead of the form (the intake's hook)."""
    import docx

    document = docx.Document()
    document.add_heading(f"{unit.name}2024年度法治政府建设情况报告", level=1)
    for section in SECTIONS:
        for item in data[section]:
            document.add_paragraph(item["text"])
    document.save(str(path))


def main() -> None:
    root, n = Path(sys.argv[1]), int(sys.argv[2])
    print(Generator(n).write(root))


if __name__ == "__main__":
    main()
