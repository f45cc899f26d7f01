"""A lower region's run read as its submission to the level above.

A county's office sends the city its run: `statistics.json` (and its 公开稿 as a Word report, read like any
unit's). The totals are taken exactly as the county computed them (counts, with their 余/约; rates are
recomputed above from the counts), never re-read from prose; its units' figures come along for drill-down, and
its completeness and findings become one line for the reviewers above (「某县：应报送单位35个……」).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from annual_report.config.run_files import JSON_FORMAT, JSON_NAME
from annual_report.findings import Finding, Severity
from annual_report.intake.records import LowerRegion, RawRecord
from annual_report.text.numbers import qualified_text


def is_run_statistics(data: object) -> bool:
    """A region run's statistics.json, as this package writes it."""
    return isinstance(data, dict) and data.get("format") == JSON_FORMAT


def lower_record(file: str, data: dict[str, Any], modified: dt.datetime) -> RawRecord:
    """The region's totals as a submission of the unit named as the region, figures only."""
    region, year = str(data.get("region", "")), data.get("year")
    metrics: dict[str, object] = {}
    for row in data.get("totals") or []:
        if row.get("numerator") is None and row.get("value") is not None:  # a count; rates are recomputed
            qualifier = row.get("qualifier") or ""
            metrics[row["metric"]] = qualified_text(row["value"], qualifier) if qualifier else row["value"]
    findings = data.get("findings") or []
    lower = LowerRegion(
        region=region, year=int(year) if isinstance(year, int) else 0,
        units=[{k: u.get(k) for k in ("unit", "name", "kind", "metric", "value", "qualifier")}
               for u in data.get("units") or []],
        rates=[{k: r.get(k) for k in ("unit", "metric", "percent")} for r in data.get("unit_rates") or []],
        paired={row["metric"]: (row["numerator"], row["denominator"], row.get("qualifier") or "")
                for row in data.get("totals") or []
                if isinstance(row.get("numerator"), int) and isinstance(row.get("denominator"), int)},
        completeness=next((c for c in data.get("completeness") or [] if c.get("scope") == "全部"), {}),
        errors=sum(f.get("severity") == "error" for f in findings),
        warnings=sum(f.get("severity") == "warning" for f in findings))
    note = Finding(file=file, rule="lower_region", severity=Severity.INFO,
                   message=f"{lower.status}。合计按其 {JSON_NAME} 采用，比率按合计重新计算")
    return RawRecord(file=file, data={"unit": region, "year": year, "metrics": metrics}, modified=modified,
                     kind="statistics", findings=[note], lower=lower)
