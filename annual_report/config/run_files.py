"""Names and shapes of the files a run writes that are read back: by a later year (history/) and, a region's
statistics.json, by the level above (intake/lower.py)."""

from __future__ import annotations

JSON_FORMAT = "annual-report/statistics"
JSON_VERSION = 1
JSON_NAME = "statistics.json"
REPORT_NAME = "report.docx"  # a run's 公开稿
CSV_NAME = "totals.csv"

SUMMARY_SHEET = "汇总"  # statistics.xlsx: region totals
UNIT_SHEET = "分单位"  # statistics.xlsx: one row per valid unit
UNIT_KEY_COLUMNS = ["单位编号", "单位名称", "单位类型"]  # then one 作为… column per role, then the metrics
ROLE_COLUMN_PREFIX = "作为"
REGION_TOTAL = "全域合计"
