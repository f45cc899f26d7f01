"""A realistic compilation workspace generated at test time from a published report (海东市 2024).

`build_haidong_workspace(root)` reads the seed text (never stored in the project), splits its 主要举措
section into items, gives each item to the unit that would have done it, rewrites it in that unit's own
voice (我局、本办、我县…, an internal office such as 局法规科, or no subject at all), and writes report.yaml
plus one submission per unit.  Figures the seed states are found by regex and submitted as counts by the
units that own them; sums are split over two or three units so the totals still equal the stated figures.

Planted for the drafting feature: the two counties each report the same 示范创建 success naming only
themselves (a merge keeping the longer wording loses one), and the 司法局's item states 直接纠错率达17.3%
while its counts give 72/356 = 20.2%.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.seed_text import Section, SeedReport, read_report, sentences, stated_figures, stated_rate

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
HAIDONG_SEED = SEEDS / "report-2024-haidong-city.txt"
COUNTIES = "counties"  # owner of an item that both counties report, each with its own name


def is_pronoun(subject: str) -> bool:
    """我局、本办、本系统…: a unit naming itself in the first person."""
    return subject[:1] in ("我", "本")


@dataclass(frozen=True)
class Voice:
    """A registry unit and how it writes: `subjects` cycle over its items ("" = no subject)."""

    name: str
    short: str
    kind: str
    subjects: tuple[str, ...]
    roles: tuple[str, ...] = ()

    @property
    def pronoun(self) -> str:
        return next(s for s in self.subjects if is_pronoun(s))


UNITS: dict[str, Voice] = {
    "zfb": Voice("海东市人民政府办公室", "市政府办", "dept_other", ("我办", "", "本办")),
    "yfzsb": Voice("中共海东市委全面依法治市委员会办公室", "市委依法治市办", "party", ("本办", "", "我办")),
    "bb": Voice("中共海东市委机构编制委员会办公室", "市委编办", "party", ("", "我办")),
    "zfw": Voice("中共海东市委政法委员会", "市委政法委", "party", ("本委", "")),
    "sfj": Voice("海东市司法局", "市司法局", "dept_enforcement", ("我局", "局法规科", "", "本局"),
                 ("as_authority", "as_respondent")),
    "zwfwj": Voice("海东市政务服务和数据管理局", "市政务服务数据局", "dept_other", ("我局", "局政务服务科", "")),
    "gaj": Voice("海东市公安局", "市公安局", "dept_enforcement", ("本系统", "")),
    "xfj": Voice("海东市信访局", "市信访局", "dept_other", ("我局", "", "本局")),
    "yjglj": Voice("海东市应急管理局", "市应急管理局", "dept_enforcement", ("我局", "局救援协调和预案管理科", "", "本单位")),
    "sjj": Voice("海东市审计局", "市审计局", "dept_other", ("本单位", "")),
    "ldq": Voice("海东市乐都区人民政府", "乐都区", "county", ("我区", "", "本区")),
    "hlx": Voice("化隆回族自治县人民政府", "化隆县", "county", ("我县", "", "本县")),
}
KINDS = {
    "dept_enforcement": {"name": "有行政执法权的市政府部门", "required": ["lit.first_instance_closed", "lit.lost"]},
    "dept_other": {"name": "其他市政府部门", "required": []},
    "party": {"name": "市委有关工作机关", "required": []},
    "county": {"name": "区县人民政府", "required": ["med.accepted", "med.resolved"]},
}
# Outline topics in the seed's order: key, heading (our own words), metric groups, a word of the seed's heading.
TOPICS = (
    ("leadership", "压实第一责任人责任", ["lead"], "领导"),
    ("decisions", "依法决策与制度建设", ["dec", "counsel", "norm"], "决策"),
    ("functions", "机构职能与政务服务", [], "机构职能"),
    ("oversight", "权力监督与执法监督", ["proposal", "jud", "enf", "recon", "lit"], "监督"),
    ("governance", "社会治理法治化", ["med", "petition", "aid", "pufa"], "社会治理"),
)
# Who did it: the first rule whose pattern occurs in a sentence; else the run's previous owner; else yfzsb.
OWNER_RULES = (
    (r"示范创建", COUNTIES),
    (r"会前学法", "zfb"),
    (r"试点乡镇", "ldq"),
    (r"县区执法机构|瞄准群众需求", "hlx"),
    (r"枫桥|调解|综合治理中心", "zfw"),
    (r"信访", "xfj"),
    (r"政务服务|一件事|自助", "zwfwj"),
    (r"应急|预案|救援|物资|自然灾害", "yjglj"),
    (r"审计", "sjj"),
    (r"人大代表建议|司法监督|政务公开|重大行政决策", "zfb"),
    (r"执法与监督|专项监督|复议|诉讼|应诉|法律顾问|立法|规章|规范性文件|案卷|公证|鉴定|法律援助|公共法律服务|普法"
     r"|法律明白人", "sfj"),
    (r"机构|编制|议事协调|执法队伍", "bb"),
)
# A unit may also report part of someone else's sentence: (unit, text to start from, replacement of that start).
EXCERPTS = (("gaj", "协调组织市、县两级行政执法人员", "组织执法人员"),)
PROBLEM_RULES = (
    (r"第一责任人", ("yfzsb", "zfb", "zwfwj", "xfj", "sjj")),
    (r"三项制度", ("sfj", "gaj", "yjglj")),
    (r"基层", ("ldq", "hlx", "bb", "zfw")),
    (r"公共法律服务", ("sfj", "zfw")),
)
NEXT_RULES = (
    (r"第一责任人", ("yfzsb", "zfb")),
    (r"三年行动计划", ("sfj", "gaj", "yjglj")),
    (r"出庭应诉|执法监督职能", ("sfj",)),
    (r"法律顾问", ("zfb",)),
    (r"普法", ("ldq", "hlx")),
    (r"公共法律服务", ("sfj", "zfw")),
)
VERBS = ("将", "把", "制定", "组织", "推进", "开展", "完成", "建立", "统筹", "整合", "认领", "打造", "印发", "坚持",
         "深入", "严格", "全面", "进一步", "加强", "依法", "持续", "主动", "自觉", "因地制宜", "按照", "聘任", "组建",
         "扎实", "协调", "注重", "调整", "完善", "探索", "积极", "认真", "不断", "全力", "加快", "投资", "瞄准",
         "研究", "推动", "落实", "受理", "审结", "共")
LEAD = re.compile(r"^(\d{4}年，|截止目前，)?")
REGION_SUBJECT = re.compile(r"^(市委、市政府|全市)(?!\d)")
# Region figures that are sums over units: metric → (its part that cannot exceed it, weights per unit).
SPLITS = {
    "lit.first_instance_closed": ("lit.lost", {"sfj": 5, "gaj": 3, "ldq": 2}),
    "med.accepted": ("med.resolved", {"zfw": 6, "ldq": 2, "hlx": 2}),
    "counsel.advisers": ("", {"sfj": 5, "ldq": 3, "hlx": 2}),
}
OWNERS = {"lead.preleague_study": "zfb", "proposal": "zfb", "jud": "zfb", "lead": "yfzsb"}  # else: sfj


@dataclass
class Item:
    unit: str
    text: str
    topic: str = ""
    subject: str | None = None  # the subject written in front ("" = none); None: the text kept its own


@dataclass
class HaidongWorkspace:
    root: Path
    units: list[str]
    items: int  # achievement items over all units
    first_person: list[str]  # 我局、本办、我县… as used in the achievement items
    offices: list[str]  # internal offices written as subjects (局法规科…)
    subjectless: list[tuple[str, str]]  # (unit, text) of items that start with a verb
    county_items: dict[str, str]  # the two counties' near-duplicate 示范创建 items, each naming itself
    totals: dict[str, int]  # region figure per metric id as stated in the seed
    stated_rate_mismatch: tuple[str, str, str] = ("sfj", "17.3%", "20.2%")
    problems: int = 0
    next_year: int = 0
    metrics: dict[str, dict[str, int]] = field(default_factory=dict)  # unit → submitted counts


def owner_of(sentence: str) -> str | None:
    return next((unit for pattern, unit in OWNER_RULES if re.search(pattern, sentence)), None)


def plan_items(section: Section) -> list[Item]:
    """The 主要举措 sentences grouped into items: consecutive sentences of one owner, at most 3 and ~160 chars."""
    if len(section.topics) != len(TOPICS):
        raise ValueError(f"seed: {len(section.topics)} sub-topics, expected {len(TOPICS)}")
    items: list[Item] = []
    for topic, (key, _, _, word) in zip(section.topics, TOPICS, strict=True):
        if word not in topic.heading:
            raise ValueError(f"seed: sub-topic {topic.heading!r} does not mention {word!r}")
        for run in topic.runs:
            previous = None
            for sentence in run.sentences:
                owner = owner_of(sentence) or (previous if previous != COUNTIES else None) or "yfzsb"
                last = items[-1] if items and previous == owner != COUNTIES else None
                if last and last.text.count("。") < 3 and len(last.text) + len(sentence) <= 160:
                    last.text += sentence
                else:
                    items.append(Item(owner, sentence, key))
                previous = owner
    return items


def with_subject(text: str, subject: str) -> tuple[str, bool]:
    """The text with `subject` in front, replacing 全市/市委、市政府; unchanged when it opens with a noun."""
    lead = LEAD.match(text).group(0)
    rest = text[len(lead):]
    region = REGION_SUBJECT.match(rest)
    if region:
        rest = rest[region.end():]
    elif not rest.startswith(VERBS):
        return text, False
    return lead + subject + rest, True


def in_voice(items: list[Item]) -> list[Item]:
    """Each unit's items with its subjects in turn; the counties' shared item once per county."""
    turn = dict.fromkeys(UNITS, 0)
    voiced: list[Item] = []
    for item in items:
        if item.unit == COUNTIES:
            voiced += county_versions(item)
            continue
        voice = UNITS[item.unit]
        subject = voice.subjects[turn[item.unit] % len(voice.subjects)]
        text, changed = with_subject(item.text, subject)
        turn[item.unit] += changed
        voiced.append(Item(item.unit, text, item.topic, subject if changed else None))
    return voiced


def county_versions(item: Item) -> list[Item]:
    """「A、B成功创建…」 becomes one item per county naming only itself, in its own voice."""
    counties = [u for u, v in UNITS.items() if v.kind == "county"]
    both = "、".join(UNITS[u].short for u in counties)
    if both not in item.text:
        raise ValueError(f"seed: the 示范创建 sentence does not name {both}")
    return [Item(u, UNITS[u].pronoun + item.text.replace(both, UNITS[u].short), item.topic, UNITS[u].pronoun)
            for u in counties]


def excerpts(section: Section) -> list[Item]:
    """Items a unit wrote about its part of another unit's sentence (EXCERPTS)."""
    found: list[Item] = []
    for unit, start, replacement in EXCERPTS:
        for topic, (key, *_) in zip(section.topics, TOPICS, strict=True):
            for sentence in (s for run in topic.runs for s in run.sentences if start in s):
                tail = replacement + sentence[sentence.index(start) + len(start):]
                found.append(Item(unit, UNITS[unit].pronoun + tail, key, UNITS[unit].pronoun))
    if len(found) != len(EXCERPTS):
        raise ValueError("seed: an excerpt's starting words were not found exactly once")
    return found


def problem_items(section: Section) -> list[Item]:
    """The 存在的问题 clauses (after 「主要表现在：」), each in the first person of the units it concerns."""
    listed = section.intro.partition("：")[2].partition("等，")[0]
    items: list[Item] = []
    for clause in listed.split("，"):
        units = next((us for pattern, us in PROBLEM_RULES if re.search(pattern, clause)), ())
        items += [Item(u, f"{UNITS[u].pronoun}{clause}。", subject=UNITS[u].pronoun) for u in units]
    return fill_missing(items, f"{listed.split('，')[0]}。", lambda u, t: UNITS[u].pronoun + t)


def next_year_items(section: Section) -> list[Item]:
    """The 下一年度 sentences as 「我局将…」, given to the units they concern."""
    items: list[Item] = []
    turn = dict.fromkeys(UNITS, 0)
    for sentence in (s for t in section.topics for s in sentences(t.body)):
        units = next((us for pattern, us in NEXT_RULES if re.search(pattern, sentence)), ())
        for u in units:
            subject = UNITS[u].subjects[turn[u] % len(UNITS[u].subjects)]
            turn[u] += 1
            items.append(Item(u, f"{subject}将{sentence}" if subject else sentence, subject=subject))
    first = sentences(section.topics[0].body)[0]
    return fill_missing(items, first, lambda u, t: f"{UNITS[u].pronoun}将{t}")


def fill_missing(items: list[Item], text: str, voiced: Callable[[str, str], str]) -> list[Item]:
    """Every unit reports something: those without an item take `text` in their own voice."""
    have = {i.unit for i in items}
    return items + [Item(u, voiced(u, text), subject=UNITS[u].pronoun) for u in UNITS if u not in have]


def apportion(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Integers proportional to the weights that sum to `total` (largest remainders)."""
    whole = sum(weights.values())
    shares = {u: total * w // whole for u, w in weights.items()}
    by_remainder = sorted(weights, key=lambda u: -(total * weights[u] % whole))
    for u in by_remainder[: total - sum(shares.values())]:
        shares[u] += 1
    return shares


def unit_metrics(text: str) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """The region figures found in the text, and each unit's counts (sums split per SPLITS)."""
    totals = stated_figures(text)
    per_unit: dict[str, dict[str, int]] = {u: {} for u in UNITS}
    parts = {part for part, _ in SPLITS.values() if part}
    for metric, value in totals.items():
        if metric in SPLITS:
            part, weights = SPLITS[metric]
            shares = apportion(value, weights)
            missed = apportion(value - totals[part], weights) if part else {}
            for u, share in shares.items():
                per_unit[u][metric] = share
                if part:
                    per_unit[u][part] = share - missed[u]
        elif metric not in parts:
            owner = OWNERS.get(metric) or OWNERS.get(metric.split(".")[0], "sfj")
            per_unit[owner][metric] = value
    for u, voice in UNITS.items():  # required counts that did not occur are reported as 0
        for metric in KINDS[voice.kind]["required"]:
            per_unit[u].setdefault(metric, 0)
    return totals, per_unit


def report_config(seed: SeedReport) -> dict:
    m = re.match(r"^(.+?[市县区])(\d{4})年度", seed.title)
    if not m:
        raise ValueError(f"seed: cannot read region and year from the title {seed.title!r}")
    region, year = m.group(1), int(m.group(2))
    return {
        "region": region,
        "government": f"{region}人民政府",
        "year": year,
        "deadline": dt.date(year + 1, 3, 1),
        "signature_date": dt.date(year + 1, 3, 20),
        "opening": f"{year}年，{region}人民政府在市委领导下，对照年度法治政府建设工作要点，组织各部门、各县区压实责任、"
                   "完善制度、规范执法、化解矛盾，各项任务有序推进。现将有关情况报告如下：",
        "kinds": KINDS,
        "units": [{"id": u, "name": v.name, "short": v.short, "kind": v.kind} | ({"roles": list(v.roles)}
                  if v.roles else {}) for u, v in UNITS.items()],
        "outline": {"form": "three_part", "topics": [
            {"key": key, "heading": heading, "groups": groups} for key, heading, groups, _ in TOPICS]},
    }


def submission(unit: str, year: int, index: int, metrics: dict[str, int], sections: dict[str, list[Item]]) -> dict:
    def entries(items: list[Item], topics: bool) -> list[dict]:
        return [{"text": i.text, "topic": i.topic} if topics else {"text": i.text} for i in items if i.unit == unit]

    return {
        "unit": unit,
        "year": year,
        "submitted_at": dt.datetime(year + 1, 2, 10 + index, 9 + index % 8, 30),
        "metrics": metrics,
        "achievements": entries(sections["achievements"], True),
        "problems": entries(sections["problems"], False),
        "next_year": entries(sections["next_year"], False),
    }


def dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def build_haidong_workspace(root: Path, seed: Path = HAIDONG_SEED) -> HaidongWorkspace:
    """Write report.yaml and submissions/<unit>.yaml into `root` (created) from the seed report."""
    report = read_report(seed)
    achievements_section = report.section("主要举措")
    sections = {
        "achievements": in_voice(plan_items(achievements_section)) + excerpts(achievements_section),
        "problems": problem_items(report.section("问题")),
        "next_year": next_year_items(report.section("计划")),
    }
    totals, metrics = unit_metrics("".join(t.body for t in achievements_section.topics))
    config = report_config(report)
    (root / "submissions").mkdir(parents=True, exist_ok=True)
    dump(root / "report.yaml", config)
    for index, unit in enumerate(UNITS):
        dump(root / "submissions" / f"{unit}.yaml", submission(unit, config["year"], index, metrics[unit], sections))
    return summary(root, sections["achievements"], sections, totals, metrics)


def summary(root: Path, achievements: list[Item], sections: dict[str, list[Item]], totals: dict[str, int],
            metrics: dict[str, dict[str, int]]) -> HaidongWorkspace:
    """What was planted, for tests to assert on."""
    subjects = {i.subject for i in achievements if i.subject}
    rate_item = next(i for i in achievements if i.unit == "sfj" and "直接纠错率" in i.text)
    recon = metrics["sfj"]
    return HaidongWorkspace(
        root=root,
        units=list(UNITS),
        items=len(achievements),
        first_person=sorted(s for s in subjects if is_pronoun(s)),
        offices=sorted(s for s in subjects if not is_pronoun(s)),
        subjectless=[(i.unit, i.text) for i in achievements if i.subject == "" and i.text.startswith(VERBS)],
        county_items={i.unit: i.text for i in achievements if "示范创建" in i.text and UNITS[i.unit].kind == "county"},
        totals=totals,
        stated_rate_mismatch=("sfj", stated_rate(rate_item.text, "直接纠错率") or "",
                              f"{100 * recon['recon.corrected'] / recon['recon.closed']:.1f}%"),
        problems=len(sections["problems"]),
        next_year=len(sections["next_year"]),
        metrics=metrics,
    )
