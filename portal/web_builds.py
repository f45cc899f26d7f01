"""Building the report from the portal: start it, watch its state, download what it made."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from annual_report.publish import sha256
from portal.accounts import User
from portal.builds import DOWNLOADS, RUN_ID, run_file, run_folders, runs_dir
from portal.web import Csrf, message_page, office_user, page, portal_of

router = APIRouter(prefix="/office")
Office = Annotated[User, Depends(office_user)]
REFRESH_SECONDS = 2


@router.get("/builds", response_class=HTMLResponse)
def builds(request: Request, user: Office) -> HTMLResponse:
    portal = portal_of(request)
    ws, _ = portal.workspace()
    recent = portal.builds.recent()
    running = any(b.running for b in recent)
    return page(request, "builds.html", title="生成报告", builds=recent, runs=run_folders(portal.out, ws),
                downloads=DOWNLOADS, running=running, refresh=REFRESH_SECONDS if running else None,
                prefect_ui=portal.options.prefect_ui)


@router.post("/builds", dependencies=[Csrf])
def start_build(request: Request, user: Office) -> Response:
    portal = portal_of(request)
    build = portal.builds.start(user.name)
    if build is None:
        return message_page(request, "已有生成任务", "已有一个生成任务在运行，请等它完成后再开始新的生成。", 409)
    return RedirectResponse(f"/office/builds/{build.id}", 303)


@router.get("/builds/{build_id}", response_class=HTMLResponse)
def build_detail(request: Request, user: Office, build_id: int) -> HTMLResponse:
    portal = portal_of(request)
    build = portal.builds.get(build_id)
    if build is None:
        raise HTTPException(404, "没有这次生成")
    return page(request, "build.html", title=f"生成 #{build.id}", build=build, downloads=DOWNLOADS,
                refresh=REFRESH_SECONDS if build.running else None, prefect_ui=portal.options.prefect_ui)


@router.get("/runs/{run_id}/{name}")
def run_download(request: Request, user: Office, run_id: str, name: str) -> Response:
    """A run's file by its fixed name: the address the flow's artifact links point at."""
    portal = portal_of(request)
    ws, _ = portal.workspace()
    path = run_file(portal.out, ws, run_id, name)
    if path is None:
        raise HTTPException(404, "没有这个文件")
    portal.store.audit(user.name, "download", detail=f"{run_id}/{name}", sha256=sha256(path))
    label = DOWNLOADS.get(name, "与上一稿比较")
    return FileResponse(path, filename=f"{ws.config.title}（{label}）{run_id}{path.suffix}")


@router.post("/runs/{run_id}/compare", dependencies=[Csrf])
def compare_previous(request: Request, user: Office, run_id: str) -> Response:
    """与上一稿比较: the run's 公开稿 with tracked changes against the run before it, then its download."""
    from annual_report.release.compare import changes_name, compare_runs
    from annual_report.release.runs import RunError, open_run, previous_run

    portal = portal_of(request)
    ws, _ = portal.workspace()
    if not RUN_ID.match(run_id) or not (runs_dir(portal.out, ws) / run_id).is_dir():
        raise HTTPException(404, "没有这次运行")
    try:
        newer = open_run(runs_dir(portal.out, ws) / run_id)
        older = previous_run(newer)
        if older is None:
            return message_page(request, "没有上一稿", "这是本年度的第一次生成，没有可以比较的上一稿。", 409)
        compare_runs(older, newer)
    except RunError as exc:
        return message_page(request, "无法比较", str(exc), 409)
    portal.store.audit(user.name, "compare", detail=f"{run_id} 与 {older.id}")
    return RedirectResponse(f"/office/runs/{run_id}/{changes_name(older)}", 303)
