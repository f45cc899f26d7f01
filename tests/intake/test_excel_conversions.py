"""What Excel makes of typing, and tables as clerks really make them: a count that Excel turned into a date, a
time or a percentage; tables of two years; a number split over two cells of a CSV; a 序号 column.

Workbooks are written by openpyxl with the number formats Excel itself writes for such typing (「1-2」 in a
General cell becomes 45293 formatted 「m月d日」 in a Chinese Excel, 「1:30」 becomes 0.0625 in 「h:mm」, 「95%」
becomes 0.95 in 「0%」)."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook

from annual_report.findings import Severity
from annual_report.validation import UnitStatus
from tests.conftest import MakeWorkspace
from tests.intake.messy import rules, run
from tests.intake.workbooks import workbook

MEDIATION = ["单位", "矛盾纠纷排查", "受理矛盾纠纷", "成功化解矛盾纠纷"]


def formatted(**formats: str) -> Callable[[Workbook], None]:
    """Give cells (by reference) the number formats Excel writes."""
    def edit(book: Workbook) -> None:
        sheet = book.worksheets[0]
        for ref, code in formats.items():
            sheet[ref].number_format = code
    return edit


def test_a_count_excel_turned_into_a_date_is_an_error_for_that_figure_only(make_workspace: MakeWorkspace) -> None:
    """「1-2」 typed for 排查 became 2 January 2024 (45293); the old reading counted 45293 into the total."""
    rows = [MEDIATION, ["东镇", 45293, 100, 97], ["南镇", 245, 150, 145]]
    for code in ("m月d日", "yyyy/m/d", "yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "mm-dd-yy"):
        _, report, totals = run(make_workspace, {"med.xlsx": workbook(("统计", rows), edit=formatted(B2=code))})
        assert rules(report) == [("date_in_count", "dz", "第2行 B列")], code
        finding = next(f for f in report.findings if f.rule == "date_in_count")
        assert finding.severity is Severity.ERROR and finding.metric == "med.screenings"
        assert "「矛盾纠纷排查」" in finding.message and "2024年1月2日" in finding.message
        assert "45293" in finding.message and "「1-2」或「1/2」" in finding.message
        assert totals.total("med.screenings") == 245  # not 45538
        assert totals.total("med.accepted") == 250  # 东镇's other figures count
        assert report.units["dz"].status is UnitStatus.ERROR


def test_a_count_in_a_time_or_percent_cell_is_named_as_excel_shows_it(make_workspace: MakeWorkspace) -> None:
    rows = [MEDIATION, ["东镇", 0.0625, 1, 97], ["南镇", 12, 150, 145]]
    data = workbook(("统计", rows), edit=formatted(B2="h:mm", C2="0%", B3="[$-F400]h:mm:ss AM/PM"))
    _, report, totals = run(make_workspace, {"med.xlsx": data})
    found = {(f.rule, f.location): f.message for f in report.findings if f.severity is Severity.ERROR}
    assert set(found) == {("date_in_count", "第2行 B列"), ("rate_in_count", "第2行 C列"),
                          ("date_in_count", "第3行 B列")}
    assert "时间「1:30」" in found[("date_in_count", "第2行 B列")]
    assert "百分比" in found[("rate_in_count", "第2行 C列")] and "「100%」" in found[("rate_in_count", "第2行 C列")]
    assert totals.total("med.screenings") is None or totals.total("med.screenings") == 0
    assert totals.total("med.resolved") == 242
    rate = totals.rate("med.success_rate")
    assert (rate.numerator, rate.denominator) == (145, 150)  # 东镇 has no readable 受理 left: out of the rate


def test_a_two_year_table_is_read_from_the_report_year(make_workspace: MakeWorkspace) -> None:
    """指标, 2023年, 2024年: the 2024 column, not the first one (讲座 62, not 60)."""
    text = "单位,东镇\n指标,2023年,2024年\n法治专题讲座,60,62\n矛盾纠纷排查,240,247\n"
    rows = [["单位", "南镇"], ["指标", "2023年", "2024年"], ["法治专题讲座", 40, 45]]
    _, report, totals = run(make_workspace, {"dz.csv": text, "nz.xlsx": workbook(("统计", rows))})
    assert report.units["dz"].submission.metrics == {"lead.lectures": 62, "med.screenings": 247}
    assert report.units["nz"].submission.metrics == {"lead.lectures": 45}
    assert totals.total("lead.lectures") == 107
    other = [f for f in report.findings if f.rule == "other_year_column"]
    assert [(f.file, f.location, f.severity) for f in other] == [
        ("submissions/dz.csv", "第2行 B列", Severity.INFO), ("submissions/nz.xlsx", "第2行 B列", Severity.INFO)]
    assert "2023年" in other[0].message and "history/" in other[0].message


def test_a_wide_table_of_two_years_takes_the_report_years_columns(make_workspace: MakeWorkspace) -> None:
    text = ("单位,2023年,,2024年,\n,法治专题讲座,矛盾纠纷排查,法治专题讲座,矛盾纠纷排查\n"
            "东镇,60,240,62,247\n南镇,40,100,45,120\n")
    _, report, totals = run(make_workspace, {"towns.csv": text})
    assert totals.total("lead.lectures") == 107 and totals.total("med.screenings") == 367
    assert "duplicate_metric" not in {f.rule for f in report.findings}
    assert len([f for f in report.findings if f.rule == "other_year_column"]) == 2


def test_a_table_without_the_report_year_is_refused_whole(make_workspace: MakeWorkspace) -> None:
    _, report, totals = run(make_workspace, {"dz.csv": "单位,东镇\n指标,2022年,2023年\n法治专题讲座,50,60\n"})
    assert ("wrong_year", "", "") in rules(report) or ("wrong_year", "dz", "") in rules(report)
    assert totals.total("lead.lectures") is None or totals.total("lead.lectures") == 0


def test_a_number_split_by_an_unquoted_comma_is_an_error_naming_the_row(make_workspace: MakeWorkspace) -> None:
    """A hand-typed 「受理矛盾纠纷,1,234」 was read as 1 and the 「234」 ignored."""
    text = "单位,东镇\n受理矛盾纠纷,1,234\n成功化解矛盾纠纷,1200\n法治专题讲座,12\n"
    _, report, _ = run(make_workspace, {"dz.csv": text})
    (finding,) = [f for f in report.findings if f.rule == "split_number"]
    assert (finding.unit, finding.location, finding.metric) == ("dz", "第2行 A列", "med.accepted")
    assert "第2行" in finding.message and "「1」「234」" in finding.message and finding.severity is Severity.ERROR
    assert report.units["dz"].counted == {"med.resolved": 1200, "lead.lectures": 12}


def test_a_split_number_in_a_wide_csv_holds_back_the_row_it_shifted(make_workspace: MakeWorkspace) -> None:
    text = "单位,矛盾纠纷排查,受理矛盾纠纷,成功化解矛盾纠纷\n东镇,24,1,234,1200\n南镇,30,150,145\n"
    _, report, totals = run(make_workspace, {"towns.csv": text})
    (finding,) = [f for f in report.findings if f.rule == "split_number"]
    assert (finding.unit, finding.location) == ("dz", "第2行 A列") and "「1」「234」" in finding.message
    assert totals.total("med.accepted") == 150  # neither 1 nor 234 for 东镇
    assert totals.total("med.resolved") == 145  # nor 234, shifted one column on
    assert "unheaded_column" not in {f.rule for f in report.findings}


def test_data_past_the_header_that_is_no_split_number_stays_a_warning(make_workspace: MakeWorkspace) -> None:
    _, report, totals = run(make_workspace, {"towns.csv": "单位,法治专题讲座\n东镇,1,7\n"})
    assert rules(report) == [("unheaded_column", "", "第1行 C列")]
    assert totals.total("lead.lectures") == 1


def test_a_sequence_column_before_the_unit_column(make_workspace: MakeWorkspace) -> None:
    text = "测试市2024年统计表,,,\n序号,单位,法治专题讲座,矛盾纠纷排查\n1,东镇,12,24\n2,南镇,8,30\n"
    rows = [["序号", "单位", "法治专题讲座"], [1, "东镇", 12], [2, "西镇", 5]]
    _, report, totals = run(make_workspace, {"towns.csv": text, "more.xlsx": workbook(("统计", rows))})
    assert rules(report) == []
    assert totals.total("lead.lectures") == 25 and totals.total("med.screenings") == 54
    _, report, _ = run(make_workspace, {"towns.csv": "序号,单位,法治专题讲座\n1,东镇,十二\n"})
    assert [(f.rule, f.location) for f in report.findings if f.rule == "non_numeric"] == [("non_numeric", "第2行 C列")]
    _, report, totals = run(make_workspace, {"dz.csv": "序号,指标,数值\n1,法治专题讲座,12\n2,矛盾纠纷排查,24\n"})
    assert rules(report) == [] and totals.total("med.screenings") == 24


def test_a_date_saved_as_text_where_a_count_belongs_says_what_excel_did(make_workspace: MakeWorkspace) -> None:
    """Saved as CSV, the date Excel made of 「1-2」 arrives as the text it showed."""
    text = "单位,矛盾纠纷排查,法治专题讲座\n东镇,1月2日,12\n南镇,2024/1/3,8\n"
    _, report, totals = run(make_workspace, {"towns.csv": text})
    found = [(f.unit, f.location) for f in report.findings if f.rule == "date_in_count"]
    assert found == [("dz", "第2行 B列"), ("nz", "第3行 B列")]
    assert "日期「1月2日」" in next(f.message for f in report.findings if f.rule == "date_in_count")
    assert totals.total("lead.lectures") == 20
