"""validation.xlsx: every finding and every unit's status, for the office to send back to units."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from annual_report.findings import Severity
from annual_report.outputs.xlsx import DATE_FORMAT, Sheet, write_sheets
from annual_report.validation import ValidationReport
from annual_report.validation.status import status_rows
from annual_report.workspace import Workspace

SEVERITY_WORDS = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


def findings_table(ws: Workspace, report: ValidationReport) -> pd.DataFrame:
    names = {u.id: u.name for u in ws.config.units}
    return pd.DataFrame(
        [{"单位": names.get(f.unit, f.unit), "文件": f.file, "位置": f.location,
          "级别": SEVERITY_WORDS[f.severity], "规则": f.rule, "说明": f.message} for f in report.findings],
        columns=["单位", "文件", "位置", "级别", "规则", "说明"],
    )


def status_table(ws: Workspace, report: ValidationReport) -> pd.DataFrame:
    return pd.DataFrame(
        [{"单位编号": r.unit, "单位名称": r.name, "单位类型": r.kind_name, "状态": r.status.value, "错误": r.errors,
          "警告": r.warnings, "报送时间": r.received_at, "文件": "、".join(r.files)}
         for r in status_rows(report, ws.config)],
    )


def write_validation_workbook(ws: Workspace, report: ValidationReport, path: Path) -> Path:
    return write_sheets([Sheet("问题清单", [findings_table(ws, report)]),
                         Sheet("报送情况", [status_table(ws, report)], {"报送时间": DATE_FORMAT})], path)
