"""Paths as a hostile archive leaves them: links out of the workspace, names in GBK bytes, names with
newlines and direction characters, pipes. Nothing outside is read, every name is shown escaped."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annual_report.pipeline import build
from annual_report.validation import UnitStatus
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace, validated
from tests.test_cli import cli

GOOD = json.dumps(GOOD_SUBMISSION, ensure_ascii=False)


def test_a_link_to_etc_passwd_is_refused_and_never_printed(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    root = make_workspace({"gaj.json": GOOD})
    os.symlink("/etc/passwd", root / "submissions" / "users.csv")
    result = cli("validate", str(root), "-f", "json")
    (finding,) = [f for f in json.loads(result.stdout) if f["rule"] == "outside_workspace"]
    assert (finding["file"], finding["severity"]) == ("submissions/users.csv", "error")
    assert "/etc/passwd" in finding["message"] and "root:" not in result.stdout
    ws, _, report = validated(root)
    from annual_report.outputs.validation_xlsx import write_validation_workbook

    book = load_workbook(write_validation_workbook(ws, report, tmp_path / "validation.xlsx"))
    assert not any("root:" in str(c) for s in book for row in s.iter_rows(values_only=True) for c in row)


def test_a_link_to_a_submission_outside_is_not_counted(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "gaj.json"
    outside.parent.mkdir()
    outside.write_text(GOOD, encoding="utf-8")
    root = make_workspace()
    os.symlink(outside, root / "submissions" / "gaj.json")
    os.symlink(outside.parent, root / "submissions" / "folder")
    report = validated(root)[2]
    assert {(f.rule, f.file) for f in report.findings if f.rule != "missing_submission"} == {
        ("outside_workspace", "submissions/gaj.json"), ("outside_workspace", "submissions/folder")}
    assert report.units["gaj"].submission is None and "gaj" not in report.valid_units


def test_a_link_within_the_workspace_is_read(make_workspace: MakeWorkspace) -> None:
    root = make_workspace()
    (root / "shared.json").write_text(GOOD, encoding="utf-8")
    os.symlink(root / "shared.json", root / "submissions" / "gaj.json")
    (root / "history").mkdir()
    os.symlink(root / "history", root / "submissions" / "folder")  # links to folders are not followed
    report = validated(root)[2]
    assert report.units["gaj"].status is UnitStatus.SUBMITTED
    assert [(f.rule, f.file) for f in report.findings if f.rule != "missing_submission"] == [
        ("ignored_file", "submissions/folder")]


def test_a_named_pipe_is_refused_without_waiting_on_it(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"gaj.json": GOOD})
    os.mkfifo(root / "submissions" / "dz.csv")
    report = validated(root)[2]
    assert [f.rule for f in report.findings if f.file == "submissions/dz.csv"] == ["unsupported_format"]


def test_a_gbk_file_name_is_read_shown_and_written_everywhere(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    """Unzipping a Windows archive leaves names in GBK bytes: the file is read as 市公安局.json, with a
    warning, and the whole build (validation.xlsx, manifest) goes through."""
    root = make_workspace()
    raw_name = os.path.join(os.fsencode(root / "submissions"), "市公安局.json".encode("gbk"))
    with open(raw_name, "w", encoding="utf-8") as fh:
        fh.write(GOOD)
    result = build(root, tmp_path / "out")
    gaj = result.report.units["gaj"]
    assert gaj.files == ["submissions/市公安局.json"] and "gaj" in result.report.valid_units
    assert [f.rule for f in gaj.findings] == ["file_name"]
    assert "按 GBK 识别" in gaj.findings[0].message
    book = load_workbook(result.run_folder / "validation.xlsx")
    assert "submissions/市公安局.json" in {c for row in book["问题清单"].iter_rows(values_only=True) for c in row}
    manifest = json.loads((result.run_folder / "manifest.json").read_text(encoding="utf-8"))
    assert "submissions/市公安局.json" in manifest["inputs"]


def test_an_undecodable_name_is_shown_with_replacement_characters(make_workspace: MakeWorkspace) -> None:
    root = make_workspace()
    with open(os.path.join(os.fsencode(root / "submissions"), b"\xff\xfe.json"), "w", encoding="utf-8") as fh:
        fh.write(GOOD)
    report = validated(root)[2]
    assert report.units["gaj"].files == ["submissions/\ufffd\ufffd.json"]


@pytest.mark.parametrize(("name", "shown"), [
    ("a\n错误 伪造的问题.json", "a\\n错误 伪造的问题.json"), ("gaj\u202enosj.json", "gaj\\u202enosj.json")])
def test_names_are_shown_escaped_never_raw(make_workspace: MakeWorkspace, name: str, shown: str) -> None:
    root = make_workspace({name: GOOD})
    result = cli("validate", str(root))
    assert f"submissions/{shown}" in result.stdout
    assert name not in result.stdout and "\u202e" not in result.stdout
    assert not any(line.startswith("错误 伪造") for line in result.stdout.splitlines())
