"""Findings: every problem found in a workspace, as data with a location and a Chinese message."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel


class Severity(StrEnum):
    ERROR = "error"  # the unit's figures are left out of the totals
    WARNING = "warning"  # figures kept, flagged for the compiler


class Finding(BaseModel):
    """One problem, located as precisely as the source allows."""

    unit: str = ""  # unit id, or "" when the file could not be attributed to a unit
    file: str = ""  # path relative to the workspace
    location: str = ""  # key path (metrics.lit.lost), or sheet/row/column (第3行 B列)
    rule: str
    severity: Severity
    message: str


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
