"""The web app: `create_app(workspace, …)` gives a FastAPI app serving the unit and office pages.

Every response carries restrictive security headers and is not cached; every visitor gets a CSRF cookie;
request bodies are capped at the workspace's file size limit (limits.max_file_mb) before any is read.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from annual_report.config.workspace import WorkspaceError
from portal import web_builds, web_links, web_login, web_office, web_unit, web_users
from portal.builds import Builder, prefect_builder
from portal.context import BODY_SLACK, Options, Portal
from portal.sessions import CSRF_COOKIE, SESSION_COOKIE, find
from portal.store import Clock, local_now
from portal.web import HERE, TEMPLATES, LoginRequired, UnitLinkRequired, message_page

ROUTERS = (web_login.router, web_unit.router, web_office.router, web_builds.router, web_links.router, web_users.router)
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # a unit's link never leaves in a Referer header
}


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse a request body over the cap (413, the Chinese page, an audit line) however it is sent: by its
    Content-Length before any is read, or — chunked, or with no length — as soon as it streams past the cap,
    whatever the app behind made of the cut-off body (a form parser's 400 is never what the client sees)."""

    def __init__(self, app: ASGIApp, portal: Portal) -> None:
        self.app, self.portal = app, portal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.portal.max_upload + BODY_SLACK
        length = dict(scope["headers"]).get(b"content-length", b"0")
        received, refused, started = 0, int(length) > limit if length.isdigit() else False, False

        async def counted() -> Message:
            nonlocal received, refused
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                refused = True
                raise _TooLarge
            return message

        async def answered(message: Message) -> None:
            nonlocal started
            if not refused:  # once the body is refused, the app's own answer is not sent
                started = started or message["type"] == "http.response.start"
                await send(message)

        try:
            if not refused:
                await self.app(scope, counted, answered)
        except Exception:  # _TooLarge, or what the app made of it (FastAPI turns it into a 400)
            if not refused:
                raise
        if refused and not started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        cookies = Request(scope).cookies
        session = find(self.portal.store, cookies.get(SESSION_COOKIE))
        actor = "（未登录）" if session is None else session.actor
        mb = self.portal.workspace()[0].config.limits.max_file_mb
        self.portal.store.audit(actor, "upload_refused", unit=session.subject if session and session.kind == "unit"
                                else "", detail=f"请求超过 {mb:g} MB 上限，未接收（{scope['path']}）")
        html = TEMPLATES.get_template("message.html").render(
            title="文件过大", message=f"上传的文件超过 {mb:g} MB 的上限，未接收；请删除图片等附件后重新上传。",
            site="报送系统", user=None, session=None, path="")
        refusal = Response(html, 413, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)
        await refusal(scope, receive, send)


async def _headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    fresh = None if 20 <= len(cookie) <= 64 and cookie.isascii() else secrets.token_urlsafe(24)
    request.state.csrf_cookie = fresh or cookie
    response = await call_next(request)
    if fresh:
        response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="lax", path="/",
                            secure=request.url.scheme == "https")
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.path)}", 303)

    @app.exception_handler(UnitLinkRequired)
    async def unit_link(request: Request, exc: UnitLinkRequired) -> Response:
        return message_page(request, "请使用单位链接", "请打开依法治办发给本单位的专用链接进入报送页面；"
                            "登录已过期时，重新打开该链接即可。", 401)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        titles = {403: "无权访问", 404: "找不到", 405: "不支持的操作", 409: "冲突"}
        return message_page(request, titles.get(exc.status_code, "出错了"), str(exc.detail), exc.status_code)

    @app.exception_handler(WorkspaceError)
    async def workspace_error(request: Request, exc: WorkspaceError) -> Response:
        html = TEMPLATES.get_template("message.html").render(
            title="工作区配置有误", message=f"工作区配置有误，请管理员修改后刷新：{exc}", site="报送系统", user=None,
            session=None, path="")
        return Response(html, 500, media_type="text/html; charset=utf-8")


def create_app(workspace: Path, out: Path = Path("outputs"), *, builder: Builder = prefect_builder,
               options: Options | None = None, clock: Clock = local_now) -> FastAPI:
    """The portal over `workspace`; runs built from it go under `out` (as `annual-report build --out`)."""
    portal = Portal(workspace, out, builder, options or Options(), clock)
    portal.workspace()  # an unusable workspace fails here, before serving
    portal.versions.sync_all()  # counted copies as the database says (e.g. after restoring a backup)
    app = FastAPI(title="annual-report portal", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.portal = portal
    app.middleware("http")(_headers)
    app.add_middleware(BodyLimit, portal=portal)
    _handlers(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, bool]:
        return {"ok": True}

    return app
