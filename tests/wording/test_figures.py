"""Figures as the report prints them: year-over-year phrases, last year's figures, targets."""

from __future__ import annotations

from annual_report.wording import Figures


def test_yoy_phrases_for_counts(figures: Figures) -> None:
    assert figures.yoy("recon.received").phrase == "同比增长300%"  # 400 against 100
    assert figures.yoy("enf.penalties").phrase == "同比下降12.5%"  # 700 against 800
    assert figures.yoy("lead.preleague_study").phrase == "与上年持平"
    assert figures.yoy("aid.cases").phrase == "新增"  # 15 against 0
    assert figures.yoy("aid.cases").prose == "上年为0"  # the same in a sentence
    assert figures.yoy("recon.received").prose == "同比增长300%"


def test_yoy_rate_from_last_years_counts(figures: Figures) -> None:
    # 149/174 = 85.6% against 150/180 = 83.3%
    assert figures.yoy("lit.appearance_rate").phrase == "提高2.3个百分点"
    assert figures.yoy("lit.appearance_rate").last == "83.3%"
    assert float(figures.yoy("lit.appearance_rate").change) == 2.3  # as printed: 85.6 − 83.3


def test_yoy_rate_from_a_given_percentage(figures: Figures) -> None:
    # history gives lit.loss_rate as 25.0% without its counts; this year 28.7%
    assert figures.yoy("lit.loss_rate").phrase == "提高3.7个百分点"


def test_no_phrase_without_last_year(figures: Figures) -> None:
    assert figures.yoy("recon.closed").phrase == ""
    assert figures.yoy("recon.closed").last == ""


def test_requirements_and_bare_numbers(figures: Figures) -> None:
    assert figures.requirement("lit.appearance_rate", ">=", 90.0) == "不小于90%"
    assert figures.requirement("lead.exam_sessions", ">=", 5) == "不小于5次"
    assert figures.number("recon.correction_rate") == "20.2"
    assert figures.number("recon.received") == "400"
    assert figures.number("norm.issued") == ""
