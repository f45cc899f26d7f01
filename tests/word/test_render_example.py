"""The example workspace's report through LibreOffice: converts cleanly, full pages of 22 × 28."""

from __future__ import annotations

import re
import shutil

import pytest

from annual_report import pipeline
from annual_report.word import preview
from tests.pdf_text import pdf_pages

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

pytestmark = pytest.mark.skipif(
    preview.soffice_path() is None or not shutil.which("pdftotext"),
    reason=f"needs LibreOffice and poppler-utils: {preview.INSTALL_HINT}",
)


@pytest.fixture(scope="module")
def pages(example_run: pipeline.BuildResult, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("example-pdf")
    return pdf_pages(preview.to_pdf(example_run.run_folder / pipeline.REPORT, out))


def test_the_example_report_converts_to_pdf_with_title_and_sections(pages: list[str]) -> None:
    assert "示例市2024年度法治政府建设情况报告" in pages[0].replace(" ", "")
    body = "".join(pages).replace(" ", "")
    headings = re.findall(r"\n([一二三四五])、", body)
    assert headings == ["一", "二", "三", "四", "五"]
    for text in ("主要举措和成效", "第一责任人职责情况", "存在的不足和原因", "示例市人民政府", "2025年3月20日"):
        assert text in body


def test_full_body_pages_have_22_lines_of_at_most_28_characters(pages: list[str]) -> None:
    full = []
    for page in pages[1:5]:
        lines = [line for line in page.split("\n") if line.strip()][:-1]  # without the page number
        if len(lines) == 22:
            full.append(max(len(CJK.findall(line)) for line in lines))
    assert full, "no body page with 22 lines"
    assert max(full) == 28  # lines with digits hold fewer full-width characters, none holds more
