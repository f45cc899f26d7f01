"""A rendered report through LibreOffice: full body pages hold 22 lines of 28 characters."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from render_samples import SIGNATURE, TITLE, cases_table

from annual_report import preview
from annual_report.document import Attachment, Chart, Heading, Paragraph, ReportDocument
from annual_report.render import render

INSTALL = "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PHRASE = "依法行政推进法治政府建设规范"  # no punctuation: 26 + 28k characters fill every line exactly
BODY = (PHRASE * 20)[: 26 + 28 * 4]

pytestmark = pytest.mark.skipif(
    preview.soffice_path() is None or not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
    reason=f"needs LibreOffice and poppler-utils: {INSTALL}",
)


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory: pytest.TempPathFactory, chart_png: Path) -> tuple[list[str], list[Path]]:
    outdir = tmp_path_factory.mktemp("libreoffice")
    body = [Heading(1, "一、主要举措和成效"), *[Paragraph(BODY) for _ in range(14)], cases_table(), Chart(chart_png, "图1 主要指标同比")]
    report = ReportDocument(TITLE, body, SIGNATURE, [Attachment("各单位案件统计表", [cases_table(40)])])
    pdf = preview.to_pdf(render(report, outdir / "report.docx"), outdir)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1], preview.to_png(pdf, outdir)


def test_conversion_prints_no_error(pdf_pages, capfd):
    pages, pngs = pdf_pages
    assert len(pages) >= 3
    assert len(pngs) == len(pages)
    assert capfd.readouterr().err == ""


def test_a_full_body_page_has_22_lines_of_28_characters(pdf_pages):
    pages, _ = pdf_pages
    lines = [line for line in pages[1].split("\n") if line.strip()][:-1]  # without the page number
    assert len(lines) == 22
    assert {len(CJK.findall(line)) for line in lines if not line.startswith(" ")} == {28}


def test_page_numbers_alternate_sides_and_attachment_starts_a_page(pdf_pages):
    pages, _ = pdf_pages
    numbers = [[line for line in page.split("\n") if line.strip()][-1] for page in pages]
    assert re.fullmatch("— ?1 ?—", numbers[0].strip())
    assert len(numbers[0]) - len(numbers[0].lstrip()) > len(numbers[1]) - len(numbers[1].lstrip())
    assert any(page.lstrip().startswith("附件") for page in pages[2:])
