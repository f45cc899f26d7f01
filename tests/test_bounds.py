"""The report's length does not grow with the number of units: the drafting budgets bound the 审阅稿's
remainder, lists of names, review notes and the 报送情况 table; the workbooks keep everything."""

from __future__ import annotations

import pytest

from annual_report.config.workspace import Workspace
from annual_report.drafting.draft import draft
from annual_report.pipeline import BuildResult
from annual_report.report.compose import compose
from annual_report.text.lists import named
from annual_report.word.document import Paragraph, Table


def with_budgets(ws: Workspace, **budgets: int) -> Workspace:
    drafting = ws.config.drafting.model_copy(update=budgets)
    return ws.model_copy(update={"config": ws.config.model_copy(update={"drafting": drafting})})


def test_named_lists_at_most_the_limit_then_counts() -> None:
    assert named(["甲", "乙"], 3) == "甲、乙"
    assert named(["甲", "乙", "丙", "丁"], 2) == "甲、乙等4个单位"


@pytest.fixture(scope="module")
def tight(example_run: BuildResult) -> tuple[Workspace, BuildResult]:
    ws = with_budgets(example_run.checked.ws, remainder=3, units_listed=2, units_tabled=10)
    return ws, example_run


def test_the_remainder_lists_the_budget_and_counts_the_rest(tight: tuple[Workspace, BuildResult]) -> None:
    ws, run = tight
    full = run.draft
    drafted = draft(ws, run.report, run.figures, run.checked.plan)
    assert len(full.remainder) > 3 and full.remainder_omitted == 0
    assert len(drafted.remainder) == 3 and drafted.remainder_omitted == len(full.remainder) - 3
    left_out = sum(p.placed.startswith("未写入正文") for p in drafted.placements)
    assert left_out == sum(len(entry[3].sources) for entry in full.remainder)  # the workbook keeps every one
    review = compose(ws, run.figures, run.report, drafted, "review")
    (left,) = [a for a in review.attachments if a.title.endswith("未写入正文的报送内容")]
    last = left.blocks[-1]
    assert isinstance(last, Paragraph) and f"另有{drafted.remainder_omitted}条未列出" in last.text
    assert "validation.xlsx「文字材料归类」" in last.text


def test_review_notes_name_at_most_units_listed(tight: tuple[Workspace, BuildResult]) -> None:
    ws, run = tight
    drafted = draft(ws, run.report, run.figures, run.checked.plan)
    sources = [n for rs in drafted.topics.values() for r in rs for s in r.sentences for n in s.notes
               if n.startswith("来源：")]
    assert sources and all(n.split("（")[0].count("、") <= 1 for n in sources)


def test_many_units_give_the_status_by_kind(tight: tuple[Workspace, BuildResult]) -> None:
    ws, run = tight
    review = compose(ws, run.figures, run.report, run.draft, "review")
    (status,) = [a for a in review.attachments if a.title.endswith("材料报送情况")]
    completeness, table = status.blocks
    assert isinstance(table, Table) and table.header[0] == "类型"
    assert [row[0] for row in table.rows] == [k.name for k in ws.config.kinds.values()]
    assert sum(int(row[1]) for row in table.rows) == len(ws.config.units)
    assert "validation.xlsx「报送情况」" in completeness.text  # type: ignore[union-attr]
