"""history/ files (CSV, YAML, the package's own statistics.json) and the year-over-year table."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from annual_report.outputs.statistics_json import write_statistics
from annual_report.outputs.statistics_xlsx import write_statistics_workbook
from annual_report.pipeline import load
from annual_report.statistics import Statistics, compute_statistics, read_history
from annual_report.statistics.yoy import yoy_table
from annual_report.wording import Figures


def phrases(stats: Statistics) -> dict[str, str]:
    figures = Figures(stats)
    return {m: figures.yoy(m).phrase for m in stats.yoy["metric"]}


def test_yoy_numbers_for_counts(stats: Statistics) -> None:
    yoy = stats.yoy.set_index("metric")
    assert (yoy.at["recon.received", "this_year"], yoy.at["recon.received", "last_year"]) == (400, 100)
    assert yoy.at["recon.received", "change"] == 300 and yoy.at["recon.received", "change_percent"] == 300
    assert pd.isna(yoy.at["aid.cases", "change_percent"])  # from 0: no percentage


def test_yoy_rate_keeps_last_years_counts(stats: Statistics) -> None:
    yoy = stats.yoy.set_index("metric")
    assert (yoy.at["lit.appearance_rate", "last_numerator"], yoy.at["lit.appearance_rate", "last_denominator"]) \
        == (150, 180)
    assert pd.isna(yoy.at["lit.loss_rate", "last_numerator"])  # history gives only the percentage


def test_unit_history_is_matched_by_name_and_unknown_units_are_reported(stats: Statistics) -> None:
    units = stats.history_units
    assert set(units["unit"]) == {"gaj", "scjg", "hbj"}
    assert units.loc[(units["unit"] == "hbj") & (units["metric"] == "enf.penalties"), "value"].item() == 40
    assert [f.rule for f in stats.findings if f.rule.startswith("history")] == ["history_unknown_unit"]


def test_yaml_history_and_bad_values(city_copy: Path) -> None:
    history = city_copy / "history"
    (history / "2022.yaml").write_text("recon.received: 80\n规范性文件报备: 12\n不存在的指标: 3\n", encoding="utf-8")
    (history / "2021.csv").write_text("recon.received,很多\n", encoding="utf-8")
    ws, _ = load(city_copy)
    read = read_history(ws)
    y2022 = read.totals[read.totals["year"] == 2022].set_index("metric")["value"]
    assert y2022.to_dict() == {"recon.received": 80, "norm.filed": 12}
    rules = {f.rule for f in read.findings}
    assert {"history_unknown_metric", "history_non_numeric"} <= rules


def test_statistics_json_reads_back_as_history(stats: Statistics, city_copy: Path, tmp_path: Path) -> None:
    history = city_copy / "history"
    shutil.rmtree(history)
    write_statistics(stats, Figures(stats), history)
    (history / "totals.csv").unlink()
    ws, _ = load(city_copy)
    read = read_history(ws)
    counts = stats.totals.merge(stats.metrics[["metric", "is_rate"]], on="metric")
    counts = counts[~counts["is_rate"] & counts["value"].notna()].set_index("metric")["value"]
    assert read.totals.set_index("metric")["value"].reindex(counts.index).tolist() == counts.tolist()
    assert len(read.units) == len(stats.values)
    # a run for the next year, against this one, finds every figure unchanged
    next_year = replace(stats, year=stats.year + 1)
    assert set(phrases(replace(next_year, yoy=yoy_table(next_year, read.totals))).values()) == {"与上年持平"}


def test_totals_csv_reads_back_as_year_csv(stats: Statistics, city_copy: Path) -> None:
    history = city_copy / "history"
    shutil.rmtree(history)
    written = write_statistics(stats, Figures(stats), city_copy / "out")
    history.mkdir()
    shutil.copy(written[1], history / f"{stats.year}.csv")
    ws, _ = load(city_copy)
    read = read_history(ws)
    assert read.findings == []
    got = read.totals.set_index("metric")["value"]
    assert got["recon.received"] == 400
    assert got["recon.correction_rate"] == pytest.approx(7200 / 356)


def test_history_file_with_an_unknown_name_is_reported(city_copy: Path) -> None:
    (city_copy / "history" / "notes.txt").write_text("hello", encoding="utf-8")
    ws, _ = load(city_copy)
    assert [f.rule for f in read_history(ws).findings if f.file.endswith("notes.txt")] == ["history_ignored"]


def previous_year_workbook(stats: Statistics, city_copy: Path, name: str) -> Path:
    """The statistics.xlsx a run for the year before would have written, as the only file in history/."""
    history = city_copy / "history"
    shutil.rmtree(history)
    last_year = replace(stats, year=stats.year - 1)
    return write_statistics_workbook(last_year, Figures(last_year), history / name)


def test_statistics_workbook_reads_back_as_last_year(stats: Statistics, city_copy: Path) -> None:
    previous_year_workbook(stats, city_copy, "2023.xlsx")
    ws, _ = load(city_copy)
    read = read_history(ws)
    assert read.findings == []
    assert set(read.totals["year"]) == {2023}
    got = read.totals.set_index("metric")["value"]
    assert got["recon.received"] == 400
    assert got["recon.correction_rate"] == pytest.approx(7200 / 356)  # 20.2% written as 0.2022…
    assert "jud.feedback_rate" not in got.index  # written as 无 (0/0)
    assert "norm.issued" not in got.index  # nobody reported it
    assert len(read.units) == len(stats.values)  # 分单位, matched back by 单位编号
    assert read.units.set_index(["unit", "metric"]).loc[("gaj", "recon.received"), "value"] == 30

    # this year's run, with the same figures, uses it for every year-over-year phrase
    again = compute_statistics(ws, stats.values[["unit", "metric", "value"]])
    assert set(phrases(again).values()) == {"与上年持平"}
    figures = Figures(again)
    assert figures.yoy("recon.received").last == "400件"
    assert figures.yoy("lit.appearance_rate").last == "85.6%"
    assert figures.yoy("money.pufa_funds").last == "12.5万元"
    assert again.outliers.query("rule == 'outlier_yoy'").empty


def test_statistics_workbook_without_a_year_in_its_name_is_last_year(stats: Statistics, city_copy: Path) -> None:
    previous_year_workbook(stats, city_copy, "statistics.xlsx")
    (city_copy / "history" / "~$statistics.xlsx").write_bytes(b"lock")  # Excel's lock file: skipped
    ws, _ = load(city_copy)
    read = read_history(ws)
    assert set(read.totals["year"]) == {2023}
    assert [f.rule for f in read.findings] == ["history_year_assumed"]
    again = compute_statistics(ws, stats.values[["unit", "metric", "value"]], history=read)
    assert Figures(again).yoy("recon.received").phrase == "与上年持平"


def test_other_workbooks_are_reported(city_copy: Path) -> None:
    history = city_copy / "history"
    pd.DataFrame({"a": [1]}).to_excel(history / "2022.xlsx", sheet_name="其他", index=False)
    (history / "2021.xlsx").write_bytes(b"not a workbook")
    ws, _ = load(city_copy)
    read = read_history(ws)
    unreadable = sorted(f.file for f in read.findings if f.rule == "history_unreadable")
    assert unreadable == ["history/2021.xlsx", "history/2022.xlsx"]
    assert set(read.totals["year"]) == {2023}


def test_one_malformed_row_of_a_history_csv_costs_only_that_row(city_copy: Path) -> None:
    """A row with a number split by an unquoted comma used to make pandas refuse the whole file: last year's
    figures, the 同比 phrases and the chart all went with it."""
    path = city_copy / "history" / "2023.csv"
    ws, _ = load(city_copy)
    before = read_history(ws).totals
    path.write_text(path.read_text(encoding="utf-8") + "受理矛盾纠纷,1,234\n", encoding="utf-8")
    after = read_history(ws)
    assert len(after.totals) == len(before) and "med.accepted" not in set(after.totals["metric"])
    (finding,) = [f for f in after.findings if f.file == "history/2023.csv"]
    assert finding.rule == "history_split_number"
    assert "「受理矛盾纠纷」「1」「234」" in finding.message and finding.location.startswith("第")
