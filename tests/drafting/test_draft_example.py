"""The example workspace drafted: paragraphs within budget, in the government's voice, nothing lost."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from annual_report import pipeline
from annual_report.pipeline import BuildResult
from tests.docx_text import comment_texts
from tests.drafting.checks import (
    check_budgets,
    check_nothing_lost,
    check_reads_as_a_report,
    check_voice,
    texts,
)


def test_every_section_respects_its_budget(example_run: BuildResult) -> None:
    check_budgets(example_run)
    assert 3 <= len(example_run.draft.sections["problems"]) <= 5
    assert 4 <= len(example_run.draft.sections["next_year"]) <= 6


def test_the_public_edition_speaks_for_the_government(example_run: BuildResult) -> None:
    check_voice(example_run)
    public, _ = texts(example_run)
    assert "市政府法律顾问室设在市司法局" in public  # 设在本局
    assert "双桥镇党委理论学习中心组" in public + texts(example_run)[1]  # 镇党委…, wherever it landed


def test_every_unit_item_is_in_the_public_or_the_review_remainder(example_run: BuildResult) -> None:
    check_nothing_lost(example_run)


def test_the_governments_own_work_comes_first_and_like_items_name_their_units(example_run: BuildResult) -> None:
    public, _ = texts(example_run)
    study = next(line for line in public.split("\n") if "强化领导干部学法用法。" in line)
    assert study.split("。", 1)[1].startswith("市政府常务会议")
    assert "市生态环境局、市农业农村局等4个部门组织全体执法人员参加年度法律知识轮训" in public
    assert "年终在各单位干部职工大会上专题述法" in public
    assert "全市党政主要负责人年终述法32人" in public


def test_runs_have_bold_titles_and_review_notes_name_sources_and_themes(example_run: BuildResult) -> None:
    import docx

    document = docx.Document(str(example_run.run_folder / pipeline.REPORT))
    run_in = [p for p in document.paragraphs if p.text.startswith("一是")]
    assert run_in and all(p.runs[0].style.name == "段首小标题" and p.runs[0].text.endswith("。") for p in run_in)
    notes = "\n".join(comment_texts(example_run.run_folder / pipeline.REVIEW))
    assert "来源：市生态环境局、市农业农村局、市卫健委、市水务局（多个单位报送的相同内容，已合并）" in notes
    assert "主题：提升执法队伍素质（关键词：" in notes


def test_it_reads_as_a_report(example_run: BuildResult) -> None:
    check_reads_as_a_report(example_run)


def test_the_regions_figures_are_inside_the_paragraphs_of_their_themes(example_run: BuildResult) -> None:
    public, _ = texts(example_run)
    lines = public.split("\n")
    # no paragraph of figures opens a topic: the line after each （一） heading is a themed paragraph
    after = [lines[i + 1] for i, line in enumerate(lines[:-1]) if re.match(r"^（[一二三四五六七八九十]+）", line)
             and "一、" in public[:public.index(line)] and "二、" not in public[:public.index(line)]]
    assert after and all(re.match(r"^一是|^[^，。]{0,30}[^0-9。]{6}", a) for a in after)
    recon = next(line for line in lines if "行政复议化解行政争议主渠道作用。" in line)
    # the item states 180件 and 31件 as the region's: the report's sentence adds what it lacks, not a repeat
    assert recon.count("180件") == 1 and recon.count("31件") == 1
    assert "全市审结行政复议案件156件，纠错率19.9%，提高3.8个百分点。" in recon
    suits = next(line for line in lines if "做好行政应诉工作。" in line)
    assert "出庭应诉率93.8%" in suits  # the metric the plan sets a target for is never budgeted out
    # a change is never printed without its figure
    assert not re.search(r"\d+件，(?:提高|下降)\d", public)


def test_review_notes_say_how_each_item_was_attributed(example_run: BuildResult) -> None:
    notes = "\n".join(comment_texts(example_run.run_folder / pipeline.REVIEW))
    assert "口径：" in notes
    public, _ = texts(example_run)
    assert "市公安局、市市场监管局等4个单位主要负责人切实履行推进法治建设第一责任人职责" in public


def test_the_placement_sheet_locates_items_as_the_unit_wrote_them(example_run: BuildResult) -> None:
    sheet = pd.read_excel(example_run.run_folder / pipeline.VALIDATION, sheet_name="文字材料归类")
    place = {Path(f).suffix: p for f, p in zip(sheet["文件"], sheet["位置"], strict=True)}
    assert place[".yaml"].startswith(("achievements[", "responsibility[", "problems[", "next_year[", "other["))
    assert place[".docx"].startswith("第") and "段" in place[".docx"]  # the Word report's paragraph
    assert place[".xlsx"].startswith("工作表「") and "行" in place[".xlsx"]  # the workbook's row
