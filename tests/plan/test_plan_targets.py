"""Stated targets: metric, operator and value where a catalogue metric fits, else kept as text."""

from __future__ import annotations

import pytest

from annual_report.config.catalogue import Catalogue
from annual_report.plan_import import ImportedPlan, parse_plan
from annual_report.plan_import.targets import find_targets
from annual_report.reading.metric_names import MetricMatcher
from tests.plan.conftest import plan_text


@pytest.fixture(scope="module")
def plan(catalogue: Catalogue) -> ImportedPlan:
    return parse_plan(plan_text("targets.txt"), catalogue=catalogue)


def _mapped(plan: ImportedPlan, number: str) -> list[tuple[str | None, str | None, float | None]]:
    return [(t.metric, t.op, t.value) for t in plan.task(number).metric_targets]  # type: ignore[union-attr]


def _texts(plan: ImportedPlan, number: str) -> list[str]:
    return [t.phrase for t in plan.task(number).text_targets]  # type: ignore[union-attr]


def test_rate_reaches(plan: ImportedPlan) -> None:
    assert _mapped(plan, "1") == [("lit.appearance_rate", ">=", 90)]


def test_below_and_within(plan: ImportedPlan) -> None:
    assert _mapped(plan, "2") == [("recon.sued_after_rate", "<", 30), ("recon.sued_after_loss_rate", "<=", 10)]


def test_at_least_times_and_no_fewer_than_sessions(plan: ImportedPlan) -> None:
    assert _mapped(plan, "3") == [("lead.lectures", ">=", 2), ("lead.exam_sessions", ">=", 5)]


def test_periods_or_more_and_rate_not_below(plan: ImportedPlan) -> None:
    assert _mapped(plan, "4") == [("enf.training_sessions", ">=", 3), ("enf.certified_rate", ">=", 95)]
    units = [t.unit for t in plan.task("4").targets]  # type: ignore[union-attr]
    assert units == ["期", "%"]


def test_count_named_in_the_clause_before(plan: ImportedPlan) -> None:
    assert _mapped(plan, "5") == [("enf.case_reviews", ">=", 2)]


def test_full_coverage_maps_to_100_percent_or_stays_text(plan: ImportedPlan) -> None:
    assert _mapped(plan, "6") == [("norm.legality_review_rate", ">=", 100)]
    assert _texts(plan, "6") == ["政府法律顾问全覆盖"]


def test_unmapped_phrases_kept_as_text(plan: ImportedPlan) -> None:
    assert _mapped(plan, "7") == [("pufa.events", ">=", 2)]
    assert _texts(plan, "7") == ["行政机关负责人参加行政复议听证率达到90%以上", "每年发布1次典型案例"]
    heard = plan.task("7").text_targets[0]  # type: ignore[union-attr]
    assert (heard.op, heard.value, heard.unit) == (">=", 90, "%")


@pytest.mark.parametrize(("text", "expected"), [
    ("各级行政机关负责人出庭应诉率不低于90%", ("lit.appearance_rate", ">=", 90)),
    ("经行政复议后被提起的行政诉讼案件中，行政机关败诉率低于10%", ("recon.sued_after_loss_rate", "<", 10)),
    ("行政诉讼败诉率控制在15%以下", ("lit.loss_rate", "<=", 15)),
    ("每年至少举办两次法治专题讲座", ("lead.lectures", ">=", 2)),
    ("学法考试参考率达到98%", ("lead.exam_participation_rate", ">=", 98)),
    ("司法建议和检察建议按期反馈率达100%", ("jud.feedback_rate", ">=", 100)),
    ("推动行政机关负责人出庭应诉全覆盖", ("lit.appearance_rate", ">=", 100)),
    ("聘请法律顾问不少于5名", ("counsel.advisers", ">=", 5)),
    # the catalogue's aliases: 败诉率 is the 行政诉讼 one, 参考率 the 学法考试 one
    ("行政机关败诉率低于10%", ("lit.loss_rate", "<", 10)),
    ("参考率达到98%", ("lead.exam_participation_rate", ">=", 98)),
])
def test_phrases(catalogue: Catalogue, text: str, expected: tuple[str, str, float]) -> None:
    [target] = find_targets(text, MetricMatcher(catalogue))
    assert (target.metric, target.op, target.value) == expected


@pytest.mark.parametrize("text", [
    "至少开展5次培训考核",
    "执法人员集中培训不少于30人",  # a count of people is no count of sessions
])
def test_no_metric_is_guessed(catalogue: Catalogue, text: str) -> None:
    [target] = find_targets(text, MetricMatcher(catalogue))
    assert target.metric is None and target.phrase == text


@pytest.mark.parametrize("text", ["同比增长15%", "实现进一次门、查多项事、一次到位", "于10月前完成目录制定", "2024年"])
def test_no_target_stated(catalogue: Catalogue, text: str) -> None:
    assert find_targets(text, MetricMatcher(catalogue)) == []


def test_catalogue_aliases_are_used(catalogue: Catalogue) -> None:
    text = "每年组织领导干部旁听庭审不少于2次"
    assert find_targets(text, MetricMatcher(catalogue))[0].metric is None
    data = catalogue.model_dump()
    next(m for m in data["metrics"] if m["id"] == "lead.lectures")["aliases"].append("旁听庭审")
    aliased = Catalogue.model_validate(data)
    [target] = find_targets(text, MetricMatcher(aliased))
    assert (target.metric, target.op, target.value) == ("lead.lectures", ">=", 2)
