"""The example's report text and statistics.xlsx values against the copy taken before the restructuring
(tests/data/golden); the 审阅稿 may only have gained the outlier notes that used to be lost."""

from __future__ import annotations

import json
import re

import pytest

from annual_report.pipeline import BuildResult
from tests.golden import GOLDEN, snapshot

OUTLIER_NOTE = re.compile(r"〔[^〔〕]*(?:提示界限|同类单位)[^〔〕]*请核实〕")


@pytest.fixture(scope="module")
def current(example_run: BuildResult) -> dict[str, object]:
    return json.loads(json.dumps(snapshot(example_run.run_folder), ensure_ascii=False))


def golden(name: str) -> object:
    return json.loads((GOLDEN / f"example-{name}.json").read_text(encoding="utf-8"))


def test_the_public_edition_text_is_unchanged(current: dict[str, object]) -> None:
    assert current["report"] == golden("report")


def test_statistics_workbook_values_are_unchanged(current: dict[str, object]) -> None:
    assert current["statistics"] == golden("statistics")


def test_the_review_edition_only_gained_the_outlier_notes(current: dict[str, object]) -> None:
    before, after = golden("review"), current["review"]
    assert isinstance(after, list) and len(after) == len(before)
    gained = [OUTLIER_NOTE.findall(new) for new in after]
    assert [OUTLIER_NOTE.sub("", new) for new in after] == before
    assert sum(map(len, gained)) >= 5  # the example's outliers (市综合执法局, 市公安局 …) now reach reviewers
    assert any("市综合执法局「行政检查」为3150次" in note for notes in gained for note in notes)

