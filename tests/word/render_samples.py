"""Report documents built by hand: three- and five-part outlines, leads, notes, a table, a chart, attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from annual_report.config.resources import template_file
from annual_report.text.numbers import chinese_number
from annual_report.word.document import (
    Attachment,
    Block,
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    Table,
)

TEMPLATE = template_file("report.docx")  # the shipped GB/T 9704 template
TITLE = "示例市人民政府关于2024年度法治政府建设情况的报告"
SIGNATURE = Signature("示例市人民政府", dt.date(2025, 3, 20), "2025年3月20日")
MakeReport = Callable[..., ReportDocument]  # the make_report fixture
NOTE = "来源：市司法局、市公安局"
THREE_PART = ("一、2024年度法治政府建设主要举措和成效", "二、存在的不足和原因", "三、2025年度主要安排")
FIVE_PART = (
    "一、主要举措和成效",
    "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "三、存在的不足和原因",
    "四、2025年度主要安排",
    "五、其他需要报告的事项",
)
SENTENCE = "全市各级行政机关坚持依法行政，严格规范公正文明执法，持续深化行政执法体制改革，法治政府建设取得新进展。"

def leads(count: int) -> list[Paragraph]:
    """Paragraphs led by 一是 … <count>是, each with a source note."""
    return [Paragraph(SENTENCE * 2, lead=f"{chinese_number(i)}是", notes=[NOTE]) for i in range(1, count + 1)]


def cases_table(rows: int = 6) -> Table:
    return Table(
        caption="表1 各单位行政复议和行政诉讼案件情况",
        header=["单位", "复议收案（件）", "一审结案（件）", "纠错率（%）"],
        rows=[[f"示例市第{chinese_number(i)}执法单位", str(10 + i), str(3 * i), f"{i * 1.5:.1f}"] for i in range(1, rows + 1)],
        numeric_columns={1, 2, 3},
        widths=[3, 1.5, 1.5, 1.5],
    )


def build_report(
    chart: Path, outline: tuple[str, ...] = THREE_PART, edition: str = "public", paragraphs: int = 11
) -> ReportDocument:
    """A report with `outline`; each part holds a sub-heading and leads, the first also deeper headings,
    a table and a chart; two attachments follow."""
    body: list[Block] = []
    for number, heading in enumerate(outline, 1):
        body.append(Heading(1, heading))
        body.append(Heading(2, f"（{chinese_number(number)}）深入推进依法行政"))
        body.extend(leads(paragraphs if number == 1 else 2))
        if number == 1:
            body += [
                Heading(3, "1.行政复议"),
                Heading(4, "（1）案件办理"),
                cases_table(),
                Chart(chart.read_bytes(), "图1 主要指标同比"),
            ]
    attachments = [
        Attachment("2024年度各单位行政复议和行政诉讼案件统计表", [cases_table(30)]),
        Attachment("2024年度法治政府建设重点工作完成情况", [Paragraph(SENTENCE)]),
    ]
    return ReportDocument(TITLE, body, SIGNATURE, attachments, edition)  # type: ignore[arg-type]
