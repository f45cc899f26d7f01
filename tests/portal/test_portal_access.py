"""Who gets in: unit links stored hashed, revocable; office passwords with scrypt; expiring sessions; CSRF on
every form; a unit sees only its own pages and files."""

from __future__ import annotations

import hashlib

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from portal import links
from portal.accounts import check_password, disable_user, hash_password
from portal.app import ROUTERS
from portal.web import csrf_checked
from tests.portal import portal_pages as pages


def test_a_unit_link_opens_its_page_and_only_a_hash_of_it_is_stored(client: TestClient) -> None:
    store = pages.portal_of(client).store
    token = links.issue(store, "dz", "测试")
    page = client.get(f"/u/{token}", follow_redirects=True)
    assert page.url.path == "/unit"
    assert "东镇人民政府" in pages.text(page) and "报送截止 2025年3月1日" in pages.text(page)
    secret = token.split(".")[1]
    stored = store.row("SELECT hash FROM unit_links WHERE unit = 'dz'")["hash"]
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in pages.portal_of(client).store.path.read_bytes().decode("latin-1")


def test_a_wrong_or_revoked_link_is_refused_and_revoking_ends_the_open_session(client: TestClient,
                                                                              other: TestClient) -> None:
    store = pages.portal_of(client).store
    token = links.issue(store, "dz", "测试")
    assert client.get(f"/u/{token}", follow_redirects=True).status_code == 200
    link_id, secret = token.split(".")
    forged = f"{link_id}.{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}"
    assert other.get(f"/u/{forged}").status_code == 403
    assert links.revoke(store, "dz", "测试") == 1
    assert client.get("/unit").status_code == 401  # the page already open is logged out
    assert "链接无效" in pages.text(other.get(f"/u/{token}"))
    new = links.issue(store, "dz", "测试")
    assert other.get(f"/u/{new}", follow_redirects=True).url.path == "/unit"


def test_issuing_a_new_link_revokes_the_old_one(client: TestClient, other: TestClient) -> None:
    store = pages.portal_of(client).store
    first = links.issue(store, "gaj", "测试")
    second = links.issue(store, "gaj", "测试")
    assert client.get(f"/u/{first}").status_code == 403
    assert other.get(f"/u/{second}", follow_redirects=True).status_code == 200


def test_passwords_are_scrypt_hashes_and_a_wrong_one_is_refused_and_audited(client: TestClient) -> None:
    stored = hash_password(pages.PASSWORD)
    assert stored.startswith("scrypt$16384$8$1$") and pages.PASSWORD not in stored
    assert check_password(pages.PASSWORD, stored) and not check_password(pages.PASSWORD + "x", stored)
    pages.as_office(client)
    fresh = TestClient(client.app, base_url="http://portal.test")
    page = fresh.get("/login")
    answer = fresh.post("/login", data={"csrf": pages.csrf(page), "name": "reviewer", "password": "wrong-password"})
    assert answer.status_code == 401 and "用户名或密码不正确" in pages.text(answer)
    audit = pages.portal_of(client).store.rows("SELECT action FROM audit WHERE actor = 'reviewer'")
    actions = [r["action"] for r in audit]
    assert actions == ["login", "login_failed"]


def test_five_failed_logins_lock_the_name_for_fifteen_minutes(client: TestClient, clock: pages.Clock) -> None:
    pages.as_office(client, "locked")
    fresh = TestClient(client.app, base_url="http://portal.test")
    page = fresh.get("/login")
    for _ in range(5):
        fresh.post("/login", data={"csrf": pages.csrf(page), "name": "locked", "password": "wrong-password"})
    right = {"csrf": pages.csrf(page), "name": "locked", "password": pages.PASSWORD}
    assert "15 分钟后再试" in pages.text(fresh.post("/login", data=right))
    clock.advance(minutes=16)
    assert fresh.post("/login", data=right, follow_redirects=True).url.path == "/office"


def test_logins_expire(client: TestClient, other: TestClient, clock: pages.Clock) -> None:
    pages.as_office(client)
    pages.as_unit(other, "dz")
    clock.advance(hours=7, minutes=59)
    assert client.get("/office").status_code == 200 and other.get("/unit").status_code == 200
    clock.advance(minutes=2)
    assert client.get("/office", follow_redirects=False).headers["location"] == "/login?next=/office"
    assert other.get("/unit").status_code == 401


def test_every_form_needs_the_csrf_token_of_its_own_visitor(client: TestClient, other: TestClient) -> None:
    posts = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute) and "POST" in r.methods]
    assert {r.path for r in posts} >= {"/login", "/logout", "/unit/upload", "/office/builds",
                                       "/office/versions/{version_id}/review"}
    assert all(any(d.call is csrf_checked for d in r.dependant.dependencies) for r in posts)
    page = pages.as_unit(client, "dz")
    data = pages.workbook([*pages.GOOD_ROWS])
    assert client.post("/unit/upload", files={"file": ("东镇.xlsx", data)}).status_code == 403
    pages.as_unit(other, "gaj")  # another visitor, logged in: its cookies do not match dz's token
    foreign = other.post("/unit/upload", data={"csrf": pages.csrf(page)}, files={"file": ("东镇.xlsx", data)})
    assert foreign.status_code == 403 and "CSRF" in pages.text(foreign)
    assert pages.portal_of(client).store.rows("SELECT * FROM versions") == []
    assert pages.upload(client, "东镇.xlsx", data, page).status_code == 200


def test_a_unit_sees_only_its_own_versions_and_no_office_page(client: TestClient, other: TestClient) -> None:
    pages.as_unit(client, "dz")
    pages.upload(client, "东镇.xlsx", pages.workbook([*pages.GOOD_ROWS]))
    pages.as_unit(other, "gaj")
    mine = other.get("/unit")
    assert "还没有上传过材料" in pages.text(mine) and "东镇.xlsx" not in pages.text(mine)
    assert other.get("/unit/versions/1").status_code == 404  # version 1 of dz is not gaj's
    assert client.get("/unit/versions/1").status_code == 200
    assert other.get("/office", follow_redirects=False).headers["location"] == "/login?next=/office"
    assert other.get("/office/versions/1/download", follow_redirects=False).status_code == 303


def test_pages_are_not_cached_framed_or_leaking_the_link_in_a_referer(client: TestClient) -> None:
    page = pages.as_unit(client, "dz")
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    cookie = next(c for c in client.cookies.jar if c.name == "portal_session")
    assert cookie.has_nonstandard_attr("HttpOnly")


def test_a_disabled_account_is_logged_out_at_once(client: TestClient) -> None:
    pages.as_office(client, "lisi")
    assert client.get("/office").status_code == 200
    disable_user(pages.portal_of(client).store, "lisi", "测试")
    assert client.get("/office", follow_redirects=False).headers["location"] == "/login?next=/office"
