"""A generated workbook, filled in and saved, is read back and validated — also after LibreOffice re-saves
it — with every value located by sheet, row and column."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annual_report import pipeline
from annual_report.forms.generate import write_forms
from annual_report.intake import form_layout as layout
from annual_report.intake.forms import task_numbers
from annual_report.validation import UnitStatus
from annual_report.word import preview

EXAMPLE = Path(__file__).parents[2] / "inputs" / "example-2024"


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("submissions"))
    (root / "submissions").mkdir()
    return root


def _fill(path: Path, values: dict[str, object]) -> Path:
    """What a unit does in Excel: figures, contact, items with drop-down choices, then save."""
    book = load_workbook(path)
    figures = book[layout.FIGURES]
    for row in figures.iter_rows(min_row=layout.FIRST_ROW):
        metric = row[layout.METRIC_COLUMN - 1].value
        if metric:
            row[layout.VALUE_COLUMN - 1].value = values.get(metric, 5)
    other = next(r[0].row for r in figures.iter_rows() if str(r[0].value or "").startswith("三、其他数字")) + 1
    for row, (name, measure, value) in enumerate((("受理信访事项", "件", 42), ("法律顾问进村服务", "次", 16)), start=other):
        figures.cell(row, layout.NAME_COLUMN, name)
        figures.cell(row, layout.MEASURE_COLUMN, measure)
        figures.cell(row, layout.VALUE_COLUMN, value)
    info = book[layout.INSTRUCTIONS]
    labels = list(layout.FIELD_LABELS)
    for key, value in (("contact_name", "张三"), ("contact_phone", 13800000000),
                       ("submitted_on", dt.datetime(2025, 2, 20))):
        info.cell(layout.FIELDS_ROW + labels.index(key), 2).value = value
    topics = [c.value for c in book[layout.OPTIONS]["A"][1:] if c.value]
    first = layout.FIRST_ROW
    achievements = book["主要举措和成效"]
    achievements.cell(first, 2, "组织全局执法人员参加集中培训3次，覆盖执法人员228人。")
    achievements.cell(first, 3, topics[4])  # 严格规范公正文明执法
    achievements.cell(first, 5, "16 落实行政机关负责人出庭应诉制度")
    achievements.cell(first + 1, 2, "落实行政机关负责人出庭应诉制度。")
    achievements.cell(first + 1, 5, "3、16")
    achievements.cell(first + 3, 3, topics[0])  # a heading chosen, no text written
    book["第一责任人履职情况"].cell(first, 2, "局主要负责同志年终述法。")
    book["存在的不足和原因"].cell(first, 2, "基层执法力量不足。")
    book["下一年度安排"].cell(first, 2, "继续开展执法案卷评查。")
    book.save(path)
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _workspace(tmp_path_factory.mktemp("forms"))
    ws, plan = pipeline.load(root)
    (path,) = write_forms(ws, plan, root / "submissions", ["gaj"])
    return _fill(path, {"lead.lectures": 12, "lit.first_instance_closed": 11, "lit.lost": 1})


def _check(root: Path):  # type: ignore[no-untyped-def]
    report = pipeline.check(root, pipeline.Runner()).report
    return report.units["gaj"], [f for f in report.findings if f.unit == "gaj"]


def test_a_filled_workbook_is_a_submission(filled: Path) -> None:
    unit, findings = _check(filled.parents[1])
    assert unit.status in (UnitStatus.SUBMITTED, UnitStatus.WARNING), [f.message for f in findings]
    submission = unit.submission
    assert submission.metrics["lead.lectures"] == 12 and submission.metrics["lit.lost"] == 1
    assert submission.submitted_at.date() == dt.date(2025, 2, 20) and submission.contact.phone == "13800000000"
    first, second = submission.achievements[:2]
    assert first.topic == "enforcement" and first.tasks == ["16"] and "228人" in first.text
    assert second.tasks == ["3", "16"] and second.topic is None
    assert [i.text for i in submission.problems] == ["基层执法力量不足。"]
    assert submission.metrics["petition.received"] == 42  # a catalogue name chosen in 其他数字 is counted
    assert [(f.name, f.unit, f.value) for f in submission.other_figures] == [("法律顾问进村服务", "次", 16)]
    empty = next(f for f in findings if f.rule == "empty_text")
    assert empty.location == "工作表「主要举措和成效」第7行 B列"  # the row with a heading and no text


def test_a_wrong_value_is_named_by_sheet_row_and_column(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    ws, plan = pipeline.load(root)
    (path,) = write_forms(ws, plan, root / "submissions", ["gaj"])
    _fill(path, {"lit.first_instance_closed": 2, "lit.lost": 3, "lead.lectures": "约12次"})
    unit, findings = _check(root)
    assert unit.status is UnitStatus.ERROR
    lost = next(f for f in findings if f.rule == "lit.lost_le_closed")
    assert "行政诉讼败诉（3）" in lost.message
    bad = next(f for f in findings if f.metric == "lead.lectures")
    assert bad.location.startswith("工作表「统计数据」第") and bad.location.endswith(" F列")


def test_a_hidden_sheet_added_to_a_workbook_is_not_read_and_the_unit_is_told(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    ws, plan = pipeline.load(root)
    (path,) = write_forms(ws, plan, root / "submissions", ["gaj"])
    _fill(path, {"lead.lectures": 12})
    book = load_workbook(path)
    draft = book.copy_worksheet(book[layout.FIGURES])  # a draft with other figures, hidden
    draft.title, draft.sheet_state = "草稿（作废）", "hidden"
    for row in draft.iter_rows(min_row=layout.FIRST_ROW):
        if row[layout.METRIC_COLUMN - 1].value == "lead.lectures":
            row[layout.VALUE_COLUMN - 1].value = 80
    book.save(path)
    unit, findings = _check(root)
    assert unit.submission.metrics["lead.lectures"] == 12  # the visible sheet's figure
    hidden = next(f for f in findings if f.rule == "hidden_sheet")
    assert "「草稿（作废）」未读取" in hidden.message


@pytest.mark.skipif(preview.soffice_path() is None, reason=f"needs LibreOffice: {preview.INSTALL_HINT}")
def test_a_workbook_resaved_by_libreoffice_still_validates(filled: Path, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    subprocess.run([str(preview.soffice_path()), "--headless", "--convert-to", "xlsx", "--outdir",
                    str(root / "submissions"), str(filled)], check=True, capture_output=True, timeout=120)
    unit, findings = _check(root)
    assert unit.status in (UnitStatus.SUBMITTED, UnitStatus.WARNING), [f.message for f in findings]
    assert unit.submission.metrics["lead.lectures"] == 12
    assert unit.submission.achievements[0].tasks == ["16"] and unit.submission.achievements[0].topic == "enforcement"
    assert unit.submission.submitted_at.date() == dt.date(2025, 2, 20)


@pytest.mark.parametrize(("cell", "numbers"), [
    ("16 落实行政机关负责人出庭应诉制度", ["16"]), ("3、16", ["3", "16"]), ("第3项，第16项", ["3", "16"]),
    ("3(2)", ["3(2)"]), ("三", ["三"])])
def test_task_numbers_from_a_cell(cell: str, numbers: list[str]) -> None:
    assert task_numbers(cell) == numbers
