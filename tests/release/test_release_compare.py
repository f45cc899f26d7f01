"""Changes between drafts: `compare` writes the newer 公开稿 with tracked changes against the older one, a
changed figure as one deleted and one inserted number, and a first page naming the totals that changed and
why. LibreOffice's accept-all gives the newer text, reject-all the older one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.pipeline import BuildResult
from annual_report.release.compare import AUTHOR, compare_runs
from annual_report.release.runs import open_run
from annual_report.text.diff import tokens
from tests.docx_text import document_text
from tests.release.conftest import BuildWith, copy_run, lo_revisions, needs_uno

FIGURE = "enf.inspections"  # 行政检查: a count in no rate and without last year's figure


def _marks(path: Path) -> tuple[list[str], list[str], list[str]]:
    """The text of each deletion and insertion of runs, and the dates of all revision marks."""
    body = docx.Document(str(path)).element.body
    runs = [m for m in body.iter(qn("w:del"), qn("w:ins")) if m.getparent().tag not in (qn("w:rPr"), qn("w:trPr"))]
    deleted = ["".join(t.text or "" for t in m.iter(qn("w:delText"))) for m in runs if m.tag == qn("w:del")]
    inserted = ["".join(t.text or "" for t in m.iter(qn("w:t"))) for m in runs if m.tag == qn("w:ins")]
    dates = [m.get(qn("w:date")) for m in body.iter(qn("w:del"), qn("w:ins"))]
    assert {m.get(qn("w:author")) for m in body.iter(qn("w:del"), qn("w:ins"))} <= {AUTHOR}
    return deleted, inserted, dates


def _count(path: Path, token: str) -> int:
    return sum(tokens(line).count(token) for line in document_text(path))


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def test_a_changed_unit_figure_is_one_changed_number_wherever_it_shows(small_runs: BuildWith) -> None:
    older, newer = small_runs({FIGURE: 4321}), small_runs({FIGURE: 4567})
    before = _files(newer)
    path = compare_runs(open_run(older), open_run(newer))
    assert path == newer / f"changes-since-{older.name}.docx"
    assert _files(newer) == before | {path.name: _files(newer)[path.name]}  # the run's own files untouched
    deleted, inserted, dates = _marks(path)
    shown = _count(newer / "report.docx", "4567")
    assert shown >= 1 and _count(older / "report.docx", "4321") == shown
    assert deleted == ["4321"] * shown and inserted == ["4567"] * shown
    finished = json.loads((newer / "manifest.json").read_text("utf-8"))["finished"]
    assert set(dates) == {finished + "Z"}
    text = document_text(path)
    stats = {t["metric"]: t for t in json.loads((newer / "statistics.json").read_text("utf-8"))["totals"]}
    row = text[text.index(stats[FIGURE]["name"]):][:4]
    assert row[1:3] == ["4321次", "4567次"]
    assert "测试市公安局更正为4567次（原4321次）" in row[3]


def test_equal_runs_compare_without_marks(small_runs: BuildWith) -> None:
    older, newer = small_runs({}), small_runs({})
    path = compare_runs(open_run(older), open_run(newer))
    assert _marks(path)[:2] == ([], [])
    assert any("正文完全相同" in line for line in document_text(path))
    assert any("各项合计没有变化" in line for line in document_text(path))


def _office_edit(report: Path) -> None:
    """What an office does in Word: a figure corrected, a paragraph cut, one written, a table row removed and
    a cell changed."""
    document = docx.Document(str(report))
    paragraphs = [p for p in document.paragraphs if len(p.text) > 40]
    first, cut, after = paragraphs[1], paragraphs[3], paragraphs[5]
    number = next(t for t in tokens(first.text) if t.isdigit())
    run = next(r for r in first.runs if number in r.text)
    run.text = run.text.replace(number, str(int(number) + 7), 1)
    cut._p.getparent().remove(cut._p)
    added = Paragraph(after._p.makeelement(qn("w:p")), after._parent)
    after._p.addnext(added._p)
    added.add_run("二〇二五年新写的一段，含数字48件。")
    table = document.tables[0]
    table._tbl.remove(table.rows[2]._tr)
    cell = table.rows[4].cells[2].paragraphs[0]
    cell.runs[0].text = "999"
    document.save(str(report))


def test_the_changes_document_is_valid_ooxml(example_run: BuildResult, tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    older = copy_run(example_run, tmp_path, "20250318T090000-aaaaaa")
    newer = copy_run(example_run, tmp_path, "20250320T101500-bbbbbb")
    _office_edit(newer / "report.docx")
    result = OpenXmlValidator().validate(compare_runs(open_run(older), open_run(newer)))
    assert [e.description for e in result.errors] == []


@needs_uno
def test_libreoffice_accepting_all_gives_the_newer_text_and_rejecting_the_older(example_run: BuildResult,
                                                                                   tmp_path: Path) -> None:
    older = copy_run(example_run, tmp_path, "20250318T090000-aaaaaa")
    newer = copy_run(example_run, tmp_path, "20250320T101500-bbbbbb")
    _office_edit(newer / "report.docx")
    assert open_run(newer).edited and not open_run(older).edited
    path = compare_runs(open_run(older), open_run(newer))
    text = document_text(path)
    summary = text[: text.index(document_text(newer / "report.docx")[0])]
    assert "生成后经过编辑" in "".join(summary)
    deleted, inserted, _ = _marks(path)
    assert str(int(deleted[0]) + 7) in inserted  # the corrected figure
    assert "二〇二五年新写的一段，含数字48件。" in inserted and "999" in inserted
    accepted, rejected = tmp_path / "accepted.docx", tmp_path / "rejected.docx"
    assert lo_revisions(path, "Accept", accepted) > 0
    lo_revisions(path, "Reject", rejected)
    for result, source in ((accepted, newer), (rejected, older)):
        lines = document_text(result)
        assert lines[: len(summary)] == summary
        assert [line for line in lines[len(summary):] if line] == \
            [line for line in document_text(source / "report.docx") if line]


def test_compare_command_writes_beside_the_newer_run_and_refuses_what_is_no_run(small_runs: BuildWith,
                                                                                  tmp_path: Path) -> None:
    older, newer = small_runs({FIGURE: 10}), small_runs({FIGURE: 12})
    result = CliRunner().invoke(app, ["compare", older.name, str(newer)])  # a sibling run by its id
    assert result.exit_code == 0, result.output
    assert Path(result.output.strip()) == newer / f"changes-since-{older.name}.docx"
    assert Path(result.output.strip()).is_file()
    result = CliRunner().invoke(app, ["compare", str(tmp_path), str(newer)])
    assert result.exit_code == 2 and "manifest.json" in result.output
    result = CliRunner().invoke(app, ["compare", str(newer), str(newer)])
    assert result.exit_code == 2 and "两次运行相同" in result.output
    (older / "report.docx").write_bytes(b"not a document")
    result = CliRunner().invoke(app, ["compare", str(older), str(newer)])
    assert result.exit_code == 2 and "无法作为 Word 文档打开" in result.output


@pytest.mark.parametrize("old,new", [("审结156件，同比增长13.9%。", "审结160件，同比增长16.8%。")])
def test_numbers_are_whole_tokens(old: str, new: str) -> None:
    from annual_report.text.diff import compare

    assert [(c.old, c.new) for c in compare(old, new) if c.tag != "equal"] == [("156", "160"), ("13.9%", "16.8%")]
