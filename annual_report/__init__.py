"""annual-report: compile a 法治政府建设年度报告 from the submissions of a region's units."""

__version__ = "0.1.0"
