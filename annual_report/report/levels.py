"""The 审阅稿's view by region, where lower regions' runs are among the units: each key total of each lower
region, of the level's own units together, and of the whole (the statistics workbook has every metric)."""

from __future__ import annotations

import pandas as pd

from annual_report.config.workspace import ReportConfig
from annual_report.findings import Finding
from annual_report.word.document import Attachment, Table
from annual_report.wording import Figures

LOWER_RULE = "lower_region"  # intake/lower.py: one finding per lower region's run
OWN_UNITS = "本级单位"


def lower_regions(findings: list[Finding]) -> list[str]:
    """The units that are lower regions' runs, in the order their findings came."""
    return list(dict.fromkeys(f.unit for f in findings if f.rule == LOWER_RULE and f.unit))


def by_region(config: ReportConfig, figures: Figures, lower: list[str]) -> Attachment | None:
    """「各地区主要指标」: a row per lower region, one for the level's own units, one for the whole; a column
    per key metric (the catalogue's highlights), counts summed and rates recomputed over each row's units."""
    if not lower:
        return None
    stats = figures.stats
    metrics = [m for m in stats.catalogue.highlights.summary
               if (stats.rate(m).exact if stats.catalogue.by_id[m].is_rate else stats.total(m)) is not None]
    own = [u.id for u in config.units if u.id not in lower]
    rows = [(config.unit_by_id[u].label, [u]) for u in lower] + ([(OWN_UNITS, own)] if own else [])
    body = [[label, *(_cell(figures, m, units) for m in metrics)] for label, units in rows]
    body.append([f"{config.region}合计", *(figures.display(m) for m in metrics)])
    names = stats.metrics.set_index("metric")["name"]
    table = Table(caption="各地区主要指标", header=["地区", *(names[m] for m in metrics)], rows=body,
                  numeric_columns=set(range(1, len(metrics) + 1)))
    return Attachment(title=f"{config.region}{config.year}年度各地区主要指标", blocks=[table])


def _cell(figures: Figures, metric_id: str, units: list[str]) -> str:
    stats = figures.stats
    if stats.catalogue.by_id[metric_id].is_rate:
        rates = stats.unit_rates[(stats.unit_rates["metric"] == metric_id) & stats.unit_rates["unit"].isin(units)]
        if rates.empty:
            return "—"
        return figures.describe(metric_id, None, int(rates["numerator"].sum()), int(rates["denominator"].sum()))
    values = stats.values[(stats.values["metric"] == metric_id) & stats.values["unit"].isin(units)]["value"]
    return figures.describe(metric_id, int(pd.to_numeric(values).sum())) if len(values) else "—"
