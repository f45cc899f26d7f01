"""The unit page: deadline, required metrics, fill-in workbook, upload, findings at once, versions and the
reviewers' comments. A unit session sees its own unit and nothing else."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from annual_report.config.workspace import Unit
from annual_report.report.own import OwnReportError
from portal.checking import Plain, finding_rows
from portal.forms import workbook_for
from portal.uploads import ALLOWED, Refused, accept
from portal.web import Csrf, page, portal_of, unit_of

router = APIRouter()
UnitSession = Annotated[Unit, Depends(unit_of)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def actor(unit: Unit) -> str:
    return f"单位 {unit.id}"


def attachment(data: bytes, filename: str, media_type: str) -> Response:
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename*=utf-8''{quote(filename)}"})


def _deadline_text(deadline: dt.date, today: dt.date) -> str:
    days = (deadline - today).days
    if days > 0:
        return f"距截止还有 {days} 天"
    return "今天截止" if days == 0 else f"已超过截止日 {-days} 天，请尽快报送"


def unit_page(request: Request, unit: Unit, shown: int | None = None, refused: str = "",
              status_code: int = 200, own_problem: str = "") -> HTMLResponse:
    portal = portal_of(request)
    ws, _ = portal.workspace()
    kind = ws.config.kinds[unit.kind]
    metrics = [ws.catalogue.by_id[m] for m in kind.required]
    versions = portal.versions.history(unit.id)
    counted = [v.number for v in portal.versions.counted(unit.id)]
    current = next((v for v in versions if v.number == shown), versions[0] if versions else None)
    return page(request, "unit.html", status_code, title=unit.name, unit=unit, kind=kind, metrics=metrics,
                deadline=ws.config.deadline,
                deadline_text=_deadline_text(ws.config.deadline, portal.store.clock().date()),
                versions=versions, counted=counted, current=current,
                findings=finding_rows(current.findings, Plain(ws.catalogue)) if current else [], refused=refused,
                accept=",".join(ALLOWED), max_mb=ws.config.limits.max_file_mb,
                review_required=ws.config.portal.review_required, own_problem=own_problem, year=ws.config.year)


@router.get("/unit", response_class=HTMLResponse)
def unit_home(request: Request, unit: UnitSession, v: int | None = None) -> HTMLResponse:
    return unit_page(request, unit, shown=v)


@router.post("/unit/upload", dependencies=[Csrf])
def upload(request: Request, unit: UnitSession, file: Annotated[UploadFile, File()]) -> Response:
    """Keep the upload as a new version (unless refused), validated at once; the page shows its findings."""
    portal = portal_of(request)
    ws, plan = portal.workspace()
    data = file.file.read(portal.max_upload + 1)
    try:
        kept = accept(file.filename, data, portal.max_upload)
    except Refused as exc:
        portal.store.audit(actor(unit), "upload_refused", unit=unit.id, sha256=hashlib.sha256(data).hexdigest(),
                           detail=f"「{(file.filename or '')[:100]}」：{exc}")
        return unit_page(request, unit, refused=str(exc), status_code=400)
    version = portal.versions.add(ws, plan, unit.id, kept, by=actor(unit))
    portal.builds.counted_changed(unit.id)
    return RedirectResponse(f"/unit?v={version.number}#result", 303)


@router.get("/unit/versions/{number}")
def download_version(request: Request, unit: UnitSession, number: int) -> Response:
    portal = portal_of(request)
    version = portal.versions.get(unit.id, number)
    if version is None:
        raise HTTPException(404, "没有这个版本")
    portal.store.audit(actor(unit), "download", unit=unit.id, sha256=version.sha256, detail=f"第{number}版")
    data = portal.versions.file(version).read_bytes()
    return attachment(data, version.original_name, "application/octet-stream")


@router.get("/unit/workbook.xlsx")
def download_workbook(request: Request, unit: UnitSession) -> Response:
    portal = portal_of(request)
    ws, plan = portal.workspace()
    name, data = workbook_for(ws, plan, unit)
    portal.store.audit(actor(unit), "download", unit=unit.id, detail="填报表格",
                       sha256=hashlib.sha256(data).hexdigest())
    return attachment(data, name, XLSX)


@router.post("/unit/own-report", dependencies=[Csrf])
def own_report(request: Request, unit: UnitSession) -> Response:
    """The unit's own 年度报告 (公开稿), drafted from what the region counts of it, as a download."""
    portal = portal_of(request)
    ws, _ = portal.workspace()
    try:
        path = portal.builds.own(unit.id, actor(unit))
    except OwnReportError as exc:
        return unit_page(request, unit, own_problem=str(exc), status_code=409)
    if path is None:
        return unit_page(request, unit, own_problem="依法治办正在生成全域报告，请稍后再生成本单位年度报告", status_code=409)
    return attachment(path.read_bytes(), f"{unit.name}{ws.config.year}年度法治政府建设情况报告.docx", DOCX)
