"""What every page shares: templates, who is logged in, CSRF checking, cookies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from annual_report.config.workspace import Unit
from annual_report.text.dates import format_received
from portal.accounts import User
from portal.context import Portal
from portal.sessions import CSRF_COOKIE, SESSION_COOKIE, Session, csrf_token, csrf_valid, find

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))


def _when(value: dt.datetime | str | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime(pattern)


TEMPLATES.env.filters["when"] = _when
TEMPLATES.env.filters["received"] = format_received
TEMPLATES.env.globals["actions"] = {  # audit actions as the log page names them
    "login": "登录", "login_failed": "登录失败", "login_locked": "登录被锁定", "logout": "退出", "link_issue": "发放单位链接",
    "link_revoke": "作废单位链接", "link_refused": "无效链接", "upload": "上传", "upload_refused": "拒收上传",
    "download": "下载", "review": "审核", "notice": "下载催报通知", "build_start": "开始生成",
    "build_done": "生成完成", "build_failed": "生成失败", "user_add": "添加用户", "user_password": "修改密码",
    "user_disable": "停用用户", "compare": "与上一稿比较",
}


class LoginRequired(Exception):
    """An office page without a valid login: the visitor is sent to the login page, then back."""

    def __init__(self, path: str) -> None:
        self.path = path


class UnitLinkRequired(Exception):
    """A unit page without a valid unit session."""


def portal_of(request: Request) -> Portal:
    return request.app.state.portal


def session_of(request: Request) -> Session | None:
    if not hasattr(request.state, "session"):
        request.state.session = find(portal_of(request).store, request.cookies.get(SESSION_COOKIE))
    return request.state.session


def office_user(request: Request) -> User:
    session = session_of(request)
    if session is None or session.kind != "user":
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return User(session.subject, session.role)  # type: ignore[arg-type]


def admin_user(user: Annotated[User, Depends(office_user)]) -> User:
    if not user.is_admin:
        raise HTTPException(403, "此页面仅管理员可用")
    return user


def unit_of(request: Request) -> Unit:
    session = session_of(request)
    if session is None or session.kind != "unit":
        raise UnitLinkRequired()
    ws, _ = portal_of(request).workspace()
    unit = ws.config.unit_by_id.get(session.subject)
    if unit is None:  # removed from the registry since the link was issued
        raise UnitLinkRequired()
    return unit


def csrf_for(request: Request) -> str:
    return csrf_token(portal_of(request).csrf_key, request.state.csrf_cookie, request.cookies.get(SESSION_COOKIE))


def csrf_checked(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """Every form's dependency: the token must match this visitor's cookies."""
    if not csrf_valid(portal_of(request).csrf_key, request.cookies.get(CSRF_COOKIE),
                      request.cookies.get(SESSION_COOKIE), csrf):
        raise HTTPException(403, "页面已过期或来源不明（CSRF 校验未通过）；请刷新页面后重新提交")


Csrf = Depends(csrf_checked)


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    hours = portal_of(request).options.session_hours
    response.set_cookie(SESSION_COOKIE, token, max_age=int(hours * 3600), httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    portal = portal_of(request)
    ws, _ = portal.workspace()
    session = session_of(request)
    user = User(session.subject, session.role) if session and session.kind == "user" else None  # type: ignore
    return TEMPLATES.TemplateResponse(request, template, {
        "site": f"{ws.config.region}{ws.config.year}年度法治政府建设情况报送系统", "csrf": csrf_for(request),
        "user": user, "session": session, "path": request.url.path, **context}, status_code=status_code)


def message_page(request: Request, title: str, message: str, status_code: int) -> HTMLResponse:
    return page(request, "message.html", status_code, title=title, message=message)


def confirm_page(request: Request, *, title: str, question: str, action: str, button: str, back: str,
                 detail: str = "", fields: dict[str, str] | None = None) -> HTMLResponse:
    """The step before a destructive action: what it will do, a form that does it (POST, with the CSRF token)
    and a way back. Rendered by the server, so it needs no script and works under the pages' CSP."""
    return page(request, "confirm.html", title=title, question=question, detail=detail, action=action,
                button=button, back=back, fields=fields or {})
