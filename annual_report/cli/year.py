"""Starting the office's year: `init` a workspace, `plan import` the 工作要点, the units' fill-in `forms`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annual_report.cli.common import WorkspaceArg, app, fail_workspace
from annual_report.config.workspace import Workspace, WorkspaceError


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
        raise fail_workspace(exc) from None
    for path in paths:
        typer.echo(str(path))
    typer.echo(f"已生成 {len(paths)} 个单位的填报表格。", err=True)


def _last_statistics(last: Workspace, outputs: Path) -> Path | None:
    """statistics.json of last year's newest run under `outputs` (the `latest` pointer of its year)."""
    from annual_report.publish import LATEST, run_parent

    parent = run_parent(outputs, last.root, last.config.year)
    try:
        run = (parent / LATEST).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    found = parent / run / "statistics.json"
    return found if run and found.is_file() else None


@app.command()
def init(
    workspace: Annotated[Path, typer.Argument(help="新工作区的文件夹，如 inputs/golmud-2025")],
    region: Annotated[str, typer.Option("--region", help="地区名称，如 格尔木市")],
    year: Annotated[int, typer.Option("--year", min=2000, max=2100, help="报告年度，如 2025")],
    government: Annotated[str | None, typer.Option(help="报告主体；默认为「地区名称人民政府」")] = None,
    units: Annotated[Path | None, typer.Option(
        "--units", help="单位名单（.xlsx 或 .csv，列：名称、简称、类型，可另加 编号）")] = None,
    last: Annotated[Path | None, typer.Option(
        "--from", help="上一年度的工作区：沿用其单位、类型、目标和提纲小标题，上年统计数据写入 history/")] = None,
    outputs: Annotated[Path, typer.Option(
        "--outputs", help="上一年度生成报告的输出根目录（找上年的 statistics.json）")] = Path("outputs"),
    lower: Annotated[list[Path] | None, typer.Option(
        "--from-lower", help="下级地区本年度的运行目录（可重复）：各作为一个单位加入，其统计数据和公开稿作为报送材料")] = None,
) -> None:
    """新建工作区：带注释的 report.yaml（提纲、单位类型、截止日期、落款日期、单位名录）和空的 submissions/、history/。

    例：annual-report init inputs/golmud-2025 --region 格尔木市 --year 2025 --units 单位名单.xlsx
    汇编下级地区：--from-lower outputs/某县/2025/<运行编号> --from-lower …（每个下级地区一次）
    """
    from annual_report.config.scaffold import (
        Scaffold,
        from_last_year,
        from_lower,
        read_units,
        write_workspace,
    )
    from annual_report.config.workspace import load_workspace

    scaffold = Scaffold(region=region.strip(), year=year, government=(government or f"{region.strip()}人民政府"))
    try:
        if last is not None:
            previous = load_workspace(last)
            statistics = _last_statistics(previous, outputs)
            from_last_year(scaffold, previous, statistics)
            if statistics is None:
                typer.echo(f"注意：在 {outputs} 中没有找到 {previous.config.year} 年度生成的 statistics.json；"
                           f"同比数据请把上年运行目录中的 statistics.json 复制到 {workspace / 'history'}/", err=True)
        if units is not None:
            scaffold.units = read_units(units, scaffold)
        if lower:
            from_lower(scaffold, lower)
        written = write_workspace(workspace, scaffold)
    except WorkspaceError as exc:
        raise fail_workspace(exc) from None
    for path in written:
        typer.echo(str(path))
    example = "（现为示例单位，请改成本地的单位）" if units is None and last is None and not lower else ""
    typer.echo(f"已新建工作区 {workspace}：{len(scaffold.units)} 个单位{example}。下一步：\n"
               f"  1. 核对 {workspace / 'report.yaml'} 中的单位名录、截止日期和落款日期；\n"
               f"  2. annual-report plan import 工作要点.docx --workspace {workspace}\n"
               f"  3. annual-report forms {workspace}   # 生成各单位的填报表格\n"
               f"  4. annual-report validate {workspace}", err=True)


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
        raise fail_workspace(exc) from None
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
                   f"请在 {where} 中填写单位编号、kind:类型编号，或 none（不是报送单位，如纪委监委、法院）后重新导入。")
    elif workspace is None:
        typer.echo("未指定 --workspace：责任单位保留原文名称，尚未对应到单位编号；加 --workspace 重新导入即可对应。")
    typer.echo(str(target))


