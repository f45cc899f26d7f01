"""Readers: every format and every kind of broken file ends as records or findings, never an exception."""

from __future__ import annotations

import io
import json
import zipfile

from openpyxl import Workbook

from annual_report.config.workspace import load_workspace
from annual_report.intake import read_file
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace

WIDE_CSV = "单位,行政诉讼一审审结,lit.lost\n测试市公安局,10,1\n东镇,4,0\n"


def _read(root, name):
    ws = load_workspace(root)
    return read_file(root / "submissions" / name, ws)


def test_utf8_wide_csv_gives_one_statistics_record_per_unit(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"lit.csv": WIDE_CSV})
    intake = _read(root, "lit.csv")
    assert intake.findings == []
    assert [(r.data["unit"], r.data["metrics"]) for r in intake.records] == [
        ("测试市公安局", {"lit.first_instance_closed": "10", "lit.lost": "1"}),
        ("东镇", {"lit.first_instance_closed": "4", "lit.lost": "0"}),
    ]
    assert intake.records[0].where("metrics.lit.lost") == "第2行 C列"


def test_gbk_csv_is_decoded_like_utf8(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"lit.csv": WIDE_CSV.encode("gbk")})
    intake = _read(root, "lit.csv")
    assert intake.findings == []
    assert intake.records[0].data["unit"] == "测试市公安局"


def test_utf8_bom_and_semicolons_are_accepted(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"lit.csv": ("\ufeff" + WIDE_CSV.replace(",", ";")).encode("utf-8")})
    assert _read(root, "lit.csv").records[1].data["metrics"]["lit.lost"] == "0"


def test_undecodable_bytes_are_rejected_with_a_fix(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"lit.csv": b"unit,lit.lost\n\xff\xfe\x80,1\n"})
    (finding,) = _read(root, "lit.csv").findings
    assert finding.rule == "encoding"
    assert "CSV UTF-8" in finding.message


def test_two_column_csv_names_its_unit_in_a_row(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"dz.csv": "单位,东镇\n指标,数值\n受理矛盾纠纷,30\nmed.resolved,28\n"})
    (record,) = _read(root, "dz.csv").records
    assert record.data == {"unit": "东镇", "metrics": {"med.accepted": "30", "med.resolved": "28"}}
    assert record.kind == "statistics"
    assert record.where("metrics.med.resolved") == "第4行 B列"


def test_two_column_csv_without_unit_row_takes_the_file_name(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"dz.csv": "med.accepted,30\n"})
    assert _read(root, "dz.csv").records[0].data["unit"] == "dz"


def test_unknown_csv_column_is_reported_not_dropped(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"lit.csv": "单位,行政诉讼败诉,备注\n东镇,0,无\n"})
    (finding,) = _read(root, "lit.csv").findings
    assert (finding.rule, finding.location) == ("unknown_metric", "第1行 C列")
    assert "备注" in finding.message


def test_xlsx_sheet_is_read_with_sheet_row_and_column(make_workspace: MakeWorkspace) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "行政诉讼"
    for row in (["单位", "行政诉讼一审审结", "行政诉讼败诉"], ["东镇", 4, 0]):
        sheet.append(row)
    extra = book.create_sheet("说明")
    extra.append(["填表人", "张三"])
    buf = io.BytesIO()
    book.save(buf)
    root = make_workspace({"lit.xlsx": buf.getvalue()})
    intake = _read(root, "lit.xlsx")
    assert intake.records[0].data["metrics"] == {"lit.first_instance_closed": "4", "lit.lost": "0"}
    assert intake.records[0].where("metrics.lit.lost") == "工作表「行政诉讼」第2行 C列"
    assert [f.rule for f in intake.findings] == ["unknown_metric", "not_a_submission"]


def test_corrupt_xlsx_is_an_error_finding(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"bad.xlsx": b"PK\x03\x04 this is not really a workbook"})
    (finding,) = _read(root, "bad.xlsx").findings
    assert finding.rule == "unreadable"
    assert "损坏" in finding.message


def test_zip_that_is_not_a_workbook_is_unreadable(make_workspace: MakeWorkspace) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    root = make_workspace({"bad.xlsx": buf.getvalue()})
    assert [f.rule for f in _read(root, "bad.xlsx").findings] == ["unreadable"]


def test_yaml_that_is_not_a_submission(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"notice.yaml": "- 关于召开会议的通知\n- 请各单位参加\n",
                           "text.yaml": "关于报送年度报告的通知\n  请各单位\x0b按时报送。\n"})
    assert [f.rule for f in _read(root, "notice.yaml").findings] == ["not_a_submission"]
    assert [f.rule for f in _read(root, "text.yaml").findings] == ["control_chars", "not_a_submission"]


def test_other_file_types_are_reported(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"readme.txt": "hello"})
    (finding,) = _read(root, "readme.txt").findings
    assert finding.rule == "unsupported_format"
    assert ".txt" in finding.message


def test_yaml_syntax_error_gives_line_and_column(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.yaml": "unit: gaj\nyear: 2024\nmetrics: {lit.lost: 1\n"})
    (finding,) = _read(root, "gaj.yaml").findings
    assert finding.rule == "syntax"
    assert finding.location.startswith("第")


def test_json_submission_and_json_syntax_error(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"good.json": json.dumps(GOOD_SUBMISSION), "bad.json": '{"unit": "gaj",'})
    assert _read(root, "good.json").records[0].data["unit"] == "gaj"
    (finding,) = _read(root, "bad.json").findings
    assert finding.rule == "syntax"
    assert "JSON" in finding.message


def test_oversize_file_is_rejected_before_reading(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"big.yaml": "unit: gaj\n" + "#" * 3000}, config={"limits": {"max_file_mb": 0.001}})
    (finding,) = _read(root, "big.yaml").findings
    assert finding.rule == "oversize"
    assert "超过上限" in finding.message


def test_empty_and_temporary_files_are_reported(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"empty.yaml": "  \n", "~$lit.xlsx": b"lock"})
    assert [f.rule for f in _read(root, "empty.yaml").findings] == ["empty_file"]
    assert [f.rule for f in _read(root, "~$lit.xlsx").findings] == ["ignored_file"]


def test_a_metric_given_twice_keeps_the_first_and_says_so(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"lit.csv": "单位,lit.lost,行政诉讼败诉\n东镇,1,2\n",
                           "dz.csv": "单位,东镇\nlit.lost,1\n行政诉讼败诉,2\n"})
    wide = _read(root, "lit.csv")
    assert wide.records[0].data["metrics"] == {"lit.lost": "1"}
    assert [(f.rule, f.location) for f in wide.findings] == [("duplicate_metric", "第1行 C列")]
    long = _read(root, "dz.csv")
    assert long.records[0].data["metrics"] == {"lit.lost": "1"}
    assert [(f.rule, f.location) for f in long.findings] == [("duplicate_metric", "第3行 A列")]


def test_data_under_no_header_is_reported(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"lit.csv": "单位,lit.lost\n东镇,1,7\n"})
    (finding,) = _read(root, "lit.csv").findings
    assert (finding.rule, finding.location) == ("unheaded_column", "第1行 C列")


def test_a_reader_that_fails_unexpectedly_costs_only_its_file(make_workspace: MakeWorkspace, monkeypatch) -> None:
    """The safety net for bugs not yet found: one file's failure is an error for that file and its unit."""
    from annual_report.intake import readers
    from tests.conftest import validated

    def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setitem(readers.READERS, ".csv", broken)
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION, "dz.csv": "单位,东镇\nlit.lost,1\n"})
    report = validated(root)[2]
    (finding,) = [f for f in report.findings if f.file == "submissions/dz.csv"]
    assert (finding.rule, finding.unit, finding.severity.value) == ("unreadable", "dz", "error")
    assert "RuntimeError" in finding.message and report.units["gaj"].figures_valid
