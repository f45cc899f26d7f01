"""A fill-in workbook (written by `annual-report forms`) read back into one submission record: unit, year
and contact from 填报说明, counts from 统计数据 by metric id, items from each section's sheet with the
headings and theme leads chosen from the drop-downs turned back into keys. Every value keeps its sheet,
row and column; the workbook may have been re-saved by Excel, WPS or LibreOffice."""

from __future__ import annotations

import datetime as dt
import re

from annual_report.config.outline import SECTION_NAMES
from annual_report.config.workspace import Workspace
from annual_report.findings import Finding, Severity
from annual_report.intake import form_layout as layout
from annual_report.intake.layout import Grid
from annual_report.intake.records import FileIntake, RawRecord
from annual_report.intake.tables import GridReader, cell_location
from annual_report.intake.xlsx import Sheet

_LABELLED_TASK = re.compile(r"^(\d+(?:\(\d+\))?) \S")  # a drop-down choice: 「16 落实……」
_TASK = re.compile(r"^第?(\d+(?:[(（]\d+[)）])?)项?$")
_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def is_form(sheets: list[Sheet]) -> bool:
    """Whether the workbook is one `annual-report forms` wrote (its marker on the instructions sheet)."""
    sheet = next((s for s in sheets if s.name == layout.INSTRUCTIONS and s.visible), None)
    return sheet is not None and any(number == 2 and cells[:1] == [layout.MARKER] for number, cells in sheet.rows)


def _grid(sheets: list[Sheet], name: str) -> Grid | None:
    sheet = next((s for s in sheets if s.name == name and s.visible), None)
    return Grid.of_sheet(sheet, name) if sheet else None


def task_numbers(text: str) -> list[str]:
    """Task numbers in a cell: a drop-down choice 「16 落实……」, or numbers typed as 「3、16」「第3项」;
    anything else is kept as written, for validation to name."""
    if match := _LABELLED_TASK.match(text):
        return [match[1]]
    pieces = [p for p in _SEPARATORS.split(text) if p]
    return [m[1].replace("（", "(").replace("）", ")") if (m := _TASK.match(p)) else p for p in pieces]


def _instructions(record: RawRecord, grid: Grid) -> None:
    keys = {label: key for key, label in layout.FIELD_LABELS.items()}
    fields: dict[str, str] = {}
    for number, cells in grid.rows:
        key = keys.get(cells[0]) if cells else None
        if key and len(cells) > 1 and cells[1]:
            fields[key] = cells[1]
            record.locations[key] = cell_location(grid.sheet, number, 1)
    record.data.update({k: fields[k] for k in ("unit", "year") if k in fields})
    if "contact_name" in fields or "contact_phone" in fields:
        record.data["contact"] = {"name": fields.get("contact_name"), "phone": fields.get("contact_phone")}
    if "submitted_on" in fields:
        record.data["submitted_at"] = fields["submitted_on"]
        record.locations["submitted_at"] = record.locations["submitted_on"]


def _figures(intake: FileIntake, record: RawRecord, grid: Grid, ws: Workspace) -> None:
    reader = GridReader(intake, grid, ws.catalogue, record.modified)
    metric_col, value_col = layout.METRIC_COLUMN - 1, layout.VALUE_COLUMN - 1
    for number, cells in grid.rows:
        cells = cells + [""] * (layout.NOTE_COLUMN - len(cells))
        if number < layout.FIRST_ROW:
            continue
        reader.by_row[number] = record
        if not cells[metric_col]:
            if cells[layout.NAME_COLUMN - 1] or cells[value_col]:
                _other_figure(record, grid, number, cells)
            continue
        metric = ws.catalogue.by_id.get(cells[metric_col])
        if metric is None:
            record.findings.append(Finding(
                file=intake.file, location=cell_location(grid.sheet, number, metric_col), rule="unknown_metric",
                severity=Severity.WARNING, message=f"指标编号「{cells[metric_col]}」不在指标目录中，该行未采用；"
                                                   "请使用本年度下发的填报表格"))
            continue
        reader.value(record, metric.id, number, value_col, cells[value_col])
    reader.report_cleaned()


def _other_figure(record: RawRecord, grid: Grid, number: int, cells: list[str]) -> None:
    """A 其他数字 row: validation counts it as the catalogue metric its name names, else outside it."""
    figures = record.data.setdefault("other_figures", [])
    where = f"other_figures[{len(figures)}]"
    figures.append({"name": cells[layout.NAME_COLUMN - 1], "unit": cells[layout.MEASURE_COLUMN - 1],
                    "value": cells[layout.VALUE_COLUMN - 1]})
    record.locations[where] = cell_location(grid.sheet, number, layout.NAME_COLUMN - 1)
    for key, column in (("name", layout.NAME_COLUMN), ("unit", layout.MEASURE_COLUMN), ("value", layout.VALUE_COLUMN)):
        record.locations[f"{where}.{key}"] = cell_location(grid.sheet, number, column - 1)


def _section(record: RawRecord, grid: Grid, key: str, ws: Workspace) -> None:
    columns = layout.SECTION_COLUMNS[key]  # type: ignore[index]
    topics = {t.heading: t.key for t in ws.config.outline.topics}
    themes = {t.lead: t.key for t in ws.themes.of(key)}  # type: ignore[arg-type]
    items = record.data.setdefault(key, [])
    for number, cells in grid.rows:
        given = {name: cells[i] for i, name in enumerate(columns) if i < len(cells) and cells[i] and name != "number"}
        if number < layout.FIRST_ROW or not given:
            continue
        where = f"{key}[{len(items)}]"
        record.locations[where] = cell_location(grid.sheet, number, 1)
        for i, name in enumerate(columns):
            record.locations[f"{where}.{name}"] = cell_location(grid.sheet, number, i)
        item: dict[str, object] = {"text": given.get("text", "")}
        if "topic" in given:
            item["topic"] = topics.get(given["topic"], given["topic"])
        if "theme" in given:
            item["theme"] = themes.get(given["theme"], given["theme"])
        if "tasks" in given:
            item["tasks"] = task_numbers(given["tasks"])
        items.append(item)


def read_form(intake: FileIntake, sheets: list[Sheet], modified: dt.datetime, ws: Workspace) -> None:
    """The workbook as one submission record of `intake`."""
    record = RawRecord(file=intake.file, data={"metrics": {}}, modified=modified)
    intake.records.append(record)
    if (grid := _grid(sheets, layout.INSTRUCTIONS)) is not None:
        _instructions(record, grid)
    if (grid := _grid(sheets, layout.FIGURES)) is not None:
        _figures(intake, record, grid, ws)
    for key, name in SECTION_NAMES.items():
        if (grid := _grid(sheets, name)) is not None:
            _section(record, grid, key, ws)
    missing = [name for name in (layout.FIGURES, *(SECTION_NAMES[s.key] for s in ws.config.outline.sections))
               if not any(s.name == name and s.visible for s in sheets)]
    if missing:
        record.findings.append(Finding(
            file=intake.file, rule="form_sheet_missing", severity=Severity.WARNING,
            message=f"填报表格中缺少工作表「{'」「'.join(missing)}」，其内容未能读取；请使用本年度下发的填报表格"))
