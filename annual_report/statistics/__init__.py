"""Statistics: totals, rates, year over year, targets, completeness and outliers, as tidy tables."""

from annual_report.statistics.aggregate import RateValue, Statistics, aggregate
from annual_report.statistics.build import compute_statistics
from annual_report.statistics.export import read_statistics_json, to_plain, write_statistics
from annual_report.statistics.history import History, read_history
from annual_report.statistics.sentences import TemplateError, load_templates, sentences_for_group
from annual_report.statistics.workbook import write_workbook

__all__ = [
    "History",
    "RateValue",
    "Statistics",
    "TemplateError",
    "aggregate",
    "compute_statistics",
    "load_templates",
    "read_history",
    "read_statistics_json",
    "sentences_for_group",
    "to_plain",
    "write_statistics",
    "write_workbook",
]
