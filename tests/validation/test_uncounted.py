"""Nothing a unit sends is silently uncounted: qualified values keep their qualifier, a role the unit does not
have is a warning saying where the figure is counted instead, figures outside the catalogue are kept apart,
and combined counts add up from their parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from annual_report.findings import Severity
from annual_report.statistics import compute_statistics
from annual_report.validation import ValidationReport
from annual_report.wording import Figures, sentences_for_group
from annual_report.wording.other_figures import other_figure_rows, other_figures_table
from tests.conftest import SMALL_CONFIG, MakeWorkspace, validated
from tests.validation.test_rules import only, rules, run, submission

ZJJ = {"id": "zjj", "name": "测试市住房和城乡建设局", "short": "市住建局", "kind": "dept"}
WITH_ZJJ = {"units": [*SMALL_CONFIG["units"], ZJJ]}
BASE = {"lit.first_instance_closed": 10, "lit.lost": 1}


def figures_of(root: Path) -> Figures:
    ws, plan, report = validated(root)
    return Figures(compute_statistics(ws, report, plan))


@pytest.mark.parametrize(("written", "count", "qualifier"), [
    ("90余", 90, "余"), ("约90", 90, "约"), ("90以上", 90, "以上"), ("不足90", 90, "不足"), ("1,370余", 1370, "余"),
    ("９０余", 90, "余"), (90, 90, ""),
])
def test_a_qualifier_is_kept_with_its_count(make_workspace: MakeWorkspace, written: object, count: int,
                                            qualifier: str) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(metrics=BASE | {"pufa.events": written})})
    assert rules(report) == []
    sub = report.units["gaj"].submission
    assert sub.metrics["pufa.events"] == count
    assert sub.qualifiers.get("pufa.events", "") == qualifier


@pytest.mark.parametrize("written", ["90多", "30左右", "约0", "0余", "约 90", "余90", "90余以上", "约2.5"])
def test_other_approximate_forms_are_refused(make_workspace: MakeWorkspace, written: str) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(metrics=BASE | {"pufa.events": written})})
    finding = only(report, "non_numeric")
    assert finding.location == "metrics.pufa.events" and f"「{written}」" in finding.message
    assert "约30" in finding.message  # says how an approximate number is written


def test_qualified_parts_give_a_qualified_total_in_prose(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({
        "gaj.yaml": submission(metrics=BASE | {"pufa.events": "90余", "open.items_published": "13700余"}),
        "sfj.yaml": submission(unit="sfj", metrics=BASE | {"pufa.events": 10, "pufa.people_reached": "约157700"}),
        "dz.yaml": submission(unit="dz", metrics={"med.accepted": "不足40", "med.resolved": 30}),
    })
    figures = figures_of(root)
    assert figures.display("pufa.events") == "100余场"  # 90余 + 10
    assert figures.display("open.items_published") == "1.37万余条"
    assert figures.display("pufa.people_reached") == "约15.77万人次"
    assert figures.display("med.accepted") == "不足40件"
    assert figures.display("med.success_rate") == "约75%"  # from a qualified count
    assert figures.number("pufa.events") == "100余"
    assert figures.stats.qualifier("lit.lost") == ""


def test_a_department_without_the_authority_role_gets_a_warning_for_its_recon_figures(
        make_workspace: MakeWorkspace) -> None:
    """The issue's case: 市住建局 sends 审结300件, 纠错40件 but is not the 复议机关."""
    zjj = submission(unit="zjj", metrics=BASE | {"recon.closed": 300, "recon.corrected": 40})
    root = make_workspace({"zjj.yaml": zjj}, WITH_ZJJ)
    report = validated(root)[2]
    found = [f for f in report.findings if f.rule == "role_not_counted"]
    assert [(f.unit, f.metric, f.location, f.severity) for f in found] == [
        ("zjj", "recon.closed", "metrics.recon.closed", Severity.WARNING),
        ("zjj", "recon.corrected", "metrics.recon.corrected", Severity.WARNING)]
    assert found[0].message.startswith("市住建局报送的「行政复议审结」300件未计入合计：该指标只计作为复议机关报送的单位"
                                       "（市司法局），市住建局不是复议机关")
    assert "「被申请行政复议」" in found[0].message  # where a respondent's figure belongs
    assert figures_of(root).stats.total("recon.closed") is None  # and indeed not counted


def test_the_role_holder_is_not_warned(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"sfj.yaml": submission(unit="sfj", metrics=BASE | {"recon.closed": 30})})
    assert "role_not_counted" not in rules(report)


def other_figures_report(make_workspace: MakeWorkspace, figures: list[object],
                         config: dict | None = None) -> ValidationReport:
    return run(make_workspace, {"gaj.yaml": submission(metrics=BASE, other_figures=figures)}, config)


def test_figures_outside_the_catalogue_are_kept_apart_and_never_summed(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.yaml": submission(metrics=BASE, other_figures=[
        {"name": "参与重大决策咨询", "unit": "件", "value": 428},
        {"name": "执法办案管理中心", "unit": "个", "value": "3余"}])})
    ws, plan, report = validated(root)
    assert rules(report) == []
    stats = compute_statistics(ws, report, plan)
    assert stats.other_figures[["unit", "name", "measure", "value", "qualifier", "location"]].values.tolist() == [
        ["gaj", "参与重大决策咨询", "件", 428, "", "other_figures[0]"],
        ["gaj", "执法办案管理中心", "个", 3, "余", "other_figures[1]"]]
    assert 428 not in stats.totals["value"].dropna().tolist()
    assert other_figure_rows(stats) == [["市公安局", "参与重大决策咨询", "428件", "submissions/gaj.yaml other_figures[0]"],
                                        ["市公安局", "执法办案管理中心", "3余个", "submissions/gaj.yaml other_figures[1]"]]


def test_an_other_figure_named_like_a_metric_counts_as_that_metric(make_workspace: MakeWorkspace) -> None:
    report = other_figures_report(make_workspace, [{"name": "法律援助案件", "unit": "件", "value": 12},
                                                   {"name": "行政诉讼败诉", "value": 2}])
    sub = report.units["gaj"].submission
    assert sub.metrics["aid.cases"] == 12 and sub.other_figures == []
    assert only(report, "duplicate_metric").location == "other_figures[1]"  # lit.lost was given under metrics
    assert sub.metrics["lit.lost"] == 1


def test_the_office_maps_an_other_figure_to_a_metric(make_workspace: MakeWorkspace) -> None:
    config = {"figure_map": {"参与行政诉讼": "lit.cases_involved"}}
    report = other_figures_report(make_workspace, [{"name": "参与 行政诉讼", "unit": "件", "value": "278"}], config)
    assert rules(report) == [] and report.units["gaj"].submission.metrics["lit.cases_involved"] == 278


@pytest.mark.parametrize(("entry", "location", "words"), [
    ({"name": "法律援助案件", "unit": "次", "value": 12}, "other_figures[0].unit", "计量单位写的是「次」"),
    ({"name": "执法车辆", "unit": "辆", "value": "很多"}, "other_figures[0].value", "「很多」不是数字"),
    ({"unit": "辆", "value": 3}, "other_figures[0].name", "没有名称"),
    ("执法车辆3辆", "other_figures[0]", "{name: 名称, unit: 计量单位, value: 数值}"),
    ({"name": "出庭应诉率", "value": 90}, "other_figures[0]", "是比率"),
])
def test_a_bad_other_figure_is_a_warning_that_loses_only_itself(make_workspace: MakeWorkspace, entry: object,
                                                                location: str, words: str) -> None:
    report = other_figures_report(make_workspace, [entry])
    finding = only(report, "bad_other_figure")
    assert finding.severity is Severity.WARNING and finding.location == location and words in finding.message
    assert report.units["gaj"].figures_valid and report.units["gaj"].submission.metrics == BASE


def test_other_figures_must_be_a_list(make_workspace: MakeWorkspace) -> None:
    report = other_figures_report(make_workspace, {"name": "x"})  # type: ignore[arg-type]
    assert only(report, "bad_type").location == "other_figures"


def test_a_combined_count_adds_up_from_the_parts_a_unit_gave(make_workspace: MakeWorkspace) -> None:
    config = {"kinds": {**SMALL_CONFIG["kinds"], "dept": {"name": "部门", "required": ["jud.received"]}}}
    root = make_workspace({
        "gaj.yaml": submission(metrics={"jud.judicial_received": 2, "jud.procuratorial_received": 5}),
        "sfj.yaml": submission(unit="sfj", metrics={"jud.received": 4}),
    }, config)
    ws, plan, report = validated(root)
    assert "missing_metric" not in rules(report)  # the parts stand for the required combined count
    figures = Figures(compute_statistics(ws, report, plan))
    assert figures.stats.total("jud.received") == 11 and figures.stats.units_counted("jud.received") == 2
    assert figures.partial("jud.judicial_received")  # 市司法局 gave only the combined figure
    assert sentences_for_group(figures, "jud") == ["全市收到司法建议和检察建议11件。"]


def test_parts_that_add_up_are_listed_in_prose(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.yaml": submission(metrics=BASE | {
        "proposal.npc_handled": 45, "proposal.cppcc_handled": 112, "proposal.npc_closed": 45,
        "proposal.cppcc_closed": 112})})
    assert sentences_for_group(figures_of(root), "proposal") == [
        "全市承办人大代表建议和政协委员提案157件（人大代表建议45件、政协委员提案112件），办结157件，办结率100%。"]


def test_a_combined_count_that_disagrees_with_its_parts_is_an_error(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(metrics=BASE | {
        "jud.received": 6, "jud.judicial_received": 2, "jud.procuratorial_received": 5})})
    finding = only(report, "jud.received_is_parts")
    assert finding.severity is Severity.ERROR and "（6）应等于" in finding.message and "（7）" in finding.message


def test_no_table_of_other_figures_when_there_are_none(make_workspace: MakeWorkspace) -> None:
    stats = figures_of(make_workspace({"gaj.yaml": submission(metrics=BASE)})).stats
    assert other_figure_rows(stats) == [] and other_figures_table(stats) is None
