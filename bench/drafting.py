"""Benchmark: theme and draft 5,000 units × 10 items (goal: under 3 s on one core).

Run from the repository root: python bench/drafting.py [UNITS]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from annual_report.config.themes import load_themes
from annual_report.config.workspace import ReportConfig, Workspace, load_workspace
from annual_report.drafting.draft import draft
from annual_report.statistics import compute_statistics
from annual_report.submission import NarrativeItem, UnitSubmission
from annual_report.validation import UnitResult, ValidationReport
from annual_report.wording import Figures

GOAL_SECONDS = 3.0
ITEMS = 10
# Item shapes as units write them (first person, subjectless, with figures), varied by numbers and places.
SHAPES = (
    "本局组织全体执法人员参加年度法律知识轮训和执法资格考试，培训{n}人次，实现培训全覆盖。",
    "开展执法案卷评查{n}次，评查案卷{m}卷，合格率{p}%。",
    "在{k}个社区建成矛盾纠纷调解室，全年受理矛盾纠纷{m}件，成功化解{n}件。",
    "我局主要负责人年终在全局干部职工大会上专题述法，述法情况纳入年度考核。",
    "对{n}件行政规范性文件逐件开展合法性审核，提出修改意见{k}条。",
    "推行“一网通办”，{n}项政务服务事项实现网上办理，平均办理时限压缩至{k}个工作日。",
    "修订突发事件应急预案{k}件，组织应急演练{n}次。",
    "基层执法力量薄弱，专业检查能力不足。",
    "加强执法人员业务培训，开展执法技能比武。",
    "结合农村集市开展“法律赶集”普法活动{n}场，发放宣传资料{m}份。",
)
SECTIONS = ("achievements", "achievements", "achievements", "achievements", "achievements", "achievements",
            "achievements", "problems", "next_year", "achievements")


def workspace(units: int) -> Workspace:
    example = load_workspace(Path(__file__).resolve().parents[1] / "inputs" / "example-2024")
    data = example.config.model_dump()
    kinds = list(data["kinds"])
    data["units"] = [{"id": f"u{i:05d}", "name": f"基准市第{i}单位", "short": f"第{i}单位", "kind": kinds[i % len(kinds)]}
                     for i in range(units)]
    return Workspace(root=example.root, config=ReportConfig.model_validate(data), catalogue=example.catalogue,
                     themes=load_themes())


def report(ws: Workspace, seed: int = 7) -> ValidationReport:
    rng = random.Random(seed)
    topics = [t.key for t in ws.config.outline.topics]
    results = {}
    for unit in ws.config.units:
        sections: dict[str, list[NarrativeItem]] = {s: [] for s in ("achievements", "problems", "next_year")}
        for i in range(ITEMS):
            text = SHAPES[i].format(n=rng.randint(1, 500), m=rng.randint(500, 900), k=rng.randint(2, 30),
                                    p=rng.randint(80, 99))
            sections[SECTIONS[i]].append(NarrativeItem(text=text, topic=rng.choice(topics)))
        submission = UnitSubmission.model_construct(unit=unit.id, year=ws.config.year, submitted_at=None,
                                                    contact=None, metrics={}, responsibility=[], other=[], **sections)
        results[unit.id] = UnitResult(unit=unit, submission=submission, files=[f"submissions/{unit.id}.yaml"],
                                      narrative_file=f"submissions/{unit.id}.yaml")
    return ValidationReport(units=results, findings=[])


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    ws = workspace(units)
    validated = report(ws)
    figures = Figures(compute_statistics(ws, validated))
    start = time.perf_counter()
    drafted = draft(ws, validated, figures)
    elapsed = time.perf_counter() - start
    print(f"drafted {units} units × {ITEMS} items ({len(drafted.placements):,} items) in {elapsed:.2f} s; "
          f"goal < {GOAL_SECONDS:g} s; {len(drafted.remainder):,} left-out items listed in the 审阅稿, "
          f"{drafted.remainder_omitted:,} more counted")


if __name__ == "__main__":
    main()
