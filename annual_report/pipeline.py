"""The pipeline's stages as plain functions: intake → validate → aggregate → narrative → render.

The Prefect flows in flows/ call these same functions as tasks; `annual-report build --no-prefect` calls
them directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annual_report.intake import FileIntake, discover, read_file
from annual_report.plan import WorkPlan, load_plan
from annual_report.validation import ValidationReport, validate
from annual_report.workspace import Workspace, load_workspace


def load(root: Path) -> tuple[Workspace, WorkPlan | None]:
    """The workspace and its optional 工作要点; WorkspaceError when either is unusable."""
    ws = load_workspace(root)
    return ws, load_plan(ws.plan_path)


def read_files(ws: Workspace, paths: Iterable[Path]) -> list[FileIntake]:
    return [read_file(p, ws) for p in paths]


def validate_files(ws: Workspace, plan: WorkPlan | None) -> ValidationReport:
    return validate(ws, read_files(ws, discover(ws)), plan)
