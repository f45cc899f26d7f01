"""The portal's commands: `annual-report serve`, and `annual-report portal token|user …` for the office.

Registered on the `annual-report` command through its entry points (pyproject.toml): annual_report/ does not
import this package.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from annual_report.config.workspace import Unit, Workspace, WorkspaceError, load_workspace

portal_app = typer.Typer(help="报送系统的单位链接和办公室账号。", no_args_is_help=True)
token_app = typer.Typer(help="单位专用链接：发放（issue）、作废（revoke）、查看（list）。", no_args_is_help=True)
user_app = typer.Typer(help="办公室账号：审核人员（reviewer）和管理员（admin）。", no_args_is_help=True)
portal_app.add_typer(token_app, name="token")
portal_app.add_typer(user_app, name="user")

WorkspaceOpt = Annotated[Path, typer.Option("--workspace", "-w", help="工作区文件夹；默认为当前文件夹")]
DEFAULT_URL = "http://127.0.0.1:8000"


def _actor() -> str:
    return f"命令行 {getpass.getuser()}"


def _workspace(path: Path) -> Workspace:
    try:
        return load_workspace(path)
    except WorkspaceError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(2) from None


def _units(ws: Workspace, keys: list[str] | None, every: bool) -> list[Unit]:
    if every:
        return list(ws.config.units)
    if not keys:
        typer.echo("错误：请写出单位编号（或名称），或用 --all 表示全部单位", err=True)
        raise typer.Exit(2)
    found = {key: ws.config.find_unit(key) for key in keys}
    unknown = [k for k, u in found.items() if u is None]
    if unknown:
        typer.echo(f"错误：单位名录中没有 {'、'.join(unknown)}（见 report.yaml 的 units）", err=True)
        raise typer.Exit(2)
    return [u for u in found.values() if u is not None]


@token_app.command("issue")
def token_issue(
    units: Annotated[list[str] | None, typer.Argument(help="单位编号、全称或简称，可写多个")] = None,
    workspace: WorkspaceOpt = Path("."),
    every: Annotated[bool, typer.Option("--all", help="给名录中的全部单位发放")] = False,
    url: Annotated[str | None, typer.Option(help="报送系统的网址；默认为 serve 上次使用的 --url")] = None,
) -> None:
    """发放单位专用链接（每行：单位编号、单位名称、链接，以制表符分隔）；单位原有的链接随即作废。

    链接只显示这一次，系统只保存其摘要：请当场发给单位。
    例：annual-report portal token issue sfj gaj -w inputs/example-2024
    """
    from portal import links
    from portal.store import open_store

    ws = _workspace(workspace)
    store = open_store(ws.root)
    base = url or store.setting("url", DEFAULT_URL)
    for unit in _units(ws, units, every):
        typer.echo(f"{unit.id}\t{unit.name}\t{links.link_url(base, links.issue(store, unit.id, _actor()))}")


@token_app.command("revoke")
def token_revoke(
    units: Annotated[list[str] | None, typer.Argument(help="单位编号、全称或简称，可写多个")] = None,
    workspace: WorkspaceOpt = Path("."),
    every: Annotated[bool, typer.Option("--all", help="作废全部单位的链接")] = False,
) -> None:
    """作废单位专用链接，并让该单位已登录的页面立即失效。例：annual-report portal token revoke sfj -w inputs/example-2024"""
    from portal import links
    from portal.store import open_store

    ws = _workspace(workspace)
    store = open_store(ws.root)
    for unit in _units(ws, units, every):
        count = links.revoke(store, unit.id, _actor())
        typer.echo(f"{unit.id}\t{unit.name}\t{'已作废' if count else '没有有效链接'}")


@token_app.command("list")
def token_list(workspace: WorkspaceOpt = Path(".")) -> None:
    """列出每个单位是否有有效链接及其发放时间（链接本身不保存，无法再次显示）。"""
    from portal import links
    from portal.store import open_store

    ws = _workspace(workspace)
    issued = links.issued(open_store(ws.root))
    for unit in ws.config.units:
        typer.echo(f"{unit.id}\t{unit.name}\t{('已发放 ' + issued[unit.id]) if unit.id in issued else '未发放'}")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("密码", hide_input=True, confirmation_prompt="再输入一次")


def _account_action(action: Callable[..., object], *args: object) -> None:
    from portal.accounts import AccountError

    try:
        action(*args)
    except AccountError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(1) from None


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option(help="reviewer（审核人员）或 admin（管理员）")] = "reviewer",
    workspace: WorkspaceOpt = Path("."),
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读一行作为密码")] = False,
) -> None:
    """添加办公室账号；密码在提示时输入（不回显），或用 --password-stdin 从标准输入读取。

    例：annual-report portal user add zhangsan --role admin -w inputs/example-2024
    """
    from portal.accounts import add_user
    from portal.store import open_store

    store = open_store(_workspace(workspace).root)
    _account_action(add_user, store, name, role, _password(password_stdin), _actor())
    typer.echo(f"已添加用户 {name}（{role}）")


@user_app.command("password")
def user_password(
    name: Annotated[str, typer.Argument(help="用户名")],
    workspace: WorkspaceOpt = Path("."),
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读一行作为密码")] = False,
) -> None:
    """重设密码（停用的账号随之恢复）；该用户已登录的页面立即失效。"""
    from portal.accounts import set_password
    from portal.store import open_store

    store = open_store(_workspace(workspace).root)
    _account_action(set_password, store, name, _password(password_stdin), _actor())
    typer.echo(f"已重设 {name} 的密码")


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument(help="用户名")], workspace: WorkspaceOpt = Path(".")) -> None:
    """停用账号：不能再登录，已登录的页面立即失效；审计日志中的记录保留。"""
    from portal.accounts import disable_user
    from portal.store import open_store

    _account_action(disable_user, open_store(_workspace(workspace).root), name, _actor())
    typer.echo(f"已停用 {name}")


@user_app.command("list")
def user_list(workspace: WorkspaceOpt = Path(".")) -> None:
    """列出办公室账号、角色和是否停用。"""
    from portal.accounts import list_users
    from portal.store import open_store

    for user, active in list_users(open_store(_workspace(workspace).root)):
        typer.echo(f"{user.name}\t{user.role_name}\t{'' if active else '已停用'}")


def serve(
    workspace: Annotated[Path, typer.Argument(help="工作区文件夹（含 report.yaml 和 submissions/）")],
    host: Annotated[str, typer.Option(help="监听地址；本机以外访问时用 0.0.0.0 并放在 HTTPS 反向代理之后")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    out: Annotated[Path, typer.Option("--out", "-o", help="生成的报告写入 OUT/<工作区>/<年度>/<运行编号>/")] = Path("outputs"),
    url: Annotated[str | None, typer.Option(help="单位和审核人员访问的网址；默认 http://HOST:PORT")] = None,
    session_hours: Annotated[float, typer.Option(help="登录的有效时长（小时）")] = 8.0,
    no_prefect: Annotated[bool, typer.Option("--no-prefect", help="不启动 Prefect，生成时以普通 Python 运行")] = False,
) -> None:
    """运行报送系统：单位上传材料，依法治办查看报送情况、审核、催报、生成报告。

    未设置 PREFECT_API_URL 时同时启动并看管一个本机 Prefect 服务器，随报送系统一起停止。
    例：annual-report serve inputs/example-2024 --port 8000
    """
    from portal.server import run_portal

    run_portal(workspace, host=host, port=port, out=out, url=url, session_hours=session_hours,
               use_prefect=not no_prefect)


def register(app: typer.Typer) -> None:  # no orchestrator: builds run as flows/ registers them
    """Add `serve` and `portal …` to the `annual-report` command."""
    app.command("serve")(serve)
    app.add_typer(portal_app, name="portal")
