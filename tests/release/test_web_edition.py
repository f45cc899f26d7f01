"""The web edition of a released run: one page that carries every figure of the 公开稿, with semantic
headings, tables with <th scope>, the chart as an image with a text alternative and its data table, the
政府信息公开 fields, a print stylesheet and no external asset; it passes the Nu Html Checker (vnu.jar) and
axe-core in Chromium, and fits 1280 and 375 px wide (screenshots in outputs/release-screenshots/)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annual_report.config.workspace import load_workspace
from annual_report.pipeline import BuildResult
from annual_report.release.publishing import Released, release
from annual_report.release.runs import open_run
from annual_report.text.diff import tokens
from annual_report.word import preview
from tests.conftest import EXAMPLE, REPO
from tests.docx_text import document_text
from tests.release.conftest import copy_run

TOOLS = REPO / "tests" / "web-tools" / "node_modules"
VNU, AXE = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar", TOOLS / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "outputs" / "release-screenshots"
NPM_HINT = "npm ci --prefix tests/web-tools"
pytestmark = pytest.mark.skipif(preview.soffice_path() is None or not shutil.which("pdftotext"),
                                reason=f"needs LibreOffice and poppler-utils: {preview.INSTALL_HINT}")


class _Text(HTMLParser):
    """The page's text outside <style>, and each tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.text.append(data)


@pytest.fixture(scope="module")
def released(example_run: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Released:
    run = copy_run(example_run, tmp_path_factory.mktemp("web"), "20250320T101500-eeeeee")
    return release(open_run(run), EXAMPLE, "王芳", dt.date(2025, 3, 28))


def _page(released: Released) -> _Text:
    assert released.page is not None
    parsed = _Text()
    parsed.feed(released.page.read_text("utf-8"))
    return parsed


def _figures(lines: list[str]) -> Counter[str]:
    return Counter(t for line in lines for t in tokens(line) if t[0].isdigit())


def test_the_page_carries_every_figure_of_the_report(released: Released) -> None:
    report = document_text(released.folder.parent / "report.docx")
    assert sum(_figures(report).values()) > 300
    assert _figures(report) - _figures(_page(released).text) == Counter()
    text = "".join(_page(released).text)
    assert all(line.replace("\n", "") in text for line in report if line.strip())  # every paragraph, verbatim


def test_the_page_is_semantic_and_self_contained(released: Released) -> None:
    page = _page(released)
    html = released.page.read_text("utf-8")
    tags = [t for t, _ in page.tags]
    assert html.startswith("<!DOCTYPE html>") and ('html', {"lang": "zh-CN"}) in page.tags
    assert tags.count("h1") == 1 and tags.count("h2") >= 6 and "h3" in tags
    headers = [a for t, a in page.tags if t == "th"]
    assert headers and all(a.get("scope") in ("col", "row") for a in headers)
    images = [a for t, a in page.tags if t == "img"]
    assert len(images) == 1 and images[0]["src"].startswith("data:image/png;base64,")
    assert images[0]["alt"].startswith("图：") and images[0]["aria-describedby"] == "chart-data-1"
    stats = json.loads((released.folder.parent / "statistics.json").read_text("utf-8"))
    rates = {t["name"]: t["display"] for t in stats["totals"]}
    chart = html[html.index('id="chart-data-1"'):]
    chart = chart[: chart.index("</table>")]
    shown = re.findall(r'<th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', chart)
    assert shown and all(rates[name] == value for name, value in shown)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html) and "<link" not in html and "<script" not in html
    assert "@media print" in html and "thead { display: table-header-group; }" in html
    config = load_workspace(EXAMPLE).config
    for label, value in (("索引号", config.publication.index_number), ("发布机构", config.government),
                         ("成文日期", "2025年3月20日"), ("发布日期", "2025年3月28日"), ("主题分类", "综合政务")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html
    assert "<dt>文号</dt>" not in html  # none given
    assert 'href="report.pdf"' in html and (released.page.parent / "report.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(not VNU.is_file() or not shutil.which("java"),
                    reason=f"needs the Nu Html Checker and Java: {NPM_HINT}; apt-get install -y default-jre-headless")
def test_the_page_passes_the_html_validator(released: Released) -> None:
    done = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--also-check-css", str(released.page)],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    assert [m for m in messages if m["type"] in ("error", "non-document-error")] == []
    assert messages == []  # no warnings either


@pytest.mark.skipif(not CHROMIUM.is_file() or not AXE.is_file(),
                    reason=f"needs Chromium and axe-core: apt-get install -y chromium; {NPM_HINT}")
def test_the_page_passes_axe_and_reads_at_1280_and_375_px(released: Released) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            for width in (1280, 375):
                page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
                page.goto(released.page.as_uri())
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})""")
                assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
                assert page.evaluate("document.documentElement.scrollWidth") == width  # no sideways scrolling
                size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
                assert size >= 16
                page.screenshot(path=str(SHOTS / f"web-{width}.png"))
                page.locator("figure").scroll_into_view_if_needed()
                page.screenshot(path=str(SHOTS / f"web-{width}-chart.png"))
                page.emulate_media(media="print")
                assert page.locator(".download").is_hidden()
        finally:
            browser.close()
