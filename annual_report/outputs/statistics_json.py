"""Plain data form of the statistics: statistics.json (every table) and totals.csv.

A later year's run reads either back from its history/ folder.  Rates are given as percentages (`value`)
with their numerator and denominator counts, and every figure also as printed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from annual_report.config.run_files import CSV_NAME, JSON_FORMAT, JSON_NAME, JSON_VERSION
from annual_report.statistics import Statistics
from annual_report.wording import Figures, outlier_findings, outlier_messages

TOTALS_CSV_COLUMNS = ["metric", "value", "name", "unit", "numerator", "denominator", "display", "formula"]


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
    """Rows as JSON-ready dicts; numeric and text columns converted whole, the rest cell by cell."""
    plain = {}
    for name, column in table.items():
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column) \
                or pd.api.types.is_string_dtype(column) and not column.map(type).isin([list, tuple]).any():
            values = column.astype(object).where(column.notna(), None).tolist()
            plain[name] = [v.item() if hasattr(v, "item") else v for v in values]
        else:
            plain[name] = [_plain(v) for v in column.tolist()]
    return [dict(zip(plain, row, strict=True)) for row in zip(*plain.values(), strict=True)] if plain else \
        [{} for _ in range(len(table))]


def dumps(data: dict[str, Any]) -> str:
    """JSON with one table row per line: readable, and written by the C encoder (indent= is pure Python)."""
    parts = []
    for key, value in data.items():
        head = f" {json.dumps(key, ensure_ascii=False)}: "
        if isinstance(value, list) and value:
            rows = ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"{head}[\n  {rows}\n ]")
        else:
            parts.append(head + json.dumps(value, ensure_ascii=False))
    return "{\n" + ",\n".join(parts) + "\n}"


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
    json_path.write_text(dumps(to_plain(stats, figures)), encoding="utf-8")
    _totals(stats, stats.totals, figures)[TOTALS_CSV_COLUMNS].to_csv(csv_path, index=False, encoding="utf-8-sig")
    return [json_path, csv_path]
