"""The year's 工作要点 checked against the registry and the submissions, and each task's 落实情况."""

from __future__ import annotations

import yaml
from openpyxl import load_workbook

from annual_report import pipeline
from annual_report.findings import Severity
from annual_report.report.coverage import task_coverage
from tests.conftest import MakeWorkspace
from tests.docx_text import document_text
from tests.validation.test_rules import only, rules, run, submission

TASKS = [
    {"number": "1", "text": "坚持会前学法。", "units": ["sfj", "gaj"], "lead": "sfj"},
    {"number": "2", "text": "负责人出庭应诉率达到90%。", "units": ["sfj"],
     "targets": [{"metric": "lit.appearance_rate", "op": ">=", "value": 90}]},
    {"number": "3", "text": "推进执法规范化。", "units": ["gaj", "nosuch"]},
    {"number": "4", "text": "加强法治宣传。"},
]


def plan(**changes: object) -> dict:
    return {"title": "测试市2024年工作要点", "year": 2024, "tasks": TASKS, **changes}


def test_a_plan_for_another_year_is_an_error(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission()}, plan=plan(year=2023))
    finding = only(report, "plan_wrong_year")
    assert finding.severity is Severity.ERROR and finding.file == "plan.yaml"
    assert "2023年" in finding.message and "2024年度" in finding.message
    assert report.has_errors


def test_unknown_and_missing_units_are_named_by_task(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission()}, plan=plan())
    unknown = only(report, "plan_unknown_unit")
    assert unknown.location == "第3项" and "「nosuch」" in unknown.message
    orphan = only(report, "plan_no_unit")
    assert "第4项" in orphan.message and "共1项" in orphan.message
    assert not report.has_errors


def test_a_target_no_responsible_unit_reports_is_flagged(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission()}, plan=plan())
    finding = only(report, "plan_target_unreported")
    assert finding.location == "第2项" and "负责人出庭应诉率" in finding.message and "市司法局" in finding.message
    sfj = submission(unit="sfj", metrics={"lit.first_instance_closed": 10, "lit.lost": 1,
                                          "lit.hearings": 5, "lit.head_appearances": 4})
    reported = run(make_workspace, {"gaj.yaml": submission(), "sfj.yaml": sfj}, plan=plan())
    assert "plan_target_unreported" not in rules(reported)


def test_unresolved_names_from_an_import_point_to_the_mapping_file(make_workspace: MakeWorkspace) -> None:
    tasks = [{"number": "1", "text": "甲。", "units": ["sfj"], "unresolved": ["市大数据中心"]}]
    report = run(make_workspace, {"gaj.yaml": submission()}, plan=plan(tasks=tasks))
    finding = only(report, "plan_unresolved_unit")
    assert "市大数据中心" in finding.message and "plan-mapping.yaml" in finding.message


def test_coverage_names_who_reported_on_each_task(make_workspace: MakeWorkspace) -> None:
    items = [{"text": "组织会前学法。", "tasks": [1]}, {"text": "开展执法案卷评查。", "tasks": [3]}]
    root = make_workspace({"gaj.yaml": submission(achievements=items)})
    (root / "plan.yaml").write_text(yaml.safe_dump(plan(), allow_unicode=True), encoding="utf-8")
    checked = pipeline.check(root, pipeline.Runner())
    figures = pipeline.aggregate(checked.ws, checked.plan, checked.report)
    rows = {c.task.number: c for c in task_coverage(checked.ws.config, checked.plan, checked.report, figures)}
    assert rows["1"].lead == "市司法局" and rows["1"].reported == ["市公安局"] and rows["1"].silent == ["市司法局"]
    assert rows["2"].unreported and rows["2"].targets == ["行政机关负责人出庭应诉率不小于90%：无数据"]
    assert rows["3"].lead == "市公安局" and rows["3"].silent == ["nosuch"]
    assert rows["4"].responsible == [] and rows["4"].unreported


def test_items_without_task_numbers_are_matched_by_wording_and_marked(make_workspace: MakeWorkspace) -> None:
    items = [{"text": "全年组织会前学法12次，坚持会前学法制度化。"},  # no number: matched to 第1项 by wording
             {"text": "开展执法案卷评查，推进执法规范化建设。", "tasks": [3]},
             {"text": "完成办公楼维修改造。"}]  # matches no task
    root = make_workspace({"gaj.yaml": submission(achievements=items),
                           "sfj.yaml": submission(unit="sfj", achievements=[{"text": "加强法治宣传。"}],
                                                  next_year=[{"text": "继续坚持会前学法。"}])})
    (root / "plan.yaml").write_text(yaml.safe_dump(plan(), allow_unicode=True), encoding="utf-8")
    checked = pipeline.check(root, pipeline.Runner())
    figures = pipeline.aggregate(checked.ws, checked.plan, checked.report)
    rows = {c.task.number: c for c in task_coverage(checked.ws.config, checked.plan, checked.report, figures)}
    assert rows["1"].reported == [] and rows["1"].matched == ["市公安局"]  # a plan for next year is no 落实
    assert rows["1"].silent == ["市司法局"] and not rows["1"].unreported
    assert rows["3"].reported == ["市公安局"] and rows["3"].matched == []  # a named task is not matched again
    assert rows["4"].matched == ["市司法局"] and rows["2"].unreported


def test_the_review_edition_and_workbook_show_task_coverage(example_run: pipeline.BuildResult) -> None:
    text = document_text(example_run.run_folder / pipeline.REVIEW)
    opening = next(p for p in text if p.startswith("全部21项任务均有单位报送落实情况"))
    assert opening.endswith("「据文字对应」的单位所报内容未注明任务编号，系按文字与任务名称对应，请核对。")
    assert "据文字对应：市司法局、市民政局、市机关事务局、柳河镇、市公共资源交易中心" in text  # 年终述法, no number
    sheet = load_workbook(example_run.run_folder / "statistics.xlsx")["工作要点落实"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert "学法用法考试不小于5次：6次，达标" in rows["3"][-1]
    assert rows["2"][4] is None and rows["2"][5].startswith("市司法局、市民政局") and rows["2"][6] == "市政府办"
