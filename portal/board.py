"""The 报送情况 board: per unit what a build would make of its submissions, with the portal's versions and
review states beside it; and the 催报 list of units missing or late.

Status, time received and on-time/late come from the same validation a build runs (annual_report's
status rows), so the board and the report's 报送情况 appendix agree. A unit whose uploads all have errors
has nothing that counts: it shows as 有错误, not 缺报.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from annual_report.config.workspace import ReportConfig, Unit
from annual_report.pipeline import Checked
from annual_report.validation import UnitStatus
from annual_report.validation.status import StatusRow, status_rows
from portal.versions import Version

REVIEW_STATES = ("待审", "退回修改", "通过")
PORTAL_COPIES = "submissions/portal/"  # where the counted uploads are copied (portal.versions)


@dataclass(frozen=True)
class BoardRow:
    unit: Unit
    kind_name: str
    status: str  # 已提交 / 有警告 / 有错误 / 缺报
    received_at: dt.datetime | None
    late: bool
    errors: int
    warnings: int
    files: tuple[str, ...]
    versions: int = 0
    latest: Version | None = None
    counted: tuple[int, ...] = ()  # the numbers of the versions that count (data, Word report)
    uncounted: bool = False  # uploaded, but every version has errors: nothing of it counts
    note: str = ""
    used: str = ""  # what a build would take of this unit: 「第2版」「办公室放入的文件」「未采用：第3版待审」

    def matches(self, query: str, status: str, kind: str) -> bool:
        """Whether the row is shown for a search (name, short name or id) and the filters (""/all: any)."""
        named = not query or any(query.lower() in n.lower() for n in (self.unit.name, self.unit.short, self.unit.id))
        return named and (not kind or self.unit.kind == kind) and (not status or status in (
            self.status, self.review, *self.reasons))

    @property
    def review(self) -> str:
        return self.latest.review if self.latest else ""

    @property
    def missing(self) -> bool:
        return self.status == UnitStatus.MISSING.value

    @property
    def reasons(self) -> list[str]:
        """Why the unit is chased: 未报送, 有错误 (its figures are not counted), 逾期; [] when it need not be."""
        return [reason for reason, applies in (("未报送", self.missing), ("有错误", self.status == UnitStatus.ERROR.value),
                                               ("逾期", self.late)) if applies]


@dataclass(frozen=True)
class Board:
    rows: list[BoardRow]
    counts: dict[str, int]
    deadline: dt.date
    review_required: bool = False  # builds take only approved versions

    @property
    def reminders(self) -> list[BoardRow]:
        """Units to chase, each with its reasons: those that sent nothing, then those with errors, then those
        that sent after the deadline."""
        order = ("未报送", "有错误", "逾期")
        return sorted((r for r in self.rows if r.reasons), key=lambda r: order.index(r.reasons[0]))


def _cutoff(config: ReportConfig) -> dt.datetime:
    return dt.datetime.combine(config.deadline + dt.timedelta(days=1), dt.time())


def _used(status: StatusRow, counted: tuple[int, ...], review_required: bool, versions: int) -> str:
    """What a build would take of the unit: the counted versions, the office's own files, or nothing (why)."""
    parts = [f"第{'、'.join(map(str, counted))}版{'（已审核通过）' if review_required else ''}"] if counted else []
    parts += ["办公室放入的文件"] if any(not f.startswith(PORTAL_COPIES) for f in status.files) else []
    if parts:
        return "、".join(parts)
    if review_required and versions:
        return "未采用：没有审核通过的版本"
    return "未采用" if status.files or versions else ""


def _row(status: StatusRow, unit: Unit, portal: tuple[Version, tuple[int, ...], int] | None,
         cutoff: dt.datetime, review_required: bool = False) -> BoardRow:
    latest, counted, count = portal or (None, (), 0)
    common = {"unit": unit, "kind_name": status.kind_name, "files": status.files,
              "used": _used(status, counted, review_required, count)}
    if latest is None:
        return BoardRow(status=status.status.value, received_at=status.received_at, late=status.late,
                        errors=status.errors, warnings=status.warnings, **common)
    if status.status is UnitStatus.MISSING and (latest.errors or not review_required):  # none without errors
        received = latest.uploaded_at.replace(tzinfo=None)
        return BoardRow(status=UnitStatus.ERROR.value, received_at=received, late=received >= cutoff,
                        errors=latest.errors, warnings=latest.warnings, versions=count, latest=latest,
                        uncounted=True, note=f"已上传{count}个版本，都有错误，尚未采用", **common)
    kept = "、".join(map(str, counted))
    note = f"最新的第{latest.number}版有错误，仍采用第{kept}版" if counted and latest.number not in counted else ""
    if review_required and latest.number not in counted and latest.valid and not latest.by_office:
        note = f"第{latest.number}版{latest.review}，审核通过后采用"
    return BoardRow(status=status.status.value, received_at=status.received_at, late=status.late,
                    errors=status.errors, warnings=status.warnings, versions=count, latest=latest,
                    counted=counted, note=note, **common)


def make_board(checked: Checked, portal: dict[str, tuple[Version, tuple[int, ...], int]]) -> Board:
    config = checked.ws.config
    cutoff = _cutoff(config)
    gate = config.portal.review_required
    rows = [_row(s, config.unit_by_id[s.unit], portal.get(s.unit), cutoff, gate)
            for s in status_rows(checked.report, config)]
    counts = {
        "应报送": len(rows),
        "已报送": sum(not r.missing for r in rows),
        "按时": sum(not r.missing and not r.late for r in rows),
        "逾期": sum(r.late for r in rows),
        "缺报": sum(r.missing for r in rows),
        "有错误": sum(r.status == UnitStatus.ERROR.value for r in rows),
        **{state: sum(r.review == state for r in rows) for state in REVIEW_STATES},
    }
    return Board(rows=rows, counts=counts, deadline=config.deadline, review_required=gate)
