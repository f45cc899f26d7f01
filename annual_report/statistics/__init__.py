"""Statistics: totals, rates, year over year, targets, completeness and outliers, as tidy tables of numbers.

Turning these figures into Chinese text is annual_report.wording's job.
"""

from annual_report.statistics.aggregate import RateValue, Totals, aggregate
from annual_report.statistics.build import Statistics, compute_statistics
from annual_report.statistics.history import History, read_history

__all__ = ["History", "RateValue", "Statistics", "Totals", "aggregate", "compute_statistics", "read_history"]
