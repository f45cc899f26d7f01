"""Logging in and out: office accounts by name and password, units by their link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal import links, sessions
from portal.accounts import authenticate, locked_out
from portal.web import Csrf, message_page, page, portal_of, session_of, set_session_cookie

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never `//host` or `https://…` (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/office"


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    session = session_of(request)
    if session is None:
        return RedirectResponse("/login", 303)
    return RedirectResponse("/unit" if session.kind == "unit" else "/office", 303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/office") -> HTMLResponse:
    return page(request, "login.html", title="登录", next=_safe_next(next))


@router.post("/login", dependencies=[Csrf])
def login(request: Request, name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/office") -> Response:
    portal = portal_of(request)
    name = name.strip()
    if locked_out(portal.store, name):
        portal.store.audit(name, "login_locked")
        return page(request, "login.html", 429, title="登录", next=_safe_next(next), name=name,
                    error="该用户连续登录失败次数过多，请 15 分钟后再试")
    user = authenticate(portal.store, name, password)
    if user is None:
        return page(request, "login.html", 401, title="登录", next=_safe_next(next), name=name,
                    error="用户名或密码不正确")
    sessions.end(portal.store, request.cookies.get(sessions.SESSION_COOKIE))
    token = sessions.start(portal.store, "user", user.name, user.role, portal.options.session_hours)
    response = RedirectResponse(_safe_next(next), 303)
    set_session_cookie(response, request, token)
    return response


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
    portal = portal_of(request)
    session = session_of(request)
    if session is not None:
        portal.store.audit(session.actor, "logout", unit=session.subject if session.kind == "unit" else "")
    sessions.end(portal.store, request.cookies.get(sessions.SESSION_COOKIE))
    response = RedirectResponse("/login" if session is None or session.kind == "user" else "/bye", 303)
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    return response


@router.get("/bye", response_class=HTMLResponse)
def bye(request: Request) -> HTMLResponse:
    return message_page(request, "已退出", "已退出登录。再次报送时，请重新打开本单位的专用链接。", 200)


@router.get("/u/{token}")
def unit_link(request: Request, token: str) -> Response:
    """A unit's link: a unit session in a cookie, then the unit page (the token leaves the address bar)."""
    portal = portal_of(request)
    unit = links.unit_of(portal.store, token)
    ws, _ = portal.workspace()
    if unit is None or unit not in ws.config.unit_by_id:
        portal.store.audit("（未知）", "link_refused", detail=f"无效链接 {token[:12]}")
        return message_page(request, "链接无效", "这个链接无效或已作废。请向依法治办索取本单位的新链接。", 403)
    sessions.end(portal.store, request.cookies.get(sessions.SESSION_COOKIE))
    session_token = sessions.start(portal.store, "unit", unit, "unit", portal.options.session_hours)
    portal.store.audit(f"单位 {unit}", "login", unit=unit)
    response = RedirectResponse("/unit", 303)
    set_session_cookie(response, request, session_token)
    return response
