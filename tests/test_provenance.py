"""Provenance: the manifest certifies the bytes each reader parsed and lists only what was read; a file changed,
removed or added while a build runs is a finding — in validation.xlsx and the 审阅稿 when the documents are
still to be written, and always in the manifest and on the command line. Every finding, history's too, reaches
validation.xlsx and the 审阅稿.

A build is changed under its feet at a chosen moment by a runner that runs the real stages and edits the
workspace after one of them, as an office colleague saving a file would."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from annual_report import pipeline
from annual_report.findings import Severity
from tests.docx_text import document_text
from tests.test_cli import cli


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Meddling(pipeline.Runner):
    """The plain runner, with `edit` run once right after `stage` has run."""

    def __init__(self, stage: pipeline.Stage, edit: Callable[[], None]) -> None:
        super().__init__()
        self.stage, self.edit = stage, edit

    def run(self, stage: pipeline.Stage, fn: Callable[..., Any], *args: Any) -> Any:
        result = super().run(stage, fn, *args)
        if stage is self.stage:
            self.edit()
        return result


def _problems(folder: Path) -> list[tuple[str, str, str]]:
    """validation.xlsx 问题清单: (file, rule, message)."""
    sheet = load_workbook(folder / "validation.xlsx")["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return [(r[header.index("文件")], r[header.index("规则")], r[header.index("说明")]) for r in rows[1:]]


def _manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_the_manifest_lists_only_what_was_read_hashed_as_read(city_copy: Path, tmp_path: Path) -> None:
    (city_copy / "notes.txt").write_text("办公室的笔记", encoding="utf-8")  # in the workspace, never read
    (city_copy / "portal").mkdir()
    (city_copy / "portal" / "portal.db").write_bytes(b"db")
    (city_copy / "submissions" / "~$gaj.xlsx").write_bytes(b"lock")  # Excel's lock file: seen, not read
    (city_copy / "history" / "readme.md").write_text("说明", encoding="utf-8")  # a name history/ does not read
    result = pipeline.build(city_copy, tmp_path / "out")
    inputs = _manifest(result.run_folder)["inputs"]
    expected = {"report.yaml", "plan.yaml", "history/2023.csv", "history/2023-units.csv",
                *(f"submissions/{p.name}" for p in (city_copy / "submissions").glob("*.yaml"))}
    assert set(inputs) == expected
    assert all(inputs[name] == _sha(city_copy / name) for name in inputs)
    assert _manifest(result.run_folder)["changed_during_build"] == [] and result.changed == []


def test_a_file_changed_or_added_during_the_build_is_a_finding_everywhere(city_copy: Path, tmp_path: Path) -> None:
    """A file changed mid-build was certified with content never read; one added mid-build was listed."""
    gaj = city_copy / "submissions" / "gaj.yaml"
    read = _sha(gaj)

    def colleague() -> None:
        gaj.write_text(gaj.read_text(encoding="utf-8").replace("2024", "2024 ") + "\n# 改过\n", encoding="utf-8")
        (city_copy / "submissions" / "xz.yaml").write_text("unit: xz\nyear: 2024\n", encoding="utf-8")

    result = pipeline.build(city_copy, tmp_path / "out", Meddling(pipeline.VALIDATE, colleague))
    manifest = _manifest(result.run_folder)
    assert manifest["inputs"]["submissions/gaj.yaml"] == read != _sha(gaj)  # what was read, not what is there
    assert "submissions/xz.yaml" not in manifest["inputs"]
    assert [(c["file"], c["rule"]) for c in manifest["changed_during_build"]] == [
        ("submissions/gaj.yaml", "changed_during_build"), ("submissions/xz.yaml", "appeared_during_build")]
    assert [(f.file, f.severity) for f in result.changed] == [
        ("submissions/gaj.yaml", Severity.WARNING), ("submissions/xz.yaml", Severity.WARNING)]
    problems = _problems(result.run_folder)
    assert ("submissions/gaj.yaml", "changed_during_build") in {(f, r) for f, r, _ in problems}
    assert ("submissions/xz.yaml", "appeared_during_build") in {(f, r) for f, r, _ in problems}
    review = "\n".join(document_text(result.run_folder / "report-review.docx"))
    assert "汇编中发现的其他问题" in review and "submissions/xz.yaml" in review and "读取之后已被修改" in review
    assert "submissions/xz.yaml" not in "\n".join(document_text(result.run_folder / "report.docx"))


def test_a_change_after_the_documents_are_written_reaches_the_manifest_and_the_command(city_copy: Path,
                                                                                       tmp_path: Path) -> None:
    history = city_copy / "history" / "2023.csv"

    def after_render(label: str) -> None:
        if label == pipeline.RENDER.label:
            history.write_text(history.read_text(encoding="utf-8") + "lit.lost,9\n", encoding="utf-8")

    with pipeline.listening(after_render):
        ran = cli("build", str(city_copy), "--out", str(tmp_path / "out"), "--no-prefect")
    assert ran.returncode == 0, ran.stderr
    line = next(x for x in ran.stdout.splitlines() if x.startswith("注意：生成过程中"))
    assert "1 个文件被修改、删除或新增：history/2023.csv" in line and "请重新生成" in line
    folder = Path(ran.stdout.strip().splitlines()[-1])
    assert [c["file"] for c in _manifest(folder)["changed_during_build"]] == ["history/2023.csv"]


def test_history_findings_reach_the_validation_workbook_and_the_review_edition(city_copy: Path,
                                                                               tmp_path: Path) -> None:
    """A corrupt history/2023.csv: its finding was only in statistics.json."""
    (city_copy / "history" / "2023.csv").write_bytes(b"\x81\x30garbage\xff\xff")
    (city_copy / "history" / "2023-units.csv").write_text("单位,lit.hearings\n市公安局,1,234\n市司法局,12\n",
                                                          encoding="utf-8")
    result = pipeline.build(city_copy, tmp_path / "out")
    rules = {(f, r) for f, r, _ in _problems(result.run_folder)}
    assert {("history/2023.csv", "history_encoding"), ("history/2023-units.csv", "history_split_number")} <= rules
    review = "\n".join(document_text(result.run_folder / "report-review.docx"))
    assert "history/2023.csv" in review and "编码无法识别" in review and "history/2023-units.csv" in review
    every = {(f.file, f.rule) for f in [*result.report.findings, *result.stats.findings]}
    assert every <= rules | {(f, r) for f, r in every if r == "missing_submission"}
