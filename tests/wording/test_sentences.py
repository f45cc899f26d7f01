"""Sentence templates as data: filled by a fixed substitution, never evaluated; clear errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annual_report.statistics import Statistics
from annual_report.statistics.yoy import yoy_table
from annual_report.wording import Figures, TemplateError, load_templates, sentences_for_group
from annual_report.wording.numbers import region_word
from annual_report.wording.sentences import parse_template, render


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sentences.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def sentence(stats: Statistics, template: str) -> str | None:
    found = render(Figures(stats), parse_template(template, "测试", stats.catalogue))
    return None if found is None else found[0]


def group(stats: Statistics, group_id: str, templates: dict | None = None) -> list[str]:
    return sentences_for_group(Figures(stats), group_id, templates)


def test_recon_sentences_from_the_default_templates(stats: Statistics) -> None:
    assert group(stats, "recon") == [
        "全市收到行政复议申请400件，同比增长300%，受理380件。",
        "审结行政复议案件356件，其中直接纠错72件，纠错率20.2%。",
        "经复议后被诉50件，占审结案件的14%；复议后被诉案件审结40件，败诉3件，败诉率7.5%。",
    ]


def test_rate_yoy_and_money(stats: Statistics) -> None:
    assert group(stats, "lit")[1] == (
        "行政诉讼案件开庭审理174件，行政机关负责人出庭应诉149件，出庭应诉率85.6%，提高2.3个百分点。")
    assert group(stats, "pufa") == ["投入普法经费12.5万元。"]
    assert group(stats, "aid") == ["全市办理法律援助案件15件，上年为0。"]


def test_sentence_with_all_metrics_missing_or_zero_is_dropped(stats: Statistics) -> None:
    assert group(stats, "norm") == []  # nothing reported
    assert group(stats, "jud") == []  # 0 建议 received, rate 0/0


def test_required_placeholder_without_data_drops_the_sentence(stats: Statistics) -> None:
    assert sentence(stats, "开展行政检查{enf.inspections}[，办理行政处罚{enf.penalties}]。") is None


def test_optional_part_without_data_is_left_out(stats: Statistics) -> None:
    got = sentence(stats, "审结{recon.closed}[，{recon.closed:yoy}][，上年{recon.closed:last}][，纠错率{recon.correction_rate}]。")
    assert got == "审结356件，纠错率20.2%。"
    assert sentence(stats, "反馈率{jud.feedback_rate}[，收到{recon.received:num}件]") is None  # 0/0 is 无


def test_all_formatters(stats: Statistics) -> None:
    got = sentence(stats, "{year}年{region}{recon.received}，{recon.received:num}，上年{recon.received:last}，"
                          "{recon.received:yoy}；{lit.loss_rate:num}")
    assert got == "2024年全市400件，400，上年100件，同比增长300%；28.7"


@pytest.mark.parametrize(("region", "word"), [("示例市", "全市"), ("某某县", "全县"), ("某某区", "全区"),
                                              ("某某旗", "全旗"), ("某开发园", "某开发园"),
                                              # a unit's own report speaks of itself
                                              ("示例市双桥镇人民政府", "全镇"), ("示例市东城街道办事处", "全街道"),
                                              ("示例市司法局", "本局"), ("示例市卫生健康委员会", "本委"),
                                              ("示例市人民政府办公室", "本办"), ("示例市公共资源交易中心", "本中心")])
def test_region_word(region: str, word: str) -> None:
    assert region_word(region) == word


def test_region_word_comes_from_the_config(stats: Statistics) -> None:
    assert group(replace(stats, region="某某县"), "aid") == ["全县办理法律援助案件15件，上年为0。"]


def test_zero_base_reads_shang_nian_wei_ling_in_every_template(stats: Statistics) -> None:
    # every count at 0 last year: the 同比 column says 新增, the prose 「…，上年为0」, never 「…，新增。」
    counts = stats.metrics.loc[~stats.metrics["is_rate"], "metric"]
    zero = replace(stats, yoy=yoy_table(stats, pd.DataFrame({"year": stats.year - 1, "metric": counts, "value": 0.0})))
    figures = Figures(zero)
    shown = zero.yoy.loc[(zero.yoy["this_year"] > 0) & zero.yoy["metric"].isin(counts), "metric"]
    assert {figures.yoy(m).phrase for m in shown} == {"新增"}
    prose = [s for group_id in stats.catalogue.group_names for s in group(zero, group_id)]
    assert not [s for s in prose if "新增" in s]
    assert {"全市收到行政复议申请400件，上年为0，受理380件。", "投入普法经费12.5万元，上年为0。"} <= set(prose)


@pytest.mark.parametrize(("template", "message"), [
    ("结果{{ 7*7 }}{recon.received}", "{{ 7*7 }}"),
    ("{__import__}{recon.received}", "__import__"),
    ("{recon.received.__class__}", "recon.received.__class__"),
    ("{recon.received:__class__}", "__class__"),
    ("{recon.received!r}", "recon.received!r"),
    ("{region:yoy}{recon.received}", "不能带格式"),
    ("[[嵌套{recon.received}]]", "不能嵌套"),
    ("[未闭合{recon.received}", "没有配对"),
    ("多余]{recon.received}", "没有配对"),
    ("{region}只有地区", "没有任何指标"),
])
def test_bad_template_raises_a_clear_error_naming_it(tmp_path: Path, stats: Statistics, template: str,
                                                     message: str) -> None:
    path = write(tmp_path, f"recon:\n  - \"审结{{recon.closed}}。\"\n  - '{template}'\n")
    with pytest.raises(TemplateError) as caught:
        load_templates(stats.catalogue, path)
    assert "sentences.yaml recon 第2句" in str(caught.value)
    assert message in str(caught.value)


def test_unknown_group_is_an_error(tmp_path: Path, stats: Statistics) -> None:
    with pytest.raises(TemplateError, match="「nosuch」不是指标目录中的分组"):
        load_templates(stats.catalogue, write(tmp_path, "nosuch:\n  - '{recon.closed}'\n"))


def test_filled_values_are_not_scanned_again(stats: Statistics) -> None:
    # a region name holding placeholder syntax is inserted literally, in one pass
    got = render(Figures(replace(stats, region="某{recon.received}{{7*7}}")),
                 parse_template("{region}{aid.cases}", "测试", stats.catalogue))
    assert got == ("某{recon.received}{{7*7}}15件", frozenset({"aid.cases"}))


def test_edited_templates_are_used(tmp_path: Path, stats: Statistics) -> None:
    templates = load_templates(stats.catalogue, write(tmp_path, "recon:\n  - '复议纠错率为{recon.correction_rate}。'\n"))
    assert group(stats, "recon", templates) == ["复议纠错率为20.2%。"]
    assert group(stats, "lit", templates) == []


def test_default_templates_cover_every_group(stats: Statistics) -> None:
    assert set(load_templates(stats.catalogue)) == set(stats.catalogue.group_names)


def test_unknown_group_id_is_refused(stats: Statistics) -> None:
    with pytest.raises(KeyError):
        group(stats, "nosuch")


@given(st.text(alphabet=st.characters(blacklist_characters="{}[]", blacklist_categories=("Cs",)), max_size=40))
def test_literal_text_passes_through_unchanged(stats: Statistics, text: str) -> None:
    assert sentence(stats, text + "{recon.received}") == text + "400件"
