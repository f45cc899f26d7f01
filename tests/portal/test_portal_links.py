"""Unit links issued from the administrators' page: an Excel list of new links that open the units' pages,
revoking, and nobody but an administrator reaching it."""

from __future__ import annotations

import io
from urllib.parse import unquote, urlsplit

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from portal import links
from tests.portal import portal_pages as pages


def _issued(answer: object) -> list[tuple[str, str, str]]:
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "单位链接" in unquote(answer.headers["content-disposition"])
    sheet = load_workbook(io.BytesIO(answer.content))["单位链接"]
    return [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)]


def test_an_administrator_issues_links_for_the_units_without_one_as_an_excel_list(client: TestClient,
                                                                                  other: TestClient) -> None:
    pages.as_office(client, "admin", "admin")
    pages.as_unit(other, "sfj")  # sfj already has a link
    page = client.get("/office/links")
    assert "为未发放的 2 个单位生成链接" in pages.text(page)
    rows = _issued(client.post("/office/links", data={"csrf": pages.csrf(page), "scope": "unissued"}))
    assert [(unit, name) for unit, name, _ in rows] == [("gaj", "测试市公安局"), ("dz", "东镇人民政府")]
    assert all(link.startswith("http://portal.test/u/") for _, _, link in rows)
    fresh = TestClient(client.app, base_url="http://portal.test")
    opened = fresh.get(urlsplit(rows[1][2]).path, follow_redirects=True)
    assert opened.url.path == "/unit" and "东镇人民政府" in pages.text(opened)
    assert "为未发放的 0 个单位生成链接" in pages.text(client.get("/office/links"))
    audit = pages.text(client.get("/office/audit"))
    assert "admin 发放单位链接 gaj" in audit and "admin 发放单位链接 dz" in audit


def test_reissuing_one_link_or_revoking_it_shuts_the_old_one(client: TestClient, other: TestClient) -> None:
    pages.as_office(client, "admin", "admin")
    page = client.get("/office/links")
    (_, _, first), = _issued(client.post("/office/links", data={"csrf": pages.csrf(page), "scope": "one",
                                                                 "unit": "gaj"}))
    (_, _, second), = _issued(client.post("/office/links", data={"csrf": pages.csrf(page), "scope": "one",
                                                                  "unit": "gaj"}))
    assert other.get(urlsplit(first).path).status_code == 403
    assert other.get(urlsplit(second).path, follow_redirects=True).url.path == "/unit"
    client.post("/office/links/gaj/revoke", data={"csrf": pages.csrf(page)})
    assert other.get("/unit").status_code == 401  # the open page is logged out
    assert "测试市公安局 未发放" in pages.text(client.get("/office/links"))


def test_only_administrators_reach_the_links_page(client: TestClient, other: TestClient) -> None:
    board = pages.as_office(client)  # a reviewer
    assert client.get("/office/links").status_code == 403
    assert client.post("/office/links", data={"csrf": pages.csrf(board), "scope": "all"}).status_code == 403
    assert 'href="/office/links"' not in board.text  # no menu entry for reviewers
    assert other.get("/office/links", follow_redirects=False).status_code in (303, 307)  # not logged in
    admin = TestClient(client.app, base_url="http://portal.test")
    pages.as_office(admin, "admin", "admin")
    assert admin.post("/office/links", data={"scope": "all"}).status_code == 403  # no CSRF token


def test_destructive_actions_are_confirmed_on_a_page_of_their_own(client: TestClient) -> None:
    """作废, 重新生成 and 为全部单位重新生成链接 lead to a server-rendered confirmation (no script: the CSP allows
    none), whose form does the action; nothing changes before it is submitted."""
    store = pages.portal_of(client).store
    links.issue(store, "gaj", "测试")
    pages.as_office(client, "admin", "admin")
    overview = client.get("/office/links").text
    assert "onclick" not in overview and 'href="/office/links/gaj/revoke"' in overview
    assert 'href="/office/links/all"' in overview
    step = client.get("/office/links/gaj/revoke")
    assert "作废后测试市公安局原有的链接不能再打开报送页面" in pages.text(step) and "gaj" in links.issued(store)
    assert 'action="/office/links/gaj/revoke"' in step.text and 'href="/office/links"' in step.text
    client.post("/office/links/gaj/revoke", data={"csrf": pages.csrf(step)})
    assert "gaj" not in links.issued(store)
    every = client.get("/office/links/all")
    assert "将为全部 3 个单位生成新链接，各单位原有的链接全部作废" in pages.text(every)
    assert '<input type="hidden" name="scope" value="all">' in every.text
    assert "停用后账号「reviewer」不能再登录" in pages.text(client.get("/office/users/reviewer/disable"))
