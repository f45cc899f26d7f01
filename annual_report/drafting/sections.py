"""The sections after 成效, as a real report writes them.

第一责任人: the government's head first (one paragraph), then how units followed (one paragraph).
存在的不足和原因: one paragraph per theme, each problem with its cause where the units give one; a paragraph whose
units give none asks the office for it in the 审阅稿 (the 督察工作规定 asks for 「不足和原因」).
下一年度安排: an opening paragraph on the year ahead, then the units' plans merged by the 工作要点 task they name
(by theme where they name none), each led by a run-in heading.
A required section with nothing to draw on is a gap: the units that should have supplied it are named.
"""

from __future__ import annotations

import re

from annual_report.config.outline import SectionKey
from annual_report.config.plan import WorkPlan
from annual_report.config.themes import Themes
from annual_report.config.workspace import ReportConfig
from annual_report.drafting.merge import merge
from annual_report.drafting.model import Gap, Passage, Piece, Sentence
from annual_report.drafting.passages import Group, Leftover, Writer
from annual_report.validation import ValidationReport

CAUSE = re.compile(r"原因|由于|主要是|究其|受[^，。；]{1,12}影响|导致|造成|源于|缘于|与[^，。；]{1,16}不相?(?:适应|匹配)|"
                    r"跟不上|不适应")
ASK_CAUSE = "督察工作规定要求写明不足的原因：本段所列问题的报送材料没有说明原因，请补充"
TASK_LEAD = 18  # a 工作要点 task's title this short leads a paragraph of next year's plans


def responsibility(writer: Writer, pieces: list[Piece], per: int) -> tuple[list[Passage], list[Leftover]]:
    """The government's head first, then the units that followed, each at most `per` items."""
    merged = merge(pieces, writer.names)
    government = sorted((p for p in merged if p.government), key=lambda p: p.rank)
    others = sorted((p for p in merged if not p.government), key=lambda p: p.rank)
    left = [Leftover(p.theme.lead if p.theme else "", p, f"超出篇幅（每段至多{per}条，成果、数字和报送单位较多的在前）")
            for p in (*government[per:], *others[per:])]
    passages = [writer.passage("", chosen, "responsibility") for chosen in (government[:per], others[:per]) if chosen]
    return [p for p in passages if p.sentences], left


def problems(writer: Writer, pieces: list[Piece], order: dict[str, int], runs: int, per_run: int
             ) -> tuple[list[Passage], list[Leftover]]:
    """One paragraph per theme of problems; one whose items state no cause asks for it."""
    groups, leftovers = writer.groups(pieces, order)
    chosen, left = writer.budget(groups, runs, per_run)
    passages = []
    for group, picked in chosen:
        passage = writer.passage(group.lead, picked, "problems", joiner="；")
        if not any(CAUSE.search(s.text) for s in passage.sentences):
            passage.notes.append(ASK_CAUSE)
        passages.append(passage)
    return [p for p in passages if p.sentences], leftovers + left


def next_year(writer: Writer, pieces: list[Piece], themes: Themes, plan: WorkPlan | None, runs: int, per_run: int
              ) -> tuple[list[Passage], list[Leftover]]:
    """Plans merged by the task they name (a short task title leads), else by theme."""
    tasks = {t.number: t.title.rstrip("。；;") for t in plan.tasks} if plan else {}
    by_task: dict[str, list[Piece]] = {}
    themed = []
    for piece in pieces:
        number = next((n for s in piece.sources for n in s.tasks if len(tasks.get(n, "")) <= TASK_LEAD and tasks.get(n)),
                      None)
        if number is None:
            themed.append(piece)
        else:
            by_task.setdefault(number, []).append(piece)
    order = {t.key: i for i, t in enumerate(themes.next_year)}
    groups, leftovers = writer.groups(themed, order)
    groups += [Group(f"task:{n}", tasks[n], -1, merge(ps, writer.names)) for n, ps in by_task.items()]
    chosen, left = writer.budget(groups, runs, per_run)
    passages = [writer.passage(group.lead, picked, "next_year", joiner="；") for group, picked in chosen]
    return [p for p in passages if p.sentences], leftovers + left


def next_year_opening(config: ReportConfig, passages: list[Passage]) -> Passage:
    """The year ahead in one paragraph: the office's own (drafting.next_year_opening), else one naming the
    plans' first themes."""
    if config.drafting.next_year_opening:
        return Passage("", [Sentence(config.drafting.next_year_opening)])
    focus = "、".join(p.lead for p in passages[:3] if p.lead)
    around = f"聚焦{focus}等重点，" if focus else ""
    text = (f"{config.year + 1}年，{config.region}将以习近平法治思想为指导，{around}针对本报告所列不足，"
            "推动法治政府建设各项任务落地见效。")
    return Passage("", [Sentence(text, notes=["本段为自动起草的开头，请按本地下一年度的工作要点修改（也可在 report.yaml 的 "
                                              "drafting.next_year_opening 中写好）"])])


def gaps(config: ReportConfig, report: ValidationReport, drafted: dict[SectionKey, list[Passage]]) -> list[Gap]:
    """Required sections with nothing drafted, and the units that should have supplied them: those that sent
    material without it, and those that sent nothing."""
    found = []
    for section in config.outline.required_sections:
        if drafted.get(section):
            continue
        owing = tuple(u.id for u in config.units
                      if (r := report.units[u.id]).submission is None or not r.submission.items(section))
        found.append(Gap(section, owing))
    return found
