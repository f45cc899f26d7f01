"""Layout: titles and years, sections, 「1.」「1．」「（1）」 numbering, page-break artefacts rejoined."""

from __future__ import annotations

from annual_report.plan_import import parse_plan
from tests.plan.conftest import plan_text


def test_page_breaks_page_numbers_and_running_headers() -> None:
    plan = parse_plan(plan_text("pagebreak.txt"))
    assert plan.title == "示例市法治政府建设2025年工作要点" and plan.year == 2025
    assert plan.preamble.startswith("示例市法治政府建设2025年工作以")
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4", "5"]
    assert [t.title for t in plan.tasks] == [
        "加快政府职能转变", "深化“放管服”改革", "加强执法队伍建设", "推进政务公开", "加强府院联动"]
    assert [t.section for t in plan.tasks] == ["一", "一", "一", "二", "二"]
    assert plan.task("1").body == "坚持法定职责必须为、法无授权不可为，及时调整完善部门权责清单。"  # type: ignore[union-attr]
    assert "推行证明事项告知承诺制，" in plan.task("2").body  # type: ignore[union-attr]
    assert "- 2 -" not in plan.task("2").text  # type: ignore[union-attr]
    assert plan.task("5").body.endswith("不按期反馈的单位和个人。")  # type: ignore[union-attr]
    assert "工作要点" not in plan.task("4").text  # the running header repeated on a page is dropped
    assert plan.stray_lines == ["附件：名词解释"]


def test_targets_survive_a_page_break() -> None:
    plan = parse_plan(plan_text("pagebreak.txt"))
    assert [(t.metric, t.op, t.value) for t in plan.task("3").targets] == [  # type: ignore[union-attr]
        ("enf.training_sessions", ">=", 1)]
    assert [(t.metric, t.op, t.value) for t in plan.task("4").targets] == [  # type: ignore[union-attr]
        ("open.answer_rate", ">=", 100)]


def test_sub_items_are_numbered_under_their_task() -> None:
    plan = parse_plan(plan_text("subitems.txt"))
    assert plan.title == "示例县2025年法治政府建设工作安排"
    assert [t.number for t in plan.tasks] == ["1", "1(1)", "1(2)", "1(3)", "2", "2(1)", "2(2)"]
    assert [t.parent for t in plan.tasks] == [None, "1", "1", "1", None, "2", "2"]
    assert plan.task("1(3)").title == "建立行政执法监督员制度"  # type: ignore[union-attr]
    # a sub-item without its own 责任单位 takes its task's; one with its own keeps it
    assert [t.lead for t in plan.tasks[:4]] == ["县司法局", "县司法局", "县公安局", "县司法局"]
    assert plan.task("1(2)").targets[0].model_dump() == {  # type: ignore[union-attr]
        "phrase": "执法人员集中培训不少于2期", "metric": "enf.training_sessions", "op": ">=", "value": 2.0,
        "unit": "期"}


def test_numbered_items_without_tasks_above_are_tasks() -> None:
    plan = parse_plan("示例市2025年工作要点\n一、依法决策\n（1）编制决策目录。公开目录。\n（2）落实审查。全面审查。\n"
                      "二、严格执法\n（3）推行三项制度。公示执法信息。")
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        ("1", "一", "编制决策目录"), ("2", "一", "落实审查"), ("3", "二", "推行三项制度")]


def test_subsections_and_numbering_restarting_per_section() -> None:
    plan = parse_plan("示例市2025年工作要点\n一、依法决策\n（一）决策程序\n1、编制决策目录。公开目录。\n"
                      "2）落实审查。全面审查。\n（二）决策执行\n1．跟踪反馈。建立制度。\n二、严格执法\n1. 推行三项制度。")
    assert [(s.number, s.title) for s in plan.sections] == [
        ("一", "依法决策"), ("一(一)", "决策程序"), ("一(二)", "决策执行"), ("二", "严格执法")]
    assert [(t.number, t.section) for t in plan.tasks] == [("1", "一(一)"), ("2", "一(一)"), ("1", "一(二)"),
                                                            ("1", "二")]


def test_a_number_carried_over_a_page_break_is_not_a_new_task() -> None:
    plan = parse_plan("1. 开展评查。每年至少组织\n\n12. 次专项评查，形成报告。\n\n2. 加强培训。组织培训。")
    assert [t.number for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[0].body == "每年至少组织12.次专项评查，形成报告。"


def test_unit_clause_on_its_own_line_joins_the_task() -> None:
    plan = parse_plan("1. 开展评查。每年开展案卷评查。\n\n（责任单位：市司法局、市公安局）\n\n2. 加强培训。组织培训。")
    assert (plan.tasks[0].lead, plan.tasks[0].assist) == ("市司法局", ["市公安局"])
    assert plan.tasks[0].text == "开展评查。每年开展案卷评查。"


def test_plan_attached_to_a_notice_with_its_own_items() -> None:
    text = ("示例市人民政府办公室关于印发示例市2025年法治政府建设工作要点的通知\n各乡镇人民政府，市政府各部门：\n"
            "现将要点印发给你们，请认真贯彻落实。\n一、提高思想认识。各单位要高度重视。\n二、按时报送情况。\n"
            "附件\n示例市2025年法治政府建设工作要点\n一、加强党的领导\n1. 落实第一责任人职责。组织年终述法。\n"
            "2. 健全督察制度。开展督察。\n附件：重点任务分工表")
    plan = parse_plan(text)
    assert plan.title == "示例市2025年法治政府建设工作要点"
    assert [(s.number, s.title) for s in plan.sections] == [("一", "加强党的领导")]
    assert [(t.number, t.title) for t in plan.tasks] == [("1", "落实第一责任人职责"), ("2", "健全督察制度")]
    assert "提高思想认识" in plan.preamble
    assert plan.stray_lines == ["附件：重点任务分工表"]


def test_plans_numbered_only_with_chinese_sub_numbers() -> None:
    restarting = parse_plan("示例市2025年工作要点\n一、依法决策\n（一）编制决策目录。公开目录。\n（二）落实审查。全面审查。\n"
                            "二、严格执法\n（一）推行三项制度。公示执法信息。（责任单位：市司法局）")
    assert [(t.number, t.section, t.title) for t in restarting.tasks] == [
        ("一(一)", "一", "编制决策目录"), ("一(二)", "一", "落实审查"), ("二(一)", "二", "推行三项制度")]
    assert restarting.tasks[2].lead == "市司法局"
    running_on = parse_plan("一、依法决策\n（一）编制决策目录。\n二、严格执法\n（二）推行三项制度。\n（三）规范执法。")
    assert [(t.number, t.section) for t in running_on.tasks] == [("1", "一"), ("2", "二"), ("3", "二")]


def test_closing_text_after_a_task_closed_by_its_units_belongs_to_no_task() -> None:
    text = ("示例市2024年法治政府建设工作要点\n一、加强领导\n"
            "1．落实述法。开展年终述法。（责任单位：市司法局）\n"
            "2．推进普法。组织宪法宣传周活动。\n全年开展主题活动不少于10场。\n"
            "3．加强监督。自觉接受人大监督。（牵头单位：市政府办；配合单位：市司法局）\n"
            "各单位要对照本要点，细化工作措施，按时报送落实情况。\n")
    plan = parse_plan(text)
    assert plan.task("2").text.endswith("全年开展主题活动不少于10场。")  # type: ignore[union-attr]
    assert plan.task("3").units_text == "牵头单位：市政府办；配合单位：市司法局"  # type: ignore[union-attr]
    assert plan.stray_lines == ["各单位要对照本要点，细化工作措施，按时报送落实情况。"]
