"""validation.xlsx: every finding and every unit's status, for the office to send back to units; and where
each unit item went in the draft (theme, keywords, body or not), for the office to correct keywords."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from annual_report.config.outline import SECTION_NAMES
from annual_report.config.workspace import Workspace
from annual_report.drafting.model import Draft
from annual_report.findings import Finding
from annual_report.outputs.xlsx import DATE_FORMAT, Sheet, write_sheets
from annual_report.statistics import Statistics
from annual_report.validation import ValidationReport
from annual_report.validation.status import status_rows
from annual_report.wording import outlier_findings


def findings_table(ws: Workspace, findings: list[Finding]) -> pd.DataFrame:
    names = {u.id: u.name for u in ws.config.units}
    return pd.DataFrame(
        [{"单位": names.get(f.unit, f.unit), "文件": f.file, "位置": f.location,
          "级别": f.severity.word, "规则": f.rule, "说明": f.message} for f in findings],
        columns=["单位", "文件", "位置", "级别", "规则", "说明"],
    )


def placements_table(ws: Workspace, draft: Draft) -> pd.DataFrame:
    topics = {t.key: t.heading for t in ws.config.outline.topics}
    return pd.DataFrame(
        [{"单位": ws.config.unit_by_id[p.source.unit].name, "文件": p.source.file, "位置": p.source.place,
          "部分": SECTION_NAMES[p.source.section], "小标题": topics.get(p.source.topic or "", ""),
          "主题": p.theme, "命中关键词": "、".join(p.keywords), "去向": p.placed,
          "改写的第一人称": "、".join(p.rewritten), "原文": p.source.text} for p in draft.placements],
        columns=["单位", "文件", "位置", "部分", "小标题", "主题", "命中关键词", "去向", "改写的第一人称", "原文"],
    )


def status_table(ws: Workspace, report: ValidationReport) -> pd.DataFrame:
    return pd.DataFrame(
        [{"单位编号": r.unit, "单位名称": r.name, "单位类型": r.kind_name, "状态": r.status.value, "错误": r.errors,
          "警告": r.warnings, "报送时间": r.received_at, "文件": "、".join(r.files)}
         for r in status_rows(report, ws.config)],
    )


def write_validation_workbook(ws: Workspace, report: ValidationReport, path: Path, draft: Draft | None = None,
                              stats: Statistics | None = None) -> Path:
    """问题清单 (every finding: validation's, the statistics' — history/ and rates — with the outliers, then
    drafting's), 报送情况, and with a draft 文字材料归类."""
    found = [*stats.findings, *outlier_findings(stats)] if stats is not None else []
    findings = report.findings + found + (draft.findings if draft else [])
    sheets = [Sheet("问题清单", [findings_table(ws, findings)]),
              Sheet("报送情况", [status_table(ws, report)], {"报送时间": DATE_FORMAT})]
    if draft is not None:
        sheets.append(Sheet("文字材料归类", [placements_table(ws, draft)]))
    return write_sheets(sheets, path)
