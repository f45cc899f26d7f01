"""statistics.xlsx written, read back with pandas and openpyxl, and opened with LibreOffice when possible."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from annual_report.outputs.statistics_xlsx import write_statistics_workbook
from annual_report.pipeline import load
from annual_report.word.preview import soffice_path, to_pdf
from annual_report.statistics import Statistics, compute_statistics, read_history
from annual_report.wording import Figures
from tests.conftest import MakeWorkspace, validated
from tests.validation.test_rules import submission

SHEETS = ["汇总", "分单位", "同比", "目标完成", "报送情况", "异常值"]


@pytest.fixture(scope="module")
def xlsx(stats: Statistics, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_statistics_workbook(stats, Figures(stats), tmp_path_factory.mktemp("book") / "statistics.xlsx")


def test_sheets(xlsx: Path) -> None:
    assert openpyxl.load_workbook(xlsx).sheetnames == SHEETS


def test_totals_equal_the_sums_of_the_unit_rows(stats: Statistics, xlsx: Path) -> None:
    book = pd.read_excel(xlsx, sheet_name=None)
    summary, units = book["汇总"].set_index("指标编号"), book["分单位"]
    checked = 0
    for metric in stats.catalogue.counts:
        if pd.isna(summary.loc[metric.id, "全域合计"]):
            assert units[metric.name].isna().all() or metric.role
            continue
        rows = units if metric.role is None else units[units[f"作为{stats.catalogue.roles[metric.role]}"] == "是"]
        assert summary.loc[metric.id, "全域合计"] == rows[metric.name].sum(), metric.id
        checked += 1
    assert checked == 22


def test_rates_are_values_of_their_counts(stats: Statistics, xlsx: Path) -> None:
    summary = pd.read_excel(xlsx, sheet_name="汇总").set_index("指标编号")
    row = summary.loc["recon.correction_rate"]
    assert row["全域合计"] == pytest.approx(72 / 356)
    assert (row["分子"], row["分母"]) == (72, 356)
    assert row["公式"] == "行政复议直接纠错72件 ÷ 行政复议审结356件"
    assert summary.loc["jud.feedback_rate", "全域合计"] == "无"


def test_count_totals_carry_a_live_sum_formula(xlsx: Path) -> None:
    sheet = openpyxl.load_workbook(xlsx)["汇总"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    check = header.index("Excel 合计（核对）")
    assert rows["lead.preleague_study"][check].value == "=SUM('分单位'!F2:F11)"
    assert rows["recon.received"][check].value == "=SUMIFS('分单位'!BK2:BK11,'分单位'!D2:D11,\"是\")"
    assert rows["recon.correction_rate"][check].value is None


def test_headers_frozen_and_number_formats(xlsx: Path) -> None:
    book = openpyxl.load_workbook(xlsx)
    summary = book["汇总"]
    assert summary.freeze_panes == "C2"
    assert all(book[name].freeze_panes for name in SHEETS)
    rows = {r[0].value: r for r in summary.iter_rows(min_row=2)}
    assert rows["recon.correction_rate"][4].number_format == "0.0%"
    assert rows["recon.received"][4].number_format == "0"
    assert summary.column_dimensions["B"].width > summary.column_dimensions["D"].width  # CJK names are wide


def test_text_that_looks_like_a_formula_stays_text(stats: Statistics, tmp_path: Path) -> None:
    units = stats.units.assign(name=stats.units["name"].where(stats.units["unit"] != "sfj", "=1+1"))
    changed = replace(stats, units=units)
    path = write_statistics_workbook(changed, Figures(changed), tmp_path / "s.xlsx")
    cell = openpyxl.load_workbook(path)["分单位"]["B2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


@pytest.fixture(scope="module")
def soffice() -> str:
    found = soffice_path()
    if found is None or not (Path(os.path.realpath(found)).parent / "libsclo.so").exists():
        pytest.skip("LibreOffice Calc is not installed; to run this check: apt-get install libreoffice-calc-nogui")
    return found


def test_libreoffice_opens_the_workbook(soffice: str, xlsx: Path, tmp_path: Path) -> None:
    assert to_pdf(xlsx, tmp_path).stat().st_size > 0


def test_libreoffice_computes_the_sum_formulas_to_the_totals(soffice: str, xlsx: Path, tmp_path: Path) -> None:
    # CSV export holds the first sheet (汇总) with every formula calculated
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
                    str(xlsx)], check=True, capture_output=True, timeout=300)
    summary = pd.read_csv(tmp_path / "statistics.csv")
    computed = summary.dropna(subset=["Excel 合计（核对）"])
    assert len(computed) == 22
    assert (computed["Excel 合计（核对）"] == computed["全域合计"].astype(float)).all()


def test_qualifiers_and_decimals_show_through_number_formats_and_other_figures_sit_under_the_units(
        make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    base = {"lit.first_instance_closed": 3, "lit.lost": 1}
    root = make_workspace({
        "gaj.yaml": submission(metrics=base | {"pufa.events": "90余"},
                               other_figures=[{"name": "执法办案管理中心", "unit": "个", "value": "3余"}]),
        "sfj.yaml": submission(unit="sfj", metrics=base | {"pufa.events": 10}),
    }, {"statistics": {"decimals": {"lit.loss_rate": 2}}})
    ws, plan, report = validated(root)
    stats = compute_statistics(ws, report, plan)
    book = openpyxl.load_workbook(write_statistics_workbook(stats, Figures(stats), tmp_path / "statistics.xlsx"))
    summary = {row[0].value: row[4] for row in book["汇总"].iter_rows(min_row=2)}
    assert (summary["pufa.events"].value, summary["pufa.events"].number_format) == (100, '0"余"')
    assert summary["lit.loss_rate"].number_format == "0.00%" and summary["lit.lost"].number_format == "0"
    units = list(book["分单位"].iter_rows(values_only=True))
    column = units[0].index("普法宣传活动")
    cells = {row[0].value: row[column] for row in book["分单位"].iter_rows(min_row=2, max_row=3)}
    assert (cells["sfj"].number_format, cells["gaj"].number_format) == ("0", '0"余"')
    assert units[3] == (None,) * len(units[3])  # a blank row, then the figures outside the catalogue
    assert units[4][:5] == ("单位编号", "单位名称", "目录外数字（未计入合计）", "数值", "计量单位")
    assert units[5][:5] == ("gaj", "测试市公安局", "执法办案管理中心", 3, "个")
    # a later year reads the workbook back: the table under the units is not taken for units
    (root / "history").mkdir()
    book.save(root / "history" / "2023.xlsx")
    read = read_history(load(root)[0])
    assert read.findings == [] and len(read.units) == len(stats.values)
