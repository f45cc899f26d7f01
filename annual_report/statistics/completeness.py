"""Reporting completeness, as DHIS2's reporting-rate summary: expected, submitted, on time, late, missing
and valid units, for the whole registry and per unit kind.

On time means received no later than the end of the deadline day.
"""

from __future__ import annotations

from dataclasses import fields

import pandas as pd

from annual_report.config.workspace import ReportConfig
from annual_report.validation import ValidationReport
from annual_report.validation.status import StatusRow, status_rows

ALL = "全部"
REPORTING_COLUMNS = ["unit", "name", "label", "kind", "kind_name", "status", "received_at", "submitted",
                     "on_time", "late", "valid"]
SUMMARY_COLUMNS = ["scope", "expected", "submitted", "on_time", "late", "missing", "valid", "reporting_rate",
                   "on_time_rate", "valid_rate", "missing_units", "late_units"]


def reporting_table(report: ValidationReport, config: ReportConfig) -> pd.DataFrame:
    """One row per registry unit: status, when received, and whether on time / late / figures used."""
    names = [f.name for f in fields(StatusRow)]
    rows = [{**{n: getattr(r, n) for n in names}, "status": r.status.value, "submitted": r.submitted,
             "valid": r.figures_valid} for r in status_rows(report, config)]
    table = pd.DataFrame(rows, columns=[*REPORTING_COLUMNS, "figures_valid"])
    return table.assign(received_at=pd.to_datetime(table["received_at"]))[REPORTING_COLUMNS]


def completeness_summary(reporting: pd.DataFrame) -> pd.DataFrame:
    """Counts, rates (%) and the names of missing and late units, for 全部 and each kind (registry order)."""
    scoped = pd.concat([reporting.assign(scope=ALL), reporting.assign(scope=reporting["kind_name"])])
    flags = scoped.assign(missing=~scoped["submitted"], missing_name=scoped["name"].where(~scoped["submitted"]),
                          late_name=scoped["name"].where(scoped["late"]))
    summary = flags.groupby("scope", sort=False).agg(
        expected=("unit", "size"), submitted=("submitted", "sum"), on_time=("on_time", "sum"),
        late=("late", "sum"), missing=("missing", "sum"), valid=("valid", "sum"),
        missing_units=("missing_name", lambda s: "、".join(s.dropna())),
        late_units=("late_name", lambda s: "、".join(s.dropna())),
    ).reset_index()
    for rate, count in (("reporting_rate", "submitted"), ("on_time_rate", "on_time"), ("valid_rate", "valid")):
        summary[rate] = summary[count] * 100 / summary["expected"]
    return summary[SUMMARY_COLUMNS]


def completeness(report: ValidationReport, config: ReportConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(summary per scope, per-unit reporting table)."""
    reporting = reporting_table(report, config)
    return completeness_summary(reporting), reporting
