"""Column headers that offices' tables use for the unit and the year (statistics forms and history)."""

UNIT_HEADERS = frozenset({"unit", "单位", "单位名称", "填报单位"})
YEAR_HEADERS = frozenset({"year", "年度", "年份"})
METRIC_HEADERS = frozenset({"metric", "指标", "指标名称", "指标编号"})
