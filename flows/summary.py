"""What the flows show in the Prefect UI: a markdown summary and the 报送情况 table."""

from __future__ import annotations

from pathlib import Path

from annual_report.pipeline import Checked
from annual_report.release.deadlines import deadline_lines, still_open, today_in
from annual_report.statistics import Statistics
from annual_report.text.dates import format_received
from annual_report.validation.status import status_rows as unit_status
from annual_report.wording import Figures


def status_rows(checked: Checked) -> list[dict[str, object]]:
    return [
        {"单位": r.name, "状态": r.status.value, "错误": r.errors, "警告": r.warnings,
         "报送时间": format_received(r.received_at), "文件": "、".join(r.files)}
        for r in unit_status(checked.report, checked.ws.config)
    ]


def completeness_lines(counts: dict[str, int]) -> list[str]:
    return [
        f"- 应报送单位：{counts['units_expected']} 个；已报送：{counts['units_submitted']} 个；"
        f"数据有效：{counts['units_valid']} 个；有错误：{counts['units_with_errors']} 个",
        f"- 文件：{counts['files']} 个；错误 {counts['errors']} 条，警告 {counts['warnings']} 条",
    ]


def summary_markdown(checked: Checked, stats: Statistics, folder: Path) -> str:
    ws, counts = checked.ws, checked.counts
    figures = Figures(stats)
    release = f"未进行（annual-report release {folder}）"
    dues = deadline_lines(ws.config, today_in(ws.config), still_open(checked.report, ws.config, release))
    totals = [f"| {stats.catalogue.by_id[m].name} | {figures.display(m)} |" for m in stats.catalogue.highlights.summary]
    missed = stats.targets.loc[stats.targets["status"] != "达标"]
    targets = [f"- {r.name}：目标{figures.requirement(r.metric, r.op, r.value)}，实际 {shown}（{r.status}）"
               for r, shown in zip(missed.itertuples(), figures.rows(missed), strict=True)] or ["- 全部达标"]
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
        "## 时间节点",
        *(f"- {line}" for line in dues),
        "",
        f"运行目录：`{folder}`",
    ])
