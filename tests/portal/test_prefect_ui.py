"""The Prefect UI that `serve` starts beside the portal works: it reaches its API (PREFECT_UI_API_URL), and a
build recorded there is found by its name 「{region}{year} · {run id}」 at the address the command prints."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from portal.server import PrefectServer
from tests.conftest import EXAMPLE
from tests.portal.test_portal_browser import CHROMIUM, shot

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(),
                                reason="没有 Chromium（Debian：apt-get install -y chromium），跳过浏览器测试")


def test_the_ui_beside_the_portal_finds_the_build_by_its_name(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))  # the server's home, not the user's
    server = PrefectServer(tmp_path / "prefect-server.log")
    server.start()
    try:
        workspace = Path(shutil.copytree(EXAMPLE, tmp_path / "example-2024",
                                         ignore=shutil.ignore_patterns(".prefect", "portal")))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {
            "PREFECT_API_URL": server.api_url}
        built = subprocess.run([sys.executable, "-m", "annual_report", "build", str(workspace), "--out",
                                str(tmp_path / "out")], capture_output=True, text=True, timeout=300, env=env)
        assert built.returncode == 0, built.stderr
        lines = built.stdout.strip().splitlines()
        run_id = Path(lines[-1]).name
        address = next(line for line in lines if line.startswith("在 Prefect 界面中查看本次运行：")).split("：", 1)[1]
        assert address.startswith(f"{server.ui_url}/runs/flow-run/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(address)
                expect(page.get_by_text(f"示例市2024 · {run_id}").first).to_be_visible(timeout=90_000)
                shot(page, "16-prefect-flow-run")
                page.get_by_text("Task Runs", exact=True).first.click()
                search = page.get_by_placeholder("Search by run name")
                search.first.fill("北湖街道")  # the list filtered by a Chinese name: the names keep their Chinese
                expect(page.get_by_text("intake-北湖街道-2024年度报送表.xlsx").first).to_be_visible(timeout=60_000)
                expect(page.get_by_text(re.compile(r"^publish-"))).to_have_count(0, timeout=30_000)
                shot(page, "16a-prefect-task-runs")
                page.goto(f"{server.ui_url}/runs")
                expect(page.get_by_text(f"示例市2024 · {run_id}").first).to_be_visible(timeout=90_000)
                shot(page, "17-prefect-runs")
            finally:
                browser.close()
    finally:
        server.stop()
