"""Fixtures for the render tests: a chart PNG and a report factory (see render_samples)."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_samples import MakeReport, build_report

from annual_report.report.charts import yoy_chart
from annual_report.word.document import ReportDocument


@pytest.fixture(scope="session")
def chart_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("charts") / "yoy.png"
    return yoy_chart(
        ["行政复议收案", "行政诉讼一审", "败诉案件", "案卷评查"],
        [120, 85, 3, None],
        [100, 90, 5, 30],
        "主要指标同比",
        "件",
        out,
    )


@pytest.fixture
def make_report(chart_png: Path) -> MakeReport:
    def make(**options: object) -> ReportDocument:
        return build_report(chart_png, **options)  # type: ignore[arg-type]

    return make
