"""What a reader hands to validation: raw records per unit, with where each value came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from annual_report.findings import Finding


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

    def where(self, path: str) -> str:
        return self.locations.get(path, path)


@dataclass
class FileIntake:
    """Everything read from one file: zero or more records and the file-level findings."""

    file: str
    records: list[RawRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sha256: str = ""  # of the bytes read (the manifest certifies these); "" when the file was not read
