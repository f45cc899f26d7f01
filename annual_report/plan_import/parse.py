"""parse_plan: a plan's text to sections and numbered tasks with responsible units and targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annual_report.config.catalogue import Catalogue, load_catalogue
from annual_report.config.workspace import ReportConfig
from annual_report.plan_import.model import ImportedPlan, ImportedTask, PlanSection
from annual_report.plan_import.structure import Block, layout
from annual_report.plan_import.targets import find_targets
from annual_report.plan_import.units import Named, assign_units, parse_clause, split_unit_clause
from annual_report.reading.docx_text import clean_lines
from annual_report.reading.metric_names import MetricMatcher, matcher_for
from annual_report.reading.unit_names import UnitResolver

_YEAR = re.compile(r"(20\d{2})年")


@dataclass
class _State:
    """Where the parser is: the current heading, the task sub-items belong to, and inherited units."""

    section: str | None = None
    section_units: list[Named] = field(default_factory=list)  # a heading's clause applies to its tasks
    carried: list[Named] = field(default_factory=list)  # a clause ending 「下同」 applies to the tasks below
    parent: ImportedTask | None = None
    parent_units: list[Named] = field(default_factory=list)


def parse_plan(text: str, *, registry: ReportConfig | None = None, catalogue: Catalogue | None = None,
               mapping: dict[str, str] | None = None) -> ImportedPlan:
    """The plan in a text: with a registry, unit names become registry ids (names it lacks are listed in
    unresolved_units); `mapping` maps names as written in the plan to unit ids (or 「kind:类型编号」)."""
    page = layout(clean_lines(text))
    matcher = matcher_for(catalogue or load_catalogue())
    resolver = UnitResolver(registry, mapping)
    plan = ImportedPlan(title=page.title, year=_year(page.title, page.preamble),
                        preamble="\n".join(p for p in page.preamble if p != page.title), stray_lines=page.stray)
    state = _State()
    for block in page.blocks:
        if block.kind in ("section", "subsection"):
            _heading(plan, state, block)
            continue
        number = block.number
        if block.kind == "subitem" and state.parent is not None:
            number = f"{state.parent.number}({block.number})"
        inherited = (state.parent_units if block.kind == "subitem" else []) or state.section_units or state.carried
        task, named, carry = _task(number, block.text, inherited, resolver, matcher)
        task.section = state.section
        if block.kind == "subitem" and state.parent is not None:
            task.parent = state.parent.number
        else:
            state.parent, state.parent_units = task, named
        if carry:
            state.carried = named
        plan.tasks.append(task)
    plan.unresolved_units = list(dict.fromkeys(name for t in plan.tasks for name in t.unresolved))
    return plan


def _year(title: str, preamble: list[str]) -> int | None:
    found = _YEAR.search(title) or next((m for line in preamble if (m := _YEAR.search(line))), None)
    return int(found.group(1)) if found else None


def _heading(plan: ImportedPlan, state: _State, block: Block) -> None:
    text, clause = split_unit_clause(block.text)
    named, carry = parse_clause(clause)
    if block.kind == "section" or state.section is None:
        number = block.number
        state.section_units = named
    else:
        number = f"{state.section.split('(')[0]}({block.number})"
        state.section_units = named or state.section_units
    state.section, state.parent, state.parent_units = number, None, []
    if carry:
        state.carried = named
    plan.sections.append(PlanSection(number=number, title=text.rstrip("。；;：:")))


def _task(number: str, text: str, inherited: list[Named], resolver: UnitResolver,
          matcher: MetricMatcher) -> tuple[ImportedTask, list[Named], bool]:
    """The task, the names its own clause gives (for sub-items below it), and whether they carry on (下同)."""
    text, clause = split_unit_clause(text)
    named, carry = parse_clause(clause)
    units = assign_units(named or inherited, resolver)
    title, _, body = text.partition("。")
    task = ImportedTask(
        number=number, title=title.strip(), body=body.strip(), text=text, units_text=clause,
        lead=units.lead, assist=units.assist, groups=units.groups, units=units.units,
        unresolved=units.unresolved, targets=find_targets(text, matcher))
    return task, named, carry
