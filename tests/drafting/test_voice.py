"""Voice: the units' first person and deictic words become names; a sentence without a subject gets one."""

from __future__ import annotations

import pytest

from annual_report.config.workspace import ReportConfig, Workspace
from annual_report.drafting.voice import SUBJECT, first_person, needs_subject, neutral, speak


@pytest.fixture(scope="module")
def config(example_ws: Workspace) -> ReportConfig:
    return example_ws.config


def spoken(config: ReportConfig, unit_id: str, text: str, subjectless: bool = True) -> str:
    unit = config.unit_by_id[unit_id]
    return speak(neutral(text, unit, config, subjectless).template, unit.label)


@pytest.mark.parametrize(("unit", "text", "expected"), [
    ("sfj", "市政府法律顾问室设在本局，全年审查合同42份。", "市政府法律顾问室设在市司法局，全年审查合同42份。"),
    ("czj", "出台前全部经局法规科初审和司法局合法性审核。", "市财政局出台前全部经市财政局初审和司法局合法性审核。"),
    ("scjgj", "年终在本单位干部职工大会上专题述法。", "市市场监管局年终在市市场监管局干部职工大会上专题述法。"),
    ("gaj", "主要负责人年终在全局干部职工大会上述法。", "市公安局主要负责人年终在市公安局干部职工大会上述法。"),
    ("town-shuangqiao", "镇党委理论学习中心组将宪法列入学习计划。", "双桥镇党委理论学习中心组将宪法列入学习计划。"),
    ("town-nanguan", "街道法律顾问列席党工委会议。", "南关街道法律顾问列席党工委会议。"),
    ("town-liuhe", "镇便民服务中心实行“一窗受理”。", "柳河镇便民服务中心实行“一窗受理”。"),
    ("zfb", "本办直接承办的18件全部按期办结。", "市政府办直接承办的18件全部按期办结。"),
    ("wjw", "我委组建卫生应急队伍6支。", "市卫健委组建卫生应急队伍6支。"),
    ("sfj", "我市出台本办法。", "示例市出台本办法。"),  # 我市 is the region; 本办法 is not a unit
    ("gaj", "本系统组织执法人员参加培训。", "市公安局组织执法人员参加培训。"),
    ("scjgj", "完成本系统规范性文件清理。", "市市场监管局完成全系统规范性文件清理。"),
])
def test_first_person_becomes_the_units_name(config: ReportConfig, unit: str, text: str, expected: str) -> None:
    out = spoken(config, unit, text)
    assert out == expected
    assert first_person(out) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("牵头拟定年度学法计划。", "市司法局牵头拟定年度学法计划。"),
    ("在9个乡镇设立受理点。", "市司法局在9个乡镇设立受理点。"),
    ("全年组织联合演练8次。", "市司法局全年组织联合演练8次。"),
    ("2024年，共受理复议申请416件。", "2024年，市司法局共受理复议申请416件。"),
    ("主要负责人带头述法。", "市司法局主要负责人带头述法。"),
    ("市政府常务会议安排会前学法12次。", "市政府常务会议安排会前学法12次。"),  # a subject already
    ("户籍等42项业务实现一窗通办。", "户籍等42项业务实现一窗通办。"),  # the topic is the subject
    ("市司法局开展评查。", "市司法局开展评查。"),
])
def test_a_sentence_without_a_subject_gets_the_unit(config: ReportConfig, text: str, expected: str) -> None:
    assert spoken(config, "sfj", text) == expected


def test_sections_that_list_measures_get_no_subject(config: ReportConfig) -> None:
    assert spoken(config, "sfj", "推进行政复议规范化建设。", subjectless=False) == "推进行政复议规范化建设。"
    template = neutral("我局将推进复议规范化，在本局设立窗口。", config.unit_by_id["sfj"], config, False).template
    assert speak(template, "", "市司法局", measure=True) == "推进复议规范化，在市司法局设立窗口。"
    assert speak(template, "", "市司法局") == "将推进复议规范化，在市司法局设立窗口。"  # 成效: only the unit goes


def test_a_county_unit_speaking_of_itself_in_a_city_report(example_ws: Workspace) -> None:
    data = example_ws.config.model_dump()
    data["units"].append({"id": "hx", "name": "化隆回族自治县人民政府", "short": "化隆县", "kind": "other"})
    config = ReportConfig.model_validate(data)
    voiced = neutral("我县2个试点乡镇完成清单编制。", config.unit_by_id["hx"], config)
    assert speak(voiced.template, "化隆县") == "化隆县2个试点乡镇完成清单编制。"
    assert voiced.changes == ["「我县」"] and voiced.ambiguous == []


def test_a_guess_is_flagged(config: ReportConfig) -> None:
    voiced = neutral("完成本系统文件清理。", config.unit_by_id["scjgj"], config)
    assert voiced.ambiguous and "全系统" in voiced.ambiguous[0]


def test_several_units_are_named_once_then_each(config: ReportConfig) -> None:
    template = neutral("年终在本单位干部职工大会上述法。", config.unit_by_id["gaj"], config).template
    assert template.count(SUBJECT) == 2
    assert speak(template, "市公安局、市市场监管局等4个部门", "各部门") == \
        "市公安局、市市场监管局等4个部门年终在各部门干部职工大会上述法。"


def test_subject_detection_ignores_time_phrases(config: ReportConfig) -> None:
    assert needs_subject("全年开展检查。", config)
    assert not needs_subject("全年市公安局开展检查。", config)
