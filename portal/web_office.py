"""The office pages: the 报送情况 board, a unit's findings and versions with review, 催报, the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal import links, reviews
from portal.accounts import User
from portal.checking import Plain, finding_rows
from portal.notice import notice_docx
from portal.reviews import STATES, ReviewError, decide
from portal.web import Csrf, admin_user, office_user, page, portal_of
from portal.web_unit import attachment

router = APIRouter(prefix="/office")
Office = Annotated[User, Depends(office_user)]
Admin = Annotated[User, Depends(admin_user)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


STATUS_FILTERS = ("已提交", "有警告", "有错误", "缺报", "逾期", "待审", "退回修改", "通过")


@router.get("", response_class=HTMLResponse)
def board(request: Request, user: Office, q: str = "", status: str = "", kind: str = "") -> HTMLResponse:
    """The board, searched by unit (name, short name or id) and filtered by status or review, and kind; with the
    report-to-superior and publish dates, the days left and what is still open."""
    from annual_report.release.deadlines import workspace_lines

    portal = portal_of(request)
    checked = portal.checked()
    dues = workspace_lines(checked.report, checked.ws.config, portal.root, portal.out, portal.store.clock().date())
    board = portal.board()
    q = q.strip()
    shown = [r for r in board.rows if r.matches(q, status, kind)]
    return page(request, "board.html", title="报送情况", board=board, rows=shown, issued=links.issued(portal.store),
                q=q, status=status, kind=kind, statuses=STATUS_FILTERS, kinds=checked.ws.config.kinds, dues=dues)


@router.get("/units/{unit_id}", response_class=HTMLResponse)
def unit_detail(request: Request, user: Office, unit_id: str, error: str = "") -> HTMLResponse:
    portal = portal_of(request)
    board = portal.board()
    row = next((r for r in board.rows if r.unit.id == unit_id), None)
    if row is None:
        raise HTTPException(404, "单位名录中没有这个单位")
    result = portal.checked().report.units[unit_id]
    findings = [f.model_dump(mode="json") for f in result.findings if f.rule != "missing_submission"]
    versions = portal.versions.history(unit_id)
    plain = Plain(portal.workspace()[0].catalogue)
    return page(request, "unit_detail.html", title=row.unit.name, row=row, findings=finding_rows(findings, plain),
                versions=[(v, finding_rows(v.findings, plain)) for v in versions], states=STATES, error=error)


@router.get("/versions/{version_id}", response_class=HTMLResponse)
def version_page(request: Request, user: Office, version_id: int, error: str = "") -> HTMLResponse:
    """A version before 通过/退回: its figures (with last year's and the region's), its text, its findings."""
    portal = portal_of(request)
    version = portal.versions.by_id(version_id)
    if version is None:
        raise HTTPException(404, "没有这个版本")
    ws, _ = portal.workspace()
    view = portal.version_view(version)
    return page(request, "version.html", title=f"{ws.config.unit_by_id[version.unit].name} 第{version.number}版",
                unit=ws.config.unit_by_id[version.unit], view=view, v=version, states=STATES, error=error,
                findings=finding_rows(version.findings, Plain(ws.catalogue)),
                history=reviews.history(portal.store, version),
                counted=version.number in {c.number for c in portal.versions.counted(version.unit)},
                level=ws.config.region[-1:] if ws.config.region[-1:] in "省市县区旗州盟" else "域")


@router.post("/versions/{version_id}/review", dependencies=[Csrf])
def review(request: Request, user: Office, version_id: int, state: Annotated[str, Form()],
           comment: Annotated[str, Form()] = "") -> Response:
    portal = portal_of(request)
    version = portal.versions.by_id(version_id)
    if version is None:
        raise HTTPException(404, "没有这个版本")
    try:
        decide(portal.store, version, state, comment, user.name)
    except ReviewError as exc:
        return version_page(request, user, version.id, error=str(exc))
    portal.builds.counted_changed(version.unit)  # with review required, an approval changes what counts
    return RedirectResponse(f"/office/versions/{version.id}#review", 303)


@router.get("/versions/{version_id}/download")
def download_version(request: Request, user: Office, version_id: int) -> Response:
    portal = portal_of(request)
    version = portal.versions.by_id(version_id)
    if version is None:
        raise HTTPException(404, "没有这个版本")
    portal.store.audit(user.name, "download", unit=version.unit, sha256=version.sha256,
                       detail=f"第{version.number}版「{version.original_name}」")
    return attachment(portal.versions.file(version).read_bytes(), f"{version.unit}-第{version.number}版-"
                      f"{version.original_name}", "application/octet-stream")


@router.get("/reminders", response_class=HTMLResponse)
def reminders(request: Request, user: Office) -> HTMLResponse:
    board = portal_of(request).board()
    return page(request, "reminders.html", title="催报", board=board, rows=board.reminders)


@router.get("/reminders/notice.docx")
def notice(request: Request, user: Office) -> Response:
    portal = portal_of(request)
    ws, _ = portal.workspace()
    board = portal.board()
    data = notice_docx(ws, board, portal.store.clock().date(), portal.scratch)
    names = "、".join(r.unit.label for r in board.reminders)
    portal.store.audit(user.name, "notice", detail=f"催报通知：{names or '无'}"[:500])
    return attachment(data, f"关于催报{ws.config.year}年度法治政府建设情况材料的通知.docx", DOCX)


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, user: Admin, before: int | None = None) -> HTMLResponse:
    store = portal_of(request).store
    rows = store.rows("SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT 200", before or 2**62)
    return page(request, "audit.html", title="审计日志", rows=rows,
                older=rows[-1]["id"] if len(rows) == 200 else None)
