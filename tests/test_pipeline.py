"""The plain-Python pipeline end to end: determinism, and what a unit's error does to the report."""

from __future__ import annotations

import json

import pandas as pd

from annual_report import pipeline
from tests.conftest import EXAMPLE
from tests.docx_text import comment_texts, document_text


def test_building_twice_gives_the_same_report(example_run: pipeline.BuildResult) -> None:
    first = example_run.run_folder
    second = pipeline.build(EXAMPLE, first.parents[2]).run_folder
    assert first != second  # a new run folder each time, nothing overwritten
    for name in (pipeline.REPORT, pipeline.REVIEW):
        assert document_text(first / name) == document_text(second / name)
    assert json.loads((first / "statistics.json").read_text(encoding="utf-8")) == json.loads(
        (second / "statistics.json").read_text(encoding="utf-8"))
    manifests = [json.loads((f / "manifest.json").read_text(encoding="utf-8")) for f in (first, second)]
    assert manifests[0]["inputs"] == manifests[1]["inputs"]
    assert manifests[0]["outputs"]["report.docx"] == manifests[1]["outputs"]["report.docx"]


def test_the_review_edition_names_sources_and_the_public_edition_does_not(example_run: pipeline.BuildResult) -> None:
    folder = example_run.run_folder
    public = "\n".join(document_text(folder / pipeline.REPORT))
    review = "\n".join(document_text(folder / pipeline.REVIEW))
    notes = "\n".join(comment_texts(folder / pipeline.REVIEW))
    assert "来源：" not in public and "来源：" not in review and "来源：市司法局" in notes
    # a unit's template-looking text appears literally wherever it lands, never evaluated to 49
    assert "“{{ 7*7 }}法治小区”" in public + review and "49法治小区" not in public + review
    assert "未计入合计" in notes and "未计入合计" not in public


def test_example_workbook_totals_equal_the_sums_of_the_unit_rows(example_run: pipeline.BuildResult) -> None:
    folder = example_run.run_folder
    ws, _ = pipeline.load(EXAMPLE)
    summary = pd.read_excel(folder / pipeline.STATISTICS, sheet_name="汇总").set_index("指标编号")
    units = pd.read_excel(folder / pipeline.STATISTICS, sheet_name="分单位")
    units = units.iloc[: int(units.isna().all(axis=1).to_numpy().argmax()) or len(units)]  # the first table only
    role_column = {"as_authority": "作为复议机关", "as_respondent": "作为被申请人、被告"}
    checked = 0
    for metric in ws.catalogue.counts:
        if metric.id not in summary.index or metric.name not in units:
            continue
        rows = units if metric.role is None else units.loc[units[role_column[metric.role]] == "是"]
        total = summary.at[metric.id, "全域合计"]
        assert total == rows[metric.name].sum() or (pd.isna(total) and rows[metric.name].isna().all()), metric.id
        checked += 1
    assert checked >= 40
    # the 复议 cases are counted once: only the 复议机关's office reports them into the total
    assert summary.at["recon.received", "全域合计"] == 180
