"""Encodings, characters and numbers as files really carry them: BOMs, Excel's 「sep=」 line, control and
direction characters, Word line breaks in YAML, deep nesting, numbers YAML or people would misread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annual_report.findings import Severity
from annual_report.pipeline import Runner, build, check
from annual_report.validation import UnitStatus
from tests.conftest import MakeWorkspace
from tests.docx_text import document_text
from tests.intake.messy import LIT_FIGURES, LIT_ROWS, metrics, rules, run

LIT_CSV = "单位,行政诉讼一审审结,行政诉讼败诉,行政诉讼开庭审理,行政机关负责人出庭应诉\n" + "\n".join(",".join(map(str, r)) for r in LIT_ROWS) + "\n"
SUBMISSION = "unit: dz\nyear: 2024\nmetrics:\n  lead.lectures: 3\nachievements:\n  - {text}\nproblems: [乙]\nnext_year: [丙]\n"


@pytest.mark.parametrize("encoded", [
    b"\x84\x31\x95\x33" + LIT_CSV.encode("gb18030"),  # GB18030 with its BOM (WPS)
    b"\xef\xbb\xbf" + LIT_CSV.encode("utf-8"),
    LIT_CSV.replace(",", "\t").encode("utf-16"),  # Excel's 「Unicode 文本」: UTF-16 with BOM, tabs
    LIT_CSV.encode("gbk"),
], ids=["gb18030-bom", "utf8-bom", "utf16-bom", "gbk"])
def test_every_office_encoding_gives_all_three_units(make_workspace: MakeWorkspace, encoded: bytes) -> None:
    _, report, _ = run(make_workspace, {"lit.csv": encoded})
    assert rules(report) == []
    assert metrics(report, *LIT_FIGURES) == LIT_FIGURES


@pytest.mark.parametrize("sep", [",", ";"])
def test_excels_sep_line_names_the_delimiter(make_workspace: MakeWorkspace, sep: str) -> None:
    _, report, _ = run(make_workspace, {"lit.csv": f"sep={sep}\n" + LIT_CSV.replace(",", sep)})
    assert rules(report) == [] and metrics(report, *LIT_FIGURES) == LIT_FIGURES
    assert report.units["gaj"].findings[0].rule == "no_narrative"
    conflict = run(make_workspace, {"lit.csv": "sep=,\n单位,行政诉讼败诉\n市公安局,1,2\n"})[1]
    assert [f.location for f in conflict.findings if f.rule == "unheaded_column"] == ["第2行 C列"]  # the file's lines


def test_control_and_direction_characters_in_a_cell_are_removed_where_they_are(make_workspace: MakeWorkspace) -> None:
    _, report, _ = run(make_workspace, {"lit.csv": "单位,行政诉讼败诉\n市公安\u202e局,1\u200b0\n"})
    assert rules(report) == [("control_chars", "gaj", "第2行 A列"), ("control_chars", "gaj", "第2行 B列")]
    assert "U+202E" in next(f.message for f in report.findings if f.rule == "control_chars")
    assert report.units["gaj"].submission.metrics == {"lit.lost": 10}


def test_a_word_line_break_in_yaml_is_removed_with_its_line_and_column(make_workspace: MakeWorkspace) -> None:
    """Word's line break pastes as \\x0b, which YAML refuses outright."""
    _, report, _ = run(make_workspace, {"dz.yaml": SUBMISSION.format(text="建成\x0b执法中心\u202e。")})
    assert rules(report) == [("control_chars", "dz", "第6行 第7列")]
    finding = next(f for f in report.findings if f.rule == "control_chars")
    assert all(code in finding.message for code in ("U+000B", "U+202E"))
    assert report.units["dz"].status is UnitStatus.WARNING
    assert report.units["dz"].submission.achievements[0].text == "建成执法中心。"


def test_escaped_direction_characters_in_json_are_removed_by_key_path(make_workspace: MakeWorkspace) -> None:
    data = {"unit": "dz", "year": 2024, "achievements": ["甲\u202e乙"], "problems": ["丙"], "next_year": ["丁"]}
    _, report, _ = run(make_workspace, {"dz.json": json.dumps(data)})
    assert rules(report) == [("control_chars", "dz", "achievements[0]")]
    assert report.units["dz"].submission.achievements[0].text == "甲乙"


def test_json_nested_900_levels_is_a_finding_not_a_crash(make_workspace: MakeWorkspace) -> None:
    deep = '{"unit": "dz", "year": 2024, "achievements": ' + "[" * 900 + "]" * 900 + "}"
    root = make_workspace({"dz.json": deep}, config=None)
    checked = check(root, Runner())
    (finding,) = [f for f in checked.report.findings if f.rule == "syntax"]
    assert finding.unit == "dz" and "嵌套层级过深" in finding.message


@pytest.mark.parametrize("nested", ["[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x"])
def test_yaml_nested_100000_levels_is_refused_before_it_is_built(make_workspace: MakeWorkspace, nested: str) -> None:
    """Composing this crashes PyYAML's C loader outright (a segfault, not an exception)."""
    _, report, _ = run(make_workspace, {"dz.yaml": f"unit: dz\nyear: 2024\nmetrics:\n  {nested}\n"})
    assert [(f.rule, f.unit) for f in report.findings if f.rule == "syntax"] == [("syntax", "dz")]


@pytest.mark.parametrize(("written", "rule"), [
    ('"5 6"', "non_numeric"), ('"1,2,3"', "non_numeric"), ('"1.000"', "fractional"), ("1e3", "non_numeric"),
    ("010", "non_numeric"), ("1:30", "non_numeric"), ("0x1F", "non_numeric"), ("1_0", "non_numeric"),
])
def test_numbers_in_a_csv_are_never_misread(make_workspace: MakeWorkspace, written: str, rule: str) -> None:
    """信访按期办结率 stays 97.5%: the unit whose figure cannot be read is left out, with a located error."""
    text = f"单位,受理信访事项,按期办结信访事项\n东镇,40,39\n南镇,40,{written}\n"
    _, report, totals = run(make_workspace, {"petition.csv": text})
    finding = next(f for f in report.findings if f.rule == rule)
    assert (finding.unit, finding.location, finding.severity) == ("nz", "第3行 C列", Severity.ERROR)
    assert written.strip('"') in finding.message
    assert totals.rate("petition.on_time_rate").value == 97.5


def test_a_resubmission_stamped_in_utc_wins_over_an_older_local_one(make_workspace: MakeWorkspace) -> None:
    older = SUBMISSION.format(text="甲").replace("lead.lectures: 3", "lead.lectures: 1") + \
        "submitted_at: 2025-02-20 10:00\n"
    newer = SUBMISSION.format(text="甲") + "submitted_at: 2025-02-20T03:35:00Z\n"  # 11:35 in Asia/Shanghai
    _, report, _ = run(make_workspace, {"a-newer.yaml": newer, "b-older.yaml": older})
    assert rules(report) == [("duplicate", "dz", "")]
    assert report.units["dz"].submission.metrics == {"lead.lectures": 3}
    assert report.units["dz"].received_at.isoformat() == "2025-02-20T11:35:00"


def test_direction_characters_never_reach_the_public_edition(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    text = "unit: gaj\nyear: 2024\nmetrics: {lit.first_instance_closed: 10, lit.lost: 1}\n" \
           "achievements:\n  - {text: \"组织执法人员集中\u202e培训\u2066。\", topic: enforcement}\n" \
           "problems: [执法人员专业能力有待提升。]\nnext_year: [继续开展案卷评查。]\n"
    result = build(make_workspace({"gaj.yaml": text}), tmp_path / "out")
    editions = {name: "\n".join(document_text(result.run_folder / name)) for name in ("report.docx", "report-review.docx")}
    assert "执法人员集中培训" in editions["report-review.docx"]
    assert not any(c in words for words in editions.values() for c in "\u202e\u2066")
