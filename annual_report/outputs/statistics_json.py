"""Plain data form of the statistics: statistics.json (every table) and totals.csv.

A later year's run reads either back from its history/ folder.  Rates are given as percentages (`value`)
with their numerator and denominator counts, and every figure also as printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pandas as pd

from annual_report.config.run_files import CSV_NAME, JSON_FORMAT, JSON_NAME, JSON_VERSION
from annual_report.findings import Finding
from annual_report.statistics import Statistics
from annual_report.wording import Figures, outlier_findings, outlier_messages

TOTALS_CSV_COLUMNS = ["metric", "value", "name", "unit", "numerator", "denominator", "display", "formula"]


CHUNK = 10_000  # table rows converted and written at a time: the file is streamed, never held whole


def _default(value: Any) -> Any:
    """What orjson does not write itself: NA → null, timestamps → ISO text, NumPy scalars → numbers."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    raise TypeError(f"statistics.json cannot hold {type(value).__name__}")


def _dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=orjson.OPT_NON_STR_KEYS)


def table_rows(table: pd.DataFrame) -> Iterator[bytes]:
    """Each row as one JSON object, CHUNK rows at a time, each column converted whole (NA → None)."""
    keys = list(table.columns)
    for start in range(0, len(table), CHUNK):
        part = table.iloc[start:start + CHUNK]
        columns = [c.astype(object).where(c.notna(), None).tolist() for _, c in part.items()]
        yield from (_dumps(dict(zip(keys, row, strict=True))) for row in zip(*columns, strict=True)) if keys \
            else (b"{}" for _ in range(len(part)))


def finding_rows(findings: list[Finding]) -> Iterator[bytes]:
    return (f.__pydantic_serializer__.to_json(f) for f in findings)


Part = str | int | pd.DataFrame | Iterator[bytes]


def write_json(path: Path, parts: dict[str, Part]) -> None:
    """{key: value} with one table row per line: readable, and streamed to the file row by row."""
    with path.open("wb", buffering=2**20) as out:
        out.write(b"{")
        for number, (key, value) in enumerate(parts.items()):
            out.write((b",\n " if number else b"\n ") + _dumps(key) + b": ")
            if not isinstance(value, pd.DataFrame | Iterator):
                out.write(_dumps(value))
                continue
            rows = table_rows(value) if isinstance(value, pd.DataFrame) else value
            first = next(rows, None)
            if first is None:
                out.write(b"[]")
                continue
            out.write(b"[\n  " + first)
            for row in rows:
                out.write(b",\n  " + row)
            out.write(b"\n ]")
        out.write(b"\n}")


def _totals(stats: Statistics, table: pd.DataFrame, figures: Figures | None = None) -> pd.DataFrame:
    """A totals table with metric name and unit; `value` a count, or for a rate its percentage."""
    totals = table.merge(stats.metrics[["metric", "name", "unit", "is_rate"]], on="metric")
    totals["value"] = totals["value"].astype(object).mask(totals["is_rate"], totals["percent"].astype(object))
    if figures is not None:
        totals = totals.assign(display=totals["metric"].map(figures.display),
                               formula=totals["metric"].map(figures.formula))
    return totals.drop(columns=["is_rate", "percent"])


def parts(stats: Statistics, figures: Figures) -> dict[str, Part]:
    """statistics.json's parts: a few scalars, then every table of `stats` (written row by row)."""
    names = stats.units[["unit", "name"]]
    yoy = stats.yoy["metric"].map(figures.yoy)
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "region": stats.region,
        "year": stats.year,
        "percent_decimals": figures.decimals,
        "totals": _totals(stats, stats.totals, figures),
        "kind_totals": _totals(stats, stats.kind_totals),
        "units": stats.values.merge(names, on="unit"),
        "unit_rates": stats.unit_rates,
        "excluded": stats.excluded,
        "other_figures": stats.other_figures,
        "yoy": stats.yoy.assign(phrase=yoy.map(lambda w: w.phrase), prose=yoy.map(lambda w: w.prose),
                                last_display=yoy.map(lambda w: w.last)),
        "targets": stats.targets,
        "shortfalls": stats.shortfalls,
        "completeness": stats.completeness,
        "reporting": stats.reporting,
        "outliers": stats.outliers.assign(message=outlier_messages(stats)),
        "findings": finding_rows([*stats.findings, *outlier_findings(stats)]),
    }


def write_statistics(stats: Statistics, figures: Figures, outdir: Path) -> list[Path]:
    """Write outdir/statistics.json and outdir/totals.csv (UTF-8 with BOM, so Excel opens it)."""
    outdir.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = outdir / JSON_NAME, outdir / CSV_NAME
    write_json(json_path, parts(stats, figures))
    _totals(stats, stats.totals, figures)[TOTALS_CSV_COLUMNS].to_csv(csv_path, index=False, encoding="utf-8-sig")
    return [json_path, csv_path]
