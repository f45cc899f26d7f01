"""A workspace built from the published Haidong 2024 report (its paragraphs and figures spread over units
that write in their own first person), drafted back into a report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from annual_report import pipeline
from tests.docx_text import comment_texts
from tests.drafting.checks import check_budgets, check_nothing_lost, check_voice, texts
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


def test_two_counties_saying_the_same_thing_keep_both_facts(haidong: pipeline.BuildResult) -> None:
    public, review = texts(haidong)
    for county in ("乐都区成功创建全省法治政府建设示范县区", "化隆县成功创建全省法治政府建设示范县区"):
        assert county in public + review
