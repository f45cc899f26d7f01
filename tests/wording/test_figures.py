"""Figures as the report prints them: year-over-year phrases, last year's figures, targets."""

from __future__ import annotations

from dataclasses import replace

from annual_report.pipeline import BuildResult
from annual_report.statistics import Statistics
from annual_report.wording import Figures
from tests.docx_text import document_text


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


def test_each_rate_prints_at_its_own_decimals(stats: Statistics) -> None:
    """report.yaml statistics.decimals over the catalogue's decimals over percent_decimals."""
    options = stats.options.model_copy(update={"decimals": {"petition.on_time_rate": 2, "service.completion_rate": 0}})
    figures = Figures(replace(stats, options=options))
    assert (figures.display("petition.on_time_rate"), figures.display("recon.correction_rate")) == ("99.35%", "20.2%")
    assert figures.number("petition.on_time_rate") == "99.35"
    assert (figures.decimals_of("service.completion_rate"), figures.decimals_of("med.found_resolution_rate"),
            figures.decimals_of("lit.loss_rate")) == (0, 2, 1)


def test_the_example_report_prints_two_and_one_decimal_rates_side_by_side(example_run: BuildResult) -> None:
    text = "\n".join(document_text(example_run.run_folder / "report.docx"))
    for phrase in ("纠错率19.9%", "化解率98.74%", "调解成功率96.85%", "按期办结率97.5%"):  # 1443/1490
        assert phrase in text
    for phrase in ("普法宣传活动534余场", "覆盖受众18.47万人次", "普法经费85万元", "政务服务事项126.84万件",
                   "（人大代表建议83件、政协委员提案74件）"):
        assert phrase in text
