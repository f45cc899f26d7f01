"""What the flows show in the Prefect UI: a markdown summary and the 报送情况 table."""

from __future__ import annotations

from pathlib import Path

from annual_report.statistics import Statistics
from annual_report.validation import ValidationReport
from annual_report.workspace import Workspace

KEY_TOTALS = ["recon.received", "recon.correction_rate", "lit.first_instance_closed", "lit.loss_rate",
              "lit.appearance_rate", "med.success_rate"]


def status_rows(report: ValidationReport) -> list[dict[str, object]]:
    return [
        {"单位": r.unit.name, "状态": r.status.value,
         "错误": r.errors,
         "警告": r.warnings,
         "报送时间": f"{r.received_at:%Y-%m-%d %H:%M}" if r.received_at else "",
         "文件": "、".join(r.files)}
        for r in report.units.values()
    ]


def completeness_lines(counts: dict[str, int]) -> list[str]:
    return [
        f"- 应报送单位：{counts['units_expected']} 个；已报送：{counts['units_submitted']} 个；"
        f"数据有效：{counts['units_valid']} 个；有错误：{counts['units_with_errors']} 个",
        f"- 文件：{counts['files']} 个；错误 {counts['errors']} 条，警告 {counts['warnings']} 条",
    ]


def summary_markdown(ws: Workspace, stats: Statistics, counts: dict[str, int], folder: Path) -> str:
    totals = [f"| {stats.catalogue.by_id[m].name} | {stats.display(m)} |" for m in KEY_TOTALS]
    missed = stats.targets.loc[stats.targets["status"] != "达标"] if not stats.targets.empty else stats.targets
    targets = [f"- {r['name']}：目标{r['requirement']}，实际 {r['actual_display']}（{r['status']}）"
               for _, r in missed.iterrows()] or ["- 全部达标"]
    return "\n".join([
        f"# {ws.config.title}",
        "",
        "## 报送情况",
        *completeness_lines(counts),
        "",
        "## 主要数字",
        "| 指标 | 数值 |",
        "|---|---|",
        *totals,
        "",
        "## 未达标的目标",
        *targets,
        "",
        f"运行目录：`{folder}`",
    ])
