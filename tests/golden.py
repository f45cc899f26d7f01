"""The example build's observable output as plain data, to compare a build against a stored copy.

`python -m tests.golden` rewrites tests/data/golden/ from a fresh build of inputs/example-2024.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from tests.docx_text import document_text

GOLDEN = Path(__file__).parent / "data" / "golden"


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 9)
    return value


def workbook_values(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cell values row by row (formulas as their text)."""
    book = load_workbook(path)
    return {sheet.title: [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


def snapshot(folder: Path) -> dict[str, object]:
    return {
        "report": document_text(folder / "report.docx"),
        "review": document_text(folder / "report-review.docx"),
        "statistics": workbook_values(folder / "statistics.xlsx"),
    }


def main() -> None:
    from annual_report import pipeline

    with tempfile.TemporaryDirectory() as out:
        folder = pipeline.build(Path(__file__).parents[1] / "inputs" / "example-2024", Path(out)).run_folder
        data = snapshot(folder)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, value in data.items():
        (GOLDEN / f"example-{name}.json").write_text(json.dumps(value, ensure_ascii=False, indent=0) + "\n",
                                                     encoding="utf-8")
    print(GOLDEN, file=sys.stderr)


if __name__ == "__main__":
    main()
