"""A unit's own report (`build --unit`): drafted from the submission the region counts, so its figures are
the region's per-unit figures; in the unit's own voice, five parts, 同比 from the unit's rows of history/,
its name in the title and the 落款."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annual_report import pipeline
from annual_report.cli import app
from annual_report.report.own import OwnReportError
from tests.conftest import EXAMPLE
from tests.docx_text import document_text


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> pipeline.BuildResult:
    return pipeline.build(EXAMPLE, tmp_path_factory.mktemp("own"), unit="市司法局")


def _json(folder: Path) -> dict:
    return json.loads((folder / "statistics.json").read_text(encoding="utf-8"))


def test_its_figures_are_the_regions_per_unit_figures(own: pipeline.BuildResult,
                                                      example_run: pipeline.BuildResult) -> None:
    mine, region = _json(own.run_folder), _json(example_run.run_folder)
    counts = {r["metric"]: r["value"] for r in mine["totals"] if r["numerator"] is None and r["value"] is not None}
    per_unit = {r["metric"]: r["value"] for r in region["units"] if r["unit"] == "sfj"}
    assert counts and counts == per_unit
    rates = {r["metric"]: r["value"] for r in mine["totals"] if r["numerator"] is not None}
    unit_rates = {r["metric"]: r["percent"] for r in region["unit_rates"] if r["unit"] == "sfj"}
    assert rates and {m: round(v, 6) for m, v in rates.items()} == {m: round(v, 6) for m, v in unit_rates.items()}


def test_it_is_the_units_report_in_its_own_voice(own: pipeline.BuildResult) -> None:
    assert own.run_folder.parent.parent.name == "units" and own.run_folder.parent.name == "sfj"
    text = "\n".join(document_text(own.run_folder / pipeline.REPORT))
    assert text.startswith("示例市司法局2024年度\n法治政府建设情况报告")
    headings = [line for line in text.split("\n") if line[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert [h[2:] for h in headings] == ["2024年推进法治政府建设的主要举措和成效", "主要负责人履行推进法治建设第一责任人职责情况",
                                         "存在的不足和原因", "下一年度推进法治政府建设的主要安排", "其他需要报告的情况"]
    assert "市政府法律顾问室设在本局" in text  # 本局 is right here: no first-person rewrite
    assert "本局全年开展行政检查64次，同比增长10.3%" in text  # 同比 from its own rows of history/
    assert "市公安局" not in text and "全市各单位开展会前学法" not in text  # no other unit's work, no region totals
    signature = text[text.index("附件："):].split("\n")
    assert signature[3:5] == ["示例市司法局", "2025年2月26日"]  # its name; the day it submitted


def test_the_statistics_appendix_has_last_year_from_the_units_history(own: pipeline.BuildResult) -> None:
    import docx

    table = docx.Document(str(own.run_folder / pipeline.REPORT)).tables[0]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    assert rows["行政检查"][2:5] == ["64", "58", "同比增长10.3%"]


def test_a_unit_without_material_or_unknown_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(OwnReportError, match="示例市白沙乡人民政府没有可用的报送材料"):
        pipeline.build(EXAMPLE, tmp_path, unit="town-baisha")
    assert not list(tmp_path.rglob("manifest.json"))
    result = CliRunner().invoke(app, ["build", str(EXAMPLE), "--out", str(tmp_path), "--unit", "市气象局",
                                      "--no-prefect"])
    assert result.exit_code == 2 and "没有编号或名称为「市气象局」的单位" in result.output
    result = CliRunner().invoke(app, ["build", str(EXAMPLE), "--out", str(tmp_path), "--unit", "白沙乡",
                                      "--no-prefect"])
    assert result.exit_code == 1 and "没有可用的报送材料" in result.output
