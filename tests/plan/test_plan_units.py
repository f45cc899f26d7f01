"""Responsible units: trailing 责任单位, 牵头/配合 in either bracket and colon width, bracketed names, 下同,
groups of the registry, a unit named twice, names the registry lacks."""

from __future__ import annotations

import pytest

from annual_report.config.workspace import ReportConfig
from annual_report.plan_import import ImportedPlan, parse_plan
from tests.plan.conftest import DEPARTMENTS, TOWNSHIPS, plan_text


@pytest.fixture(scope="module")
def units_plan(registry: ReportConfig) -> ImportedPlan:
    return parse_plan(plan_text("units.txt"), registry=registry)


@pytest.fixture(scope="module")
def carry_plan(registry: ReportConfig) -> ImportedPlan:
    return parse_plan(plan_text("carry.txt"), registry=registry)


def _roles(plan: ImportedPlan, number: str) -> tuple[str | None, list[str], list[str]]:
    task = plan.task(number)
    assert task is not None
    return task.lead, task.assist, task.units


def test_trailing_responsible_units_first_named_leads(units_plan: ImportedPlan) -> None:
    assert [t.number for t in units_plan.tasks] == ["1", "2", "3", "4", "5", "6"]
    assert _roles(units_plan, "1") == ("sfj", ["zfb", "czj"], ["sfj", "zfb", "czj"])
    task = units_plan.task("1")
    assert task is not None
    assert task.title == "落实第一责任人职责" and task.body == "组织党政主要负责人年终述法。"
    assert task.units_text == "责任单位：市司法局、市政府办、市财政局"
    assert "责任单位" not in task.text


def test_lead_and_assist_half_width_brackets_and_bracketed_name(units_plan: ImportedPlan) -> None:
    # (牵头单位:市委依法治市办(市司法局);配合单位:市政府办、市公安局) with 「2．」 full-width point
    assert _roles(units_plan, "2") == ("sfj", ["zfb", "gaj"], ["sfj", "zfb", "gaj"])
    assert units_plan.task("2").title == "健全法治督察制度"  # type: ignore[union-attr]


def test_departments_group_expands_to_department_kinds(units_plan: ImportedPlan) -> None:
    lead, assist, units = _roles(units_plan, "3")
    assert (lead, assist) == ("sfj", [])
    assert units == DEPARTMENTS  # the lead first, 市司法局 once although 各部门 includes it
    [group] = units_plan.task("3").groups  # type: ignore[union-attr]
    assert (group.name, group.role, group.kinds) == ("各部门", "assist", ["dept_enf", "dept_other"])


def test_township_group_named_first_leads_as_a_group(units_plan: ImportedPlan) -> None:
    lead, assist, units = _roles(units_plan, "4")
    assert lead is None and assist == ["sfj", "zhzfj"]
    assert units == [*TOWNSHIPS, "sfj", "zhzfj"]
    [group] = units_plan.task("4").groups  # type: ignore[union-attr]
    assert (group.name, group.role, group.kinds, group.units) == ("各乡镇（街道）", "lead", ["township"], TOWNSHIPS)


def test_a_unit_named_twice_counts_once(units_plan: ImportedPlan) -> None:
    assert _roles(units_plan, "5") == ("sfj", ["xfj"], ["sfj", "xfj"])
    lead, assist, units = _roles(units_plan, "6")
    assert lead == "scjgj" and units == ["scjgj", "gaj"]
    assert assist == ["gaj", "市星河管委会"]  # kept by name, listed for the office to map


def test_unknown_names_are_listed(units_plan: ImportedPlan) -> None:
    assert units_plan.unresolved_units == ["市星河管委会"]
    assert units_plan.task("6").unresolved == ["市星河管委会"]  # type: ignore[union-attr]


def test_without_registry_names_stay_names() -> None:
    plan = parse_plan(plan_text("units.txt"))
    assert _roles(plan, "2") == ("市委依法治市办(市司法局)", ["市政府办", "市公安局"],
                                 ["市委依法治市办(市司法局)", "市政府办", "市公安局"])
    assert _roles(plan, "3")[2] == ["市委依法治市办（市司法局）", "各部门"]
    assert [g.name for g in plan.task("4").groups] == ["各乡镇（街道）"]  # type: ignore[union-attr]
    assert plan.task("4").groups[0].units == []  # type: ignore[union-attr]
    assert _roles(plan, "5") == ("市司法局", ["市信访局"], ["市司法局", "市信访局"])
    assert plan.unresolved_units == []


def test_section_heading_units_apply_to_its_tasks(carry_plan: ImportedPlan) -> None:
    assert [(s.number, s.title) for s in carry_plan.sections] == [("一", "健全依法决策机制"), ("二", "严格规范公正文明执法")]
    assert _roles(carry_plan, "1") == ("zfb", [], ["zfb"])
    assert _roles(carry_plan, "2") == ("sfj", [], ["sfj"])


def test_xiatong_carries_the_units_to_the_tasks_below(carry_plan: ImportedPlan) -> None:
    for number in ("3", "4"):
        lead, assist, units = _roles(carry_plan, number)
        assert lead == "sfj" and assist == [] and units == DEPARTMENTS
        assert [g.name for g in carry_plan.task(number).groups] == ["各部门"]  # type: ignore[union-attr]
    assert carry_plan.task("4").units_text == ""  # type: ignore[union-attr]


def test_xiatong_inside_a_name_is_dropped(carry_plan: ImportedPlan) -> None:
    lead, assist, units = _roles(carry_plan, "5")
    assert lead is None and assist == ["sfj"] and units == [*TOWNSHIPS, "sfj"]
    assert [g.name for g in carry_plan.task("5").groups] == ["各乡镇人民政府（街道办事处）"]  # type: ignore[union-attr]
    assert _roles(carry_plan, "6") == (None, [], TOWNSHIPS)
    assert carry_plan.unresolved_units == []


def test_mapping_resolves_names_and_groups(registry: ReportConfig) -> None:
    text = ("一、执法\n1. 开展联合检查。（牵头单位：市星河管委会；配合单位：各开发园区、市公安局）\n"
            "2. 开展专项整治。（责任单位：各开发园区）")
    plain = parse_plan(text, registry=registry)
    assert plain.unresolved_units == ["市星河管委会", "各开发园区"]
    mapped = parse_plan(text, registry=registry, mapping={"市星河管委会": "kfq", "各开发园区": "kind:dept_enf"})
    assert mapped.unresolved_units == []
    assert _roles(mapped, "1") == ("kfq", ["gaj"], ["kfq", "sfj", "gaj", "scjgj", "zhzfj"])
    assert _roles(mapped, "2") == (None, [], ["sfj", "gaj", "scjgj", "zhzfj"])
    # a mapped id the registry does not have leaves the name unresolved
    wrong = parse_plan(text, registry=registry, mapping={"市星河管委会": "nope"})
    assert "市星河管委会" in wrong.unresolved_units


@pytest.mark.parametrize(("clause", "lead", "assist"), [
    ("（市司法局牵头，市公安局、市财政局配合）", "sfj", ["gaj", "czj"]),
    ("(责任单位:市公安局、市司法局(牵头))", "sfj", ["gaj"]),
    ("。牵头单位：市财政局；配合单位：市政府办", "czj", ["zfb"]),
    ("（牵头单位：示例市司法局、市公安局；配合单位：司法局）", "sfj", ["gaj"]),
])
def test_clause_forms(registry: ReportConfig, clause: str, lead: str, assist: list[str]) -> None:
    plan = parse_plan(f"1. 开展执法监督。加强检查{clause}", registry=registry)
    task = plan.tasks[0]
    assert (task.lead, task.assist) == (lead, assist)
    assert task.text in ("开展执法监督。加强检查", "开展执法监督。加强检查。")
