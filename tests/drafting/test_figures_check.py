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


@pytest.mark.parametrize(("text", "figures"), [
    ("全年受理行政复议申请共计416件，审结约356件", [("全年受理行政复议申请", "416件", ""), ("审结", "约356件", "约")]),
    ("“法律赶集”活动超过30场、近2万人次", [("法律赶集活动", "超过30场", "超过"), ("", "近2万人次", "近")]),
    ("纠错率达20.2%，普法受众1.37万余人", [("纠错率", "20.2%", ""), ("普法受众", "1.37万余人", "")]),
    ("编号2024.12.31件", []),  # the tail of a larger number is no figure
    ("调解１２件", [("调解", "１２件", "")]),
])
def test_figures_are_read_with_their_words_before_them(text: str, figures: list[tuple[str, str, str]]) -> None:
    found = stated_figures(text)
    assert [(f.subject, f.text, f.before) for f in found] == figures
    assert all(text[f.start:f.end] == f.text and f.subject_start <= f.start for f in found)
