"""Realistic workspaces of any size for the benchmarks: a province of N units, their material as offices get it.

Every county (县) repeats the example's registry (enforcement and other departments, townships, other
units: every kind). Each unit sends ≈ 40 counts (every rate's numerator at most its denominator) and ≈ 10
items drawn from the published reports in ../shared/seeds (bench/seeds.py: read at run time, never stored),
of their length and figure density, figures varied and written in the unit's own voice (我局、我镇…), most
with a topic, some with a task of the 工作要点. The material comes as units send it (unit_files.py): most as
YAML, every 7th as JSON, every 10th as the fill-in workbook `annual-report forms` makes, filled in, every 20th
as its own Word report (sections, 「一是…」 runs, a table of figures), some with a GBK CSV or an Excel table
of part of their counts beside. A share of units is late, faulty (errors and warnings of the kinds the
validation rules name) or missing. `history/` holds last year's unit figures and totals; `plan.yaml` the
example's 工作要点 with each task given to every county's unit of the example's.

Run: python bench/workspace.py ROOT N   — writes the workspace and prints what it holds.
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from annual_report.config.catalogue import Catalogue, load_catalogue
from bench import unit_files
from bench.seeds import REGION, SEEDS, Pools, read_seeds

EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "example-2024"
ITEMS = {"achievements": 6, "responsibility": 1, "problems": 1, "next_year": 2}  # ≈ 10 items per unit
SECTIONS = tuple(ITEMS)
COUNTS = 40  # counts per unit (the kind's required ones first)
_FIRST = "青柳桃白双东西南北清河平安新金长永宁丰泰兴华云星"
_SECOND = "石河源沙桥城湖阳川林水泉峰台口坪堡溪岭塘"
_NUMBER = re.compile(r"(?<![\d.])(\d+)(?![\d.]*[年%％月日号]|\d*\.\d)")  # counts, not years, dates or percentages
_RESPONSIBILITY = re.compile(r"第一责任人|述法|学法|主要负责")
_REGION_SUBJECT = re.compile(r"^(?:市委、市政府|全市|市政府)(?!\d)")
# The example outline's topics, guessed from an item's words (first match), as units choose them.
TOPIC_WORDS = (
    ("leadership", r"第一责任人|学法|述法|理论学习|普法|宣传|法律明白人"),
    ("functions", r"政务服务|营商|审批|一件事|权责清单|放管服|商事|证照"),
    ("rules", r"规范性文件|立法|规章|备案"),
    ("decisions", r"决策|法律顾问|合法性审查"),
    ("emergency", r"应急|预案|救援|灾害|防汛"),
    ("disputes", r"复议|诉讼|应诉|调解|信访|矛盾|纠纷|法律援助"),
    ("enforcement", r"执法|案卷|三项制度"),
    ("oversight", r"监督|审计|人大代表|政协|公开"),
    ("digital", r"数字|信息化|大数据|平台|电子政务"),
)
PRONOUNS = (("街道办事处", "我街道"), ("镇人民政府", "我镇"), ("乡人民政府", "我乡"), ("委员会", "我委"),
            ("办公室", "我办"), ("中心", "我中心"), ("局", "我局"))
Data = dict[str, Any]


@dataclass(frozen=True)
class Mix:
    """Shares of units that are late, faulty or missing; how often each other format is sent."""

    late: float = 0.08
    faulty: float = 0.05
    missing: float = 0.03
    form_every: int = 10  # the fill-in workbook, filled in (instead of YAML)
    docx_every: int = 20  # the unit's own Word report (instead of YAML)
    json_every: int = 7  # the submission as JSON
    csv_every: int = 25  # a quarter of the counts in a GBK CSV beside the YAML
    table_every: int = 40  # half of the counts in an Excel table beside the YAML


@dataclass(frozen=True)
class Unit:
    id: str
    base: str  # the example unit it repeats (sfj)
    name: str
    short: str
    kind: str
    place: str  # its county
    roles: tuple[str, ...] = ()

    @property
    def pronoun(self) -> str:
        return next((p for suffix, p in PRONOUNS if self.name.endswith(suffix)), "我单位")


def county(number: int) -> str:
    a, b = divmod(number, len(_SECOND))
    return _FIRST[a % len(_FIRST)] + _SECOND[b] + (str(a // len(_FIRST)) if a >= len(_FIRST) else "") + "县"


def registry(n: int) -> list[Unit]:
    """N units: county after county, each with the example's units (the last county cut short)."""
    example = yaml.safe_load((EXAMPLE / "report.yaml").read_text(encoding="utf-8"))["units"]
    units: list[Unit] = []
    for number in range(-(-n // len(example))):
        place = county(number)
        for u in example:
            local = u["name"].removeprefix("示例市").removeprefix("示例")
            short = u["short"].removeprefix("市").removeprefix("示例")
            units.append(Unit(f"c{number:03d}-{u['id']}", u["id"], f"基准省{place}{local}", place + short,
                              u["kind"], place, tuple(u.get("roles", ()))))
    return units[:n]


def vary(text: str, rng: random.Random) -> str:
    """The same words with other counts of the same size (years, dates and percentages stay)."""
    return _NUMBER.sub(lambda m: str(max(1, round(int(m[1]) * rng.uniform(0.5, 1.6)))), text)


def topic_of(text: str) -> str | None:
    return next((key for key, words in TOPIC_WORDS if re.search(words, text)), None)


class Generator:
    def __init__(self, n: int, seed: int = 2024, mix: Mix = Mix(), seeds: Path = SEEDS) -> None:
        self.rng = random.Random(seed)
        self.mix = mix
        self.units = registry(n)
        self.catalogue: Catalogue = load_catalogue()
        pools: Pools = read_seeds(seeds)
        self.pools = {"achievements": pools.achievements, "problems": pools.problems, "next_year": pools.next_year,
                      "responsibility": [t for t in pools.achievements if _RESPONSIBILITY.search(t)]}
        self.config = yaml.safe_load((EXAMPLE / "report.yaml").read_text(encoding="utf-8"))
        self.plan = yaml.safe_load((EXAMPLE / "plan.yaml").read_text(encoding="utf-8"))
        self.tasks: dict[str, list[str]] = defaultdict(list)  # example unit id → its task numbers
        for task in self.plan["tasks"]:
            for unit in task.get("units", []):
                self.tasks[unit].append(task["number"])
        self.counts = [m.id for m in self.catalogue.counts]
        self.groups: dict[str, list[str]] = defaultdict(list)  # catalogue group → its counts
        for m in self.catalogue.counts:
            self.groups[m.group].append(m.id)
        self.rules = [(r.left_terms, r.right_terms) for r in self.catalogue.rules if r.op in ("<=", "<")]
        self.parts = {m.id: list(m.parts) for m in self.catalogue.metrics if m.parts}

    def name(self, metric: str) -> str:
        """A metric's Chinese name, as tables head it (an unknown id as written)."""
        return self.catalogue.by_id[metric].name if metric in self.catalogue.by_id else metric

    def voiced(self, unit: Unit, text: str) -> str:
        """The seed's words as the unit writes them: its county for the seed's region, its own subject."""
        text = vary(text.replace(REGION, unit.place), self.rng)
        if _REGION_SUBJECT.match(text) or self.rng.random() < 0.3:
            return unit.pronoun + _REGION_SUBJECT.sub("", text)
        return text

    def items(self, unit: Unit, section: str) -> list[Data]:
        chosen = []
        for _ in range(ITEMS[section]):
            item: Data = {"text": self.voiced(unit, self.rng.choice(self.pools[section]))}
            topic = topic_of(item["text"]) if section == "achievements" else None
            if topic and self.rng.random() < 0.7:
                item["topic"] = topic
            if self.tasks[unit.base] and section != "problems" and self.rng.random() < 0.3:
                item["tasks"] = [self.rng.choice(self.tasks[unit.base])]
            chosen.append(item)
        return chosen

    def metrics(self, unit: Unit) -> dict[str, int]:
        """The kind's required counts, then whole groups of counts (the kind's own first) up to about COUNTS, a
        combined count as its parts (as the form asks), every ≤ rule of the catalogue holding."""
        kind = self.config["kinds"][unit.kind]
        offered = list(kind.get("optional", []))
        others = [g for g in self.groups if g not in offered]
        self.rng.shuffle(offered)
        self.rng.shuffle(others)
        chosen = list(kind.get("required", []))
        for group in [*offered, *others]:  # whole groups, as a form lists them, each count most often given
            if len(chosen) >= COUNTS:
                break
            chosen += [m for m in self.groups.get(group, [group]) if self.rng.random() < 0.85
                       and (not m.startswith("recon.") or "as_authority" in unit.roles)]
        ids = list(dict.fromkeys(p for m in chosen if m in self.counts for p in (self.parts.get(m) or [m])))
        values = {m: int(self.rng.lognormvariate(3.5, 1.2)) for m in ids}
        for _ in range(3):  # chains (corrected ≤ closed ≤ accepted ≤ received) settle in a few passes
            for left, right in self.rules:
                if not all(m in values for m in (*left, *right)):
                    continue
                excess = sum(values[m] for m in left) - sum(values[m] for m in right)
                if excess > 0 and len(left) == 1:
                    values[left[0]] -= excess
                elif excess > 0 and len(right) == 1:
                    values[right[0]] += excess
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
            "duplicate": lambda: unit_files.write_yaml(folder / f"{unit.id}-初稿.yaml",
                                                       data | {"submitted_at": "2025-01-15 09:00:00"}),
            "syntax": lambda: None,
        }
        pairs = [(left[0], right[0]) for left, right in self.rules
                 if len(left) == len(right) == 1 and left[0] in metrics and right[0] in metrics]
        if pairs:
            left, right = self.rng.choice(pairs)
            spoil["rule"] = lambda: metrics.__setitem__(left, int(metrics[right]) + 3)
        rule = self.rng.choice(sorted(spoil))
        spoil[rule]()
        return rule

    def format_of(self, number: int) -> str:
        mix = self.mix
        if mix.form_every and number % mix.form_every == 4:
            return "form"
        if mix.docx_every and number % mix.docx_every == 9:
            return "docx"
        return "json" if mix.json_every and number % mix.json_every == 3 else "yaml"

    def write(self, root: Path) -> dict[str, int]:
        """The workspace at `root`; counts of what it holds."""
        folder = root / "submissions"
        folder.mkdir(parents=True)
        tally: dict[str, int] = defaultdict(int)
        sent: list[tuple[int, Unit, Data, str]] = []
        for number, unit in enumerate(self.units):
            roll = self.rng.random()
            if roll < self.mix.missing:
                tally["missing"] += 1
                continue
            late = roll < self.mix.missing + self.mix.late
            tally["late"] += late
            sent.append((number, unit, self.submission(unit, late), self.format_of(number)))
        self.workspace_files(root, {u.short: d["metrics"] for _, u, d, _ in sent})
        forms = unit_files.Forms(root)
        for number, unit, data, kind in sent:
            rule = self.fault(unit, data, folder) if kind in ("yaml", "json") and self.rng.random() < self.mix.faulty \
                else ""
            if rule:
                tally[f"faulty:{rule}"] += 1
            if kind == "yaml":
                self.tables(number, unit, data, folder, tally)
            tally[kind] += 1
            if kind == "form":
                forms.write(unit.id, data, folder)
            elif kind == "docx":
                unit_files.write_word_report(folder, unit.name, data, self.name)
            else:
                unit_files.write_submission(folder / f"{unit.id}.{kind}", data, broken=rule == "syntax")
        return {"units": len(self.units), **tally}

    def tables(self, number: int, unit: Unit, data: Data, folder: Path, tally: dict[str, int]) -> None:
        """Some units move part of their counts to a GBK CSV or an Excel table beside their YAML."""
        metrics, mix = data["metrics"], self.mix
        names = list(metrics)
        if mix.table_every and number % mix.table_every == 0:
            moved = {self.name(m): metrics.pop(m) for m in names[len(names) // 2:]}
            unit_files.write_table(folder / f"{unit.short}统计报表.xlsx", unit.name, moved)
            tally["table"] += 1
        elif mix.csv_every and number % mix.csv_every == 1:
            moved = {self.name(m): metrics.pop(m) for m in names[3 * len(names) // 4:]}
            unit_files.write_csv(folder / f"{unit.short}统计表.csv", unit.name, moved)
            tally["csv"] += 1

    def workspace_files(self, root: Path, sent: dict[str, dict[str, int]]) -> None:
        """report.yaml with the registry, plan.yaml with every county's units, history/ (last year's figures of
        the first 8 counts each unit sends, and their totals)."""
        config = {k: v for k, v in self.config.items() if k not in ("units", "signature_date")}
        config |= {"region": "基准省", "government": "基准省人民政府", "opening": None,
                   "units": [{"id": u.id, "name": u.name, "short": u.short, "kind": u.kind,
                              **({"roles": list(u.roles)} if u.roles else {})} for u in self.units]}
        unit_files.write_yaml(root / "report.yaml", {k: v for k, v in config.items() if v is not None})
        copies = defaultdict(list)
        for u in self.units:
            copies[u.base].append(u.id)
        plan = self.plan | {"tasks": [task | {key: [c for u in task[key] for c in copies[u]]
                                              for key in ("units", "assist") if key in task}
                                      | ({"lead": copies[task["lead"]][0]} if copies.get(task.get("lead")) else {})
                                      for task in self.plan["tasks"]]}
        unit_files.write_yaml(root / "plan.yaml", plan)
        history = {short: {m: max(0, round(v * self.rng.uniform(0.7, 1.2))) for m, v in list(metrics.items())[:8]}
                   for short, metrics in sent.items()}
        unit_files.write_history(root / "history", history, self.counts)


def main() -> None:
    root, n = Path(sys.argv[1]), int(sys.argv[2])
    print(Generator(n).write(root))


if __name__ == "__main__":
    main()
