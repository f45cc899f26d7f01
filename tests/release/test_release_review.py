"""`annual-report release RUN`: the pre-release review of the run's 公开稿 as the office left it. The example
releases clean; an edited 公开稿 with a personal name, a phone number and an internal document number stops
the release (exit 1) until each hit is edited out or marked 「经审查可以公开」 with a reason in release.yaml;
the record lists each hit with its page and sentence, the checklist, the reviewer and date, what was decided;
the 审阅稿 carries the hits as comments. The run's own files and manifest never change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from openxml_audit import OpenXmlValidator
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.pipeline import BuildResult
from annual_report.release.publishing import release, release_state
from annual_report.release.runs import open_run
from annual_report.word import preview
from tests.conftest import EXAMPLE
from tests.docx_text import comment_texts, document_text
from tests.release.conftest import copy_run

pytestmark = pytest.mark.skipif(preview.soffice_path() is None or not shutil.which("pdftotext"),
                                reason=f"needs LibreOffice and poppler-utils: {preview.INSTALL_HINT}")
NAME, PHONE, NUMBER = "王建国", "0971-6123456", "示司内〔2024〕3号"


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).parts[0] != "release"}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "example-2024"))


def _edit(report: Path) -> None:
    """The office adds a case with a name and a phone number, and cites an internal document, in Word."""
    document = docx.Document(str(report))
    long = [p for p in document.paragraphs if len(p.text) > 60]
    long[2].add_run(f"被处罚人{NAME}因超限运输被罚款2000元，咨询电话{PHONE}。")
    long[-2].add_run(f"详见{NUMBER}文件。")
    document.save(str(report))


def test_the_example_releases_clean_and_the_run_stays_as_it_was(example_run: BuildResult, workspace: Path,
                                                                tmp_path: Path) -> None:
    run = copy_run(example_run, tmp_path, "20250320T101500-aaaaaa")
    before = _files(run)
    done = release(open_run(run), workspace, "王芳", dt.date(2025, 3, 25))
    assert done.review.hits == [] and done.review.passed, done.review.problems
    assert _files(run) == before
    assert sorted(p.name for p in done.folder.iterdir()) == [
        "release-review.docx", "release.json", "report-review-hits.docx", "web"]
    assert sorted(p.name for p in (done.folder / "web").iterdir()) == ["index.html", "report.pdf"]
    record = "\n".join(document_text(done.folder / "release-review.docx"))
    assert "未发现不宜公开的内容" in record and "经审查，同意公开。" in record
    assert "审查人：王芳" in record and "2025年3月25日" in record
    state = release_state(open_run(run))
    assert state is not None and state["status"] == "passed" and state["current"] and state["reviewer"] == "王芳"


def test_hits_stop_the_release_until_edited_out_or_decided(example_run: BuildResult, workspace: Path,
                                                           tmp_path: Path) -> None:
    run = copy_run(example_run, tmp_path, "20250320T101500-bbbbbb")
    _edit(run / "report.docx")
    before = _files(run)
    result = CliRunner().invoke(app, ["release", str(run), "--workspace", str(workspace), "--reviewer", "王芳"])
    assert result.exit_code == 1, result.output
    assert "未处理  第" in result.output and f"「{NAME}」" in result.output and f"「{PHONE}」" in result.output
    assert not (run / "release" / "web").exists()
    hits = json.loads((run / "release" / "release.json").read_text("utf-8"))["hits"]
    assert [(h["rule"], h["text"]) for h in hits] == [("party_name", NAME), ("landline", PHONE),
                                                      ("internal_number", NUMBER)]
    assert all(isinstance(h["page"], int) and h["page"] >= 2 for h in hits)  # the 公开稿's pages, title on 1
    rows = document_text(run / "release" / "release-review.docx")
    sentence = f"被处罚人{NAME}因超限运输被罚款2000元，咨询电话{PHONE}。"
    assert sentence in rows and f"详见{NUMBER}文件。" in rows
    assert any(r.startswith("发现1处，1处未处理") for r in rows) and "暂不公开，须先处理以下事项：" in rows
    for name in ("release-review.docx", "report-review-hits.docx"):
        assert [e.description for e in OpenXmlValidator().validate(run / "release" / name).errors] == []
    notes = [c for c in comment_texts(run / "release" / "report-review-hits.docx") if c.startswith("保密审查")]
    assert len(notes) == 3 and all(f"「{h['text']}」（公开稿第{h['page']}页）" in n for h, n in zip(hits, notes, strict=True))

    (workspace / "release.yaml").write_text(yaml.safe_dump({"decisions": [
        {"text": PHONE, "decision": "经审查可以公开", "reason": "市司法局对外公布的法律咨询电话"},
        {"text": "不再出现的内容", "decision": "经审查可以公开", "reason": "已删"}]}, allow_unicode=True), "utf-8")
    document = docx.Document(str(run / "report.docx"))  # the office edits the name and the number out
    for paragraph in document.paragraphs:
        for r in paragraph.runs:
            r.text = r.text.replace(NAME, "王某").replace(f"详见{NUMBER}文件。", "")
    document.save(str(run / "report.docx"))
    assert release_state(open_run(run))["current"] is False
    result = CliRunner().invoke(app, ["release", str(run), "-w", str(workspace), "-r", "王芳"])
    assert result.exit_code == 0, result.output
    assert "可以公开  第" in result.output and result.output.strip().endswith("web/index.html")
    rows = document_text(run / "release" / "release-review.docx")
    assert "经审查可以公开：市司法局对外公布的法律咨询电话。" in rows and "经审查，同意公开。" in rows
    assert any("「不再出现的内容」" in r for r in rows)  # a decision whose text is gone is listed
    assert _files(run) == {**before, "report.docx": _files(run)["report.docx"]}  # only the office's edit


def test_a_release_without_a_reviewer_or_with_left_revisions_does_not_pass(example_run: BuildResult,
                                                                          workspace: Path, tmp_path: Path) -> None:
    run = copy_run(example_run, tmp_path, "20250320T101500-cccccc")
    review = release(open_run(run), workspace).review
    assert not review.passed and any("没有审查人" in p for p in review.problems)
    document = docx.Document(str(run / "report.docx"))
    paragraph = next(p for p in document.paragraphs if len(p.text) > 60)
    insertion = paragraph._p.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ins",
                                         {})
    insertion.append(paragraph.runs[0]._r)
    paragraph._p.append(insertion)
    document.save(str(run / "report.docx"))
    review = release(open_run(run), workspace, "王芳").review
    assert review.problems == ["公开稿中还有未接受或拒绝的修订：请在 Word 中处理全部修订后保存"]


def test_what_cannot_be_used_is_one_line_and_exit_2(example_run: BuildResult, workspace: Path,
                                                    tmp_path: Path) -> None:
    run = copy_run(example_run, tmp_path, "20250320T101500-dddddd")
    (workspace / "release.yaml").write_text("decisions:\n  - {text: 甲, decision: 同意, reason: 理由}\n", "utf-8")
    result = CliRunner().invoke(app, ["release", str(run), "-w", str(workspace)])
    assert result.exit_code == 2 and "release.yaml: decisions.0.decision" in result.output
    result = CliRunner().invoke(app, ["release", str(run), "-w", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "找不到生成这次运行的工作区" in result.output
    result = CliRunner().invoke(app, ["release", str(tmp_path)])
    assert result.exit_code == 2 and "manifest.json" in result.output
    assert not (run / "release").exists()
