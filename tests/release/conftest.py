"""Fixtures of the release tests: runs built from small workspaces, copies of the example's run, and
LibreOffice's accept/reject through its UNO bridge."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from annual_report.pipeline import BuildResult, build
from annual_report.word import preview
from tests.conftest import GOOD_SUBMISSION, REPO, MakeWorkspace

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with LibreOffice's UNO bridge (python3-uno)


def uno_available() -> bool:
    if preview.soffice_path() is None or not Path(SYSTEM_PYTHON).is_file():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


needs_uno = pytest.mark.skipif(not uno_available(),
                               reason="needs LibreOffice and its Python bridge: apt-get install -y "
                                      "libreoffice-writer-nogui python3-uno")


def lo_revisions(source: Path, action: str, target: Path) -> int:
    """Accept or Reject all tracked changes of `source` in LibreOffice into `target`; the number of changes
    LibreOffice found."""
    done = subprocess.run([SYSTEM_PYTHON, str(REPO / "tests" / "lo_revisions.py"), str(source), action,
                           str(target)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


BuildWith = Callable[[dict[str, object]], Path]


@pytest.fixture
def small_runs(make_workspace: MakeWorkspace, tmp_path: Path) -> BuildWith:
    """Build one small workspace again and again, 市公安局's metrics updated each time; each call gives the
    run folder."""
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    out = tmp_path / "out"

    def again(metrics: dict[str, object]) -> Path:
        submission = {**GOOD_SUBMISSION, "metrics": {**GOOD_SUBMISSION["metrics"], **metrics}}
        (root / "submissions" / "gaj.yaml").write_text(yaml.safe_dump(submission, allow_unicode=True), "utf-8")
        return build(root, out).run_folder

    return again


def copy_run(run: BuildResult, parent: Path, run_id: str) -> Path:
    """A copy of a built run under another run id (the office's folder to edit)."""
    return Path(shutil.copytree(run.run_folder, parent / run_id))
