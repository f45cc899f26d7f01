"""Checking and building: `validate`, `build` (plain, or through the orchestrator an installed package
registers) and `preview`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from annual_report.cli.common import WorkspaceArg, app, console, fail_workspace, os_error_line
from annual_report.config.workspace import Workspace, WorkspaceError
from annual_report.findings import Severity
from annual_report.interrupts import BUILD_LINE, interrupted
from annual_report.text.lists import named
from annual_report.validation import UnitStatus, ValidationReport

if TYPE_CHECKING:
    from annual_report.pipeline import Job

# Builds a prepared job into a run folder: (the run folder, pipeline counts, the partial totals' names and, from
# an orchestrator, `open`: how to open the run in its UI).
Orchestrate = Callable[["Job"], tuple[Path, dict[str, Any]]]
PARTIAL_NAMED = 8  # partial totals named on the console; the 审阅稿 names them all
SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "dim"}
STATUS_STYLE = {
    UnitStatus.SUBMITTED: "green",
    UnitStatus.WARNING: "yellow",
    UnitStatus.ERROR: "red",
    UnitStatus.MISSING: "magenta",
}


def _print_report(ws: Workspace, report: ValidationReport) -> None:
    from annual_report.validation.status import status_rows

    table = Table(title="报送情况", show_lines=False)
    for column in ("单位", "状态", "错误", "警告", "文件"):
        table.add_column(column)
    for row in status_rows(report, ws.config):
        style = STATUS_STYLE[row.status]
        table.add_row(escape(row.name), f"[{style}]{row.status.value}[/]", str(row.errors or ""),
                      str(row.warnings or ""), escape("、".join(row.files)))
    console.print(table)
    shown = [f for f in report.findings if f.rule != "missing_submission"]
    if shown:
        console.print("\n问题清单：")
    for f in shown:
        mark = f"[{SEVERITY_STYLE[f.severity]}]{f.severity.word}[/]"
        where = escape(" ".join(x for x in (f.file, f.location) if x))
        console.print(f"{mark} {escape(f.unit) or '（未识别单位）'}  {where}  \\[{escape(f.rule)}]\n"
                      f"      {escape(f.message)}",
                      soft_wrap=True)
    counts = {s: sum(r.status is s for r in report.units.values()) for s in UnitStatus}
    console.print("\n合计：" + "，".join(f"{s.value} {n} 个" for s, n in counts.items()))


@app.command()
def validate(
    workspace: WorkspaceArg,
    format: Annotated[str, typer.Option("--format", "-f", help="输出格式：table（表格）或 json（问题数组）")] = "table",
    out: Annotated[Path, typer.Option("--out", "-o", help="生成报告的输出根目录（查看最近一次生成的公开前保密审查）")] = Path(
        "outputs"),
) -> None:
    """校验工作区内全部报送材料，并列出向上级报告、向社会公开的日期、剩余天数和尚未完成的事项；有错误时退出码为 1，
    否则为 0，工作区无效时为 2。

    例：annual-report validate inputs/example-2024 --format json
    """
    from annual_report.pipeline import Runner, check

    if format not in ("table", "json"):
        raise typer.BadParameter("只能是 table 或 json", param_hint="--format")
    try:
        checked = check(workspace, Runner())
    except WorkspaceError as exc:
        raise fail_workspace(exc) from None
    report = checked.report
    if format == "json":
        typer.echo(json.dumps([f.model_dump(mode="json") for f in report.findings], ensure_ascii=False, indent=2))
    else:
        from annual_report.release.deadlines import workspace_lines

        _print_report(checked.ws, report)
        console.print("\n时间节点：")
        for line in workspace_lines(report, checked.ws.config, checked.ws.root, out):
            console.print(f"  {escape(line)}", soft_wrap=True)
    raise typer.Exit(1 if report.has_errors else 0)


@app.command()
def preview(
    report: Annotated[Path, typer.Argument(help="Word 报告（.docx），如 outputs/report.docx")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="预览输出文件夹；默认为报告旁的 <文件名>-preview/")
    ] = None,
) -> None:
    """用 LibreOffice 将 Word 报告转换为 PDF 和逐页 PNG，打印其路径；未安装 LibreOffice 时退出码为 3。

    预览使用开源替代字体，仅供查看版式。

    例：annual-report preview outputs/report.docx --out outputs/preview
    """
    from annual_report.word.preview import PreviewError, PreviewUnavailable
    from annual_report.word.preview import preview as make_preview

    if not report.is_file():
        typer.echo(f"错误：找不到文件 {report}", err=True)
        raise typer.Exit(2)
    try:
        pdf, pngs = make_preview(report, out or report.parent / f"{report.stem}-preview")
    except PreviewUnavailable as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(3) from None
    except PreviewError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(pdf)
    for png in pngs:
        typer.echo(png)


@app.command()
def build(
    ctx: typer.Context,
    workspace: WorkspaceArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="输出根目录；每次生成写入 OUT/<工作区>/<年度>/<运行编号>/")] = Path(
        "outputs"
    ),
    strict: Annotated[bool, typer.Option("--strict", help="任一单位有错误时退出码为 1（报告照常生成）")] = False,
    no_prefect: Annotated[bool, typer.Option("--no-prefect", help="不经 Prefect，直接以普通 Python 运行同一流程")] = False,
    unit: Annotated[str | None, typer.Option("--unit", help="生成该单位（编号、全称或简称）自己的年度报告，"
                                                           "写入 OUT/<工作区>/<年度>/units/<单位编号>/")] = None,
) -> None:
    """生成年度报告（公开稿、审阅稿）、统计表和校验表；最后一行输出本次运行目录。

    默认以 Prefect 流程运行（内置临时服务器，无需另行启动）；设置 PREFECT_API_URL 则记入该服务器。
    例：annual-report build inputs/example-2024 --out outputs
    本单位年度报告：annual-report build inputs/example-2024 --unit 市司法局
    """
    from annual_report import pipeline
    from annual_report.publish import OutputError

    try:
        job = pipeline.prepare(workspace, out)  # a bad workspace or output fails here, before any server starts
    except WorkspaceError as exc:
        raise fail_workspace(exc) from None
    except OutputError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    if unit is not None:
        if job.ws.config.find_unit(unit) is None:
            typer.echo(f"错误：没有编号或名称为「{unit}」的单位；单位名录见 report.yaml 的 units", err=True)
            raise typer.Exit(2)
        job = replace(job, unit=unit)
    orchestrate: Orchestrate | None = (ctx.obj or {}).get("orchestrate")
    folder, counts = _run_build(job, None if no_prefect else orchestrate)
    if counts["errors"]:
        typer.echo(f"注意：报送材料中有 {counts['errors']} 处错误，涉及 {counts['units_with_errors']} 个单位，"
                   "有错误的数字未计入合计；详见 validation.xlsx")
    changed, partial = counts.get("changed"), counts.get("partial")
    if changed:
        typer.echo(f"注意：生成过程中有 {len(changed)} 个文件被修改、删除或新增：{named(changed, PARTIAL_NAMED, '个文件')}；"
                   "本次结果采用的是读取时的内容（manifest.json 记录其 SHA-256），请重新生成以采用现在的文件")
    if partial:
        typer.echo(f"注意：{len(partial)}项合计或比率缺少部分单位的数字：{named(partial, PARTIAL_NAMED, '项')}；"
                   "审阅稿在相应句子的批注中列出缺少的单位")
    from annual_report.drafting.model import PLACEHOLDER

    for gap in counts.get("gaps", []):
        typer.echo(f"注意：公开稿「{gap}」部分没有可写入的材料，留有「{PLACEHOLDER}」，公开前须补写")
    if counts.get("open"):  # how to open the run in the orchestrator's UI
        typer.echo(counts["open"])
    typer.echo(str(folder))
    raise typer.Exit(1 if strict and counts["errors"] else 0)


def _run_build(job: Job, orchestrate: Orchestrate | None) -> tuple[Path, dict[str, Any]]:
    """The build, plain or orchestrated; an interruption, a unit without material for its own report or a file
    system failure is one line, exit 1 (SIGTERM and Ctrl-C are caught for the whole process by
    annual_report/__main__.py)."""
    from annual_report import pipeline

    try:
        if orchestrate is None:
            with pipeline.prepared(job):
                result = pipeline.build(job.root, job.out, pipeline.Runner(pipeline.print_progress))
            return result.run_folder, {**result.counts, "partial": result.partial, "gaps": result.gaps}
        return orchestrate(job)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        typer.echo(f"错误：{os_error_line(exc, job.out)}", err=True)
        raise typer.Exit(1) from None
    except Exception as exc:
        # Imported only now: report.own imports drafting and pandas, which a build the daemon runs never needs here.
        from annual_report.report.own import OwnReportError

        if isinstance(exc, OwnReportError):
            typer.echo(f"错误：{exc}", err=True)
            raise typer.Exit(1) from None
        if not interrupted():  # else the signal surfaced as another error where it landed
            raise
    typer.echo(BUILD_LINE, err=True)
    raise typer.Exit(1)


