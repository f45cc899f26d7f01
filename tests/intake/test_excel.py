"""Excel as offices use it: hidden sheets, merged titles, two-row headers, formulas without values."""

from __future__ import annotations

from openpyxl import Workbook

from annual_report.findings import Severity
from annual_report.validation import UnitStatus
from tests.conftest import MakeWorkspace
from tests.intake.messy import LIT_FIGURES, LIT_HEADER, LIT_ROWS, metrics, rules, run
from tests.intake.workbooks import workbook


def test_a_hidden_draft_sheet_never_feeds_the_totals(make_workspace: MakeWorkspace) -> None:
    data = workbook(("统计", [["单位", "法治专题讲座"], ["东镇", 62]]),
                    ("草稿（作废）", [["单位", "法治专题讲座"], ["东镇", 80]]), states={"草稿（作废）": "hidden"})
    _, report, totals = run(make_workspace, {"lead.xlsx": data})
    assert totals.total("lead.lectures") == 62
    assert rules(report) == [("hidden_sheet", "dz", "")]
    finding = next(f for f in report.findings if f.rule == "hidden_sheet")
    assert finding.severity is Severity.WARNING and "「草稿（作废）」未读取" in finding.message
    assert "conflict" not in {f.rule for f in report.findings}


def test_a_very_hidden_sheet_is_an_error_and_adds_nothing(make_workspace: MakeWorkspace) -> None:
    data = workbook(("普法", [["单位", "普法受众"], ["东镇", 3600]]), ("x", [["单位", "普法受众"], ["东镇", 999_999]]),
                    states={"x": "veryHidden"})
    gaj = "unit: gaj\nyear: 2024\nmetrics: {普法受众: 500}\nachievements: [甲]\nproblems: [乙]\nnext_year: [丙]\n"
    _, report, totals = run(make_workspace, {"pufa.xlsx": data, "gaj.yaml": gaj})
    assert totals.total("pufa.people_reached") == 500  # 东镇's file is held back until the office looks at it
    finding = next(f for f in report.findings if f.rule == "very_hidden_sheet")
    assert (finding.unit, finding.severity) == ("dz", Severity.ERROR) and "「x」" in finding.message
    assert report.units["dz"].status is UnitStatus.ERROR


def _two_level(book: Workbook) -> None:
    sheet = book["行政诉讼"]
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:E2")


def test_a_merged_title_and_a_two_row_header_are_understood(make_workspace: MakeWorkspace) -> None:
    rows = [["测试市2024年行政诉讼情况统计表"], ["单位", "行政诉讼"], [None, *LIT_HEADER], *LIT_ROWS]
    _, report, totals = run(make_workspace, {"lit.xlsx": workbook(("行政诉讼", rows), edit=_two_level)})
    assert rules(report) == []
    assert metrics(report, *LIT_FIGURES) == LIT_FIGURES
    assert totals.total("lit.first_instance_closed") == 37
    assert report.units["zjj"].findings == [f for f in report.units["zjj"].findings if f.rule == "no_narrative"]


def test_the_same_table_as_csv_with_the_group_above_or_below_the_unit_row(make_workspace: MakeWorkspace) -> None:
    body = "\n".join(",".join(map(str, r)) for r in LIT_ROWS)
    below = f"测试市2024年行政诉讼情况统计表,,,,\n单位,行政诉讼,,,\n,{','.join(LIT_HEADER)}\n{body}\n"
    above = f",行政诉讼,,,\n单位,{','.join(LIT_HEADER)}\n{body}\n"
    for text in (below, above):
        _, report, _ = run(make_workspace, {"lit.csv": text})
        assert rules(report) == [] and metrics(report, *LIT_FIGURES) == LIT_FIGURES


def test_a_header_nothing_can_be_read_from_is_refused_not_half_read(make_workspace: MakeWorkspace) -> None:
    text = "单位,甲类,乙类\n市公安局,14,1\n"
    _, report, _ = run(make_workspace, {"lit.csv": text})
    assert ("not_a_submission", "", "") in rules(report)
    assert report.units["gaj"].status is UnitStatus.MISSING  # not 有警告 with its figures silently gone


def test_merged_cells_among_the_data_are_an_error_on_that_row(make_workspace: MakeWorkspace) -> None:
    def merge_data(book: Workbook) -> None:
        book["统计"].merge_cells("B3:C3")

    rows = [["单位", "行政诉讼一审审结", "行政诉讼败诉"], ["市公安局", 14, 1], ["市住建局", 11, None]]
    _, report, totals = run(make_workspace, {"lit.xlsx": workbook(("统计", rows), edit=merge_data)})
    assert rules(report) == [("merged_cells", "zjj", "第3行 B列")]
    assert any("B3:C3" in f.message for f in report.findings if f.rule == "merged_cells")
    assert totals.total("lit.first_instance_closed") == 14


def test_a_formula_without_a_value_keeps_its_unit_out_of_the_rate(make_workspace: MakeWorkspace) -> None:
    """openpyxl writes formulas without cached values, as generators and unsaved files do."""
    rows = [["单位", "受理矛盾纠纷", "成功化解矛盾纠纷"], ["东镇", 100, 97], ["南镇", 150, 145], ["西镇", 250, "=B4-5"]]
    _, report, totals = run(make_workspace, {"med.xlsx": workbook(("统计", rows))})
    assert rules(report) == [("formula_no_value", "xz", "第4行 C列")]
    finding = next(f for f in report.findings if f.rule == "formula_no_value")
    assert finding.severity is Severity.WARNING and "=B4-5" in finding.message
    rate = totals.rate("med.success_rate")
    assert (rate.numerator, rate.denominator, round(rate.value, 1)) == (242, 250, 96.8)  # not 242/500
    assert totals.total("med.accepted") == 500  # 西镇's own count still stands
    assert "missing_metric" not in {f.rule for f in report.findings}
