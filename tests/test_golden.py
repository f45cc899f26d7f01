"""The example's outputs against a stored copy (tests/data/golden): a change in the report's text or the
statistics workbook must be deliberate. After one, look at the pages, then rewrite the copy with
`python -m tests.golden`."""

from __future__ import annotations

import json
import re

import pytest

from annual_report.pipeline import REVIEW, BuildResult
from tests.docx_text import comment_texts
from tests.golden import GOLDEN, snapshot

OUTLIER_NOTE = re.compile(r"[^〔〕\n]*(?:提示界限|同类单位)[^〔〕\n]*请核实")


@pytest.fixture(scope="module")
def current(example_run: BuildResult) -> dict[str, object]:
    return json.loads(json.dumps(snapshot(example_run.run_folder), ensure_ascii=False))


def golden(name: str) -> object:
    return json.loads((GOLDEN / f"example-{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["report", "review", "statistics"])
def test_the_example_outputs_match_the_stored_copy(current: dict[str, object], name: str) -> None:
    assert current[name] == golden(name), "if the change is intended: python -m tests.golden"


def test_outlier_warnings_reach_the_review_edition(example_run: BuildResult, current: dict[str, object]) -> None:
    notes = [n for c in comment_texts(example_run.run_folder / REVIEW) for n in OUTLIER_NOTE.findall(f"〔{c}〕")]
    assert len(notes) >= 5
    assert any("市综合执法局「行政检查」为3150次" in n for n in notes)
    assert not any("提示界限" in line for line in current["report"])  # type: ignore[union-attr]
