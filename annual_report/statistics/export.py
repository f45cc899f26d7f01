"""Plain data form of the statistics: statistics.json (every table) and totals.csv.

The renderer reads these, and a later year's run reads either back from its history/ folder.  Rates are
given as percentages (`value`) with their numerator and denominator counts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from annual_report.statistics.aggregate import Statistics

FORMAT = "annual-report/statistics"
VERSION = 1
JSON_NAME = "statistics.json"
CSV_NAME = "totals.csv"
TOTALS_CSV_COLUMNS = ["metric", "value", "name", "unit", "numerator", "denominator", "display", "formula"]


class StatisticsFileError(ValueError):
    """A JSON file that is not this package's statistics.json."""


def _plain(value: Any) -> Any:
    """A table cell as JSON: NA → null, NumPy scalars → Python, timestamps → ISO text."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in table.astype(object).to_dict("records")]


def _totals(stats: Statistics, table: pd.DataFrame) -> pd.DataFrame:
    """A totals table with metric name and unit; a count's value as an integer, a rate's as its percentage."""
    totals = table.merge(stats.metrics[["metric", "name", "unit", "is_rate"]], on="metric")
    counts = ~totals["is_rate"] & totals["value"].notna()
    totals["value"] = totals["value"].astype(object).mask(counts, totals["value"].astype("Int64").astype(object))
    return totals.drop(columns="is_rate")


def to_plain(stats: Statistics) -> dict[str, Any]:
    """Every table of `stats` as JSON-ready data."""
    names = stats.units[["unit", "name"]]
    return {
        "format": FORMAT,
        "version": VERSION,
        "region": stats.region,
        "year": stats.year,
        "percent_decimals": stats.decimals,
        "totals": records(_totals(stats, stats.totals)),
        "kind_totals": records(_totals(stats, stats.kind_totals)),
        "units": records(stats.values.merge(names, on="unit")),
        "unit_rates": records(stats.unit_rates),
        "excluded": records(stats.excluded),
        "yoy": records(stats.yoy),
        "targets": records(stats.targets),
        "shortfalls": records(stats.shortfalls),
        "completeness": records(stats.completeness),
        "reporting": records(stats.reporting),
        "outliers": records(stats.outliers),
        "findings": [f.model_dump(mode="json") for f in stats.findings],
    }


def write_statistics(stats: Statistics, outdir: Path) -> list[Path]:
    """Write outdir/statistics.json and outdir/totals.csv (UTF-8 with BOM, so Excel opens it)."""
    outdir.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = outdir / JSON_NAME, outdir / CSV_NAME
    json_path.write_text(json.dumps(to_plain(stats), ensure_ascii=False, indent=1), encoding="utf-8")
    _totals(stats, stats.totals)[TOTALS_CSV_COLUMNS].to_csv(csv_path, index=False, encoding="utf-8-sig")
    return [json_path, csv_path]


def read_statistics_json(data: Any) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """(year, totals [metric, value, numerator, denominator], units [unit, name, metric, value]) from
    parsed statistics.json data; StatisticsFileError when it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StatisticsFileError(f"不是本系统导出的 {JSON_NAME}（缺少 \"format\": \"{FORMAT}\"）")
    try:
        year = int(data["year"])
        totals = pd.DataFrame(data.get("totals") or [], columns=["metric", "value", "numerator", "denominator"])
        units = pd.DataFrame(data.get("units") or [], columns=["unit", "name", "metric", "value"])
    except (KeyError, TypeError, ValueError) as exc:
        raise StatisticsFileError(f"{JSON_NAME} 内容不完整：{exc}") from None
    return year, totals, units
