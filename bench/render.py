"""Benchmark: render a review-edition report for 500 units (≈60 pages) to Word (goal: under 5 s).

Run: python bench/render.py [UNITS]   — counts the pages with LibreOffice when it is installed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annual_report import preview
from annual_report.charts import yoy_chart
from annual_report.document import (
    Attachment,
    Block,
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    Signature,
    Table,
)
from annual_report.word.render import render
from annual_report.wording.numbers import chinese_number

PARTS = ("主要举措和成效", "党政主要负责人履行第一责任人职责情况", "存在的不足和原因", "2025年度主要安排", "其他事项")
SENTENCE = "各单位坚持依法行政，严格规范公正文明执法，持续深化行政执法体制改革，"


def make_report(units: int, chart: Path) -> ReportDocument:
    rng = random.Random(7)
    names = [f"基准市第{i + 1}执法单位" for i in range(units)]
    body: list[Block] = [Chart(chart, "图1 主要指标同比")]
    for part, heading in enumerate(PARTS, 1):
        body.append(Heading(1, f"{chinese_number(part)}、{heading}"))
        for section in range(1, 4):
            body.append(Heading(2, f"（{chinese_number(section)}）专项工作{section}"))
            body += [
                Paragraph(
                    SENTENCE * rng.randint(1, 2) + "法治政府建设取得新进展。",
                    lead=f"{chinese_number(n)}是",
                    notes=["来源：" + "、".join(rng.sample(names, 3))],
                )
                for n in range(1, 12)
            ]
    rows = [[name, str(rng.randint(0, 99)), str(rng.randint(0, 99)), f"{rng.random() * 100:.1f}"] for name in names]
    table = Table("附表 各单位主要指标", ["单位", "复议收案（件）", "一审结案（件）", "纠错率（%）"], rows, {1, 2, 3})
    signature = Signature("基准市人民政府", dt.date(2025, 3, 20), "2025年3月20日")
    return ReportDocument("基准市人民政府关于2024年度法治政府建设情况的报告", body, signature,
                          [Attachment("2024年度各单位主要指标统计表", [table])], "review")


def count_pages(docx: Path, outdir: Path) -> str:
    if preview.soffice_path() is None:
        return "n/a (LibreOffice not installed)"
    pdf = preview.to_pdf(docx, outdir)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return found.group(1) if found else "n/a (pdfinfo not installed)"


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        chart = yoy_chart(["复议", "诉讼", "执法"], [120, 85, 40], [100, 90, 35], "主要指标", "件", root / "c.png")
        report = make_report(units, chart)
        start = time.perf_counter()
        docx = render(report, root / "report.docx")
        elapsed = time.perf_counter() - start
        pages = count_pages(docx, root)
    paragraphs = sum(isinstance(block, Paragraph) for block in report.body)
    print(f"rendered {units} units ({paragraphs} paragraphs, {units}-row table) in {elapsed:.2f} s; pages: {pages}")


if __name__ == "__main__":
    main()
