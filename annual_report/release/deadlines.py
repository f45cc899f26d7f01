"""The year's two dates after the build (法治政府建设与责任落实督察工作规定: report to the level above before
3月1日, publish before 4月1日), how many days are left, and what is still open before them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from annual_report.config.workspace import ReportConfig
from annual_report.findings import Severity
from annual_report.publish import run_parent
from annual_report.release.runs import RunError, open_run
from annual_report.text.dates import format_date
from annual_report.validation import UnitStatus, ValidationReport
from annual_report.validation.status import status_rows


@dataclass(frozen=True)
class Open:
    """What is still open: the units that sent nothing, the errors that keep figures out, the release review."""

    missing: list[str]
    errors: int
    units_with_errors: int
    release: str  # 「未进行」「未通过：…」「已完成（…）」「公开稿在审查后又经编辑，须重新审查」

    def items(self) -> list[str]:
        found = []
        if self.missing:
            shown = "、".join(self.missing[:5]) + (f"等{len(self.missing)}个单位" if len(self.missing) > 5 else "")
            found.append(f"缺报{len(self.missing)}个单位（{shown}）")
        if self.errors:
            found.append(f"{self.errors}处错误未改正（{self.units_with_errors}个单位的数字未计入合计）")
        if not self.release.startswith("已完成"):
            found.append(f"公开前保密审查{self.release}")
        return found


def days_left(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    return f"还有{days}天" if days > 0 else "今天到期" if days == 0 else f"已过{-days}天"


def deadline_lines(config: ReportConfig, today: dt.date, still_open: Open) -> list[str]:
    """One line per date with the days left, then what is still open (or that nothing is)."""
    lines = [f"{label}：{format_date(due)}（{days_left(due, today)}）"
             for label, due in (("向上级报告", config.report_to_superior_by), ("向社会公开", config.publish_by))
             if due is not None]
    items = still_open.items()
    return [*lines, "尚未完成：" + "；".join(items) if items else "尚未完成：无"]


def release_status(state: dict | None) -> str:
    """A run's release review in words, from its release.json (publishing.release_state)."""
    if state is None:
        return "未进行"
    if not state.get("current", True):
        return "须重新进行（公开稿在审查后又经编辑）"
    if state.get("status") != "passed":
        return f"未通过（{'；'.join(state.get('problems', [])) or '有未处理的命中'}）"
    return f"已完成（审查人{state.get('reviewer', '')}，{state.get('date', '')}）"


def still_open(report: ValidationReport, config: ReportConfig, release: str) -> Open:
    """What validation leaves open (units with nothing, errors) and the release review's state."""
    rows = status_rows(report, config)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    return Open(missing=[r.name for r in rows if r.status is UnitStatus.MISSING], errors=len(errors),
                units_with_errors=sum(r.status is UnitStatus.ERROR for r in rows), release=release)


def today_in(config: ReportConfig) -> dt.date:
    return dt.datetime.now(ZoneInfo(config.timezone)).date()


def latest_release(out: Path, root: Path, year: int) -> str:
    """The release review of the workspace's latest run under `out`, in words (「未进行」 without a run)."""
    from annual_report.release.publishing import release_state  # the review's machinery only when asked

    try:
        run = open_run(run_parent(out, root, year))
    except RunError:
        return "未进行（还没有生成报告）"
    return release_status(release_state(run))


def workspace_lines(report: ValidationReport, config: ReportConfig, root: Path, out: Path,
                    today: dt.date | None = None) -> list[str]:
    """The dates, days left and what is open, for a workspace whose runs are under `out`."""
    release = latest_release(out, root, config.year)
    return deadline_lines(config, today or today_in(config), still_open(report, config, release))
