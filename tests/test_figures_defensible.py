"""Every printed figure defensible: a district office's trial, made in the test (forms filled with openpyxl, a
unit's Word report made with python-docx, YAML submissions), built as the office builds it.

- 区公安局's Word report states 开庭审理4件 and 出庭应诉4件; 区城管局's form 2 and 2: the rate is 6÷6, never
  the region's appearances over another unit's hearings (the trial printed 300%);
- 区司法局 typed 「95%」 into the count 出庭应诉: that figure is out, its 行政执法人员 42 still counts;
- 区交通局 gave 出庭应诉 without 开庭审理: it is left out of the rate, with a finding;
- 东镇 wrote 「12件」 in a count measured in 件 and its 填报日期 as 「2025年2月20日」; 西镇's date cannot be read;
- 区司法局's item claims a ratio and a 败诉率 that its figures do not give; 区政府办's item quotes region
  figures otherwise than the report prints them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from annual_report import pipeline
from annual_report.config.workspace import load_workspace
from annual_report.findings import Severity
from annual_report.forms.generate import write_forms
from annual_report.intake import form_layout as layout
from annual_report.statistics import compute_statistics
from annual_report.text.numbers import round_half_up
from annual_report.wording import Figures, figure_sentences
from tests.docx_text import comment_texts, document_text
from tests.intake.word_docs import docx_bytes

CONFIG = {
    "region": "东城区", "government": "东城区人民政府", "year": 2024, "deadline": "2025-03-01",
    "kinds": {
        "dept": {"name": "区政府部门", "required": ["enf.officers", "lit.hearings", "lit.head_appearances"],
                 "optional": ["lit", "recon", "petition", "pufa"]},
        "town": {"name": "街道（乡镇）", "required": ["med.accepted", "med.resolved"], "optional": ["pufa"]},
    },
    "units": [
        {"id": "sfj", "name": "东城区司法局", "short": "区司法局", "kind": "dept", "roles": ["as_authority", "as_respondent"]},
        {"id": "gaj", "name": "东城区公安局", "short": "区公安局", "kind": "dept"},
        {"id": "cgj", "name": "东城区城市管理局", "short": "区城管局", "kind": "dept"},
        {"id": "jtj", "name": "东城区交通运输局", "short": "区交通局", "kind": "dept"},
        {"id": "zfb", "name": "东城区人民政府办公室", "short": "区政府办", "kind": "dept"},
        {"id": "dz", "name": "东镇人民政府", "short": "东镇", "kind": "town"},
        {"id": "xz", "name": "西镇人民政府", "short": "西镇", "kind": "town"},
    ],
    "outline": {"form": "three_part", "topics": [
        {"key": "enforcement", "heading": "严格规范公正文明执法", "groups": ["enf", "lit", "recon"]},
        {"key": "governance", "heading": "依法化解矛盾纠纷", "groups": ["med", "petition", "pufa"]},
    ]},
}
GAJ_REPORT = ["东城区公安局2024年度法治政府建设情况报告", "一、主要举措和成效",
              "（一）严格规范公正文明执法。全年行政诉讼案件开庭审理4件，行政机关负责人出庭应诉4件，出庭应诉率100%，"
              "败诉0件。",
              [["指标", "数值"], ["行政机关负责人出庭应诉率", "90%"], ["行政诉讼败诉率", "0%"]],
              "二、存在的不足和原因", "基层执法人员流动较快。", "三、下一年度工作安排", "常态化开展执法质量考评。",
              "东城区公安局", "2025年2月18日"]
SFJ = {"unit": "sfj", "year": 2024, "submitted_at": "2025年2月26日",
       "metrics": {"recon.accepted": 416, "recon.closed": 300, "lit.cases_involved": 278, "enf.officers": 42,
                   "lit.first_instance_closed": 6, "lit.lost": 1, "lit.hearings": 3, "lit.head_appearances": "95%"},
       "achievements": [{"text": "2024年，全区受理行政复议申请416件。参与行政诉讼案件278件，"
                                 "行政复议案件受理数超行政诉讼案件数37.05%。审结一审行政案件174件，败诉50件，败诉率28.93%。",
                         "topic": "enforcement"}],
       "problems": ["行政复议案件数量持续增长。"], "next_year": ["推进行政复议规范化建设。"]}
ZFB = {"unit": "zfb", "year": 2024, "submitted_at": "2025-02-20",
       "metrics": {"enf.officers": 20, "lit.hearings": 0, "lit.head_appearances": 0, "petition.received": 5569,
                   "petition.closed_on_time": 5533, "pufa.events": "90余", "lit.first_instance_closed": 168,
                   "lit.lost": 49},
       "achievements": [{"text": "全区信访事项按期办结率99.35%，开展普法宣传活动90场。", "topic": "governance"}],
       "problems": ["部分群众法治意识不强。"], "next_year": ["深化信访工作法治化。"]}


def _form(root: Path, unit: str, values: dict[str, object], submitted: str | None = None) -> Path:
    """The unit's fill-in workbook with figures (as typed: numbers or text) and a 填报日期 cell."""
    ws = load_workspace(root)
    (path,) = write_forms(ws, None, root / "submissions", [unit])
    book = load_workbook(path)
    for row in book[layout.FIGURES].iter_rows(min_row=layout.FIRST_ROW):
        if (metric := row[layout.METRIC_COLUMN - 1].value) in values:
            row[layout.VALUE_COLUMN - 1].value = values[metric]
    if submitted is not None:
        book[layout.INSTRUCTIONS].cell(layout.FIELDS_ROW + list(layout.FIELD_LABELS).index("submitted_on"), 2).value = \
            submitted
    book.save(path)
    return path


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> pipeline.BuildResult:
    root = tmp_path_factory.mktemp("district") / "东城区"
    (root / "submissions").mkdir(parents=True)
    (root / "report.yaml").write_text(yaml.safe_dump(CONFIG, allow_unicode=True), encoding="utf-8")
    (root / "submissions" / "区公安局年度报告.docx").write_bytes(docx_bytes(GAJ_REPORT))
    _form(root, "gaj", {"enf.officers": 60})
    _form(root, "cgj", {"enf.officers": 33, "lit.hearings": 2, "lit.head_appearances": 2})
    _form(root, "jtj", {"enf.officers": 0, "lit.head_appearances": 5})
    _form(root, "dz", {"med.accepted": "12件", "med.resolved": 10}, submitted="2025年2月20日")
    late = _form(root, "xz", {"med.accepted": 8, "med.resolved": 8}, submitted="2025年2月30日")
    os.utime(late, (dt.datetime(2025, 3, 9).timestamp(),) * 2)  # the file was copied after the deadline
    (root / "submissions" / "sfj.yaml").write_text(yaml.safe_dump(SFJ, allow_unicode=True), encoding="utf-8")
    (root / "submissions" / "zfb.yaml").write_text(yaml.safe_dump(ZFB, allow_unicode=True), encoding="utf-8")
    return pipeline.build(root, root.parent / "out")


def _public(run: pipeline.BuildResult) -> str:
    return "\n".join(document_text(run.run_folder / pipeline.REPORT))


def _findings(run: pipeline.BuildResult, rule: str) -> list:
    return [f for f in [*run.report.findings, *run.stats.findings, *run.draft.findings] if f.rule == rule]


def test_a_rate_sums_both_parts_over_the_same_units(district: pipeline.BuildResult) -> None:
    rate = district.stats.rate("lit.appearance_rate")
    # 区公安局's Word report 4/4 (开庭审理 is read now), 区城管局 2/2, 区政府办 0/0; 区交通局 and 区司法局 out
    assert (rate.numerator, rate.denominator) == (6, 6)
    assert "出庭应诉率100%" in _public(district) and "300%" not in _public(district)
    assert district.report.units["gaj"].submission.metrics["lit.hearings"] == 4
    assert district.report.units["gaj"].submission.metrics["lit.lost"] == 0


def test_a_word_reports_table_rates_are_checked_against_its_counts(district: pipeline.BuildResult) -> None:
    (stated,) = [f for f in _findings(district, "text_figure_mismatch") if f.unit == "gaj"]
    assert stated.location == "表1第2行" and "「行政机关负责人出庭应诉率」90%" in stated.message
    assert "计算的100%（4÷4）" in stated.message  # 败诉率 0%: no 一审审结 to check it by, only noted
    assert not [f for f in _findings(district, "unknown_metric") if f.unit == "gaj"]


def test_a_unit_with_one_part_is_left_out_of_the_rate_and_told(district: pipeline.BuildResult) -> None:
    (missing,) = [f for f in _findings(district, "rate_part_missing") if f.unit == "jtj"]
    assert missing.metric == "lit.appearance_rate" and "区交通局报送了「行政机关负责人出庭应诉」5件" in missing.message
    assert "未报送「行政诉讼开庭审理」" in missing.message
    assert ("jtj", "缺少「行政诉讼开庭审理」") in district.stats.lacking(["lit.appearance_rate"])
    # the two appearances it reported still count as appearances
    assert district.stats.total("lit.head_appearances") == 4 + 2 + 0 + 5


def test_a_bad_cell_keeps_out_its_figure_only(district: pipeline.BuildResult) -> None:
    (typed,) = _findings(district, "rate_in_count")
    assert typed.unit == "sfj" and typed.severity is Severity.ERROR
    assert "填的是比率「95%」，此处应填数量（单位：件）" in typed.message
    assert district.stats.total("enf.officers") == 60 + 33 + 0 + 42 + 20  # 区司法局's 42 is in
    assert "全区共有行政执法人员155人" in _public(district)
    assert ("sfj", "数据有误") in district.stats.lacking(["lit.head_appearances"])


def test_the_review_edition_says_what_a_printed_total_lacks(district: pipeline.BuildResult) -> None:
    notes = comment_texts(district.run_folder / pipeline.REVIEW)
    lit = next(n for n in notes if n.startswith("未写行政机关负责人出庭应诉率：算得的比率不含") and "区交通局（缺少「行政诉讼开庭审理」）" in n)
    assert "区司法局（数据有误）" in lit
    public = _public(district)
    assert "不含" not in public and "数据有误" not in public


def test_a_count_written_with_its_own_unit_is_read(district: pipeline.BuildResult) -> None:
    (noted,) = _findings(district, "count_with_unit")
    assert noted.severity is Severity.INFO and noted.unit == "dz" and "已按 12件 读取" in noted.message
    assert district.report.units["dz"].submission.metrics["med.accepted"] == 12


def test_chinese_dates_are_read_and_an_unreadable_one_never_makes_a_unit_late(district: pipeline.BuildResult) -> None:
    rows = district.stats.reporting.set_index("unit")
    assert rows.at["dz", "received_at"] == pd.Timestamp(2025, 2, 20) and rows.at["dz", "on_time"]
    assert rows.at["sfj", "received_at"] == pd.Timestamp(2025, 2, 26)  # 「2025年2月26日」 in a YAML file
    (bad,) = [f for f in _findings(district, "bad_date") if f.unit == "xz"]
    assert bad.severity is Severity.WARNING and "「2025年2月30日」" in bad.message and "未据此判断是否逾期" in bad.message
    assert layout.INSTRUCTIONS in bad.location  # the cell is named
    assert not rows.at["xz", "late"]


def test_a_ratio_claim_is_recomputed_from_the_figures_the_item_names(district: pipeline.BuildResult) -> None:
    claim = next(f for f in _findings(district, "text_figure_mismatch") if "37.05%" in f.message)
    assert "应为49.64%（(416−278)÷278）" in claim.message
    assert "37.05%" not in _public(district)


def test_an_item_speaking_for_the_region_is_checked_against_the_regions_totals(district: pipeline.BuildResult) -> None:
    loss = district.stats.rate("lit.loss_rate")
    assert (loss.numerator, loss.denominator) == (1 + 0 + 49, 6 + 168)  # 50÷174, not 区司法局's 1÷6
    stated = next(f for f in _findings(district, "text_figure_mismatch") if "28.93%" in f.message)
    assert "按全域合计计算的行政诉讼败诉率28.74%" in stated.message and "50件÷行政诉讼一审审结174件" in stated.message
    assert "28.93%" not in _public(district)


def test_one_figure_one_value(district: pipeline.BuildResult) -> None:
    public = _public(district)
    assert "按期办结率99.4%" in public and "99.35%" not in public  # the report prints one decimal
    assert "普法宣传活动90余场" in public and "普法宣传活动90场" not in public
    notes = comment_texts(district.run_folder / pipeline.REVIEW)
    assert any("「99.35%」改为统计表的写法「99.4%」" in n for n in notes)


RATE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,12}率)(?P<value>\d+(?:\.\d+)?)%")


def _rates_over_100(text: str) -> list[str]:
    return [m.group(0) for m in RATE.finditer(text) if Decimal(m["value"]) > 100]


def test_no_printed_rate_is_over_100_percent(district: pipeline.BuildResult, example_run: pipeline.BuildResult
                                             ) -> None:
    for run in (district, example_run):
        assert _rates_over_100(_public(run)) == []


UNITS = ["sfj", "gaj", "cgj", "jtj", "zfb"]


@settings(max_examples=40)
@given(st.dictionaries(st.tuples(st.sampled_from(UNITS), st.sampled_from(["lit.hearings", "lit.head_appearances"])),
                       st.integers(0, 500), max_size=10))
def test_every_printed_rate_is_its_printed_numerator_over_its_denominator(
        district: pipeline.BuildResult, data: dict[tuple[str, str], int]) -> None:
    frame = pd.DataFrame([(u, m, v) for (u, m), v in data.items()], columns=["unit", "metric", "value"])
    figures = Figures(compute_statistics(district.checked.ws, frame))
    text = "".join(s.text for s in figure_sentences(figures, "lit"))
    stated = re.search(r"开庭审理(\d+)件.*?出庭应诉(\d+)件，出庭应诉率(\d+(?:\.\d+)?)%", text)
    if stated is None:
        assert "出庭应诉率" not in text  # a rate is printed only with the counts it comes from
        return
    hearings, appearances, rate = int(stated[1]), int(stated[2]), Decimal(stated[3])
    assert appearances <= hearings and rate <= 100
    assert round_half_up(Fraction(appearances * 100, hearings), 1) == rate
