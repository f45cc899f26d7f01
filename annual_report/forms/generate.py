"""Writing the fill-in workbooks of a workspace's units into a folder."""

from __future__ import annotations

import re
from pathlib import Path

from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Workspace, WorkspaceError
from annual_report.forms.content import form_content
from annual_report.forms.workbook import write_form
from annual_report.statistics.history import read_history

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def form_file_name(label: str, year: int) -> str:
    """「市公安局-2024年度报送表.xlsx」: the unit's short name, which the intake also recognises."""
    return f"{_UNSAFE.sub('_', label)}-{year}年度报送表.xlsx"


def write_forms(ws: Workspace, plan: WorkPlan | None, out: Path, units: list[str] | None = None) -> list[Path]:
    """The workbooks of `units` (unit ids; default every unit of the registry) in `out`."""
    unknown = [u for u in units or [] if u not in ws.config.unit_by_id]
    if unknown:
        raise WorkspaceError(f"单位名录中没有「{'、'.join(unknown)}」；请使用 report.yaml 中的单位编号")
    history = read_history(ws).units
    chosen = [ws.config.unit_by_id[u] for u in units] if units else ws.config.units
    return [write_form(form_content(ws, unit, plan, history), out / form_file_name(unit.label, ws.config.year))
            for unit in chosen]
