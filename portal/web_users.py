"""Office accounts for administrators, without the command line: list, add, reset a password, disable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.accounts import (
    MIN_PASSWORD,
    ROLES,
    AccountError,
    User,
    add_user,
    disable_user,
    list_users,
    set_password,
)
from portal.web import Csrf, admin_user, confirm_page, page, portal_of

router = APIRouter(prefix="/office/users")
Admin = Annotated[User, Depends(admin_user)]


def _page(request: Request, error: str = "", done: str = "", status_code: int = 200) -> HTMLResponse:
    return page(request, "users.html", status_code, title="办公室账号", users=list_users(portal_of(request).store),
                roles=ROLES, min_password=MIN_PASSWORD, error=error, done=done)


@router.get("", response_class=HTMLResponse)
def overview(request: Request, user: Admin, done: str = "") -> HTMLResponse:
    return _page(request, done=done)


def _apply(request: Request, change: str, action: Callable[[], object]) -> Response:
    """Run an account change; its refusal is shown on the page, its success after a redirect."""
    try:
        action()
    except AccountError as exc:
        return _page(request, error=str(exc), status_code=400)
    return RedirectResponse(f"/office/users?done={change}", 303)


def _same(password: str, again: str) -> str:
    if password != again:
        raise AccountError("两次输入的密码不一致")
    return password


@router.post("", dependencies=[Csrf])
def add(request: Request, user: Admin, name: Annotated[str, Form()], role: Annotated[str, Form()],
        password: Annotated[str, Form()], again: Annotated[str, Form()]) -> Response:
    return _apply(request, "added", lambda: add_user(portal_of(request).store, name, role, _same(password, again),
                                                     user.name))  # type: ignore[arg-type]


@router.post("/{name}/password", dependencies=[Csrf])
def reset(request: Request, user: Admin, name: str, password: Annotated[str, Form()],
          again: Annotated[str, Form()]) -> Response:
    return _apply(request, "password", lambda: set_password(portal_of(request).store, name, _same(password, again),
                                                            user.name))


@router.get("/{name}/disable", response_class=HTMLResponse)
def confirm_disable(request: Request, user: Admin, name: str) -> HTMLResponse:
    return confirm_page(
        request, title="停用账号", action=f"/office/users/{quote(name, safe='')}/disable", button="确定停用",
        question=f"停用后账号「{name}」不能再登录，已登录的页面立即失效。确定停用吗？",
        detail="审计日志中的记录保留；重设密码即可恢复该账号。", back="/office/users")


@router.post("/{name}/disable", dependencies=[Csrf])
def disable(request: Request, user: Admin, name: str) -> Response:
    if name == user.name:
        return _page(request, error="不能停用自己正在使用的账号", status_code=400)
    return _apply(request, "disabled", lambda: disable_user(portal_of(request).store, name, user.name))
