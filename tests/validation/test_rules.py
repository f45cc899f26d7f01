"""Each validation rule, with a case that triggers it and one that does not."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
import yaml

from annual_report.config.catalogue import load_catalogue
from annual_report.findings import Finding, Severity
from annual_report.validation import UnitStatus, ValidationReport
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace, validated


def run(make_workspace: MakeWorkspace, files: dict[str, object], config: dict | None = None,
        plan: dict | None = None) -> ValidationReport:
    root = make_workspace(files, config)
    if plan is not None:
        (root / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return validated(root)[2]


def submission(**changes: object) -> dict:
    data = copy.deepcopy(GOOD_SUBMISSION)
    data.update(changes)
    return data


def with_metrics(**metrics: object) -> dict:
    return submission(metrics={k.replace("__", "."): v for k, v in metrics.items()})


def rules(report: ValidationReport, exclude: tuple[str, ...] = ("missing_submission",)) -> list[str]:
    return [f.rule for f in report.findings if f.rule not in exclude]


def only(report: ValidationReport, rule: str) -> Finding:
    (finding,) = [f for f in report.findings if f.rule == rule]
    return finding


def test_a_clean_submission_has_no_findings(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission()})
    assert rules(report) == []
    assert report.units["gaj"].status is UnitStatus.SUBMITTED
    assert report.units["gaj"].submission.metrics == {"lit.first_instance_closed": 10, "lit.lost": 1}


def test_units_without_files_are_missing_not_errors(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission()})
    assert report.units["dz"].status is UnitStatus.MISSING
    finding = next(f for f in report.findings if f.rule == "missing_submission" and f.unit == "dz")
    assert finding.severity is Severity.WARNING
    assert not report.has_errors


@pytest.mark.parametrize(("unit", "rule"), [(None, "missing_unit"), ("财政局", "unknown_unit")])
def test_unit_must_be_in_the_registry(make_workspace: MakeWorkspace, unit: str | None, rule: str) -> None:
    report = run(make_workspace, {"x.yaml": submission(unit=unit)})
    finding = only(report, rule)
    assert (finding.file, finding.location, finding.severity) == ("submissions/x.yaml", "unit", Severity.ERROR)


def test_unit_may_be_named_by_full_or_short_name(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"a.yaml": submission(unit="测试市公安局")})
    assert report.units["gaj"].status is UnitStatus.SUBMITTED


@pytest.mark.parametrize(("year", "rule"), [(2023, "wrong_year"), (None, "missing_year"), ("二〇二四", "wrong_year")])
def test_year_must_be_the_report_year(make_workspace: MakeWorkspace, year: object, rule: str) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(year=year)})
    assert only(report, rule).severity is Severity.ERROR
    assert report.units["gaj"].submission is None  # nothing from another year is used


def test_year_written_as_text_with_suffix_is_accepted(make_workspace: MakeWorkspace) -> None:
    assert rules(run(make_workspace, {"gaj.yaml": submission(year="2024年")})) == []


@pytest.mark.parametrize(
    ("value", "rule"),
    [("30左右", "non_numeric"), (True, "non_numeric"), (-3, "negative"), ("2.5", "fractional"), (None, "empty_value")],
)
def test_counts_must_be_whole_non_negative_numbers(make_workspace: MakeWorkspace, value: object, rule: str) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=10, lit__lost=value)})
    finding = only(report, rule)
    assert finding.location == "metrics.lit.lost"
    assert "行政诉讼败诉" in finding.message
    assert "lit.lost" not in report.units["gaj"].submission.metrics


@pytest.mark.parametrize("value", ["３", 3.0, " 3 ", "　3"])
def test_counts_written_loosely_are_accepted(make_workspace: MakeWorkspace, value: object) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=10, lit__lost=value)})
    assert rules(report) == []
    assert report.units["gaj"].submission.metrics["lit.lost"] == 3


@pytest.mark.parametrize(("text", "count"), [("1,234", 1234), ("1，234", 1234), ("１２３４", 1234), ("12,345,678", 12345678)])
def test_thousands_separators_in_their_places_are_read(make_workspace: MakeWorkspace, text: str, count: int) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=text, lit__lost=0)})
    assert rules(report) == []
    assert report.units["gaj"].submission.metrics["lit.first_instance_closed"] == count


@pytest.mark.parametrize(("written", "rule"), [
    ("010", "non_numeric"), ("1:30", "non_numeric"), ("0x1F", "non_numeric"), ("1_0", "non_numeric"),
    ("1e3", "non_numeric"), ('"5 6"', "non_numeric"), ('"1,2,3"', "non_numeric"), ('"1.000"', "fractional"),
    ('"3.0"', "fractional"), ("12,34", "non_numeric"),
])
def test_numbers_that_yaml_or_people_would_misread_are_refused(make_workspace: MakeWorkspace, written: str,
                                                               rule: str) -> None:
    """YAML 1.1 would read 010 as 8, 1:30 as 90, 0x1F as 31, 1_0 as 10; the grammar refuses each, quoting it."""
    text = (f"unit: gaj\nyear: 2024\nmetrics:\n  lit.first_instance_closed: 10\n  lit.lost: {written}\n"
            "achievements: [甲]\nproblems: [乙]\nnext_year: [丙]\n")
    report = run(make_workspace, {"gaj.yaml": text})
    finding = only(report, rule)
    assert finding.location == "metrics.lit.lost" and written.strip('"') in finding.message
    assert "lit.lost" not in report.units["gaj"].submission.metrics


def test_a_key_given_twice_in_yaml_is_an_error_with_its_line(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": "unit: gaj\nyear: 2024\nmetrics:\n  lit.lost: 1\n  lit.lost: 2\n"})
    finding = only(report, "syntax")
    assert finding.location == "第5行 第3列" and "lit.lost" in finding.message


def test_an_error_excludes_the_figure_it_concerns(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=10, lit__lost=-1)})
    assert report.units["gaj"].status is UnitStatus.ERROR
    assert report.units["gaj"].rejected == {"lit.lost"}
    assert report.units["gaj"].counted == {"lit.first_instance_closed": 10}


def test_a_violated_rule_excludes_both_of_its_figures(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=2, lit__lost=3, aid__cases=4)})
    assert only(report, "lit.lost_le_closed").severity is Severity.ERROR
    assert report.units["gaj"].rejected == {"lit.lost", "lit.first_instance_closed"}
    assert report.units["gaj"].counted == {"aid.cases": 4}


def test_a_warning_keeps_the_units_figures(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=10, lit__lost=1, foo=3)})
    assert only(report, "unknown_metric").severity is Severity.WARNING
    assert report.units["gaj"].status is UnitStatus.WARNING
    assert "gaj" in report.valid_units


def test_a_rate_is_never_typed_in(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=10, lit__lost=1,
                                                           lit__loss_rate=10)})
    assert "行政诉讼败诉÷行政诉讼一审审结" in only(report, "rate_submitted").message
    assert "lit.loss_rate" not in report.units["gaj"].submission.metrics


@pytest.mark.parametrize("rule", load_catalogue().rules, ids=lambda r: r.id)
def test_every_cross_field_rule_fails_and_passes(make_workspace: MakeWorkspace, rule) -> None:
    """Right-hand terms 3 each; the left side's first term makes the sums unequal (fails) or equal (passes)."""
    right = 3 * len(rule.right_terms)

    def values(left: int) -> dict[str, int]:
        return dict.fromkeys(rule.left_terms, 0) | {rule.left_terms[0]: left} | dict.fromkeys(rule.right_terms, 3)

    base = {"lit.first_instance_closed": 10, "lit.lost": 1}
    bad = run(make_workspace, {"gaj.yaml": submission(metrics=base | values(right + 2))})
    finding = only(bad, rule.id)
    assert finding.severity is rule.severity
    assert finding.location == f"metrics.{rule.left_terms[0]}"
    assert f"（{right + 2}）" in finding.message and f"（{right}）" in finding.message
    good = run(make_workspace, {"gaj.yaml": submission(metrics=base | values(right))})
    assert rule.id not in rules(good)


def test_rule_is_skipped_when_a_side_is_missing(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=1, lit__lost=0,
                                                           med__resolved=9)})
    assert "med.resolved_le_accepted" not in rules(report)


def test_required_metric_for_the_kind(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=10)})
    finding = only(report, "missing_metric")
    assert finding.location == "metrics.lit.lost"
    assert "有执法权的政府部门必须填报" in finding.message
    town = run(make_workspace, {"dz.yaml": submission(unit="dz", metrics={})})
    assert "missing_metric" not in rules(town)


def test_a_metric_given_but_invalid_is_not_also_missing(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=10, lit__lost="x")})
    assert rules(report) == ["non_numeric"]


@pytest.mark.parametrize("section", ["achievements", "problems", "next_year"])
def test_empty_narrative_sections(make_workspace: MakeWorkspace, section: str) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(**{section: []})})
    assert only(report, "empty_section").location == section


def test_five_part_form_needs_responsibility(make_workspace: MakeWorkspace) -> None:
    outline = {"form": "five_part", "topics": [{"key": "enforcement", "heading": "执法"}]}
    report = run(make_workspace, {"gaj.yaml": submission()}, config={"outline": outline})
    assert only(report, "empty_section").location == "responsibility"
    good = run(make_workspace, {"gaj.yaml": submission(responsibility=["主要负责人带头述法。"])},
               config={"outline": outline})
    assert rules(good) == []


def test_unknown_topic_is_kept_with_a_warning(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(achievements=[{"text": "甲", "topic": "nosuch"}])})
    assert only(report, "unknown_topic").location == "achievements[0].topic"
    assert report.units["gaj"].submission.achievements[0].text == "甲"


def test_task_numbers_are_checked_against_the_plan(make_workspace: MakeWorkspace) -> None:
    plan = {"title": "2024年工作要点", "tasks": [{"number": "1", "text": "坚持党的领导", "units": ["gaj"]}]}
    items = [{"text": "甲", "tasks": [1, 7]}]
    report = run(make_workspace, {"gaj.yaml": submission(achievements=items)}, plan=plan)
    assert "第7项" in only(report, "unknown_task").message
    good = run(make_workspace, {"gaj.yaml": submission(achievements=[{"text": "甲", "tasks": [1]}])}, plan=plan)
    assert rules(good) == []


def test_control_characters_are_removed_with_a_warning(make_workspace: MakeWorkspace) -> None:
    text = json.dumps(submission(achievements=[{"text": "\x0b第一\f段\u0000落\x1f"}]))
    report = run(make_workspace, {"gaj.json": text})
    finding = only(report, "control_chars")
    assert all(code in finding.message for code in ("U+000B", "U+000C", "U+0000", "U+001F"))
    assert report.units["gaj"].submission.achievements[0].text == "第一段落"


def test_template_code_is_kept_literally_with_a_warning(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(achievements=["共{{ 7*7 }}次{% if x %}"])})
    assert only(report, "template_text").severity is Severity.WARNING
    assert report.units["gaj"].submission.achievements[0].text == "共{{ 7*7 }}次{% if x %}"
    assert "template_text" not in rules(run(make_workspace, {"gaj.yaml": submission(achievements=["共{7}次"])}))


def test_unknown_keys_are_reported(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(achivements=["拼错了"])})
    assert only(report, "unknown_key").location == "achivements"


def test_duplicates_keep_the_newest_by_submitted_at(make_workspace: MakeWorkspace) -> None:
    old = submission(submitted_at="2025-02-01T09:00:00", metrics={"lit.first_instance_closed": 1, "lit.lost": 0})
    new = submission(submitted_at="2025-02-10T09:00:00")
    report = run(make_workspace, {"a-new.yaml": new, "b-old.yaml": old})
    finding = only(report, "duplicate")
    assert finding.file == "submissions/b-old.yaml"
    assert "a-new.yaml" in finding.message
    assert report.units["gaj"].submission.metrics["lit.first_instance_closed"] == 10


def test_duplicates_without_submitted_at_use_file_time(make_workspace: MakeWorkspace) -> None:
    first = submission(submitted_at=None, metrics={"lit.first_instance_closed": 1, "lit.lost": 0})
    second = submission(submitted_at=None)
    root = make_workspace({"first.yaml": first, "second.yaml": second})
    os.utime(root / "submissions" / "first.yaml", (2_000_000_000, 2_000_000_000))
    os.utime(root / "submissions" / "second.yaml", (1_900_000_000, 1_900_000_000))
    report = validated(root)[2]
    assert only(report, "duplicate").file == "submissions/second.yaml"
    assert report.units["gaj"].submission.metrics["lit.first_instance_closed"] == 1


def test_statistics_tables_merge_into_the_submission(make_workspace: MakeWorkspace) -> None:
    table = "单位,行政机关负责人出庭应诉,行政诉讼开庭审理\n市公安局,4,5\n"
    report = run(make_workspace, {"gaj.yaml": submission(), "lit.csv": table})
    assert rules(report) == []
    assert report.units["gaj"].submission.metrics == {
        "lit.first_instance_closed": 10, "lit.lost": 1, "lit.head_appearances": 4, "lit.hearings": 5}
    assert report.units["gaj"].files == ["submissions/gaj.yaml", "submissions/lit.csv"]


def test_conflicting_values_across_files_are_reported(make_workspace: MakeWorkspace) -> None:
    table = "单位,行政诉讼败诉\n市公安局,2\n"
    root = make_workspace({"gaj.yaml": submission(), "lit.csv": table})
    os.utime(root / "submissions" / "lit.csv", (2_000_000_000, 2_000_000_000))
    report = validated(root)[2]
    finding = only(report, "conflict")
    assert (finding.file, finding.location) == ("submissions/lit.csv", "第2行 B列")
    assert "1" in finding.message and "2" in finding.message


def test_a_unit_with_only_figures_is_asked_for_its_narrative(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"lit.csv": "单位,行政诉讼败诉\n东镇,0\n"})
    assert only(report, "no_narrative").unit == "dz"
    assert report.units["dz"].figures_valid


def test_bad_submitted_at_falls_back_with_a_warning(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(submitted_at="二月底")})
    assert only(report, "bad_date").severity is Severity.WARNING


def test_one_bad_file_does_not_stop_the_others(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(), "dz.yaml": b"\x00\x01\xff garbage",
                                  "broken.xlsx": b"not a zip"})
    assert report.units["gaj"].status is UnitStatus.SUBMITTED
    assert {"unreadable"} <= set(rules(report))


def test_findings_name_unit_file_and_location(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    report = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=1, lit__lost=4)})
    finding = only(report, "lit.lost_le_closed")
    assert finding.model_dump(mode="json") == {
        "unit": "gaj", "file": "submissions/gaj.yaml", "location": "metrics.lit.lost",
        "rule": "lit.lost_le_closed", "severity": "error",
        "message": "行政诉讼败诉（4）应不大于行政诉讼一审审结（1）；请核对这两个数字",
    }


@pytest.mark.parametrize("value", [10**13, 1e300, "9999999999999", 10**400])
def test_implausibly_large_counts_are_errors_not_crashes(make_workspace: MakeWorkspace, value: object) -> None:
    report = run(make_workspace, {"gaj.json": json.dumps(with_metrics(lit__first_instance_closed=value,
                                                                       lit__lost=0))})
    assert only(report, "too_large").location == "metrics.lit.first_instance_closed"
    good = run(make_workspace, {"gaj.yaml": with_metrics(lit__first_instance_closed=10**9, lit__lost=0)})
    assert "too_large" not in rules(good)


def test_item_text_must_be_text(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(achievements=[{"text": ["甲", "乙"]}])})
    assert only(report, "bad_type").location == "achievements[0].text"
    assert report.units["gaj"].submission.achievements == []


def test_text_of_only_control_characters_is_empty(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.json": json.dumps(submission(achievements=[{"text": "\u001b\f"}]))})
    assert only(report, "empty_text").location == "achievements[0].text"


def test_sections_outside_the_outline_are_reported(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(responsibility=["主要负责人带头述法。"])})
    finding = only(report, "not_in_outline")
    assert finding.location == "responsibility" and "不会写入报告" in finding.message
    assert "not_in_outline" not in rules(run(make_workspace, {"gaj.yaml": submission()}))


def test_a_corrected_resubmission_replaces_a_wrong_year(make_workspace: MakeWorkspace) -> None:
    wrong = submission(year=2023, submitted_at="2025-02-01T09:00:00")
    fixed = submission(submitted_at="2025-02-05T09:00:00")
    report = run(make_workspace, {"gaj.yaml": wrong, "gaj-更正.yaml": fixed})
    assert rules(report) == ["duplicate"]
    assert report.units["gaj"].status is UnitStatus.WARNING and "gaj" in report.valid_units
    # a wrong year sent after the good file is still an error for the office to see
    late_wrong = submission(year=2023, submitted_at="2025-02-09T09:00:00")
    assert "wrong_year" in rules(run(make_workspace, {"gaj.yaml": late_wrong, "gaj-更正.yaml": fixed}))


def test_received_time_is_the_submissions_not_a_later_statistics_file(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.yaml": submission(), "lit.csv": "单位,行政诉讼开庭审理\n市公安局,3\n",
                           "dz.csv": "单位,东镇\nlit.lost,0\n"})
    for name in ("lit.csv", "dz.csv"):
        os.utime(root / "submissions" / name, (2_000_000_000, 2_000_000_000))  # copied long after
    report = validated(root)[2]
    assert report.units["gaj"].received_at.isoformat() == "2025-02-20T10:00:00"
    assert report.units["dz"].received_at.year == 2033  # figures only: the file is all we have


def test_a_unit_whose_only_submission_is_rejected_still_has_a_received_time(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"gaj.yaml": submission(year=2023)})
    assert report.units["gaj"].received_at.isoformat() == "2025-02-20T10:00:00"
    assert report.units["gaj"].status is UnitStatus.ERROR


def test_an_unreadable_file_named_after_a_unit_belongs_to_it(make_workspace: MakeWorkspace) -> None:
    report = run(make_workspace, {"市公安局.xlsx": b"not a workbook", "gaj.csv": b"\xff\xfe\x80\x81"})
    result = report.units["gaj"]
    assert result.status is UnitStatus.ERROR  # not 缺报: it sent something, and it is broken
    assert result.files == ["submissions/gaj.csv", "submissions/市公安局.xlsx"]
    assert {f.unit for f in report.findings if f.rule in {"unreadable", "encoding"}} == {"gaj"}


def test_user_text_quoted_in_a_message_is_made_storable(make_workspace: MakeWorkspace) -> None:
    text = json.dumps(submission(metrics={"lit.first_instance_closed": "2\u0001", "\ud800x": 1}))
    report = run(make_workspace, {"gaj.json": text})
    messages = "".join(f.message + f.location for f in report.findings)
    assert "\u0001" not in messages and "\ud800" not in messages
    json.dumps([f.model_dump(mode="json") for f in report.findings]).encode("utf-8")


def test_nested_values_where_one_value_belongs_are_findings(make_workspace: MakeWorkspace) -> None:
    data = submission(unit=["gaj"], submitted_at={"a": 1}, metrics={"lit.lost": [1, 2]},
                      achievements=[{"text": "甲", "topic": ["x"], "tasks": [["1"]]}])
    report = run(make_workspace, {"gaj.yaml": data})
    assert {f.location for f in report.findings if f.rule == "bad_type"} >= {
        "unit", "achievements[0].topic", "achievements[0].tasks"}
    assert "列表或映射" in only(report, "non_numeric").message


def test_a_yaml_alias_bomb_is_handled_without_expanding_it(make_workspace: MakeWorkspace) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    bomb += "unit: *j\nyear: *j\nmetrics: {lit.lost: *j}\nachievements: [{text: *j, topic: *j, tasks: *j}]\n"
    report = run(make_workspace, {"gaj.yaml": bomb})
    assert rules(report) == ["syntax"]  # refused while reading: 9^10 values once its aliases are expanded
    assert "别名" in only(report, "syntax").message


def test_dates_in_messages_are_written_as_documents_write_them(make_workspace: MakeWorkspace) -> None:
    older = submission(submitted_at="2025-02-20T10:00:00")
    newer = submission(submitted_at="2025-02-24T15:05:00")
    report = run(make_workspace, {"gaj.yaml": older, "gaj-更正.yaml": newer})
    assert "（2025年2月24日 15:05），本文件未采用" in only(report, "duplicate").message
    missing = next(f for f in report.findings if f.rule == "missing_submission")
    assert missing.message.endswith("未报送材料（截止2025年3月1日）")
