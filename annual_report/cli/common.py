"""What the command's parts share: the typer app, the console, the workspace argument, one-line failures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from annual_report.config.workspace import WorkspaceError

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


def fail_workspace(exc: WorkspaceError) -> typer.Exit:
    typer.echo(f"错误：{exc}", err=True)
    return typer.Exit(2)


