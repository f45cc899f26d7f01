"""What the command's parts share: the typer app, the console, the workspace argument, one-line failures."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from annual_report.config.workspace import WorkspaceError
from annual_report.text.hygiene import shown_name

app = typer.Typer(
    help="汇编法治政府建设年度报告：校验各单位报送材料、汇总统计、生成公文格式的 Word 报告。\n\n"
         "例：annual-report build inputs/example-2024",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)

WorkspaceArg = Annotated[Path, typer.Argument(help="工作区文件夹（含 report.yaml 和 submissions/），如 inputs/example-2024")]


@app.callback()
def _callback() -> None:
    """汇编法治政府建设年度报告。"""


_WHY = {errno.ENOSPC: "磁盘空间已满", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "文件系统是只读的",
        errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EIO: "磁盘读写出错"}


def os_error_line(exc: OSError, folder: Path | None = None) -> str:
    """A file system failure in one line, saying what to do: 「写入或读取失败：<file, else `folder`>：磁盘空间已满；
    请检查……」."""
    where = f"{shown_name(str(exc.filename or folder))}：" if exc.filename or folder else ""
    why = _WHY.get(exc.errno or 0, exc.strerror or str(exc))
    return f"写入或读取失败：{where}{why}；请检查磁盘空间和文件夹权限后重新生成"


def fail_workspace(exc: WorkspaceError) -> typer.Exit:
    typer.echo(f"错误：{exc}", err=True)
    return typer.Exit(2)


