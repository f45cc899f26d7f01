"""Benchmark: write both editions of a real report for N units to Word (goal: under 5 s for 500 units).

The report is the pipeline's own: a synthetic workspace of N units (bench/workspace.py) is validated,
aggregated, drafted and composed, and only the Word writing is timed. Pages are counted with LibreOffice
when it is installed.

Run: python bench/render.py [UNITS]
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from annual_report import pipeline
from annual_report.report.appendices import key_rates_chart
from annual_report.report.compose import compose
from annual_report.word import preview
from annual_report.word.document import Paragraph, ReportDocument, Table
from annual_report.word.render import render
from bench.workspace import Generator

GOAL_SECONDS = 5.0


def count_pages(docx: Path, outdir: Path) -> str:
    if preview.soffice_path() is None:
        return "n/a (LibreOffice not installed)"
    info = subprocess.run(["pdfinfo", str(preview.to_pdf(docx, outdir))], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return found.group(1) if found else "n/a (pdfinfo not installed)"


def size(doc: ReportDocument) -> str:
    blocks = [*doc.body, *(b for a in doc.attachments for b in a.blocks)]
    rows = sum(len(b.rows) for b in blocks if isinstance(b, Table))
    return f"{sum(isinstance(b, Paragraph) for b in blocks):,} paragraphs, {rows:,} table rows"


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        Generator(units).write(root / "ws")
        checked = pipeline.check(root / "ws", pipeline.Runner())
        figures = pipeline.aggregate(checked.ws, checked.plan, checked.report)
        text = pipeline.draft_text(checked.ws, checked.plan, checked.report, figures)
        charts = key_rates_chart(figures.stats)
        print(f"{units} units; goal < {GOAL_SECONDS:g} s per edition")
        for edition in ("public", "review"):
            doc = compose(checked.ws, figures, checked.report, text, edition, charts)
            start = time.perf_counter()
            docx = render(doc, root / f"{edition}.docx", checked.ws.template_path)
            elapsed = time.perf_counter() - start
            print(f"{edition}: {size(doc)} written in {elapsed:.2f} s; pages: {count_pages(docx, root)}")


if __name__ == "__main__":
    main()
