"""What a reader hands to validation: raw records per unit, with where each value came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from annual_report.findings import Finding


@dataclass(frozen=True)
class LowerRegion:
    """What the level above keeps of a lower region's run besides its totals."""

    region: str
    year: int
    units: list[dict[str, Any]] = field(default_factory=list)  # its units' counts: unit, name, metric, value …
    rates: list[dict[str, Any]] = field(default_factory=list)  # its units' rates: unit, metric, percent
    # its rates' parts, each summed over the units that gave both (its count totals may cover other units)
    paired: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # metric → numerator, denominator, qualifier
    completeness: dict[str, Any] = field(default_factory=dict)  # expected, submitted, on_time, late, missing, valid
    errors: int = 0
    warnings: int = 0

    @property
    def status(self) -> str:
        """「某县：应报送单位35个，已报送33个（逾期3个），未报送2个；数据通过审核32个；错误2处、警告14处」."""
        c = self.completeness
        parts = [f"应报送单位{c['expected']}个，已报送{c['submitted']}个"
                 + (f"（逾期{c['late']}个）" if c.get("late") else "") + f"，未报送{c['missing']}个",
                 f"数据通过审核{c['valid']}个"] if c else []
        parts.append(f"错误{self.errors}处、警告{self.warnings}处（详见其运行目录的 validation.xlsx）")
        return f"{self.region}：{'；'.join(parts)}"


@dataclass
class RawRecord:
    """One unit's data as found in one file, before any checking."""

    file: str  # path relative to the workspace
    data: dict[str, Any]  # submission keys (unit, year, metrics, achievements, ...)
    modified: dt.datetime  # the file's modification time, for choosing between duplicates
    # statistics: figures only (CSV/xlsx tables); report: a Word report, whose figures give way to other files
    kind: Literal["submission", "statistics", "report"] = "submission"
    locations: dict[str, str] = field(default_factory=dict)  # key path -> row/column, where not the key itself
    findings: list[Finding] = field(default_factory=list)  # found while reading, about this record's unit
    withheld: set[str] = field(default_factory=set)  # metric ids given but unreadable (formula without value)
    extracted: dict[str, str] = field(default_factory=dict)  # metric id → the sentence its value was read from
    stated_rates: dict[str, tuple[str, str]] = field(default_factory=dict)  # rate id → (as written, where)
    lower: LowerRegion | None = None  # a lower region's run (intake/lower.py): its units and status

    def where(self, path: str) -> str:
        return self.locations.get(path, path)


@dataclass
class FileIntake:
    """Everything read from one file: zero or more records and the file-level findings."""

    file: str
    records: list[RawRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sha256: str = ""  # of the bytes read (the manifest certifies these); "" when the file was not read
