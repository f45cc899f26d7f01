"""The figures units sent outside the catalogue, as rows for the 审阅稿: never summed, never silently lost.

`other_figure_rows` gives the rows; `other_figures_table` the same as a document table (None when there is
none), for the 审阅稿's attachments (review edition only).
"""

from __future__ import annotations

from annual_report.statistics import Statistics
from annual_report.word.document import Table
from annual_report.wording.numbers import qualified

CAPTION = "各单位报送的目录外数字（未计入合计）"
HEADER = ["单位", "名称", "数值", "出处"]


def other_figure_rows(stats: Statistics) -> list[list[str]]:
    """One row per figure: the unit's short name, the figure's name, its value as printed (90余件), and
    the file and place it came from; in registry order, then the unit's own order."""
    labels = stats.units.set_index("unit")["label"]
    return [
        [str(labels.get(f.unit, f.unit)), f.name, qualified(str(f.value), f.measure, f.qualifier),
         f"{f.file} {f.location}".strip()]
        for f in stats.other_figures.itertuples(index=False)
    ]


def other_figures_table(stats: Statistics) -> Table | None:
    rows = other_figure_rows(stats)
    if not rows:
        return None
    return Table(caption=CAPTION, header=HEADER, rows=rows, numeric_columns={2}, wrap={0, 1, 3})
