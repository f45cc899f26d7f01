"""Compose the report's documents from the outline, the statistics and the drafted text.

Both editions share the body. The 公开稿 is what the government publishes; the 审阅稿 adds the notes (as
Word comments on the sentences they concern), a header naming the run, and the appendices reviewers need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Workspace
from annual_report.drafting.model import Draft
from annual_report.report.appendices import attachments, key_rates_chart
from annual_report.report.body import body
from annual_report.report.coverage import TaskCoverage, task_coverage
from annual_report.validation import ValidationReport
from annual_report.word.document import Chart, Edition, ReportDocument, Signature
from annual_report.wording import Figures
from annual_report.wording.numbers import format_date


@dataclass(frozen=True)
class RunStamp:
    """Which build made the document: shown in the 审阅稿's header."""

    id: str
    started: dt.datetime

    @property
    def header(self) -> str:
        return f"审阅稿 · 运行编号 {self.id} · 生成时间 {format_date(self.started)} {self.started:%H:%M}"


@dataclass
class Composed:
    """Both editions' documents, the charts they show and the 工作要点 task coverage (statistics.xlsx)."""

    editions: dict[Edition, ReportDocument]
    charts: list[Chart]
    coverage: list[TaskCoverage]

    def write_charts(self, folder: Path) -> list[Path]:
        """Each chart's PNG into `folder` (the run's charts/), as the documents show it."""
        paths = []
        for chart in self.charts:
            folder.mkdir(parents=True, exist_ok=True)
            (path := folder / chart.name).write_bytes(chart.png)
            paths.append(path)
        return paths


def compose(ws: Workspace, figures: Figures, report: ValidationReport, draft: Draft, edition: Edition,
            charts: list[Chart] | None = None, run: RunStamp | None = None,
            coverage: list[TaskCoverage] | None = None) -> ReportDocument:
    date = ws.config.signature_date or ws.config.deadline
    return ReportDocument(
        title=ws.config.title,
        body=body(ws, figures, report, draft, edition),
        signature=Signature(name=ws.config.government, date=date, date_text=format_date(date)),
        attachments=attachments(ws.config, figures, draft, edition, charts or [], coverage, report.findings),
        edition=edition,
        header=run.header if run and edition == "review" else "",
    )


def compose_editions(ws: Workspace, plan: WorkPlan | None, figures: Figures, report: ValidationReport, draft: Draft,
                     run: RunStamp) -> Composed:
    """The 公开稿 and the 审阅稿, with the chart and the task coverage they draw on."""
    coverage = task_coverage(ws.config, plan, report, figures)
    charts = key_rates_chart(figures.stats)
    editions: dict[Edition, ReportDocument] = {
        edition: compose(ws, figures, report, draft, edition, charts, run, coverage) for edition in ("public", "review")}
    return Composed(editions=editions, charts=charts, coverage=coverage)
