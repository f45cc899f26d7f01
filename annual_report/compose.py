"""Compose the report document from the outline, the statistics and the drafted text.

The same composition gives both editions: the 审阅稿 (review) carries notes and the appendix of what the
body leaves out; the 公开稿 (public) leaves them out.
"""

from __future__ import annotations

from annual_report.appendices import (
    completeness_paragraph,
    remainder,
    reporting_table,
    statistics_table,
    targets_table,
)
from annual_report.body import body
from annual_report.document import Attachment, Chart, Edition, ReportDocument, Signature
from annual_report.drafting.model import Draft
from annual_report.validation import ValidationReport
from annual_report.wording import Figures
from annual_report.wording.numbers import format_date
from annual_report.workspace import Workspace


def compose(ws: Workspace, figures: Figures, report: ValidationReport, draft: Draft,
            edition: Edition, charts: list[Chart] | None = None) -> ReportDocument:
    stats = figures.stats
    date = ws.config.signature_date or ws.config.deadline
    limit, tabled = ws.config.drafting.units_listed, ws.config.drafting.units_tabled
    attachments = [
        Attachment(title=f"{ws.config.region}{ws.config.year}年度法治政府建设主要统计指标",
                   blocks=[statistics_table(figures), *(charts or [])]),
        Attachment(title=f"{ws.config.region}{ws.config.year}年度法治政府建设目标完成情况",
                   blocks=[targets_table(figures, limit)]),
        Attachment(title=f"{ws.config.region}{ws.config.year}年度法治政府建设材料报送情况",
                   blocks=[completeness_paragraph(stats, limit, tabled), reporting_table(stats, tabled)]),
    ]
    left_out = remainder(ws.config, draft) if edition == "review" else None
    return ReportDocument(
        title=ws.config.title,
        body=body(ws, figures, report, draft),
        signature=Signature(name=ws.config.government, date=date, date_text=format_date(date)),
        attachments=[*attachments, left_out] if left_out else attachments,
        edition=edition,
    )

