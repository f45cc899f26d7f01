"""Plain data form of the statistics: statistics.json (every table) and totals.csv.

A later year's run reads either back from its history/ folder.  Rates are given as percentages (`value`)
with their numerator and denominator counts, and every figure also as printed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import orjson
import pandas as pd

from annual_report.statistics.formats import CSV_NAME, JSON_FORMAT, JSON_NAME, JSON_VERSION
from annual_report.statistics import Statistics
from annual_report.wording import Figures, outlier_findings, outlier_messages

TOTALS_CSV_COLUMNS = ["metric", "value", "name", "unit", "numerator", "denominator", "display", "formula"]


def _default(value: Any) -> Any:
    """What orjson does not write itself: NA → null, timestamps → ISO text, NumPy scalars → numbers."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    raise TypeError(f"statistics.json cannot hold {type(value).__name__}")


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, each column converted whole (NA → None; timestamps and NumPy scalars are converted as
    they are written)."""
    keys = list(table.columns)
    columns = [c.astype(object).where(c.notna(), None).tolist() for _, c in table.items()]
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)] if keys else \
        [{} for _ in range(len(table))]


def _dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=orjson.OPT_NON_STR_KEYS)


def dumps(data: dict[str, Any]) -> bytes:
    """JSON (UTF-8) with one table row per line: readable, and written by orjson row by row."""
    parts = []
    for key, value in data.items():
        head = b" " + _dumps(key) + b": "
        if isinstance(value, list) and value:
            parts.append(head + b"[\n  " + b",\n  ".join(map(_dumps, value)) + b"\n ]")
        else:
            parts.append(head + _dumps(value))
    return b"{\n" + b",\n".join(parts) + b"\n}"


def _totals(stats: Statistics, table: pd.DataFrame, figures: Figures | None = None) -> pd.DataFrame:
    """A totals table with metric name and unit; `value` a count, or for a rate its percentage."""
    totals = table.merge(stats.metrics[["metric", "name", "unit", "is_rate"]], on="metric")
    totals["value"] = totals["value"].astype(object).mask(totals["is_rate"], totals["percent"].astype(object))
    if figures is not None:
        totals = totals.assign(display=totals["metric"].map(figures.display),
                               formula=totals["metric"].map(figures.formula))
    return totals.drop(columns=["is_rate", "percent"])


def to_plain(stats: Statistics, figures: Figures) -> dict[str, Any]:
    """Every table of `stats` as JSON-ready data."""
    names = stats.units[["unit", "name"]]
    yoy = stats.yoy["metric"].map(figures.yoy)
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "region": stats.region,
        "year": stats.year,
        "percent_decimals": figures.decimals,
        "totals": records(_totals(stats, stats.totals, figures)),
        "kind_totals": records(_totals(stats, stats.kind_totals)),
        "units": records(stats.values.merge(names, on="unit")),
        "unit_rates": records(stats.unit_rates),
        "excluded": records(stats.excluded),
        "other_figures": records(stats.other_figures),
        "yoy": records(stats.yoy.assign(phrase=yoy.map(lambda w: w.phrase), prose=yoy.map(lambda w: w.prose),
                                        last_display=yoy.map(lambda w: w.last))),
        "targets": records(stats.targets),
        "shortfalls": records(stats.shortfalls),
        "completeness": records(stats.completeness),
        "reporting": records(stats.reporting),
        "outliers": records(stats.outliers.assign(message=outlier_messages(stats))),
        "findings": [f.model_dump(mode="json") for f in [*stats.findings, *outlier_findings(stats)]],
    }


def write_statistics(stats: Statistics, figures: Figures, outdir: Path) -> list[Path]:
    """Write outdir/statistics.json and outdir/totals.csv (UTF-8 with BOM, so Excel opens it)."""
    outdir.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = outdir / JSON_NAME, outdir / CSV_NAME
    json_path.write_bytes(dumps(to_plain(stats, figures)))
    _totals(stats, stats.totals, figures)[TOTALS_CSV_COLUMNS].to_csv(csv_path, index=False, encoding="utf-8-sig")
    return [json_path, csv_path]
