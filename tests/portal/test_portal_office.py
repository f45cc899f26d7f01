"""The office side: the board's counts, the 催报 notice in Word, builds and their downloads, the audit log,
and the commands that issue links and add accounts."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import httpx
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from annual_report.cli import app as command
from annual_report.cli import extend
from portal.server import free_port
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace
from tests.portal import portal_pages as pages

extend()  # serve and portal …, as the installed command has them


def test_the_board_counts_units_by_status_timeliness_and_review(client: TestClient, other: TestClient,
                                                                 clock: pages.Clock) -> None:
    pages.as_unit(client, "dz")
    pages.upload(client, "东镇.xlsx", pages.workbook(pages.GOOD_ROWS))  # 2025-02-20: on time
    clock.advance(days=14)
    pages.as_unit(client, "gaj")
    late = {k: v for k, v in GOOD_SUBMISSION.items() if k != "submitted_at"}  # received when uploaded
    pages.upload(client, "gaj.yaml", yaml.safe_dump(late, allow_unicode=True).encode())
    board = pages.text(pages.as_office(other))
    assert "报送 3 应报送 2 已报送 1 按时 1 逾期 1 缺报 0 有错误 审核 2 待审 0 退回修改 0 通过" in board
    assert "测试市公安局 有执法权的政府部门 已提交 2025-03-06 09:00 逾期" in board
    assert "测试市司法局 有执法权的政府部门 缺报" in board
    assert "东镇人民政府 乡镇（街道） 有警告 2025-02-20 09:00" in board


def test_a_receipt_known_only_as_a_day_shows_the_day_not_midnight(client: TestClient, other: TestClient) -> None:
    pages.as_unit(client, "gaj")
    dated = {**GOOD_SUBMISSION, "submitted_at": "2025-02-21"}  # as a workbook's 填报日期 or a Word report's date
    pages.upload(client, "gaj.yaml", yaml.safe_dump(dated, allow_unicode=True).encode())
    board = pages.text(pages.as_office(other))
    assert "测试市公安局 有执法权的政府部门 已提交 2025-02-21 " in board and "2025-02-21 00:00" not in board


def test_the_reminder_notice_lists_missing_and_late_units_in_gbt9704_layout(client: TestClient,
                                                                            other: TestClient) -> None:
    pages.as_unit(client, "dz")
    pages.upload(client, "东镇.xlsx", pages.workbook(pages.GOOD_ROWS))
    pages.as_office(other)
    assert "测试市司法局 有执法权的政府部门 未报送" in pages.text(other.get("/office/reminders"))
    answer = other.get("/office/reminders/notice.docx")
    assert answer.headers["content-type"].endswith("wordprocessingml.document")
    word = docx.Document(io.BytesIO(answer.content))
    body = "\n".join(p.text for p in word.paragraphs)
    assert word.paragraphs[0].text.replace("\n", "") == "关于催报2024年度法治政府建设情况材料的通知"
    assert "截至2025年2月20日，仍有2个单位未报送或所报材料有错误未能采用，0个单位逾期报送" in body
    assert "中共测试市委全面依法治市委员会办公室" in body
    rows = [[c.text for c in r.cells] for r in word.tables[0].rows]
    assert rows == [["序号", "单位", "情况"], ["1", "测试市司法局", "未报送"], ["2", "测试市公安局", "未报送"]]
    addressee = next(p for p in word.paragraphs if p.text == "各有关单位：")
    indent = addressee._p.pPr.ind
    assert indent.get(docx.oxml.ns.qn("w:firstLineChars")) == "0" and indent.get(docx.oxml.ns.qn("w:firstLine")) == "0"


def test_a_build_runs_one_at_a_time_and_its_files_download(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    from portal.app import create_app
    from portal.builds import plain_builder

    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    with TestClient(create_app(root, tmp_path / "out", builder=plain_builder)) as office:
        page = pages.as_office(office, "admin", "admin")
        builds = office.get("/office/builds")
        started = office.post("/office/builds", data={"csrf": pages.csrf(builds)}, follow_redirects=True)
        assert re.search(r"/office/builds/1$", str(started.url))
        second = office.post("/office/builds", data={"csrf": pages.csrf(page)})
        assert second.status_code == 409 and "已有一个生成任务在运行" in pages.text(second)
        pages.portal_of(office).builds.wait(120)
        done = office.get("/office/builds/1")
        assert "状态： 完成" in pages.text(done)
        # the stages as the command line prints them (pipeline.STAGES), each marked done
        from annual_report.pipeline import STAGES

        assert " ".join(f"{s.label}完成" for s in STAGES) in pages.text(done).replace(" 完成", "完成")
        run_id = re.search(r"/office/runs/([^/]+)/report\.docx", done.text).group(1)
        report = docx.Document(io.BytesIO(office.get(f"/office/runs/{run_id}/report.docx").content))
        assert "测试市2024年度法治政府建设情况报告" in "".join(p.text for p in report.paragraphs[:3])
        for name in ("report-review.docx", "statistics.xlsx", "validation.xlsx"):
            assert office.get(f"/office/runs/{run_id}/{name}").status_code == 200
        assert office.get(f"/office/runs/{run_id}/manifest.json").status_code == 404
        assert office.get(f"/office/runs/..%2F..%2F{run_id}/report.docx").status_code == 404
        listed = pages.text(office.get("/office/builds"))
        assert f"{run_id}" in listed and "公开稿 审阅稿 统计表 校验表" in listed
        audit = [r["action"] for r in pages.portal_of(office).store.rows("SELECT action FROM audit ORDER BY id")]
        assert audit[-4:] == ["download"] * 4 and {"build_start", "build_done"} <= set(audit)


def test_the_audit_log_is_for_administrators(client: TestClient, other: TestClient) -> None:
    pages.as_office(client, "reviewer", "reviewer")
    assert client.get("/office/audit").status_code == 403
    pages.as_office(other, "admin", "admin")
    log = pages.text(other.get("/office/audit"))
    assert "admin 登录" in log and "reviewer 登录" in log


def test_the_commands_add_accounts_and_issue_links_that_open_the_unit_page(workspace: Path, client: TestClient) -> None:
    runner = CliRunner()
    added = runner.invoke(command, ["portal", "user", "add", "zhang", "--role", "admin", "-w", str(workspace),
                                    "--password-stdin"], input=pages.PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    short = runner.invoke(command, ["portal", "user", "add", "li", "-w", str(workspace), "--password-stdin"],
                          input="short\n")
    assert short.exit_code == 1 and "密码至少 10 个字符" in short.output
    issued = runner.invoke(command, ["portal", "token", "issue", "东镇", "gaj", "-w", str(workspace)])
    assert issued.exit_code == 0, issued.output
    lines = [line.split("\t") for line in issued.output.strip().splitlines()]
    assert [(unit, name) for unit, name, _ in lines] == [("dz", "东镇人民政府"), ("gaj", "测试市公安局")]
    assert lines[0][2].startswith("http://portal.test/u/")  # the address the portal was created with
    assert client.get(lines[0][2].removeprefix("http://portal.test"), follow_redirects=True).url.path == "/unit"
    unknown = runner.invoke(command, ["portal", "token", "issue", "xyz", "-w", str(workspace)])
    assert unknown.exit_code == 2 and "单位名录中没有 xyz" in unknown.output
    listed = runner.invoke(command, ["portal", "token", "list", "-w", str(workspace)])
    assert "dz\t东镇人民政府\t已发放" in listed.output and "sfj\t测试市司法局\t未发放" in listed.output
    revoked = runner.invoke(command, ["portal", "token", "revoke", "dz", "-w", str(workspace)])
    assert "dz\t东镇人民政府\t已作废" in revoked.output
    assert client.get("/unit").status_code == 401
    assert pages.as_office(client, "zhang").url.path == "/office"


def test_a_failed_build_is_shown_with_its_reason(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    from portal.app import create_app
    from portal.builds import plain_builder

    blocked = tmp_path / "out"
    blocked.write_text("a file where the run folders would go", encoding="utf-8")
    with TestClient(create_app(make_workspace(), blocked, builder=plain_builder)) as office:
        pages.as_office(office)
        started = office.post("/office/builds", data={"csrf": pages.csrf(office.get("/office/builds"))},
                              follow_redirects=True)
        pages.portal_of(office).builds.wait(60)
        shown = pages.text(office.get(str(started.url)))
        assert "状态： 失败" in shown and "无法写入输出文件夹" in shown
        assert pages.portal_of(office).builds.start("reviewer") is not None  # the next build may start
        pages.portal_of(office).builds.wait(60)


def test_serve_answers_until_it_is_stopped(workspace: Path, tmp_path: Path) -> None:
    port = free_port()
    serve = subprocess.Popen([sys.executable, "-m", "annual_report", "serve", str(workspace), "--port", str(port),
                              "--out", str(tmp_path / "out"), "--no-prefect"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                login = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.HTTPError:
                assert serve.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert "依法治办工作人员登录" in pages.text(login)
    finally:
        serve.send_signal(signal.SIGINT)
        output = serve.communicate(timeout=30)[0]
    assert serve.returncode == 0, output
    assert f"报送系统：http://127.0.0.1:{port}" in output and "还没有办公室账号" in output


def test_reminders_name_each_units_reasons_errors_included(client: TestClient, workspace: Path) -> None:
    """A unit whose material (here a file the office put in submissions/) has errors is chased for them, not
    shown as merely late."""
    wrong = {**GOOD_SUBMISSION, "year": 2023, "submitted_at": "2025-03-05T10:00:00"}
    (workspace / "submissions" / "gaj.yaml").write_text(yaml.safe_dump(wrong, allow_unicode=True), encoding="utf-8")
    pages.as_office(client)
    page = pages.text(client.get("/office/reminders"))
    assert "未报送 2 个单位，材料有错误 1 个单位，逾期报送 1 个单位" in page
    assert "测试市司法局 有执法权的政府部门 未报送" in page and "东镇人民政府 乡镇（街道） 未报送" in page
    assert "测试市公安局 有执法权的政府部门 有错误 逾期 有 1 处错误，数字未计入合计 2025-03-05 10:00" in page
    word = docx.Document(io.BytesIO(client.get("/office/reminders/notice.docx").content))
    rows = [[c.text for c in r.cells] for r in word.tables[0].rows]
    assert ["3", "测试市公安局", "已报送，材料有错误，请按系统列出的问题修改后重新上传（逾期）"] in rows
