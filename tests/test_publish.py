"""Run folders: never overwritten, atomic, with a manifest of hashes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annual_report.publish import (
    Inputs,
    OutputError,
    abort_run,
    begin_run,
    check_out,
    commit_run,
    new_run_id,
    run_parent,
    sha256,
    write_manifest,
)


def test_run_ids_are_unique_and_sortable() -> None:
    now = dt.datetime(2025, 3, 20, 10, 15)
    a, b = new_run_id(now), new_run_id(now)
    assert a != b and a.startswith("20250320T101500-")


def test_a_completed_run_is_renamed_into_place_and_latest_points_to_it(tmp_path: Path) -> None:
    folder = begin_run(tmp_path, "r1")
    (folder / "report.docx").write_bytes(b"x")
    assert not (tmp_path / "r1").exists()
    assert commit_run(folder, "r1") == tmp_path / "r1"
    assert (tmp_path / "r1" / "report.docx").read_bytes() == b"x"
    assert (tmp_path / "latest").read_text(encoding="utf-8") == "r1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "r1"]  # no staging left behind


def test_an_aborted_run_leaves_nothing_and_keeps_latest(tmp_path: Path) -> None:
    commit_run(begin_run(tmp_path, "r1"), "r1")
    folder = begin_run(tmp_path, "r2")
    (folder / "report.docx").write_bytes(b"half")
    abort_run(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "r1"]
    assert (tmp_path / "latest").read_text(encoding="utf-8") == "r1\n"


def test_an_existing_run_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "r1").mkdir()
    with pytest.raises(FileExistsError):
        begin_run(tmp_path, "r1")


def test_manifest_lists_what_was_read_and_hashes_the_outputs(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "submissions").mkdir(parents=True)
    (ws / "report.yaml").write_text("region: 甲\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.docx").write_bytes(b"docx")
    read = Inputs(read={"report.yaml": "ab" * 32, "submissions/a.yaml": "cd" * 32}, seen={"submissions/a.yaml"})
    path = write_manifest(out, run_id="r1", workspace=ws, template=ws / "report.yaml", counts={"units": 1},
                          started=dt.datetime(2025, 3, 1), inputs=read, changed=[])
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["inputs"] == {"report.yaml": "ab" * 32, "submissions/a.yaml": "cd" * 32}  # as read, not now
    assert manifest["outputs"] == {"report.docx": sha256(out / "report.docx")}
    assert manifest["counts"] == {"units": 1} and manifest["changed_during_build"] == []
    assert {"annual-report", "prefect", "python-docx", "template_sha256"} <= set(manifest["versions"])


def test_staging_of_a_dead_build_is_removed_by_the_next_and_a_live_ones_kept(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (tmp_path / f".r0.{int(dead.stdout)}.partial").mkdir()  # a build killed mid-render
    (tmp_path / ".r1.partial").mkdir()  # an older version's staging: no owner recorded
    live = tmp_path / f".r2.{os.getppid()}.partial"  # another build still writing
    live.mkdir()
    folder = begin_run(tmp_path, "r3")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, folder.name])
    assert folder.name == f".r3.{os.getpid()}.partial"
    commit_run(folder, "r3")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "r3", "latest"])


def test_out_inside_the_inputs_is_refused_and_the_run_parent_is_a_plain_name(tmp_path: Path) -> None:
    (tmp_path / "ws" / "submissions").mkdir(parents=True)
    with pytest.raises(OutputError) as refused:
        check_out(tmp_path / "ws" / "submissions" / "out", tmp_path / "ws")
    assert refused.value.exit_code == 2
    check_out(tmp_path / "ws" / "outputs", tmp_path / "ws")
    assert run_parent(tmp_path / "out", tmp_path / "ws" / "submissions" / "..", 2024) == tmp_path / "out" / "ws" / "2024"
    odd = tmp_path / "a\nb:c"
    assert run_parent(tmp_path / "out", odd, 2024).parent.name == "a_nb_c"  # one line, no separators
