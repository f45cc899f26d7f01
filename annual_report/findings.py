"""Findings: every problem found in a workspace, as data with a location and a Chinese message."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from annual_report.text.hygiene import one_line, strip_illegal_chars


class Severity(StrEnum):
    ERROR = "error"  # the figure it concerns (or, with no figure named, the unit's figures) is left out
    WARNING = "warning"  # figures kept, flagged for the compiler
    INFO = "info"  # read as the unit meant it (「12件」 as 12), said so that nobody is surprised

    @property
    def word(self) -> str:
        """How messages name it: 错误, 警告, 提示."""
        return _WORDS[self]


_WORDS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


class Finding(BaseModel):
    """One problem, located as precisely as the source allows."""

    unit: str = ""  # unit id, or "" when the file could not be attributed to a unit
    file: str = ""  # path relative to the workspace
    location: str = ""  # key path (metrics.lit.lost), or sheet/row/column (第3行 B列)
    rule: str
    severity: Severity
    message: str
    metric: str = Field(default="", exclude=True)  # the metric id concerned, whatever the file format

    @field_validator("unit", "file", "location", "message")
    @classmethod
    def _storable(cls, value: str) -> str:
        """Messages quote user text: keep only what terminals, JSON, Excel and Word can all hold, on one line
        (a line break in a unit's name must not print as a second, fake finding)."""
        return one_line(strip_illegal_chars(value)[0])


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
