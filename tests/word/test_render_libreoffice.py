"""A rendered report through LibreOffice: 22 lines of 28 characters, page numbers, the 落款 (GB/T 9704)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from render_samples import SIGNATURE, TEMPLATE, TITLE, cases_table

from annual_report.word import preview
from annual_report.word.document import Attachment, Chart, Heading, Paragraph, ReportDocument
from annual_report.word.layout import BODY_CHAR, PAGE
from annual_report.word.render import render
from annual_report.wording.numbers import format_date
from tests.pdf_text import Line, pdf_lines, pdf_pages

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PHRASE = "依法行政推进法治政府建设规范"  # no punctuation: 26 + 28k characters fill every line exactly
BODY = (PHRASE * 20)[: 26 + 28 * 4]
ZI = BODY_CHAR / 20  # one 字 of body text in points: 15.75

pytestmark = pytest.mark.skipif(
    preview.soffice_path() is None or not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
    reason=f"needs LibreOffice and poppler-utils: {preview.INSTALL_HINT}",
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, chart_png: Path) -> tuple[Path, list[Path]]:
    """The one LibreOffice conversion of these tests: the PDF and its PNG pages."""
    outdir = tmp_path_factory.mktemp("libreoffice")
    body = [Heading(1, "一、主要举措和成效"), *[Paragraph(BODY) for _ in range(14)], cases_table(), Chart(chart_png.read_bytes(), "图1 主要指标同比")]
    report = ReportDocument(TITLE, body, SIGNATURE, [Attachment("各单位案件统计表", [cases_table(40)])])
    return preview.preview(render(report, outdir / "report.docx", TEMPLATE), outdir)


@pytest.fixture(scope="module")
def pages(pdf: tuple[Path, list[Path]]) -> list[str]:
    return pdf_pages(pdf[0])


def _lines(page: str) -> tuple[list[str], str]:
    """Body lines and the page-number line of one page."""
    lines = [line for line in page.split("\n") if line.strip()]
    return lines[:-1], lines[-1]


def test_conversion_prints_no_error_and_gives_a_png_per_page(pdf, pages, capfd):
    assert len(pages) >= 3
    assert len(pdf[1]) == len(pages)
    assert capfd.readouterr().err == ""


def test_a_full_body_page_has_22_lines_of_28_characters(pages):
    body, _ = _lines(pages[1])
    assert len(body) == 22
    assert {len(CJK.findall(line)) for line in body if not line.startswith(" ")} == {28}
    assert {len(CJK.findall(line)) for line in body if line.startswith(" ")} <= {26}  # first lines: 2 字 in


def test_page_numbers_are_dashed_right_on_odd_and_left_on_even_pages(pages):
    for number, page in enumerate(pages[:3], start=1):
        _, footer = _lines(page)
        assert re.fullmatch(rf"\s*—\s*{number}\s*—", footer)
        leading = len(footer) - len(footer.lstrip())
        assert leading > 20 if number % 2 else leading < 5


def test_the_attachment_starts_a_page(pages):
    assert any(page.lstrip().startswith("附件") for page in pages[2:])


def test_the_date_is_four_characters_from_the_margin_and_the_name_centred_over_it(pdf):
    """GB/T 9704 7.3.5.1: 成文日期右空四字，发文机关署名以成文日期为准居中."""
    lines = pdf_lines(pdf[0])
    name = _only(lines, SIGNATURE.name)
    date = _only(lines, format_date(SIGNATURE.date))
    assert (date.page, date.top) > (name.page, name.top)
    margin = (PAGE.width - PAGE.right) / 20  # the 版心's right edge in points
    assert (margin - date.right) / ZI == pytest.approx(4, abs=0.25)
    # centred on nominal widths (digits half a 字): the substitute font's wider digits move it under 1 字
    assert (name.left + name.right) / 2 == pytest.approx((date.left + date.right) / 2, abs=ZI)


def _only(lines: list[Line], text: str) -> Line:
    found = [line for line in lines if line.text == text]
    assert len(found) == 1, f"{text!r} on {len(found)} lines"
    return found[0]
