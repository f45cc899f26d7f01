"""Work in a forked process: its files are there when awaited, its error is raised in the parent."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annual_report.outputs.forked import Beside, ChildError


def test_the_work_is_done_when_awaited(tmp_path: Path) -> None:
    data = {"text": "报送情况"}  # inherited by the child, not pickled
    job = Beside(lambda: (tmp_path / "out.txt").write_text(data["text"], encoding="utf-8"))
    job.wait()
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "报送情况"


def test_an_error_in_the_child_is_raised_with_its_traceback() -> None:
    job = Beside(lambda: 1 / 0)
    with pytest.raises(ChildError, match="ZeroDivisionError"):
        job.wait()


def test_cancelled_work_is_killed(tmp_path: Path) -> None:
    job = Beside(lambda: time.sleep(30))
    pid = job.pid
    job.cancel()
    assert not Path(f"/proc/{pid}").exists()
