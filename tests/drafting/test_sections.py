"""The parts after 成效 as a 文秘 writes them, on a small district built in the test: a part nobody supplied
keeps a visible placeholder (never 「暂无。」) and the build names it; a problem without its cause is asked for;
the plan part opens on the year ahead and its run-in headings are set in 楷体; a unit's set phrases are no
items; one paragraph is never 「一是」 alone."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from annual_report import pipeline
from annual_report.cli import app
from annual_report.drafting import sections
from annual_report.drafting.draft import BOILERPLATE
from annual_report.drafting.model import PLACEHOLDER
from annual_report.drafting.sections import ASK_CAUSE
from annual_report.release.rules import find, load_rules, rules_path
from annual_report.word.layout import StyleName
from tests.docx_text import comment_texts, document_text

CONFIG = {
    "region": "南城区", "government": "南城区人民政府", "year": 2024, "deadline": "2025-03-01",
    "kinds": {"dept": {"name": "区政府部门", "required": []}},
    "units": [
        {"id": "sfj", "name": "南城区司法局", "short": "区司法局", "kind": "dept"},
        {"id": "zfb", "name": "南城区人民政府办公室", "short": "区政府办", "kind": "dept"},
        {"id": "cgj", "name": "南城区城市管理局", "short": "区城管局", "kind": "dept"},
    ],
    "outline": {"form": "five_part", "topics": [
        {"key": "enforcement", "heading": "严格规范公正文明执法", "groups": ["enf"]}]},
}
SUBMISSIONS = {
    "sfj": {"achievements": [{"text": "修订行政执法案卷评查办法，抽取12个执法部门案卷开展集中评查。", "topic": "enforcement"}],
            "problems": ["基层执法人员流动较快，由于编制不足，新入职人员执法经验欠缺。"],
            "next_year": ["开展全区行政执法质量评估。"]},
    "zfb": {"achievements": [{"text": "2024年，区政府办在区委、区政府的坚强领导下，认真贯彻落实上级部署，现将有关情况报告如下：",
                              "topic": "enforcement"}],
            "problems": ["部分工作人员依法行政意识不强。"], "next_year": ["修订政府信息公开指南。"]},
    "cgj": {"achievements": [{"text": "开展执法案卷交叉评查，全年评查案卷240卷，合格率95.4%。", "topic": "enforcement"}],
            "problems": [], "next_year": ["推行非现场执法。"]},
}


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sections") / "南城区"
    (root / "submissions").mkdir(parents=True)
    (root / "report.yaml").write_text(yaml.safe_dump(CONFIG, allow_unicode=True), encoding="utf-8")
    for unit, data in SUBMISSIONS.items():
        body = {"unit": unit, "year": 2024, "submitted_at": "2025-02-20", **data}
        (root / "submissions" / f"{unit}.yaml").write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(district: Path) -> pipeline.BuildResult:
    return pipeline.build(district, district.parent / "out")


def test_a_part_nobody_supplied_keeps_a_placeholder_and_names_who_owes_it(built: pipeline.BuildResult) -> None:
    public = "\n".join(document_text(built.run_folder / pipeline.REPORT))
    assert "暂无" not in public
    heading = next(s.heading for s in built.checked.ws.config.outline.sections if s.key == "responsibility")
    after = public[public.index(heading):].split("\n")
    assert after[1] == PLACEHOLDER
    notes = comment_texts(built.run_folder / pipeline.REVIEW)
    owing = next(n for n in notes if n.startswith("本部分没有可写入的材料"))
    assert "区司法局、区政府办、区城管局" in owing  # every unit owed it
    assert built.gaps == [f"{heading}（应报送而未报送：区司法局、区政府办、区城管局）"]
    # the pre-release review stops on it: the office must replace it before publishing
    hits = find(load_rules(rules_path(None)), public)
    assert any(h.rule.id == "placeholder" and "待补充" in h.text for h in hits)


def test_the_console_names_the_gap(district: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(district), "--out", str(tmp_path), "--no-prefect"])
    assert result.exit_code == 0, result.output
    assert "部分没有可写入的材料" in result.output and PLACEHOLDER in result.output


def test_set_phrases_are_no_items_and_one_paragraph_has_no_ordinal(built: pipeline.BuildResult) -> None:
    public = "\n".join(document_text(built.run_folder / pipeline.REPORT))
    assert "坚强领导" not in public and "现将有关情况报告如下：\n" not in public.split("一、", 1)[1]
    placed = {p.source.unit: p.placed for p in built.draft.placements if p.source.section == "achievements"}
    assert BOILERPLATE in placed["zfb"]
    topic = public[public.index("（一）严格规范公正文明执法"):].split("\n")
    assert not topic[1].startswith("一是")  # two items, one theme: a plain paragraph
    assert topic[1].startswith("区司法局修订行政执法案卷评查办法") and "区城管局开展执法案卷交叉评查" in topic[1]


def test_problems_carry_their_causes_or_ask_for_them(built: pipeline.BuildResult) -> None:
    passages = built.draft.sections["problems"]
    with_cause = [p for p in passages if "由于编制不足" in p.text]
    without = [p for p in passages if "依法行政意识不强" in p.text]
    assert with_cause and ASK_CAUSE not in with_cause[0].notes
    assert without and ASK_CAUSE in without[0].notes
    assert ASK_CAUSE in comment_texts(built.run_folder / pipeline.REVIEW)


def test_the_plan_part_opens_on_the_year_ahead_in_kaiti_run_in_headings(built: pipeline.BuildResult) -> None:
    public = "\n".join(document_text(built.run_folder / pipeline.REPORT))
    heading = next(s.heading for s in built.checked.ws.config.outline.sections if s.key == "next_year")
    lines = public[public.index(heading):].split("\n")
    assert lines[1].startswith("2025年，南城区将")
    document = docx.Document(str(built.run_folder / pipeline.REPORT))
    run_in = [p for p in document.paragraphs if p.text.startswith("（一）") and p.runs[0].text.endswith("。")]
    assert run_in, "the plan part has 「（一）……。」 run-in headings"
    first = run_in[-1]
    assert first.runs[0].style.name == StyleName.RUN_IN_HEADING
    fonts = first.runs[0].style.element.xpath(".//w:rFonts/@w:eastAsia")
    assert fonts == ["楷体_GB2312"]
    assert first.runs[1].style is None or first.runs[1].style.name != StyleName.RUN_IN_HEADING


def test_an_office_opening_for_the_plan_part_is_used(built: pipeline.BuildResult) -> None:
    config = built.checked.ws.config
    own = config.model_copy(update={"drafting": config.drafting.model_copy(
        update={"next_year_opening": "2025年，南城区将聚焦执法质效。"})})
    passage = sections.next_year_opening(own, built.draft.sections["next_year"])
    assert passage.text == "2025年，南城区将聚焦执法质效。" and not passage.sentences[0].notes
    drafted = sections.next_year_opening(config, built.draft.sections["next_year"])
    assert drafted.sentences[0].notes  # the drafted one asks the office to rewrite it
