"""The `annual-report` command line: validate a workspace, build the report, preview a .docx."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from annual_report.findings import Severity
from annual_report.validation import UnitStatus, ValidationReport
from annual_report.workspace import WorkspaceError

app = typer.Typer(
    help="汇编法治政府建设年度报告：校验各单位报送材料、汇总统计、生成公文格式的 Word 报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)

WorkspaceArg = Annotated[Path, typer.Argument(help="工作区文件夹（含 report.yaml 和 submissions/），如 inputs/example-2024")]

STATUS_STYLE = {
    UnitStatus.SUBMITTED: "green",
    UnitStatus.WARNING: "yellow",
    UnitStatus.ERROR: "red",
    UnitStatus.MISSING: "magenta",
}


@app.callback()
def main() -> None:
    """汇编法治政府建设年度报告。"""


def _fail_workspace(exc: WorkspaceError) -> typer.Exit:
    typer.echo(f"错误：{exc}", err=True)
    return typer.Exit(2)


def _print_report(report: ValidationReport) -> None:
    table = Table(title="报送情况", show_lines=False)
    for column in ("单位", "状态", "错误", "警告", "文件"):
        table.add_column(column)
    for result in report.units.values():
        errors = sum(f.severity is Severity.ERROR for f in result.findings)
        warnings = sum(f.severity is Severity.WARNING for f in result.findings) - (
            result.status is UnitStatus.MISSING
        )
        style = STATUS_STYLE[result.status]
        table.add_row(result.unit.name, f"[{style}]{result.status.value}[/]", str(errors or ""),
                      str(warnings or ""), "、".join(result.files))
    console.print(table)
    shown = [f for f in report.findings if f.rule != "missing_submission"]
    if shown:
        console.print("\n问题清单：")
    for f in shown:
        mark = "[red]错误[/]" if f.severity is Severity.ERROR else "[yellow]警告[/]"
        where = " ".join(x for x in (f.file, f.location) if x)
        console.print(f"{mark} {f.unit or '（未识别单位）'}  {where}  [{f.rule}]\n      {f.message}", soft_wrap=True)
    counts = {s: sum(r.status is s for r in report.units.values()) for s in UnitStatus}
    console.print("\n合计：" + "，".join(f"{s.value} {n} 个" for s, n in counts.items()))


@app.command()
def validate(
    workspace: WorkspaceArg,
    format: Annotated[str, typer.Option("--format", "-f", help="输出格式：table（表格）或 json（问题数组）")] = "table",
) -> None:
    """校验工作区内全部报送材料；有错误时退出码为 1，否则为 0，工作区无效时为 2。

    例：annual-report validate inputs/example-2024 --format json
    """
    from annual_report.pipeline import load, validate_files

    if format not in ("table", "json"):
        raise typer.BadParameter("只能是 table 或 json", param_hint="--format")
    try:
        ws, plan = load(workspace)
    except WorkspaceError as exc:
        raise _fail_workspace(exc) from None
    report = validate_files(ws, plan)
    if format == "json":
        typer.echo(json.dumps([f.model_dump(mode="json") for f in report.findings], ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    raise typer.Exit(1 if report.has_errors else 0)
