"""How a count written in a unit's text is compared with the reported one."""

from __future__ import annotations

import pytest

from annual_report.drafting.figures_check import count_agrees
from annual_report.text.figures import stated_figures


@pytest.mark.parametrize(("text", "reported", "agrees"), [
    ("416", 416, True), ("416", 415, False),
    ("90余", 96, True), ("90余", 89, False), ("90多", 90, True),
    ("约90", 95, True), ("约90", 100, False), ("近300", 290, True),
    ("超过300", 301, True), ("超过300", 280, False),
    ("15.77万", 157_700, True), ("15.77万", 157_649, False), ("15.8万", 157_700, True), ("2万", 25_000, False),
])
def test_a_written_count_agrees_as_its_words_say(text: str, reported: int, agrees: bool) -> None:
    (figure,) = stated_figures(f"受理{text}件")
    assert count_agrees(figure.number, bool(figure.wan), figure.before, figure.after, reported) is agrees
