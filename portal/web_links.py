"""Units' links for administrators, without the command line: who has a valid link, new links for the units
that have none (or for all, or one) as an Excel list to send out, and revoking one."""

from __future__ import annotations

from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from annual_report.config.workspace import Unit
from annual_report.outputs.xlsx import Sheet, sheets_bytes
from portal import links
from portal.accounts import User
from portal.web import Csrf, admin_user, confirm_page, page, portal_of
from portal.web_unit import XLSX, attachment

router = APIRouter(prefix="/office/links")
Admin = Annotated[User, Depends(admin_user)]
Scope = Literal["unissued", "all", "one"]


@router.get("", response_class=HTMLResponse)
def overview(request: Request, user: Admin) -> HTMLResponse:
    portal = portal_of(request)
    ws, _ = portal.workspace()
    issued = links.issued(portal.store)
    return page(request, "links.html", title="单位链接", units=ws.config.units, issued=issued,
                base=portal.options.url.rstrip("/"), unissued=sum(u.id not in issued for u in ws.config.units))


@router.post("", dependencies=[Csrf])
def issue(request: Request, user: Admin, scope: Annotated[Scope, Form()], unit: Annotated[str, Form()] = "") -> Response:
    """New links as an .xlsx download (the links are shown this once); issuing revokes a unit's old link."""
    portal = portal_of(request)
    ws, _ = portal.workspace()
    issued = links.issued(portal.store)
    if scope == "one" and unit not in ws.config.unit_by_id:
        raise HTTPException(404, "单位名录中没有这个单位")
    chosen = [u for u in ws.config.units
              if scope == "all" or (scope == "unissued" and u.id not in issued) or (scope == "one" and u.id == unit)]
    if not chosen:
        return RedirectResponse("/office/links", 303)
    base = portal.options.url
    rows = [(u.id, u.name, links.link_url(base, links.issue(portal.store, u.id, user.name))) for u in chosen]
    name = f"{ws.config.region}{ws.config.year}年度报送系统单位链接（{portal.store.clock():%Y%m%d%H%M}发放）.xlsx"
    return attachment(_workbook(rows), name, XLSX)


def _unit(request: Request, unit_id: str) -> Unit:
    ws, _ = portal_of(request).workspace()
    if unit_id not in ws.config.unit_by_id:
        raise HTTPException(404, "单位名录中没有这个单位")
    return ws.config.unit_by_id[unit_id]


@router.get("/all", response_class=HTMLResponse)
def confirm_all(request: Request, user: Admin) -> HTMLResponse:
    ws, _ = portal_of(request).workspace()
    return confirm_page(
        request, title="为全部单位重新生成链接", action="/office/links", fields={"scope": "all"},
        question=f"将为全部 {len(ws.config.units)} 个单位生成新链接，各单位原有的链接全部作废。确定重新生成吗？",
        detail="新链接在随后下载的 Excel 表中，只出现这一次；各单位须用新链接重新打开报送页面，已上传的材料不受影响。",
        button="确定，全部重新生成并下载", back="/office/links")


@router.get("/{unit_id}/reissue", response_class=HTMLResponse)
def confirm_reissue(request: Request, user: Admin, unit_id: str) -> HTMLResponse:
    unit = _unit(request, unit_id)
    return confirm_page(
        request, title="重新生成单位链接", action="/office/links", fields={"scope": "one", "unit": unit.id},
        question=f"将为{unit.name}生成新链接，该单位原有的链接随即作废。确定重新生成吗？",
        detail="新链接在随后下载的 Excel 表中，只出现这一次。", button="确定，重新生成并下载", back="/office/links")


@router.get("/{unit_id}/revoke", response_class=HTMLResponse)
def confirm_revoke(request: Request, user: Admin, unit_id: str) -> HTMLResponse:
    unit = _unit(request, unit_id)
    return confirm_page(
        request, title="作废单位链接", action=f"/office/links/{unit.id}/revoke",
        question=f"作废后{unit.name}原有的链接不能再打开报送页面，已打开的页面立即失效。确定作废吗？",
        detail="已上传的材料和版本不受影响；需要时可再为该单位生成新链接。", button="确定作废", back="/office/links")


@router.post("/{unit_id}/revoke", dependencies=[Csrf])
def revoke(request: Request, user: Admin, unit_id: str) -> Response:
    links.revoke(portal_of(request).store, _unit(request, unit_id).id, user.name)
    return RedirectResponse("/office/links", 303)


def _workbook(rows: list[tuple[str, str, str]]) -> bytes:
    table = pd.DataFrame(rows, columns=["单位编号", "单位名称", "专用链接（仅本单位使用，请勿转发）"])
    return sheets_bytes([Sheet("单位链接", [table])])
