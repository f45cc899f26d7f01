"""LibreOffice rendering of the template: 22 lines of 28 characters, 「— n —」 page numbers."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest

from annual_report import preview
from annual_report.word.layout import StyleName
from annual_report.word.template import default_template

TEMPLATE = default_template()
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# CJK text without punctuation: a paragraph of 26 + 28k characters fills every line exactly.
PHRASE = "依法行政推进法治政府建设规范"
PARAGRAPH_CHARS = 26 + 28 * 4

needs_tools = pytest.mark.skipif(
    preview.soffice_path() is None or not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
    reason=f"needs LibreOffice and poppler-utils: {preview.INSTALL_HINT}",
)


def test_fontconfig_binds_every_official_name_strongly():
    root = ET.fromstring(preview.fontconfig_xml().split("\n", 2)[2])  # skip the declaration and DOCTYPE
    assert root.find("include").text == preview.SYSTEM_FONTS_CONF
    bound = {match.find("test/string").text: match.find("edit") for match in root.iter("match")}
    names = {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "仿宋", "楷体", "黑体", "宋体"}
    assert names | {"FangSong", "KaiTi", "SimHei", "SimSun"} <= set(bound)
    assert all(edit.get("binding") == "strong" for edit in bound.values())
    assert [s.text for s in bound["楷体_GB2312"].iter("string")] == ["AR PL KaitiM GB", "AR PL UKai CN"]


def test_missing_tools_raise_with_install_hint(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(preview.PreviewUnavailable) as error:
        preview.preview(tmp_path / "report.docx", tmp_path)
    assert "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk" in str(error.value)
    assert "无法生成预览" in str(error.value)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[list[str], list[Path]]:
    """Pages of `pdftotext -layout` text and PNGs of a three-page report."""
    outdir = tmp_path_factory.mktemp("preview")
    document = docx.Document(str(TEMPLATE))
    document.add_paragraph("法治政府建设年度报告", StyleName.TITLE)
    document.add_paragraph("一、主要举措和工作成效", StyleName.HEADING_1)
    body = (PHRASE * 20)[: PARAGRAPH_CHARS - 1] + "。"
    for _ in range(14):
        document.add_paragraph(body, StyleName.BODY)
    path = outdir / "report.docx"
    document.save(str(path))
    pdf, pngs = preview.preview(path, outdir)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1], pngs


def _lines(page: str) -> tuple[list[str], str]:
    """Body lines and the page-number line of one page."""
    lines = [line for line in page.split("\n") if line.strip()]
    return lines[:-1], lines[-1]


@needs_tools
def test_full_page_has_22_lines_of_28_characters(rendered):
    pages, pngs = rendered
    assert len(pages) >= 3
    assert len(pngs) == len(pages)
    body, _ = _lines(pages[1])
    assert len(body) == 22
    widths = {len(CJK.findall(line)) for line in body if not line.startswith(" ")}
    assert widths == {28}
    indented = {len(CJK.findall(line)) for line in body if line.startswith(" ")}
    assert indented <= {26}


@needs_tools
def test_page_numbers_are_dashed_right_on_odd_and_left_on_even_pages(rendered):
    pages, _ = rendered
    for number, page in enumerate(pages[:3], start=1):
        _, footer = _lines(page)
        assert re.fullmatch(rf"\s*—\s*{number}\s*—", footer)
        leading = len(footer) - len(footer.lstrip())
        assert leading > 20 if number % 2 else leading < 5
