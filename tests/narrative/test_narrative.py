"""Narrative: ordinals, sentence endings, near-duplicate merging that keeps every source unit."""

from __future__ import annotations

import pytest

from annual_report.narrative import as_sentence, build_narrative, merge_items
from annual_report.submission import NarrativeItem
from annual_report.wording.numbers import chinese_number, ordinal
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace, validated


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"),
     (100, "一百"), (101, "一百零一"), (110, "一百一十"), (119, "一百一十九"), (230, "二百三十")],
)
def test_chinese_numbers(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


def test_ordinals_run_from_one_to_eleven() -> None:
    assert [ordinal(i) for i in range(1, 12)] == [
        "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是", "十一是"]


@pytest.mark.parametrize(("text", "expected"), [("开展培训", "开展培训。"), ("开展培训。", "开展培训。"),
                                                ("是否达标？", "是否达标？"), (" 甲；", "甲；")])
def test_sentences_end_in_full_width_punctuation(text: str, expected: str) -> None:
    assert as_sentence(text) == expected


def item(text: str, *tasks: str) -> NarrativeItem:
    return NarrativeItem(text=text, tasks=list(tasks))


def test_near_duplicates_merge_and_keep_all_units() -> None:
    merged = merge_items([
        ("a", item("组织全体执法人员开展集中培训，提升执法能力", "18")),
        ("b", item("组织执法人员开展集中培训，提升执法能力。", "21")),
        ("c", item("完成规范性文件清理工作")),
    ])
    assert [m.units for m in merged] == [["a", "b"], ["c"]]
    assert merged[0].text == "组织全体执法人员开展集中培训，提升执法能力"  # the longer wording stays
    assert merged[0].tasks == ["18", "21"]


def test_different_items_are_not_merged() -> None:
    merged = merge_items([("a", item("主要负责人带头述法")), ("b", item("开展行政复议案件评查"))])
    assert len(merged) == 2


def test_same_unit_repeating_itself_is_listed_once() -> None:
    merged = merge_items([("a", item("开展普法宣传")), ("a", item("开展普法宣传。"))])
    assert [m.units for m in merged] == [["a"]]


def test_build_narrative_groups_by_topic_in_registry_order(make_workspace: MakeWorkspace) -> None:
    files = {
        "dz.yaml": {**GOOD_SUBMISSION, "unit": "dz", "achievements": [
            {"text": "化解矛盾纠纷。", "topic": "functions"}, {"text": "无专题的条目。"}]},
        "gaj.yaml": GOOD_SUBMISSION,
    }
    ws, _, report = validated(make_workspace(files))
    narrative = build_narrative(ws.config, report.submissions)
    assert [m.text for m in narrative.topics["functions"]] == ["化解矛盾纠纷。"]
    # items without a topic go to the last topic; registry order puts gaj before dz
    assert [(m.units, m.text) for m in narrative.topics["enforcement"]] == [
        (["gaj"], "组织执法人员集中培训。"), (["dz"], "无专题的条目。")]
    assert list(narrative.sections) == ["problems", "next_year"]
    assert narrative.sections["problems"][0].units == ["gaj", "dz"]
