"""The portal's part of issue 25: the board's line of dates and what is open, and 「与上一稿比较」 on a build's
page, which writes and downloads the changes document of that run against the run before it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import yaml
from docx.oxml.ns import qn
from fastapi.testclient import TestClient

from annual_report.cli import extend
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace
from tests.portal import portal_pages as pages

extend()


def _build(office: TestClient, number: int) -> str:
    started = office.post("/office/builds", data={"csrf": pages.csrf(office.get("/office/builds"))},
                          follow_redirects=True)
    assert str(started.url).endswith(f"/office/builds/{number}")
    pages.portal_of(office).builds.wait(120)
    return re.search(r"/office/runs/([^/]+)/report\.docx", office.get(f"/office/builds/{number}").text).group(1)


def test_compare_with_the_previous_draft_from_the_build_page(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    from portal.app import create_app
    from portal.builds import plain_builder

    root = make_workspace({"gaj.yaml": {**GOOD_SUBMISSION, "metrics": {"enf.inspections": 310}}})
    with TestClient(create_app(root, tmp_path / "out", builder=plain_builder)) as office:
        pages.as_office(office, "admin", "admin")
        first = _build(office, 1)
        (root / "submissions" / "gaj.yaml").write_text(yaml.safe_dump(
            {**GOOD_SUBMISSION, "metrics": {"enf.inspections": 325}}, allow_unicode=True), "utf-8")
        second = _build(office, 2)
        page = office.get("/office/builds/2")
        assert "与上一稿比较" in pages.text(page)
        answer = office.post(f"/office/runs/{second}/compare", data={"csrf": pages.csrf(page)}, follow_redirects=True)
        assert answer.status_code == 200 and str(answer.url).endswith(f"/{second}/changes-since-{first}.docx")
        body = docx.Document(io.BytesIO(answer.content)).element.body
        deleted = {"".join(t.text for t in m.iter(qn("w:delText"))) for m in body.iter(qn("w:del"))} - {""}
        inserted = {"".join(t.text for t in m.iter(qn("w:t"))) for m in body.iter(qn("w:ins"))} - {""}
        assert (deleted, inserted) == ({"310"}, {"325"})
        none = office.post(f"/office/runs/{first}/compare", data={"csrf": pages.csrf(page)})
        assert none.status_code == 409 and "没有可以比较的上一稿" in pages.text(none)
        assert office.post(f"/office/runs/{second}/compare", data={}).status_code in (400, 403)
        assert office.post("/office/runs/..%2Fx/compare", data={"csrf": pages.csrf(page)}).status_code == 404
        audit = [r["action"] for r in pages.portal_of(office).store.rows("SELECT action FROM audit ORDER BY id")]
        assert audit[-2:] == ["compare", "download"]


def test_the_board_says_the_dates_days_left_and_what_is_open(client: TestClient, other: TestClient) -> None:
    pages.as_unit(client, "gaj")
    pages.upload(client, "gaj.yaml", yaml.safe_dump(GOOD_SUBMISSION, allow_unicode=True).encode())
    board = pages.text(pages.as_office(other))
    assert "向上级报告：2025年3月1日（还有9天） · 向社会公开：2025年4月1日（还有40天）" in board  # the clock: 2025-02-20
    assert "尚未完成：缺报2个单位（测试市司法局、东镇人民政府）；公开前保密审查未进行（还没有生成报告）" in board
