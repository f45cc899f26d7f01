"""After a build: `compare` two drafts, and `release` one (the pre-release review and the web edition)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annual_report.cli.common import app
from annual_report.config.workspace import WorkspaceError

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


