"""`annual-report preview` as a user runs it: paths on stdout, exit 3 with the install line without LibreOffice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from render_samples import SIGNATURE, TEMPLATE, TITLE

from annual_report.word import preview
from annual_report.word.document import Paragraph, ReportDocument
from annual_report.word.render import render


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annual_report", "preview", *args], capture_output=True,
                          text=True, timeout=300, env=env)


@pytest.fixture
def small_docx(tmp_path: Path) -> Path:
    report = ReportDocument(TITLE, [Paragraph("依法行政。")], SIGNATURE)
    return render(report, tmp_path / "report.docx", TEMPLATE)


def test_help_has_an_example():
    result = cli("--help")
    assert result.returncode == 0
    assert "例：annual-report preview" in result.stdout


def test_without_libreoffice_exits_3_with_the_install_line(small_docx, tmp_path):
    empty = tmp_path / "empty-path"
    empty.mkdir()
    result = cli(str(small_docx), env={**os.environ, "PATH": str(empty)})
    assert result.returncode == 3
    assert "无法生成预览" in result.stderr
    assert "apt-get install -y libreoffice-writer-nogui" in result.stderr
    assert result.stdout == ""


def test_a_missing_report_exits_2(tmp_path):
    result = cli(str(tmp_path / "nope.docx"))
    assert result.returncode == 2
    assert "nope.docx" in result.stderr


@pytest.mark.skipif(preview.soffice_path() is None, reason=f"needs LibreOffice: {preview.INSTALL_HINT}")
def test_prints_the_pdf_then_one_png_per_page(small_docx, tmp_path):
    result = cli(str(small_docx), "--out", str(tmp_path / "preview"))
    assert result.returncode == 0, result.stderr
    pdf, *pngs = [Path(line) for line in result.stdout.splitlines()]
    assert pdf == tmp_path / "preview" / "report.pdf"
    assert pdf.exists()
    assert pngs and all(png.suffix == ".png" and png.exists() for png in pngs)
