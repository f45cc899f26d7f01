"""All statistics of one year in one call: totals, year over year, targets, completeness, outliers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import StatisticsOptions, Workspace
from annual_report.statistics.aggregate import Totals, aggregate
from annual_report.statistics.completeness import REPORTING_COLUMNS, SUMMARY_COLUMNS, completeness
from annual_report.statistics.history import History, read_history
from annual_report.statistics.outliers import find_outliers
from annual_report.statistics.targets import check_targets
from annual_report.statistics.yoy import yoy_table
from annual_report.validation import ValidationReport


@dataclass(frozen=True, eq=False)
class Statistics(Totals):
    """Every statistics table of one year: the totals, and what is derived from them and from history."""

    options: StatisticsOptions
    history: pd.DataFrame  # year, metric, value: earlier region totals
    history_units: pd.DataFrame  # year, unit, metric, value
    yoy: pd.DataFrame  # yoy.yoy_table
    targets: pd.DataFrame  # targets.check_targets
    shortfalls: pd.DataFrame  # units short of a unit-scope target
    completeness: pd.DataFrame  # completeness summary per scope
    reporting: pd.DataFrame  # completeness per unit
    outliers: pd.DataFrame  # outliers.find_outliers
    history_sources: dict[str, str] = field(default_factory=dict)  # history files read: path → SHA-256 read
    history_listed: list[str] = field(default_factory=list)  # every file of history/ looked at


def compute_statistics(ws: Workspace, source: ValidationReport | pd.DataFrame, plan: WorkPlan | None = None,
                       history: History | None = None) -> Statistics:
    """Every table for the workbook, statistics.json and the report's sentences.

    `source` is the validation report (completeness needs it) or a long table (unit, metric, value);
    `history` defaults to the workspace's history/ folder.
    """
    history = read_history(ws) if history is None else history
    totals = aggregate(source, ws)
    targets, shortfalls = check_targets(totals, ws.config.targets + (plan.targets if plan else []))
    summary, reporting = completeness(source, ws.config) if isinstance(source, ValidationReport) else (
        pd.DataFrame(columns=SUMMARY_COLUMNS), pd.DataFrame(columns=REPORTING_COLUMNS))
    return Statistics(
        **{**totals.parts(), "findings": totals.findings + history.findings}, options=ws.config.statistics, history=history.totals, history_units=history.units,
        yoy=yoy_table(totals, history.totals), targets=targets, shortfalls=shortfalls, completeness=summary,
        reporting=reporting, outliers=find_outliers(totals, history.units, ws.config.statistics),
        history_sources=history.sources, history_listed=history.listed)
