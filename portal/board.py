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

    @property
    def reminders(self) -> list[BoardRow]:
        """Units to chase, each with its reasons: those that sent nothing, then those with errors, then those
        that sent after the deadline."""
        order = ("未报送", "有错误", "逾期")
        return sorted((r for r in self.rows if r.reasons), key=lambda r: order.index(r.reasons[0]))


def _cutoff(config: ReportConfig) -> dt.datetime:
    return dt.datetime.combine(config.deadline + dt.timedelta(days=1), dt.time())


def _row(status: StatusRow, unit: Unit, portal: tuple[Version, tuple[int, ...], int] | None,
         cutoff: dt.datetime) -> BoardRow:
    common = {"unit": unit, "kind_name": status.kind_name, "files": status.files}
    if portal is None:
        return BoardRow(status=status.status.value, received_at=status.received_at, late=status.late,
                        errors=status.errors, warnings=status.warnings, **common)
    latest, counted, count = portal
    if status.status is UnitStatus.MISSING:  # uploads, none without errors
        received = latest.uploaded_at.replace(tzinfo=None)
        return BoardRow(status=UnitStatus.ERROR.value, received_at=received, late=received >= cutoff,
                        errors=latest.errors, warnings=latest.warnings, versions=count, latest=latest,
                        uncounted=True, note=f"已上传{count}个版本，都有错误，尚未采用", **common)
    kept = "、".join(map(str, counted))
    note = f"最新的第{latest.number}版有错误，仍采用第{kept}版" if counted and latest.number not in counted else ""
    return BoardRow(status=status.status.value, received_at=status.received_at, late=status.late,
                    errors=status.errors, warnings=status.warnings, versions=count, latest=latest,
                    counted=counted, note=note, **common)


def make_board(checked: Checked, portal: dict[str, tuple[Version, tuple[int, ...], int]]) -> Board:
    config = checked.ws.config
    cutoff = _cutoff(config)
    rows = [_row(s, config.unit_by_id[s.unit], portal.get(s.unit), cutoff)
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
    return Board(rows=rows, counts=counts, deadline=config.deadline)
