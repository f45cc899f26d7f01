"""Units' links for administrators, without the command line: who has a valid link, new links for the units
that have none (or for all, or one) as an Excel list to send out, and revoking one."""

from __future__ import annotations

from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from annual_report.outputs.xlsx import Sheet, sheets_bytes
from portal import links
from portal.accounts import User
from portal.web import Csrf, admin_user, page, portal_of
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


@router.post("/{unit_id}/revoke", dependencies=[Csrf])
def revoke(request: Request, user: Admin, unit_id: str) -> Response:
    portal = portal_of(request)
    ws, _ = portal.workspace()
    if unit_id not in ws.config.unit_by_id:
        raise HTTPException(404, "单位名录中没有这个单位")
    links.revoke(portal.store, unit_id, user.name)
    return RedirectResponse("/office/links", 303)


def _workbook(rows: list[tuple[str, str, str]]) -> bytes:
    table = pd.DataFrame(rows, columns=["单位编号", "单位名称", "专用链接（仅本单位使用，请勿转发）"])
    return sheets_bytes([Sheet("单位链接", [table])])
