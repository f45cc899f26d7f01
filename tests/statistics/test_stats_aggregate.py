"""Aggregation from a real ValidationReport: the figures that count (an error keeps out only the figures it
concerns), roles, rates recomputed from counts summed over the same units."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annual_report.config.workspace import StatisticsOptions, Workspace
from annual_report.statistics import RateValue, Statistics, aggregate
from annual_report.validation import ValidationReport
from annual_report.wording import Figures


def test_long_table_holds_every_unit_with_figures_that_count(stats: Statistics) -> None:
    assert list(stats.values.columns) == ["unit", "kind", "metric", "value", "qualifier"]
    assert set(stats.values["unit"]) == {"sfj", "gaj", "scjg", "hbj", "dz", "nz", "bz", "zz", "hz", "sz"}
    assert list(stats.wide.index) == ["sfj", "gaj", "scjg", "hbj", "dz", "nz", "bz", "zz", "hz", "sz"]


def test_an_error_keeps_out_only_the_figures_it_concerns(stats: Statistics) -> None:
    # 北镇: 参加考试人数 10 > 应参加考试人数 5 (an error): both sides of the rule are out, nothing else
    assert stats.excluded.empty
    assert "lead.exam_taken" not in set(stats.values.loc[stats.values["unit"] == "bz", "metric"])
    assert pd.isna(stats.wide.at["bz", "lead.exam_expected"]) and pd.isna(stats.wide.at["bz", "lead.exam_taken"])
    assert stats.total("legal.notary_cases") == 7  # 北镇's other figure counts
    assert stats.lacking(["lead.exam_taken"]) == [("bz", "数据有误")]
    assert stats.lacking(["lead.exam_participation_rate"]) == [("bz", "数据有误")]
    assert stats.lacking(["aid.cases"]) == []


def test_role_metric_is_counted_once(stats: Statistics) -> None:
    # 公安局 reports 30 复议 applications as 被申请人; only 司法局 reports as 复议机关
    assert stats.wide.at["gaj", "recon.received"] == 30
    assert stats.total("recon.received") == 400
    assert stats.kind_total("dept", "recon.received") == 400
    assert stats.total("recon.closed") == 356


def test_rates_are_recomputed_from_summed_counts(stats: Statistics, figures: Figures) -> None:
    assert stats.rate("recon.correction_rate") == RateValue(72, 356, pytest.approx(7200 / 356))
    assert figures.display("recon.correction_rate") == "20.2%"
    assert figures.display("lit.loss_rate") == "28.7%"  # 50 / 174
    # 149/174 = 85.6%, not the mean of the units' rates (100, 90, 90, 50 → 82.5)
    assert figures.display("lit.appearance_rate") == "85.6%"


def test_counts_are_integers_and_rates_keep_their_counts(stats: Statistics) -> None:
    totals = stats.totals.set_index("metric")
    assert str(totals["value"].dtype) == "Int64" and str(totals["numerator"].dtype) == "Int64"
    assert pd.isna(totals.at["recon.correction_rate", "value"])
    assert pd.isna(totals.at["recon.closed", "percent"]) and totals.at["recon.closed", "value"] == 356
    assert totals.at["recon.correction_rate", "percent"] == pytest.approx(7200 / 356)


def test_percent_decimals_from_options(stats: Statistics, figures: Figures) -> None:
    two = Figures(replace(stats, options=StatisticsOptions(percent_decimals=2)))
    assert figures.display("petition.on_time_rate") == "99.4%"
    assert two.display("petition.on_time_rate") == "99.35%"  # 5533 / 5569


def test_zero_denominator_gives_no_rate(stats: Statistics, figures: Figures) -> None:
    assert stats.rate("jud.feedback_rate") == RateValue(0, 0, None)
    assert figures.display("jud.feedback_rate") == "无"


def test_unreported_metric_has_no_total(stats: Statistics, figures: Figures) -> None:
    assert stats.total("norm.issued") is None
    assert figures.display("norm.issued") == "无数据"
    assert stats.rate("norm.filing_rate") == RateValue(None, None, None)


def test_formula_text_for_the_appendix(figures: Figures) -> None:
    assert figures.formula("recon.correction_rate") == "行政复议直接纠错72件 ÷ 行政复议审结356件"
    assert figures.formula("recon.received") == "1个单位合计（只计作为复议机关报送的单位）"
    assert figures.formula("lead.preleague_study") == "8个单位合计"


def test_per_kind_and_per_unit_lookups(stats: Statistics, figures: Figures) -> None:
    assert stats.kind_total("town", "lead.preleague_study") == 4 + 5 + 4 + 3 + 4
    town = stats.kind_totals.set_index(["kind", "metric"]).loc[("town", "med.success_rate")]
    assert town["numerator"] == 98 + 100 + 95 + 100 + 880
    assert stats.unit_rate("hbj", "lit.appearance_rate") == RateValue(10, 20, 50.0)
    assert figures.display("money.pufa_funds") == "12.5万元"


def test_total_of_a_rate_is_refused(stats: Statistics) -> None:
    with pytest.raises(ValueError, match="rate"):
        stats.total("recon.correction_rate")


def test_long_dataframe_gives_the_same_totals(stats: Statistics, city_ws: Workspace) -> None:
    again = aggregate(stats.values[["unit", "metric", "value"]], city_ws)
    pd.testing.assert_frame_equal(again.totals, stats.totals)
    pd.testing.assert_frame_equal(again.kind_totals, stats.kind_totals)


def test_long_dataframe_with_unknown_unit_is_refused(city_ws: Workspace) -> None:
    frame = pd.DataFrame({"unit": ["nobody"], "metric": ["aid.cases"], "value": [1]})
    with pytest.raises(ValueError, match="nobody"):
        aggregate(frame, city_ws)


def test_report_and_aggregate_agree_on_valid_units(city_report: ValidationReport, stats: Statistics) -> None:
    assert set(city_report.valid_units) == set(stats.wide.index)


UNITS = ["sfj", "gaj", "scjg", "dz", "sz"]
METRICS = ["recon.corrected", "recon.closed", "lit.lost", "lit.first_instance_closed", "aid.cases"]


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from(UNITS), st.sampled_from(METRICS)), st.integers(0, 10**6),
                       max_size=25))
def test_totals_match_a_hand_sum_for_any_data(city_ws: Workspace, data: dict[tuple[str, str], int]) -> None:
    frame = pd.DataFrame([(u, m, v) for (u, m), v in data.items()], columns=["unit", "metric", "value"])
    stats = aggregate(frame, city_ws)
    roles = {u.id: city_ws.config.roles_of(u) for u in city_ws.config.units}

    def counted(metric: str) -> dict[str, int]:
        role = city_ws.catalogue.by_id[metric].role
        return {u: v for (u, m), v in data.items() if m == metric and (role is None or role in roles[u])}

    for metric in METRICS:
        assert stats.total(metric) == (sum(counted(metric).values()) if counted(metric) else None)
    # the rate sums both parts over the units that gave both; a proportion above 100% is withheld
    corrected, closed = counted("recon.corrected"), counted("recon.closed")
    both = corrected.keys() & closed.keys()
    numerator, denominator = sum(corrected[u] for u in both), sum(closed[u] for u in both)
    rate = stats.rate("recon.correction_rate")
    if not both or numerator > denominator:
        assert (rate.numerator, rate.denominator, rate.value) == (None, None, None)
    else:
        assert (rate.numerator, rate.denominator) == (numerator, denominator)
        assert rate.value == (None if not denominator else pytest.approx(numerator * 100 / denominator))
