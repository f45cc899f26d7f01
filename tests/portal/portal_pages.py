"""Helpers for the portal's tests: a clock to move, workbooks written with openpyxl, reading pages."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile

from fastapi.testclient import TestClient
from openpyxl import Workbook

from portal import links
from portal.accounts import add_user
from portal.context import Portal

PASSWORD = "correct-horse-battery"
HEADER = ["单位", "矛盾纠纷排查", "受理矛盾纠纷", "成功化解矛盾纠纷"]


class Clock:
    """The portal's clock in a test: starts at a fixed time and moves only when told."""

    def __init__(self) -> None:
        self.now = dt.datetime(2025, 2, 20, 9, 0).astimezone()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def workbook(rows: list[list[object]], title: str = "统计表") -> bytes:
    """An .xlsx in the layout intake reads: a 统计表 with 单位 and metric names (docs/workspace.md §3.2)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def text(response_or_html: object) -> str:
    """A page's visible text on one line (tags dropped, entities decoded, spaces collapsed)."""
    raw = getattr(response_or_html, "text", response_or_html)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", str(raw)))).strip()


def csrf(response: object) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', getattr(response, "text", "")).group(1)


def portal_of(client: TestClient) -> Portal:
    return client.app.state.portal


def as_unit(client: TestClient, unit: str) -> object:
    """Open a fresh link of `unit` in this client; the unit page."""
    token = links.issue(portal_of(client).store, unit, "测试")
    return client.get(f"/u/{token}", follow_redirects=True)


def as_office(client: TestClient, name: str = "reviewer", role: str = "reviewer") -> object:
    """Create the account if needed and log in; the board."""
    store = portal_of(client).store
    if not store.row("SELECT 1 FROM users WHERE name = ?", name):
        add_user(store, name, role, PASSWORD, "测试")  # type: ignore[arg-type]
    page = client.get("/login")
    return client.post("/login", data={"csrf": csrf(page), "name": name, "password": PASSWORD},
                       follow_redirects=True)


def upload(client: TestClient, name: str, data: bytes, page: object | None = None) -> object:
    page = page or client.get("/unit")
    return client.post("/unit/upload", data={"csrf": csrf(page)}, files={"file": (name, data)},
                       follow_redirects=True)


GOOD_ROWS = [HEADER, ["东镇", 26, 118, 115]]
BAD_ROWS = [HEADER, ["东镇", "30左右", 118, 115]]
