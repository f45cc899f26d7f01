"""The seam to the fill-in workbooks: one .xlsx per unit, made by `annual_report.forms` once that module
lands (`annual-report forms`). Until then a unit's page says 「填报表格暂未提供」.
"""

from __future__ import annotations

import importlib

from annual_report.workspace import Unit, Workspace

NOT_YET = "填报表格暂未提供"


def workbook_for(ws: Workspace, unit: Unit) -> bytes | None:
    """The unit's fill-in workbook, or None while no forms module provides one."""
    try:
        forms = importlib.import_module("annual_report.forms")
    except ImportError:
        return None
    make = getattr(forms, "unit_workbook", None)  # expected: unit_workbook(ws, unit) -> bytes
    return make(ws, unit) if callable(make) else None
