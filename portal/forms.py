"""The unit's fill-in workbook for download: the same .xlsx `annual-report forms` writes."""

from __future__ import annotations

from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Unit, Workspace
from annual_report.forms.content import form_content
from annual_report.forms.generate import form_file_name
from annual_report.forms.workbook import form_bytes
from annual_report.statistics.history import read_history


def workbook_for(ws: Workspace, plan: WorkPlan | None, unit: Unit) -> tuple[str, bytes]:
    """The file name and bytes of the unit's workbook: its required counts, last year's figures and the
    drop-downs of this year's outline and plan."""
    return form_file_name(unit.label, ws.config.year), form_bytes(form_content(ws, unit, plan, read_history(ws).units))
