"""Statistics tables (CSV or a worksheet) in either form an office holds.

* one unit's figures: two columns, metric (id or Chinese name) and value; the unit is named in a row
  `unit,<id or name>` (or `单位,…`) or by the file name;
* many units: a header row starting with a unit column (`unit`, `单位`, `单位名称`) and one column per metric.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from annual_report.catalogue import Catalogue
from annual_report.findings import Finding, Severity
from annual_report.intake.records import FileIntake, RawRecord
from annual_report.table_headers import METRIC_HEADERS, UNIT_HEADERS, YEAR_HEADERS


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_location(sheet: str | None, row: int, col: int) -> str:
    prefix = f"工作表「{sheet}」" if sheet else ""
    return f"{prefix}第{row}行 {column_letter(col)}列"


def _clean(row: Sequence[object]) -> list[str]:
    cells = ["" if c is None else str(c).strip() for c in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def read_table(
    intake: FileIntake,
    rows: Sequence[Sequence[object]],
    catalogue: Catalogue,
    modified: dt.datetime,
    default_unit: str,
    sheet: str | None = None,
) -> None:
    """Add the records and findings of one table to `intake`."""
    numbered = [(i + 1, _clean(r)) for i, r in enumerate(rows)]
    numbered = [(n, r) for n, r in numbered if any(r)]
    if not numbered:
        intake.findings.append(_finding(intake, sheet, "表格为空，没有任何数据", "empty_table"))
        return
    first_row, header = numbered[0]
    if header[0].lower() in UNIT_HEADERS and not (len(header) == 2 and catalogue.resolve(header[1]) is None):
        if len(numbered) == 1:
            intake.findings.append(_finding(intake, sheet, "表格只有表头，没有任何单位的数据", "empty_table"))
            return
        _read_wide(intake, first_row, header, numbered[1:], catalogue, modified, sheet)
    else:
        _read_long(intake, numbered, catalogue, modified, default_unit, sheet)


def _finding(intake: FileIntake, sheet: str | None, message: str, rule: str, location: str = "") -> Finding:
    return Finding(
        file=intake.file,
        location=location or (f"工作表「{sheet}」" if sheet else ""),
        rule=rule,
        severity=Severity.ERROR,
        message=message,
    )


def _unknown_metric(intake: FileIntake, name: str, location: str) -> Finding:
    return Finding(
        file=intake.file,
        location=location,
        rule="unknown_metric",
        severity=Severity.WARNING,
        message=f"「{name}」不是指标目录中的指标（编号或中文名称），该项数据未采用；请核对名称",
    )


def _ignored(intake: FileIntake, location: str, rule: str, message: str) -> Finding:
    return Finding(file=intake.file, location=location, rule=rule, severity=Severity.WARNING, message=message)


def _read_wide(
    intake: FileIntake,
    header_row: int,
    header: list[str],
    body: list[tuple[int, list[str]]],
    catalogue: Catalogue,
    modified: dt.datetime,
    sheet: str | None,
) -> None:
    columns: dict[int, str] = {}
    year_col = None
    for col, name in enumerate(header[1:], start=1):
        metric = catalogue.resolve(name)
        if metric is not None and metric.id in columns.values():
            first = next(c for c, m in columns.items() if m == metric.id)
            intake.findings.append(_ignored(
                intake, cell_location(sheet, header_row, col), "duplicate_metric",
                f"「{name}」与{column_letter(first)}列是同一指标，本列未采用；请删除重复的列"))
        elif metric is not None:
            columns[col] = metric.id
        elif name.lower() in YEAR_HEADERS:
            year_col = col
        elif name:
            intake.findings.append(_unknown_metric(intake, name, cell_location(sheet, header_row, col)))
    headed = set(columns) | ({year_col} if year_col is not None else set()) | {
        col for col, name in enumerate(header) if name}
    unheaded = sorted({col for _, cells in body for col, cell in enumerate(cells) if cell and col not in headed})
    for col in unheaded:
        intake.findings.append(_ignored(
            intake, cell_location(sheet, header_row, col), "unheaded_column",
            f"{column_letter(col)}列有数据但没有表头（指标名称），该列未采用；请补上指标编号或中文名称"))
    for row_no, cells in body:
        unit = cells[0] if cells else ""
        if not unit:
            intake.findings.append(
                _finding(intake, sheet, "该行有数据但未填写单位，整行未采用", "missing_unit",
                         cell_location(sheet, row_no, 0))
            )
            continue
        record = RawRecord(file=intake.file, data={"unit": unit, "metrics": {}}, modified=modified,
                           kind="statistics", locations={"unit": cell_location(sheet, row_no, 0)})
        if year_col is not None and year_col < len(cells) and cells[year_col]:
            record.data["year"] = cells[year_col]
            record.locations["year"] = cell_location(sheet, row_no, year_col)
        for col, metric_id in columns.items():
            if col < len(cells) and cells[col] != "":
                record.data["metrics"][metric_id] = cells[col]
                record.locations[f"metrics.{metric_id}"] = cell_location(sheet, row_no, col)
        intake.records.append(record)


def _read_long(
    intake: FileIntake,
    rows: list[tuple[int, list[str]]],
    catalogue: Catalogue,
    modified: dt.datetime,
    default_unit: str,
    sheet: str | None,
) -> None:
    record = RawRecord(file=intake.file, data={"unit": default_unit, "metrics": {}}, modified=modified,
                       kind="statistics", locations={"unit": f"文件名「{intake.file}」"})
    recognised = 0
    for row_no, cells in rows:
        key = cells[0]
        value = cells[1] if len(cells) > 1 else ""
        if key.lower() in UNIT_HEADERS:
            record.data["unit"] = value
            record.locations["unit"] = cell_location(sheet, row_no, 1)
            continue
        if key.lower() in YEAR_HEADERS:
            record.data["year"] = value
            record.locations["year"] = cell_location(sheet, row_no, 1)
            continue
        metric = catalogue.resolve(key)
        if metric is None:
            if key.lower() not in METRIC_HEADERS:  # a header row
                intake.findings.append(_unknown_metric(intake, key, cell_location(sheet, row_no, 0)))
            continue
        recognised += 1
        if metric.id in record.data["metrics"] and value != "":
            intake.findings.append(_ignored(
                intake, cell_location(sheet, row_no, 0), "duplicate_metric",
                f"「{key}」在{record.locations[f'metrics.{metric.id}']}已填写，本行未采用；请删除重复的行"))
            continue
        if value != "":
            record.data["metrics"][metric.id] = value
            record.locations[f"metrics.{metric.id}"] = cell_location(sheet, row_no, 1)
    if recognised == 0:
        intake.findings.append(_finding(
            intake, sheet,
            "不是统计报表：既没有「单位」列，也没有一行以指标编号或中文名称开头；请使用提交模板",
            "not_a_submission",
        ))
        return
    intake.records.append(record)
