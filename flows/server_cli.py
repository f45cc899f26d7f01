"""`annual-report server status|start|stop`: the local server of a Prefect home (flows/local_server.py), which
builds start on first use and which stops itself after its idle period."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from flows import local_server
from flows.local_server import DaemonError, Place

server_app = typer.Typer(
    help="本地 Prefect 服务器：生成报告时自动启动，闲置一段时间后自动停止；每个 Prefect 目录一个。",
    no_args_is_help=True)
WorkspaceOption = Annotated[Path | None, typer.Argument(
    help="工作区文件夹（用它的 Prefect 目录，report.yaml 的 prefect.home；设了 PREFECT_HOME 时用 PREFECT_HOME）；"
         "省略时 status 和 stop 针对全部本地服务器")]


def _home(workspace: Path | None) -> Path | None:
    """The Prefect home the command means: PREFECT_HOME if set, else the workspace's; None: every home."""
    if os.environ.get("PREFECT_HOME"):
        return Path(os.environ["PREFECT_HOME"])
    if workspace is None:
        return None
    from annual_report.config.workspace import WorkspaceError, load_workspace

    try:
        return load_workspace(workspace).prefect_home
    except WorkspaceError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(2) from None


def _servers(workspace: Path | None) -> list[dict[str, Any]]:
    home = _home(workspace)
    if home is None:
        return local_server.running()
    answer = local_server.ask(Place.of(home), "status")
    return [answer] if answer else []


def _describe(status: dict[str, Any]) -> list[str]:
    started = dt.datetime.fromtimestamp(status["started"]).strftime("%Y-%m-%d %H:%M")
    left = status["idle_seconds"] - (time.time() - status["last_activity"])
    server = status.get("server")
    lines = [f"本地服务器：{status['home']}",
             f"  进程 {status['pid']}，{started} 启动，已生成 {status['builds']} 次，正在生成 {status['running']} 个"]
    lines.append(f"  Prefect 界面：{server['ui_url']}（服务器进程 {server['pid']}）" if server else
                 "  尚未启动 Prefect 服务器（生成记入 PREFECT_API_URL 指定的服务器）")
    if status.get("stopping"):
        lines.append("  正在停止：当前的生成结束后停止")
    elif status["running"] or status["holds"]:
        lines.append(f"  使用中（报送系统 {status['holds']} 个）；闲置 {status['idle_seconds'] / 60:g} 分钟后自动停止")
    else:
        lines.append(f"  闲置 {status['idle_seconds'] / 60:g} 分钟后自动停止（还剩约 {max(0, left) / 60:.0f} 分钟）")
    return [*lines, f"  日志：{status['log']}"]


@server_app.command()
def status(workspace: WorkspaceOption = None) -> None:
    """列出运行中的本地服务器：Prefect 界面地址、已生成次数、还有多久自动停止；没有时退出码为 1。"""
    found = _servers(workspace)
    for answer in found:
        typer.echo("\n".join(_describe(answer)))
    if not found:
        typer.echo("没有运行中的本地服务器（生成报告时自动启动）")
        raise typer.Exit(1)


@server_app.command()
def start(
    workspace: WorkspaceOption = None,
    idle_minutes: Annotated[float | None, typer.Option(
        "--idle-minutes", help=f"闲置多少分钟后自动停止（默认 {local_server.IDLE_MINUTES:g}，或 "
                               f"{local_server.IDLE_SETTING}）")] = None,
) -> None:
    """启动本地服务器（已在运行则不变），输出 Prefect 界面地址，供查看以前的运行记录。"""
    home = _home(workspace) or Path.home() / ".prefect"
    if idle_minutes is not None:
        os.environ[local_server.IDLE_SETTING] = str(idle_minutes)
    os.environ.setdefault("PREFECT_HOME", str(home))
    try:
        conn, answer = local_server.request(Place.of(home), {"command": "start"}, needs_server=True)
    except DaemonError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(1) from None
    conn.close()
    typer.echo("\n".join(_describe(answer)))


@server_app.command()
def stop(workspace: WorkspaceOption = None) -> None:
    """停止本地服务器（省略工作区时停止全部）；正在进行的生成先做完。"""
    found = _servers(workspace)
    for answer in found:
        place = Place.of(Path(answer["home"]))
        local_server.ask(place, "stop")
        if local_server.wait_until_stopped(place):
            typer.echo(f"已停止：{answer['home']}")
        else:
            typer.echo(f"正在停止：{answer['home']}（等待 {answer['running']} 个生成结束）")
    if not found:
        typer.echo("没有运行中的本地服务器")
