"""The portal in a real browser: Debian's Chromium driven by Playwright (no browser is downloaded).

A unit uploads a good and a bad workbook and reads the findings; a reviewer logs in, returns the bad one,
starts a build (the build-report flow on the session's Prefect test server), waits for it and downloads the
公开稿, which python-docx opens. Each page is saved as a PNG under outputs/portal-screenshots/.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
import uvicorn
from openpyxl import load_workbook
from playwright.sync_api import Page, expect, sync_playwright
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

from portal import links
from portal.accounts import add_user
from portal.app import create_app
from portal.builds import prefect_builder
from portal.context import Options, Portal
from portal.server import free_port
from tests.conftest import EXAMPLE, REPO
from tests.portal.portal_pages import HEADER, PASSWORD, workbook

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "outputs" / "portal-screenshots"
pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(),
                                reason="没有 Chromium（Debian：apt-get install -y chromium），跳过浏览器测试")


@pytest.fixture
def served(tmp_path: Path, prefect_server: None) -> Iterator[tuple[str, Portal]]:
    """The portal over a copy of the example workspace, on uvicorn on a free loopback port."""
    workspace = Path(shutil.copytree(EXAMPLE, tmp_path / "example-2024"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(workspace, tmp_path / "out", builder=prefect_builder, options=Options(url=base))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield base, app.state.portal
    server.should_exit = True
    thread.join(10)
    app.state.portal.builds.wait(120)


def links_valid(portal: Portal) -> str:
    """Every valid link's id, to check a revocation against."""
    return " ".join(r["id"] for r in portal.store.rows("SELECT id FROM unit_links WHERE revoked_at IS NULL"))


def fits(page: Page, name: str) -> None:
    """The page is no wider than the screen (no sideways scroll), and saved as a PNG."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"
    shot(page, name)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_unit_uploads_reviewer_returns_builds_and_downloads_the_report(served: tuple[str, Portal],
                                                                        tmp_path: Path) -> None:

    base, portal = served
    token = links.issue(portal.store, "town-baisha", "测试")
    add_user(portal.store, "reviewer", "reviewer", PASSWORD, "测试")
    add_user(portal.store, "admin", "admin", PASSWORD, "测试")
    good, bad = tmp_path / "白沙乡统计表.xlsx", tmp_path / "白沙乡统计表-修改.xlsx"
    good.write_bytes(workbook([HEADER, ["白沙乡", 12, 40, 38]]))
    bad.write_bytes(workbook([HEADER, ["白沙乡", "30左右", 40, 38]]))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            unit = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
            unit.goto(f"{base}/u/{token}")
            expect(unit.locator("h1")).to_have_text("示例市白沙乡人民政府")
            expect(unit.locator("body")).to_contain_text("矛盾纠纷排查")  # a required metric of a 乡镇
            shot(unit, "1-unit")
            unit.set_input_files("input[type=file]", good)
            unit.get_by_role("button", name="上传并检查").click()
            expect(unit.locator("#result")).to_contain_text("没有错误")
            unit.set_input_files("input[type=file]", bad)
            unit.get_by_role("button", name="上传并检查").click()
            result = unit.locator("#result")
            expect(result).to_contain_text("错误 1 处")
            expect(result).to_contain_text("本版未采用，仍采用第1版")
            error = result.locator("tr.error")
            expect(error).to_contain_text("白沙乡统计表-修改.xlsx 第2行 B列")
            expect(error).to_contain_text("「矛盾纠纷排查」的值「30左右」不是数字")
            shot(unit, "2-unit-findings")

            office = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
            office.goto(f"{base}/office")
            expect(office.locator("h1")).to_have_text("依法治办工作人员登录")
            shot(office, "3-login")
            office.fill("input[name=name]", "reviewer")
            office.fill("input[name=password]", PASSWORD)
            office.get_by_role("button", name="登录").click()
            expect(office.locator("h1")).to_have_text("报送情况")
            row = office.locator("table.board tr", has_text="示例市白沙乡人民政府")
            expect(row).to_contain_text("有警告")
            expect(row).to_contain_text("逾期")
            shot(office, "4-board")

            row.get_by_role("link").click()
            office.locator("#v2").get_by_role("link", name="查看数字和文字并审核").click()
            review = office.locator("#review")
            review.locator("input[value=退回修改]").check()
            review.locator("textarea").fill("请把矛盾纠纷排查次数改为阿拉伯数字，并补报文字材料")
            review.get_by_role("button", name="提交审核").click()
            expect(office.locator("#review")).to_contain_text("退回修改 reviewer")
            office.locator("p.back a").click()
            shot(office, "5-unit-detail")
            # the version that counts, read before approving: its figures beside last year's and the city's
            office.locator("#v1").get_by_role("link", name="查看数字和文字并审核").click()
            figures = office.locator("#figures")
            expect(figures.locator("tr", has_text="矛盾纠纷排查")).to_contain_text("12 次")
            expect(figures).to_contain_text("全市合计（当前）")
            shot(office, "5a-version")
            office.locator("#review input[value=通过]").check()
            office.locator("#review").get_by_role("button", name="提交审核").click()
            expect(office.locator("#review")).to_contain_text("当前：通过 reviewer")
            # review required from now on (report.yaml): the board says what a build takes
            config = portal.root / "report.yaml"
            config.write_text(config.read_text(encoding="utf-8") + "\nportal:\n  review_required: true\n",
                              encoding="utf-8")
            office.goto(f"{base}/office?q=白沙")
            expect(office.locator("body")).to_contain_text("已开启「只采用审核通过的版本」")
            expect(office.locator("table.board tr", has_text="白沙乡")).to_contain_text("第1版（已审核通过）")
            office.goto(f"{base}/office?q=北湖")
            expect(office.locator("table.board tr", has_text="北湖街道")).to_contain_text("办公室放入的文件")
            shot(office, "5b-board-review-required")

            office.locator("nav").get_by_role("link", name="催报").click()
            expect(office.locator("body")).to_contain_text("示例经济技术开发区管理委员会")
            shot(office, "6-reminders")

            office.locator("nav").get_by_role("link", name="生成报告").click()
            office.get_by_role("button", name="生成年度报告").click()
            expect(office.locator("#stages li.stage-done").first).to_be_visible(timeout=120_000)
            shot(office, "7a-build-progress")
            expect(office.locator("#state")).to_have_text("完成", timeout=180_000)
            expect(office.locator("#stages li.stage-done")).to_have_count(9)
            shot(office, "7-build")
            with office.expect_download() as download:
                office.get_by_role("link", name="下载公开稿").click()
            report = tmp_path / "report.docx"
            download.value.save_as(report)
            office.locator("nav").get_by_role("link", name="生成报告").click()
            shot(office, "8-builds")

            unit.goto(f"{base}/unit")
            expect(unit.locator("#result")).to_contain_text("审核意见：请把矛盾纠纷排查次数改为阿拉伯数字")
            shot(unit, "9-unit-returned")

            admin = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
            admin.goto(f"{base}/login")
            admin.fill("input[name=name]", "admin")
            admin.fill("input[name=password]", PASSWORD)
            admin.get_by_role("button", name="登录").click()
            admin.locator("nav").get_by_role("link", name="单位链接").click()
            expect(admin.locator("body")).to_contain_text("为未发放的 34 个单位生成链接")
            shot(admin, "10-links")
            with admin.expect_download() as download:
                admin.get_by_role("button", name="为未发放的 34 个单位生成链接（下载 Excel）").click()
            listed = tmp_path / download.value.suggested_filename
            download.value.save_as(listed)
            assert listed.suffix == ".xlsx" and "单位链接" in listed.name
            sheet = load_workbook(listed)["单位链接"]
            issued = {r[0]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
            assert len(issued) == 34 and "town-baisha" not in issued
            # revoking is confirmed on a page of its own (the CSP allows no script), then done
            admin.locator("tr", has_text="示例市白沙乡人民政府").get_by_role("link", name="作废").click()
            expect(admin.locator("h1")).to_have_text("作废单位链接")
            shot(admin, "10a-revoke-confirm")
            assert token.split(".")[0] in links_valid(portal)
            admin.get_by_role("button", name="确定作废").click()
            expect(admin.locator("h1")).to_have_text("单位链接")
            assert token.split(".")[0] not in links_valid(portal)
            admin.locator("nav").get_by_role("link", name="账号").click()
            expect(admin.locator("body")).to_contain_text("reviewer")
            shot(admin, "11-users")
            newcomer = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
            newcomer.goto(issued["xfj"])
            expect(newcomer.locator("h1")).to_have_text("示例市信访局")
            # on a phone: no page scrolls sideways at 375 px
            phone = browser.new_page(viewport={"width": 375, "height": 740}, locale="zh-CN")
            phone.goto(issued["xfj"])
            phone.set_input_files("input[type=file]", bad)
            phone.get_by_role("button", name="上传并检查").click()
            expect(phone.locator("#result")).to_contain_text("错误")
            fits(phone, "12-phone-unit")
            phone.context.add_cookies(office.context.cookies())
            v1 = portal.versions.get("town-baisha", 1).id
            for path, name in (("/office", "13-phone-board"), ("/office/builds/1", "14-phone-build"),
                               (f"/office/versions/{v1}", "15-phone-version")):
                phone.goto(base + path)
                fits(phone, name)
        finally:
            browser.close()
    title = "".join(p.text for p in docx.Document(str(report)).paragraphs[:2]).replace("\n", "")
    assert title.startswith("示例市2024年度法治政府建设情况报告")
    # the flow run's artifacts link to the portal's downloads, not to file:// paths
    build = portal.builds.get(1)
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[build.flow_run_id])))
    links_of = {a.key: a.data for a in artifacts}
    for key, name in (("report-docx", "report.docx"), ("validation-xlsx", "validation.xlsx")):
        assert f"({base}/office/runs/{build.run_id}/{name})" in links_of[key]
