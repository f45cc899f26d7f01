"""A unit's Word report read as Word shows it with every tracked change accepted — in paragraphs and in table
cells — with a finding that it still has changes; value cells merged over rows an error as in Excel; counts in
Chinese numerals read, or quoted. The documents carry w:ins, w:del, w:moveFrom, w:moveTo and w:vMerge in their
XML, as Word writes them."""

from __future__ import annotations

from pathlib import Path

from annual_report import pipeline
from annual_report.config.workspace import load_workspace
from annual_report.findings import Severity
from annual_report.intake import read_file
from annual_report.intake.records import RawRecord
from annual_report.validation import UnitResult, UnitStatus
from tests.conftest import MakeWorkspace
from tests.intake.word_docs import revised, revised_docx

TITLE = revised("测试市公安局2024年度法治政府建设情况报告")
HEAD = [TITLE, revised("一、主要举措和成效")]
TAIL = [revised("二、存在的不足和原因"), revised("基层执法人员流动较快。"), revised("三、下一年度工作安排"),
        revised("继续开展案卷评查。"), revised("测试市公安局"), revised("2025年2月20日")]


def _record(make_workspace: MakeWorkspace, raw: bytes) -> tuple[Path, RawRecord]:
    root = make_workspace({"公安局报告.docx": raw})
    intake = read_file(root / "submissions" / "公安局报告.docx", load_workspace(root))
    (record,) = intake.records
    return root, record


def _unit(root: Path) -> UnitResult:
    return pipeline.check(root, pipeline.Runner()).report.units["gaj"]


def test_tracked_changes_in_table_cells_are_read_accepted(make_workspace: MakeWorkspace) -> None:
    """A cell 「12」 with 「5」 inserted was read as 12; 「11」 deleted and 「13」 inserted as empty."""
    table = [[revised("指标"), revised("数值")],
             [revised("行政诉讼一审审结"), revised("12", ("ins", "5"))],
             [revised("行政诉讼败诉"), revised(("del", "11"), ("ins", "13"))],
             [revised("法治专题讲座"), revised(("ins", "4"))],
             [revised("案卷评查"), revised(("del", "9"))]]
    root, record = _record(make_workspace, revised_docx([*HEAD, revised("开展执法培训。"), table, *TAIL]))
    assert record.data["metrics"] == {"lit.first_instance_closed": "125", "lit.lost": "13", "lead.lectures": "4"}
    (changes,) = [f for f in record.findings if f.rule == "tracked_changes"]
    assert changes.severity is Severity.WARNING and "插入3处、删除2处" in changes.message
    assert "接受全部修订" in changes.message
    assert _unit(root).counted == {"lit.first_instance_closed": 125, "lit.lost": 13, "lead.lectures": 4}


def test_moved_text_is_read_once_where_it_was_moved_to(make_workspace: MakeWorkspace) -> None:
    """Word's move keeps the old text as w:moveFrom: both 「排查7次」 and 「排查9次」 were printed."""
    first = revised("一是组织矛盾纠纷排查", ("moveFrom", "7次，覆盖全部村社区。"), "二是开展调解培训。")
    second = revised("三是建立台账", ("moveTo", "，排查9次，覆盖全部村社区。"))
    root, record = _record(make_workspace, revised_docx([*HEAD, first, second, *TAIL]))
    texts = [item["text"] for item in record.data["achievements"]]
    assert "".join(texts).count("覆盖全部村社区") == 1 and "7次" not in "".join(texts)
    assert any("排查9次" in t for t in texts)
    (changes,) = [f for f in record.findings if f.rule == "tracked_changes"]
    assert "移走1处、移入1处" in changes.message
    assert _unit(root).submission is not None


def test_a_row_deleted_as_a_tracked_change_is_not_read(make_workspace: MakeWorkspace) -> None:
    table = [[revised("行政诉讼一审审结"), revised("12")], [revised("行政诉讼败诉"), revised(("del", "30"))]]
    _, record = _record(make_workspace, revised_docx([*HEAD, revised("开展执法培训。"), table, *TAIL],
                                                     deleted_rows=[(0, 1)]))
    assert record.data["metrics"] == {"lit.first_instance_closed": "12"}


def test_a_value_cell_merged_over_two_rows_is_an_error_for_those_rows(make_workspace: MakeWorkspace) -> None:
    """The merged 「11」 gave its number to both rows, with no finding (unlike Excel)."""
    table = [[revised("指标"), revised("数值")],
             [revised("行政诉讼一审审结"), revised("14")],
             [revised("行政诉讼开庭审理"), revised("11")],
             [revised("行政机关负责人出庭应诉"), revised("")],
             [revised("法治专题讲座"), revised("4")]]
    root, record = _record(make_workspace, revised_docx([*HEAD, revised("开展执法培训。"), table, *TAIL],
                                                       merged=[(0, 1, 2, 3)]))
    merged = [(f.rule, f.location, f.metric, f.severity) for f in record.findings if f.rule == "merged_cells"]
    assert merged == [("merged_cells", "表1第3行", "lit.hearings", Severity.ERROR),
                      ("merged_cells", "表1第4行", "lit.head_appearances", Severity.ERROR)]
    assert "合并" in next(f.message for f in record.findings if f.rule == "merged_cells")
    unit = _unit(root)
    assert unit.status is UnitStatus.ERROR
    assert unit.counted == {"lit.first_instance_closed": 14, "lead.lectures": 4}  # the other rows count


def test_chinese_numerals_in_a_table_are_read_or_quoted(make_workspace: MakeWorkspace) -> None:
    """「十二」 was reported only as 「缺少……请填 0」."""
    table = [[revised("指标"), revised("数值")],
             [revised("行政诉讼一审审结"), revised("十二")],
             [revised("法治专题讲座"), revised("一百零五次")],
             [revised("行政诉讼败诉"), revised("十几")]]
    root, record = _record(make_workspace, revised_docx([*HEAD, revised("开展执法培训。"), table, *TAIL]))
    read = [(f.rule, f.location, f.severity) for f in record.findings if f.rule == "chinese_numeral"]
    assert read == [("chinese_numeral", "表1第2行", Severity.INFO), ("chinese_numeral", "表1第3行", Severity.INFO)]
    assert "写作「十二」，已按 12 读取" in next(f.message for f in record.findings if f.rule == "chinese_numeral")
    unit = _unit(root)
    assert unit.counted == {"lit.first_instance_closed": 12, "lead.lectures": 105}
    (quoted,) = [f for f in unit.findings if f.rule == "non_numeric"]
    assert quoted.location == "表1第4行" and "「十几」" in quoted.message
    assert not [f for f in unit.findings if f.rule == "missing_metric" and f.metric == "lit.lost"]


def test_a_document_without_changes_has_no_finding_about_them(make_workspace: MakeWorkspace) -> None:
    _, record = _record(make_workspace, revised_docx([*HEAD, revised("开展执法培训。"), *TAIL]))
    assert "tracked_changes" not in {f.rule for f in record.findings}
