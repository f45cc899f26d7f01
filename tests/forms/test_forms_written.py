"""The fill-in workbook as written: the kind's required counts, last year's figures, drop-downs from the
outline, themes and plan, and protection everywhere but the yellow input cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from annual_report import pipeline
from annual_report.forms.generate import form_file_name, write_forms
from annual_report.intake import form_layout as layout

EXAMPLE = Path(__file__).parents[2] / "inputs" / "example-2024"


@pytest.fixture(scope="module")
def sfj(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    ws, plan = pipeline.load(EXAMPLE)
    (path,) = write_forms(ws, plan, tmp_path_factory.mktemp("forms"), ["sfj"])
    return ws, load_workbook(path)


def _figure_rows(book) -> list[tuple]:  # type: ignore[no-untyped-def]
    sheet = book[layout.FIGURES]
    return [r for r in sheet.iter_rows(min_row=layout.FIRST_ROW, values_only=True) if r[layout.METRIC_COLUMN - 1]]


def test_the_figures_sheet_lists_the_kinds_required_counts_first(sfj) -> None:  # type: ignore[no-untyped-def]
    ws, book = sfj
    rows = _figure_rows(book)
    required = ws.config.kinds["dept_enforcement"].required
    asked = [p for i in required for p in (ws.catalogue.by_id[i].parts or [i])]  # a combined count by its parts
    assert [r[1] for r in rows[:len(asked)]] == asked and "jud.procuratorial_received" in asked
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    by_id = {r[1]: r for r in rows}
    assert by_id["lead.lectures"][2] == "法治专题讲座" and by_id["lead.lectures"][3] == "次"
    assert by_id["lead.lectures"][4] == ws.catalogue.by_id["lead.lectures"].definition
    assert by_id["enf.officers"][6] == 36  # last year's figure from history/2023-units.csv
    assert by_id["recon.received"][6] == 152 and "recon.received" not in required  # optional: reported last year
    assert not any(ws.catalogue.by_id[r[1]].is_rate for r in rows)  # rates are computed, never asked for


def test_values_are_validated_whole_numbers_and_only_input_cells_are_open(sfj) -> None:  # type: ignore[no-untyped-def]
    _, book = sfj
    sheet = book[layout.FIGURES]
    assert sheet.protection.sheet and book.security.lockStructure
    value = sheet.cell(layout.FIRST_ROW + 1, layout.VALUE_COLUMN)
    rule = next(v for v in sheet.data_validations.dataValidation if value.coordinate in v.sqref)
    assert rule.type == "whole" and rule.formula1 == "0" and rule.showErrorMessage and "正整数" in rule.error
    assert rule.prompt  # the metric's definition as the input prompt
    assert not value.protection.locked and sheet.cell(layout.FIRST_ROW + 1, 3).protection.locked


def test_section_sheets_offer_topics_themes_and_plan_tasks(sfj) -> None:  # type: ignore[no-untyped-def]
    ws, book = sfj
    assert [s for s in book.sheetnames if s not in (layout.INSTRUCTIONS, layout.FIGURES, layout.OPTIONS)] == [
        "主要举措和成效", "第一责任人履职情况", "存在的不足和原因", "下一年度安排", "其他需要报告的情况"]
    sheet = book["主要举措和成效"]
    header = [c.value for c in sheet[layout.HEADER_ROW]]
    assert header[2] == "所属小标题" and header[4].startswith("对应工作要点任务编号")
    lists = {str(v.sqref)[0]: v for v in sheet.data_validations.dataValidation}
    topics = [c.value for c in book[layout.OPTIONS]["A"][1:] if c.value]
    assert topics == [t.heading for t in ws.config.outline.topics] and lists["C"].errorStyle == "stop"
    assert lists["E"].errorStyle == "warning"  # several task numbers may be typed
    options = [c for row in book[layout.OPTIONS].iter_rows(values_only=True) for c in row if c]
    assert "16 落实行政机关负责人出庭应诉制度" in options
    assert not sheet.cell(layout.FIRST_ROW, 2).protection.locked


def test_the_instructions_name_the_unit_and_its_tasks(sfj) -> None:  # type: ignore[no-untyped-def]
    _, book = sfj
    sheet = book[layout.INSTRUCTIONS]
    assert sheet["A2"].value == layout.MARKER
    fields = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(layout.FIELDS_ROW, layout.FIELDS_ROW + 7)}
    assert fields["单位编号"] == "sfj" and fields["年度"] == 2024 and fields["报送截止"] == "2025年3月1日"
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert "本单位牵头或参与的工作要点任务" in text and "16 落实行政机关负责人出庭应诉制度" in text


def test_a_unit_name_cannot_escape_the_folder() -> None:
    assert form_file_name("市../局:甲", 2024) == "市.._局_甲-2024年度报送表.xlsx"


def test_the_forms_command_writes_one_workbook_per_unit(tmp_path: Path) -> None:
    from tests.test_cli import cli

    ran = cli("forms", str(EXAMPLE), "--unit", "gaj", "--unit", "town-beihu", "--out", str(tmp_path))
    assert ran.returncode == 0 and "已生成 2 个单位的填报表格" in ran.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["北湖街道-2024年度报送表.xlsx", "市公安局-2024年度报送表.xlsx"]
    assert ran.stdout.splitlines() == [str(tmp_path / "市公安局-2024年度报送表.xlsx"),
                                       str(tmp_path / "北湖街道-2024年度报送表.xlsx")]
    ran = cli("forms", str(EXAMPLE), "--unit", "nosuch", "--out", str(tmp_path / "x"))
    assert ran.returncode == 2 and "nosuch" in ran.stderr and not (tmp_path / "x").exists()
