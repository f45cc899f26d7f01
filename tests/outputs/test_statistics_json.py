"""statistics.json and totals.csv: plain data the renderer and a later run read back."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from annual_report.outputs.statistics_json import write_statistics
from annual_report.statistics import Statistics
from annual_report.statistics.history import StatisticsFileError, read_statistics_json
from annual_report.wording import Figures


def test_json_holds_every_table(stats: Statistics, tmp_path: Path) -> None:
    json_path, _ = write_statistics(stats, Figures(stats), tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert (data["format"], data["year"], data["region"]) == ("annual-report/statistics", 2024, "示例市")
    totals = {t["metric"]: t for t in data["totals"]}
    assert totals["recon.received"]["value"] == 400
    assert isinstance(totals["recon.received"]["value"], int)
    assert totals["recon.correction_rate"] | {"value": None} == {
        "metric": "recon.correction_rate", "value": None, "units": None, "numerator": 72, "denominator": 356,
        "display": "20.2%", "formula": "行政复议直接纠错72件 ÷ 行政复议审结356件", "name": "行政复议纠错率",
        "unit": "%", "qualifier": ""}
    assert {r["unit"] for r in data["reporting"] if not r["submitted"]} == {"xz"}
    assert [t["status"] for t in data["targets"]] == ["未达标", "未达标", "达标", "无数据", "未达标"]
    assert len(data["outliers"]) == 4
    assert data["yoy"][0]["phrase"] == "与上年持平"


def test_csv_of_totals(stats: Statistics, tmp_path: Path) -> None:
    _, csv_path = write_statistics(stats, Figures(stats), tmp_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    table = pd.read_csv(csv_path, encoding="utf-8-sig").set_index("metric")
    assert table.loc["recon.received", "value"] == 400
    assert table.loc["jud.feedback_rate", "display"] == "无"


def test_read_back(stats: Statistics, tmp_path: Path) -> None:
    json_path, _ = write_statistics(stats, Figures(stats), tmp_path)
    year, totals, units = read_statistics_json(json.loads(json_path.read_text(encoding="utf-8")))
    assert year == 2024
    assert totals.set_index("metric").loc["lit.lost", "value"] == 50
    assert len(units) == len(stats.values)


def test_other_json_is_refused() -> None:
    with pytest.raises(StatisticsFileError, match="format"):
        read_statistics_json({"year": 2024})
