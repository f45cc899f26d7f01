"""A workspace built from the published Haidong 2024 report (its paragraphs and figures spread over units
that write in their own first person), drafted back into a report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from annual_report import pipeline
from tests.docx_text import comment_texts
from tests.drafting.checks import (
    check_budgets,
    check_nothing_lost,
    check_reads_as_a_report,
    check_voice,
    texts,
)
from tests.seed_workspace import HAIDONG_SEED, build_haidong_workspace

pytestmark = pytest.mark.skipif(not HAIDONG_SEED.is_file(), reason=f"the seed report is not at {HAIDONG_SEED}")


@pytest.fixture(scope="module")
def haidong(tmp_path_factory: pytest.TempPathFactory) -> pipeline.BuildResult:
    root = tmp_path_factory.mktemp("haidong")
    seeded = build_haidong_workspace(root / "ws")
    return pipeline.build(seeded.root, root / "out")


def test_the_units_wrote_in_their_own_first_person(haidong: pipeline.BuildResult) -> None:
    sent = " ".join(i.text for sub in haidong.report.submissions.values() for i in sub.achievements)
    assert {"我局", "本局", "我县", "我区", "本办", "本系统"} <= {w for w in ("我局", "本局", "我县", "我区", "本办", "本系统")
                                                        if w in sent}


def test_budgets_voice_and_nothing_lost(haidong: pipeline.BuildResult) -> None:
    check_budgets(haidong)
    check_voice(haidong)
    check_nothing_lost(haidong)


def test_the_stated_correction_rate_is_flagged_against_the_recomputed_one(haidong: pipeline.BuildResult) -> None:
    public, _ = texts(haidong)
    assert "纠错率20.2%" in public and "17.3%" not in public
    findings = pd.read_excel(haidong.run_folder / pipeline.VALIDATION, sheet_name="问题清单")
    mismatch = findings.loc[findings["规则"] == "text_figure_mismatch"]
    row = mismatch.loc[mismatch["说明"].str.contains("17.3%")].iloc[0]
    assert "20.2%" in row["说明"] and row["级别"] == "警告" and row["单位"] == "海东市司法局"
    assert row["位置"].startswith("achievements[") and Path(row["文件"]).name == "sfj.yaml"
    notes = "\n".join(comment_texts(haidong.run_folder / pipeline.REVIEW))
    assert "所述数字与报送数字不一致，已略去：直接纠错率达17.3%" in notes


def test_two_counties_with_the_same_result_are_one_sentence_naming_both(haidong: pipeline.BuildResult) -> None:
    """The year's only 创建 result is kept (significance before budget), the two counties' items merged."""
    public, _ = texts(haidong)
    sentence = next(s for s in public.split("。") if "成功创建全省法治政府建设示范县区" in s)
    assert sentence.startswith(("乐都区、化隆县", "化隆县、乐都区")) or "乐都区、化隆县成功创建" in sentence
    assert public.count("成功创建全省法治政府建设示范县区") == 1


def test_it_reads_as_a_report(haidong: pipeline.BuildResult) -> None:
    check_reads_as_a_report(haidong)


def test_the_regions_work_is_not_credited_to_a_department(haidong: pipeline.BuildResult) -> None:
    public, _ = texts(haidong)
    assert "市司法局将习近平法治思想纳入" not in public and "全市将习近平法治思想纳入" in public
    assert "全市统筹资源配置和机构设置，组建市县两级党委社会工作部" in public
    assert "1948" not in public.replace("成立各类调解组织1948个", "")  # no county credited with it
    notes = "\n".join(comment_texts(haidong.run_folder / pipeline.REVIEW))
    assert "口径：全域的工作" in notes


def test_a_figure_an_item_states_is_not_cut_from_it(haidong: pipeline.BuildResult) -> None:
    public, _ = texts(haidong)
    assert "办理法律援助案件2323件，节约受援群众诉讼成本1066.4万元" in public
    assert "2024年，受案率较去年同期上升300%" not in public
    assert "2024年，全市受理行政复议申请416件，受案率较去年同期上升300%" in public


def test_the_appendix_agrees_with_the_body(haidong: pipeline.BuildResult) -> None:
    """No empty 上年/同比 columns (the seed workspace has no last year); the 审阅稿 lists the metrics nobody
    reported in one paragraph, and those the body states from a unit's text apart, never as 无数据."""
    import docx

    for edition in (pipeline.REPORT, pipeline.REVIEW):
        table = docx.Document(str(haidong.run_folder / edition)).tables[0]
        header = [c.text for c in table.rows[0].cells]
        assert header[:3] == ["指标", "单位", "本年"] and "上年" not in header and "同比" not in header
        assert all(row.cells[2].text != "无数据" for row in table.rows)
    _, review = texts(haidong)
    missing = next(line for line in review.split("\n") if line.startswith("以下") and "项指标没有单位报送数字" in line)
    assert "行政执法特邀监督员" not in missing.split("以下", 2)[1]
    assert "行政执法特邀监督员（正文据市司法局「聘任32名同志为海东市行政执法特邀监督员」）" in missing
