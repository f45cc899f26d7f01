"""`annual-report release RUN`: the pre-release review of the run's 公开稿 and, when it passes, the web edition,
written into RUN/release/ (replaced whole on each release; the run's own files and manifest stay as they were).

RUN/release/ holds release-review.docx (the record), report-review-hits.docx (the 审阅稿 with the hits as
comments), release.json (the outcome, which the board, `validate` and the flow summary read) and, once the
review passes, web/index.html with web/report.pdf."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from annual_report.config.workspace import Workspace, load_workspace
from annual_report.publish import sha256
from annual_report.release.document import Grid, Report, read_report
from annual_report.release.record import annotate_review, write_record
from annual_report.release.review import (
    Review,
    checklist,
    decide,
    load_decisions,
    locate,
    pdf_pages,
    problems,
    scan,
)
from annual_report.release.rules import load_rules, rules_path
from annual_report.release.runs import Run, RunError, open_document
from annual_report.release.web import PDF, Download, chart_pictures, write_page
from annual_report.text.hygiene import shown_name
from annual_report.word.layout import StyleName
from annual_report.word.preview import to_pdf

RECORD = "release-review.docx"
MARKED = "report-review-hits.docx"
STATE = "release.json"
WEB = "web"


@dataclass(frozen=True)
class Released:
    review: Review
    folder: Path  # RUN/release
    page: Path | None  # the web edition, once the review passes


def workspace_of(run: Run, given: Path | None) -> Workspace:
    root = given or run.workspace
    if root is None or not (root / "report.yaml").is_file():
        where = f"（manifest.json 中为 {shown_name(str(root))}）" if root else ""
        raise RunError(f"找不到生成这次运行的工作区{where}；请用 --workspace 指定")
    return load_workspace(root)


def _title(report: Report, ws: Workspace) -> str:
    titles = [b.text.replace("\n", "") for b in report.blocks if not isinstance(b, Grid) and b.style == StyleName.TITLE]
    return titles[0] if titles else ws.config.title


def _state(run: Run, review: Review) -> dict:
    return {"run_id": run.id, "status": "passed" if review.passed else "blocked", "reviewer": review.reviewer,
            "date": review.date.isoformat(), "report_sha256": sha256(run.report), "problems": review.problems,
            "hits": [{"rule": h.rule.id, "name": h.rule.name, "text": h.text, "sentence": h.sentence, "page": h.page,
                      "decision": h.decision.decision if h.decision else None,
                      "reason": h.decision.reason if h.decision else None} for h in review.hits]}


def _swap(staging: Path, target: Path) -> None:
    """Put the finished staging folder in place of `target` (the previous release, if any)."""
    old = target.with_name(f".release.{os.getpid()}.old")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def release(run: Run, workspace: Path | None = None, reviewer: str | None = None,
            today: dt.date | None = None) -> Released:
    """Review the run's 公开稿 and, if nothing stops it, make the web edition. WorkspaceError (report.yaml,
    release.yaml, release-rules.yaml), RunError (the run), PreviewError (LibreOffice) before anything is kept."""
    ws = workspace_of(run, workspace)
    rules = load_rules(rules_path(ws.root))
    decisions = load_decisions(ws.root)
    report = read_report(open_document(run.report))
    hits = scan(report, rules)
    staging = run.folder / f".release.{os.getpid()}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        pdf = to_pdf(run.report, staging / WEB)
        locate(hits, pdf_pages(pdf))
        unused = decide(hits, decisions)
        name = (reviewer or decisions.reviewer).strip()
        date = today or dt.datetime.now(ZoneInfo(ws.config.timezone)).date()
        review = Review(_title(report, ws), hits, checklist(rules, hits, bool(name)), name, date,
                        problems(hits, name, report, ws.config), unused)
        write_record(review, run, ws.config.government, ws.template_path, staging / RECORD)
        annotate_review(run, review, staging / MARKED)
        if review.passed:
            download = Download(PDF, f"{max(1, round(pdf.stat().st_size / 1024))} KB")
            write_page(report, staging / WEB, config=ws.config, published=date, pdf=download,
                       charts=chart_pictures(run.folder / "charts", run.statistics, ws.catalogue))
        else:
            shutil.rmtree(staging / WEB)
        (staging / STATE).write_text(json.dumps(_state(run, review), ensure_ascii=False, indent=2) + "\n", "utf-8")
        _swap(staging, run.release_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    page = run.release_dir / WEB / "index.html"
    return Released(review, run.release_dir, page if page.is_file() else None)


def release_state(run: Run) -> dict | None:
    """release.json of the run's last release, or None; `current` is False when the 公开稿 was changed since."""
    try:
        state = json.loads((run.release_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {**state, "current": state.get("report_sha256") == sha256(run.report)}
