"""The `annual-report` command line: validate a workspace, build the report, preview a .docx, fill-in forms,
import a 工作要点.

Installed packages add to it through the `annual_report.commands` entry points, without this package
importing them: flows/ registers the Prefect flow that runs builds, portal/ the `serve` and `portal` commands.
Without an orchestrator, and with `--no-prefect`, builds run the same pipeline as plain Python.
"""

from __future__ import annotations

import functools
import json
import signal
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from annual_report.config.workspace import Workspace, WorkspaceError
from annual_report.findings import Severity
from annual_report.text.hygiene import shown_name
from annual_report.validation import UnitStatus, ValidationReport

if TYPE_CHECKING:
    from annual_report.pipeline import Job

# Builds a prepared job into a run folder: (the run folder, pipeline counts).
Orchestrate = Callable[["Job"], tuple[Path, dict[str, int]]]
COMMANDS = "annual_report.commands"  # entry-point group: `register(app)`, returning an orchestrator or None

app = typer.Typer(
    help="汇编法治政府建设年度报告：校验各单位报送材料、汇总统计、生成公文格式的 Word 报告。\n\n"
         "例：annual-report build inputs/example-2024",
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
def _callback() -> None:
    """汇编法治政府建设年度报告。"""


def _fail_workspace(exc: WorkspaceError) -> typer.Exit:
    typer.echo(f"错误：{exc}", err=True)
    return typer.Exit(2)


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
        mark = "[red]错误[/]" if f.severity is Severity.ERROR else "[yellow]警告[/]"
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
        raise _fail_workspace(exc) from None
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
) -> None:
    """生成年度报告（公开稿、审阅稿）、统计表和校验表；最后一行输出本次运行目录。

    默认以 Prefect 流程运行（内置临时服务器，无需另行启动）；设置 PREFECT_API_URL 则记入该服务器。
    例：annual-report build inputs/example-2024 --out outputs
    """
    from annual_report import pipeline
    from annual_report.publish import OutputError

    try:
        job = pipeline.prepare(workspace, out)  # a bad workspace or output fails here, before any server starts
    except WorkspaceError as exc:
        raise _fail_workspace(exc) from None
    except OutputError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    orchestrate: Orchestrate | None = (ctx.obj or {}).get("orchestrate")
    folder, counts = _run_build(job, None if no_prefect else orchestrate)
    if counts["errors"]:
        typer.echo(f"注意：报送材料中有 {counts['errors']} 处错误，{counts['units_with_errors']} 个单位的数字未计入合计；"
                   "详见 validation.xlsx")
    typer.echo(str(folder))
    raise typer.Exit(1 if strict and counts["errors"] else 0)


@app.command()
def forms(
    workspace: WorkspaceArg,
    unit: Annotated[list[str] | None, typer.Option("--unit", "-u", help="只生成这些单位的表格（单位编号，可重复）")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件夹；默认 outputs/<工作区>/forms/")] = None,
) -> None:
    """为各单位生成填报表格（.xlsx）：填报说明、统计数据（必填指标、上年数值）、各部分文字材料（下拉选择小标题和
    工作要点任务）；单位填好后放入 submissions/ 即可读取校验。

    例：annual-report forms inputs/example-2024 --unit sfj --out outputs/forms
    """
    from annual_report import pipeline
    from annual_report.forms.generate import write_forms

    try:
        ws, plan = pipeline.load(workspace)
        paths = write_forms(ws, plan, out or Path("outputs") / ws.name / "forms", unit)
    except WorkspaceError as exc:
        raise _fail_workspace(exc) from None
    for path in paths:
        typer.echo(str(path))
    typer.echo(f"已生成 {len(paths)} 个单位的填报表格。", err=True)


RunArg = Annotated[Path, typer.Argument(help="运行目录，如 outputs/example-2024/2024/<运行编号>")]


@app.command()
def compare(
    run_a: Annotated[Path, typer.Argument(help="上一稿的运行目录（或与 RUN_B 同在一个文件夹中的运行编号）")],
    run_b: RunArg,
) -> None:
    """比较两次生成的公开稿（含生成后在 Word 中的修改）：在 RUN_B 中写入 changes-since-<RUN_A 的编号>.docx，
    即 RUN_B 的公开稿，与 RUN_A 不同之处为修订标记，首页列出变化的合计及原因。运行目录中原有的文件不变。

    例：annual-report compare outputs/example-2024/2024/20250318T090000-1a2b3c outputs/example-2024/2024/latest
    """
    from annual_report.release.compare import compare_runs
    from annual_report.release.runs import RunError, open_run, sibling

    try:
        new = open_run(run_b)
        path = compare_runs(open_run(sibling(new.folder, str(run_a))), new)
    except RunError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(str(path))


@app.command()
def release(
    run: RunArg,
    reviewer: Annotated[str | None, typer.Option("--reviewer", "-r", help="审查人姓名（也可写在工作区 release.yaml 的 reviewer）")] = None,
    workspace: Annotated[Path | None, typer.Option(
        "--workspace", "-w", help="工作区；默认为生成这次运行的工作区（manifest.json 中记录的）")] = None,
) -> None:
    """公开前保密审查：按 release-rules.yaml 逐句检查公开稿（含生成后在 Word 中的修改），在 RUN/release/ 中写入审查记录
    release-review.docx 和带批注的审阅稿；通过后生成网页版 release/web/index.html 和 PDF。有未处理的命中（未删改、
    也未在工作区 release.yaml 中标明「经审查可以公开」并写明理由）时退出码为 1。

    例：annual-report release outputs/example-2024/2024/latest --reviewer 王芳（latest 即最近一次生成）
    """
    from annual_report.release.publishing import release as review_and_publish
    from annual_report.release.runs import RunError, open_run
    from annual_report.word.preview import PreviewError, PreviewUnavailable

    try:
        done = review_and_publish(open_run(run), workspace, reviewer)
    except (RunError, WorkspaceError) as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(2) from None
    except PreviewError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(3 if isinstance(exc, PreviewUnavailable) else 1) from None
    review = done.review
    for hit in review.hits:
        state = "可以公开" if hit.resolved else "未处理"
        typer.echo(f"{state}  第{hit.page or '?'}页 {hit.rule.name}「{hit.text}」：{hit.sentence}")
    for problem in review.problems:
        typer.echo(f"未通过：{problem}", err=True)
    typer.echo(str(done.folder / "release-review.docx"))
    if done.page is not None:
        typer.echo(str(done.page))
    raise typer.Exit(0 if review.passed else 1)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends a build as Ctrl-C does: staging removed, server stopped


def _run_build(job: Job, orchestrate: Orchestrate | None) -> tuple[Path, dict[str, int]]:
    """The build, plain or orchestrated; an interruption or a file system failure is one line, exit 1."""
    from annual_report import pipeline

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if orchestrate is None:
            with pipeline.prepared(job):
                result = pipeline.build(job.root, job.out, pipeline.Runner(pipeline.print_progress))
            return result.run_folder, result.counts
        return orchestrate(job)
    except KeyboardInterrupt:
        typer.echo("已中断：本次生成未完成，没有留下运行目录", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        where = f"{shown_name(str(exc.filename))}：" if exc.filename else ""
        typer.echo(f"错误：写入或读取失败：{where}{exc.strerror or exc}；请检查磁盘空间和文件夹权限", err=True)
        raise typer.Exit(1) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


plan_app = typer.Typer(help="年度工作要点（plan.yaml）。", no_args_is_help=True)
app.add_typer(plan_app, name="plan")


@plan_app.command("import")
def plan_import(
    source: Annotated[Path, typer.Argument(help="工作要点原文：Word（.docx）或文本（.txt，UTF-8 或 GBK）")],
    workspace: Annotated[Path | None, typer.Option(
        "--workspace", "-w", help="工作区：按其单位名录对应责任单位、按指标目录识别目标，并写入其 plan.yaml")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="写入的 plan.yaml；默认为工作区的 plan.yaml，无工作区时为原文旁的 plan.yaml")] = None,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="单位名称对照表；默认为 plan.yaml 旁的 plan-mapping.yaml")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的 plan.yaml")] = False,
) -> None:
    """从工作要点原文导入任务编号、责任单位和量化目标，写成 plan.yaml；未能对应到单位名录的名称写入对照表，
    填好后重新导入即可。

    例：annual-report plan import 2024年工作要点.docx --workspace inputs/example-2024 --force
    """
    from annual_report.plan_import import import_plan_file

    target = out or (workspace / "plan.yaml" if workspace else source.with_name("plan.yaml"))
    if not source.is_file():
        typer.echo(f"错误：找不到文件 {source}", err=True)
        raise typer.Exit(2)
    if target.exists() and not force:
        typer.echo(f"错误：{target} 已存在；核对无误后加 --force 覆盖，或用 --out 写到别处", err=True)
        raise typer.Exit(2)
    try:
        plan = import_plan_file(source, target, workspace=workspace, mapping_path=mapping)
    except WorkspaceError as exc:
        raise _fail_workspace(exc) from None
    except (ValueError, OSError) as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(1) from None
    if not plan.tasks:
        target.unlink()
        typer.echo(f"错误：{source.name} 中没有找到编号的任务（如「1.」「（一）」）；未写入 plan.yaml", err=True)
        raise typer.Exit(1)
    targets = [t for task in plan.tasks for t in task.targets]
    mapped = sum(t.metric is not None for t in targets)
    unmapped = f"（另有{len(targets) - mapped}项未能对应到指标，原文保留在 target_texts）" if mapped < len(targets) else ""
    typer.echo(f"已导入「{plan.title or source.stem}」：{len(plan.sections)}个部分，{len(plan.tasks)}项任务，"
               f"{mapped}项量化目标{unmapped}。")
    if plan.unresolved_units:
        where = mapping or target.with_name("plan-mapping.yaml")
        typer.echo(f"有{len(plan.unresolved_units)}个责任单位名称未对应到单位名录：{'、'.join(plan.unresolved_units)}；"
                   f"请在 {where} 中填写单位编号后重新导入。")
    elif workspace is None:
        typer.echo("未指定 --workspace：责任单位保留原文名称，尚未对应到单位编号；加 --workspace 重新导入即可对应。")
    typer.echo(str(target))


@functools.cache
def extend() -> Orchestrate | None:
    """Register what the installed packages add to the command (COMMANDS entry points, in name order), once;
    the orchestrator of builds one of them returned, if any."""
    orchestrate = None
    for entry in sorted(entry_points(group=COMMANDS), key=lambda e: e.name):
        orchestrate = entry.load()(app) or orchestrate
    return orchestrate


def main() -> None:
    """The `annual-report` command."""
    app(prog_name="annual-report", obj={"orchestrate": extend()})
