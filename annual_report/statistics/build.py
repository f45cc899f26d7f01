"""All statistics of one year in one call: totals, year over year, targets, completeness, outliers."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from annual_report.plan import WorkPlan
from annual_report.statistics.aggregate import Statistics, aggregate
from annual_report.statistics.completeness import REPORTING_COLUMNS, SUMMARY_COLUMNS, completeness
from annual_report.statistics.history import History, read_history
from annual_report.statistics.outliers import find_outliers, outlier_findings
from annual_report.statistics.targets import check_targets
from annual_report.statistics.yoy import yoy_table
from annual_report.validation import ValidationReport
from annual_report.workspace import Workspace


def compute_statistics(ws: Workspace, source: ValidationReport | pd.DataFrame, plan: WorkPlan | None = None,
                       history: History | None = None) -> Statistics:
    """Every table for the workbook, statistics.json and the report's sentences.

    `source` is the validation report (completeness needs it) or a long table (unit, metric, value);
    `history` defaults to the workspace's history/ folder.
    """
    history = read_history(ws) if history is None else history
    stats = replace(aggregate(source, ws), history=history.totals, history_units=history.units)
    targets, shortfalls = check_targets(stats, ws.config.targets + (plan.targets if plan else []))
    summary, reporting = completeness(source, ws.config) if isinstance(source, ValidationReport) else (
        pd.DataFrame(columns=SUMMARY_COLUMNS), pd.DataFrame(columns=REPORTING_COLUMNS))
    outliers = find_outliers(stats)
    return replace(stats, yoy=yoy_table(stats), targets=targets, shortfalls=shortfalls, completeness=summary,
                   reporting=reporting, outliers=outliers,
                   findings=history.findings + outlier_findings(outliers))
