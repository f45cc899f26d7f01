"""Office accounts managed by administrators on the 账号 page: add, reset a password, disable; refusals in
Chinese on the page; reviewers never reach it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.portal import portal_pages as pages


def _log_in(client: TestClient, name: str, password: str) -> object:
    page = client.get("/login")
    return client.post("/login", data={"csrf": pages.csrf(page), "name": name, "password": password},
                       follow_redirects=True)


def test_an_administrator_adds_a_reviewer_who_then_logs_in(client: TestClient, other: TestClient) -> None:
    pages.as_office(client, "admin", "admin")
    page = client.get("/office/users")
    form = {"csrf": pages.csrf(page), "name": "lisi", "role": "reviewer", "password": "长期有效的密码-2025", "again": "长期有效的密码-2025"}
    added = client.post("/office/users", data=form, follow_redirects=True)
    assert "已添加账号。" in pages.text(added) and "lisi 审核人员 可登录" in pages.text(added)
    assert _log_in(other, "lisi", "长期有效的密码-2025").url.path == "/office"
    assert other.get("/office/users").status_code == 403  # a reviewer does not manage accounts
    assert "admin 添加用户 lisi（审核人员）" in pages.text(client.get("/office/audit"))


def test_refusals_are_shown_on_the_page_and_change_nothing(client: TestClient) -> None:
    pages.as_office(client, "admin", "admin")
    page = client.get("/office/users")
    token = pages.csrf(page)
    mismatch = client.post("/office/users", data={"csrf": token, "name": "lisi", "role": "reviewer",
                                                  "password": "长期有效的密码-2025", "again": "另一个密码-2025"})
    assert mismatch.status_code == 400 and "两次输入的密码不一致" in pages.text(mismatch)
    short = client.post("/office/users", data={"csrf": token, "name": "lisi", "role": "reviewer",
                                               "password": "short", "again": "short"})
    assert "密码至少 10 个字符" in pages.text(short)
    taken = client.post("/office/users", data={"csrf": token, "name": "admin", "role": "admin",
                                               "password": "长期有效的密码-2025", "again": "长期有效的密码-2025"})
    assert "用户 admin 已存在" in pages.text(taken)
    self_disable = client.post("/office/users/admin/disable", data={"csrf": token})
    assert "不能停用自己正在使用的账号" in pages.text(self_disable)
    assert "lisi" not in pages.text(client.get("/office/users"))
    assert client.post("/office/users", data={"name": "x", "role": "admin", "password": "p" * 12,
                                              "again": "p" * 12}).status_code == 403  # no CSRF token


def test_a_reset_password_or_disabled_account_ends_its_open_pages(client: TestClient, other: TestClient) -> None:
    pages.as_office(other)  # reviewer, logged in
    pages.as_office(client, "admin", "admin")
    token = pages.csrf(client.get("/office/users"))
    reset = client.post("/office/users/reviewer/password", data={"csrf": token, "password": "新的长期密码-2025",
                                                                 "again": "新的长期密码-2025"}, follow_redirects=True)
    assert "已重设密码。" in pages.text(reset)
    assert other.get("/office", follow_redirects=False).status_code in (303, 307)  # logged out
    assert _log_in(other, "reviewer", "新的长期密码-2025").url.path == "/office"
    disabled = client.post("/office/users/reviewer/disable", data={"csrf": token}, follow_redirects=True)
    assert "reviewer 审核人员 已停用" in pages.text(disabled)
    assert other.get("/office", follow_redirects=False).status_code in (303, 307)
    assert _log_in(other, "reviewer", "新的长期密码-2025").url.path == "/login"
