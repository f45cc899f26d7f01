"""Statistics tables (CSV or a worksheet) in either form an office holds.

* one unit's figures: two columns, metric (id or Chinese name) and value; the unit is named in a row
  `unit,<id or name>` (or `单位,…`) or by the file name;
* many units: a header row starting with a unit column (`unit`, `单位`, `单位名称`) and one column per metric,
  or a header of two rows (a group over its metrics, see layout.py).

Title rows above either form are skipped, and a leading 「序号」 column. Merged cells among the data are
ambiguous and make an error; a formula without a cached value is reported and its metric withheld (the unit
stays out of the rates it belongs to); a count Excel shows as a date, a time or a percentage is an error for
that figure, naming what Excel made of the typing; characters removed from a cell are reported where they
were. A table of two years (「指标,2023年,2024年」, 「2024年讲座」) is read from the report year's column, the
other year's named in a finding; in a CSV, a number split over cells by an unquoted separator (「1,234」 read
as 「1」「234」) is an error naming the row.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from annual_report.config.catalogue import Catalogue
from annual_report.findings import Finding, Severity
from annual_report.intake.layout import Grid, Header, find_header, header_year, skip_titles
from annual_report.intake.records import FileIntake, RawRecord
from annual_report.intake.xlsx_formats import count_problem
from annual_report.reading.headers import METRIC_HEADERS, UNIT_HEADERS, YEAR_HEADERS

MAX_MERGED_REPORTED = 100  # merged ranges among the data reported one by one; more refuse the table
_HEAD, _GROUP = re.compile(r"[0-9]{1,3}"), re.compile(r"[0-9]{3}")  # a number's first digits, a group of three


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


def _finding(intake: FileIntake, location: str, rule: str, message: str,
             severity: Severity = Severity.ERROR, metric: str = "") -> Finding:
    return Finding(file=intake.file, location=location, rule=rule, severity=severity, message=message,
                   metric=metric)


def _sheet_finding(intake: FileIntake, grid: Grid, rule: str, message: str) -> Finding:
    return _finding(intake, f"工作表「{grid.sheet}」" if grid.sheet else "", rule, message)


def _unknown_metric(intake: FileIntake, name: str, location: str) -> Finding:
    return _finding(intake, location, "unknown_metric",
                    f"「{name}」不是指标目录中的指标（编号或中文名称），该项数据未采用；请核对名称", Severity.WARNING)


class GridReader:
    """One grid read into `intake`: records, and findings on the record of the row they concern."""

    def __init__(self, intake: FileIntake, grid: Grid, catalogue: Catalogue, modified: dt.datetime,
                 year: int | None = None) -> None:
        self.intake, self.grid, self.catalogue, self.modified = intake, grid, catalogue, modified
        self.year = year  # the report year: which column of a two-year table holds its figures
        self.by_row: dict[int, RawRecord] = {}

    def where(self, row: int, col: int) -> str:
        return cell_location(self.grid.sheet, row, col + self.grid.first_col)

    def letter(self, col: int) -> str:
        return column_letter(col + self.grid.first_col)

    def record(self, unit: str, location: str) -> RawRecord:
        record = RawRecord(file=self.intake.file, data={"unit": unit, "metrics": {}}, modified=self.modified,
                           kind="statistics", locations={"unit": location})
        self.intake.records.append(record)
        return record

    def value(self, record: RawRecord, metric_id: str, row: int, col: int, text: str) -> None:
        """The cell's value for `metric_id`; a formula without a value is withheld with a warning."""
        formula = self.grid.uncalculated.get((row, col))
        location = self.where(row, col)
        metric = self.catalogue.by_id[metric_id]
        if (shown := self.grid.formats.get((row, col))) is not None and not metric.is_rate:
            record.withheld.add(metric_id)
            rule, message = count_problem(*shown, f"「{metric.name}」（{location}）", metric.unit)
            record.findings.append(_finding(self.intake, location, rule, message, Severity.ERROR, metric_id))
        elif formula is not None:
            record.withheld.add(metric_id)
            record.findings.append(_finding(
                self.intake, location, "formula_no_value",
                f"「{self.catalogue.by_id[metric_id].name}」是公式（={formula[:40]}），文件中没有计算结果，未采用；"
                "该单位也不计入以它为分子或分母的比率。请在 Excel/WPS 中打开、保存后重新提交", Severity.WARNING,
                metric_id))
        elif text != "":
            record.data["metrics"][metric_id] = text
            record.locations[f"metrics.{metric_id}"] = location

    def place(self, finding: Finding, row: int) -> None:
        """A finding about a row goes with that row's record (its unit), else with the file."""
        record = self.by_row.get(row) or (self.by_row.get(0) if self.by_row.keys() == {0} else None)
        (record.findings if record else self.intake.findings).append(finding)

    def report_cleaned(self) -> None:
        """Characters removed from cells, on the rows they were in."""
        for (row, col), codes in self.grid.cleaned.items():
            self.place(_finding(self.intake, self.where(row, col), "control_chars",
                                f"单元格中含有控制字符或不可见的方向控制字符（{'、'.join(sorted(set(codes)))}），已删除；"
                                "请核对原文", Severity.WARNING), row)

    def report_merged(self, body: list[int], ambiguous: list[tuple[int, int, int, int]]) -> None:
        """Merged ranges among the data: an error on each row they touch; past a few, on the whole table."""
        touched = [body[bisect_left(body, top):bisect_right(body, bottom)] or [top] for top, _, bottom, _ in ambiguous]
        if len(ambiguous) > MAX_MERGED_REPORTED or sum(map(len, touched)) > MAX_MERGED_REPORTED * 10:
            made = {id(r) for r in self.by_row.values()}
            self.intake.records[:] = [r for r in self.intake.records if id(r) not in made]
            self.intake.findings.append(_sheet_finding(
                self.intake, self.grid, "merged_cells",
                f"数据区有 {len(ambiguous)} 处合并单元格，无法确定数值的归属，整表未采用；请取消合并后重新提交"))
            return
        for (top, left, bottom, right), rows in zip(ambiguous, touched, strict=True):
            span = f"{self.letter(left)}{top}:{self.letter(right)}{bottom}"
            finding = _finding(self.intake, self.where(top, left), "merged_cells",
                               f"数据区的单元格 {span} 是合并单元格，无法确定数值属于哪一行或哪一列，未采用；"
                               "请取消合并、每格填写一个数值后重新提交")
            for row in rows:
                self.place(finding, row)


def read_table(intake: FileIntake, grid: Grid, catalogue: Catalogue, modified: dt.datetime,
               default_unit: str, year: int | None = None) -> None:
    """Add the records and findings of one table to `intake`; `year` is the report year (the column a
    two-year table is read from)."""
    if not grid.rows:
        intake.findings.append(_sheet_finding(intake, grid, "empty_table", "表格为空，没有任何数据"))
        return
    grid = grid.without_sequence()
    rows = skip_titles(grid.rows, catalogue)
    reader = GridReader(intake, grid, catalogue, modified, year)
    header = find_header(grid, rows, catalogue)
    if header is not None and not header.body:
        intake.findings.append(_sheet_finding(intake, grid, "empty_table", "表格只有表头，没有任何单位的数据"))
        return
    if header is not None:
        if not _read_wide(reader, header):
            return
        body = [n for n, _ in header.body]
        ambiguous = [m for m in grid.merged if m[2] >= body[0]]
    else:
        if not _read_long(reader, rows, default_unit):
            return
        body = [n for n, _ in rows]
        ambiguous = [m for m in grid.merged if m[2] > m[0] and m[2] >= body[0]]
    reader.report_cleaned()
    reader.report_merged(body, ambiguous)


def _other_year(reader: GridReader, location: str, shown: str, year: int) -> None:
    reader.intake.findings.append(_finding(
        reader.intake, location, "other_year_column",
        f"「{shown}」是{year}年的数字，未采用；本表按{reader.year}年的列读取（往年数字以 history/ 为准）", Severity.INFO))


def _resolve(reader: GridReader, tries: list[str], shown: str, location: str) -> tuple[str | None, bool]:
    """(metric id, whether the column is another year's) of a wide table's header: a name, or a name with the
    report year (「2024年讲座」, a group 「2024年」 over 「讲座」); another year's column is named in a finding."""
    catalogue = reader.catalogue
    for name in tries:
        dated = header_year(name, reader.year) if reader.year else None
        if dated is None or (metric := catalogue.resolve(dated[1])) is None:
            continue
        if dated[0] == reader.year:
            return metric.id, False
        _other_year(reader, location, shown, dated[0])
        return None, True
    metric = next((m for name in tries if (m := catalogue.resolve(name)) is not None), None)
    return (metric.id if metric else None), False


def _columns(reader: GridReader, header: Header) -> tuple[dict[int, str], int | None]:
    """Metric id by column, and the year column; unknown, repeated and other years' columns are reported."""
    intake = reader.intake
    columns: dict[int, str] = {}
    year_col = None
    for col, tries in header.names.items():
        location = reader.where(header.first_row, col)
        metric_id, other_year = _resolve(reader, tries, header.shown[col], location)
        if metric_id is not None and metric_id in columns.values():
            first = next(c for c, m in columns.items() if m == metric_id)
            intake.findings.append(_finding(intake, location, "duplicate_metric",
                                            f"「{header.shown[col]}」与{reader.letter(first)}列是同一指标，本列未采用；"
                                            "请删除重复的列", Severity.WARNING))
        elif metric_id is not None:
            columns[col] = metric_id
        elif other_year:
            continue
        elif any(name.lower() in YEAR_HEADERS for name in tries):
            year_col = col
        else:
            intake.findings.append(_unknown_metric(intake, header.shown[col], location))
    return columns, year_col


def _split_run(cells: list[str], start: int) -> list[str] | None:
    """From `start` on, the first number that looks split at its thousands: 1–3 digits, then cells of exactly
    three digits (「1」「234」, 「12」「345」「678」)."""
    for i in range(start, len(cells) - 1):
        if _HEAD.fullmatch(cells[i]) and _GROUP.fullmatch(cells[i + 1]):
            end = i + 1
            while end + 1 < len(cells) and _GROUP.fullmatch(cells[end + 1]):
                end += 1
            return cells[i:end + 1]
    return None


def _spilled(cells: list[str], width: int) -> list[str] | None:
    """The pieces of a number split by unquoted separators in a CSV row wider than its table (「1,234」 read as
    「1」「234」); None when the row fits, or what is past its width is words or no split number."""
    extra = [c for c in cells[width:] if c]
    if not extra or not all(c.isdigit() for c in extra):
        return None
    return _split_run(cells, 1)


def _split_number(reader: GridReader, row: int, pieces: list[str], what: str) -> Finding:
    return _finding(reader.intake, reader.where(row, 0), "split_number",
                    f"第{row}行的数字被分到了几格里（「{'」「'.join(pieces)}」）：CSV 中没有加引号的千分位逗号会把一个数字分开"
                    f"（「1,234」成了「1」和「234」），无法确定原来的数字，{what}未采用；请去掉数字中的逗号（写作 1234）"
                    "或给数字加上引号后重新提交")


def _read_wide(reader: GridReader, header: Header) -> bool:
    intake = reader.intake
    columns, year_col = _columns(reader, header)
    if not columns:
        intake.findings.append(_sheet_finding(
            intake, reader.grid, "not_a_submission",
            "表头中没有可识别的指标名称，整表未采用；请使用一行表头（A列「单位」，其余各列为指标编号或中文名称）"))
        return False
    width = max(header.shown) + 1
    spilled = {row: pieces for row, cells in header.body
               if reader.grid.delimited and (pieces := _spilled(cells, width)) is not None}
    unheaded = sorted({col for row, cells in header.body if row not in spilled for col, cell in enumerate(cells)
                       if cell and col and col not in header.names})
    for col in unheaded:
        intake.findings.append(_finding(
            intake, reader.where(header.first_row, col), "unheaded_column",
            f"{reader.letter(col)}列有数据但没有表头（指标名称），该列未采用；请补上指标编号或中文名称", Severity.WARNING))
    for row, cells in header.body:
        unit = cells[0] if cells else ""
        if not unit:
            intake.findings.append(_finding(intake, reader.where(row, 0), "missing_unit",
                                            "该行有数据但未填写单位，整行未采用"))
            continue
        record = reader.record(unit, reader.where(row, 0))
        reader.by_row[row] = record
        if year_col is not None and year_col < len(cells) and cells[year_col]:
            record.data["year"] = cells[year_col]
            record.locations["year"] = reader.where(row, year_col)
        if row in spilled:  # which cell the split shifted the others from cannot be told: the row is held back
            record.withheld.update(columns.values())
            record.findings.append(_split_number(reader, row, spilled[row], "该行的数字都"))
            continue
        for col, metric_id in columns.items():
            reader.value(record, metric_id, row, col, cells[col] if col < len(cells) else "")
    return True


@dataclass
class _LongLayout:
    """A one-unit table's value column, its width, its header row and its columns headed by a year."""

    value: int = 1
    width: int = 2
    header: int = 0  # the header row's number (0: none)
    years: dict[int, int] = field(default_factory=dict)  # column → the year it holds

    def spilled(self, cells: list[str]) -> list[str] | None:
        """Cells a number was split into past the value: past the table's width, or a 1–3 digit value
        followed by three digits in a column no year heads (「1」「234」 under 「备注」)."""
        if (pieces := _spilled(cells, self.width)) is not None:
            return pieces
        after = self.value + 1
        if after < len(cells) and after not in self.years and _HEAD.fullmatch(cells[self.value]) \
                and _GROUP.fullmatch(cells[after]):
            return _split_run(cells, self.value)
        return None


def _long_header(reader: GridReader, rows: list[tuple[int, list[str]]]) -> _LongLayout | None:
    """A one-unit table's layout: a 「指标,数值」 header row, or 「指标,2023年,2024年」, whose report-year column
    holds the figures (other years are named in findings); None when no column holds the report year."""
    for row, cells in rows[:3]:
        if not cells or (cells[0] and cells[0].lower() not in METRIC_HEADERS):
            continue
        years = {col: dated[0] for col, cell in enumerate(cells) if col and cell
                 and (dated := header_year(cell, reader.year or 0)) is not None and not dated[1]}
        layout = _LongLayout(width=max(len(cells), 2), header=row, years=years)
        if not years or reader.year is None:
            return layout
        for col, year in years.items():
            if year != reader.year:
                _other_year(reader, reader.where(row, col), cells[col], year)
        value = next((col for col, year in years.items() if year == reader.year), None)
        if value is None:
            shown = "、".join(f"{y}年" for y in years.values())
            reader.intake.findings.append(_sheet_finding(
                reader.intake, reader.grid, "wrong_year",
                f"表中的年度列为 {shown}，没有 {reader.year} 年的数字，整表未采用；请报送本年度的数字"))
            return None
        layout.value = value
        return layout
    return _LongLayout()


def _read_long(reader: GridReader, rows: list[tuple[int, list[str]]], default_unit: str) -> bool:
    intake, catalogue = reader.intake, reader.catalogue
    layout = _long_header(reader, rows)
    if layout is None:
        return False
    record = RawRecord(file=intake.file, data={"unit": default_unit, "metrics": {}}, modified=reader.modified,
                       kind="statistics", locations={"unit": f"文件名「{intake.file}」"})
    recognised = 0
    for row, cells in rows:
        if row == layout.header:
            continue
        key = cells[0] if cells else ""
        value = cells[layout.value] if len(cells) > layout.value else ""
        if key.lower() in UNIT_HEADERS | YEAR_HEADERS:
            field = "unit" if key.lower() in UNIT_HEADERS else "year"
            record.data[field] = cells[1] if len(cells) > 1 else ""
            record.locations[field] = reader.where(row, 1)
            continue
        metric = catalogue.resolve(key)
        if metric is None:
            if key and key.lower() not in METRIC_HEADERS:  # not a header row
                intake.findings.append(_unknown_metric(intake, key, reader.where(row, 0)))
            continue
        recognised += 1
        if (metric.id in record.data["metrics"] or metric.id in record.withheld) and value != "":
            intake.findings.append(_finding(
                intake, reader.where(row, 0), "duplicate_metric",
                f"「{key}」在{record.locations.get(f'metrics.{metric.id}', '前面')}已填写，本行未采用；请删除重复的行",
                Severity.WARNING))
            continue
        if reader.grid.delimited and value.isdigit() and (pieces := layout.spilled(cells)) is not None:
            record.withheld.add(metric.id)
            record.findings.append(_split_number(reader, row, pieces, f"「{metric.name}」").model_copy(
                update={"metric": metric.id}))
            continue
        reader.value(record, metric.id, row, layout.value, value)
    if recognised == 0:
        intake.findings.append(_sheet_finding(
            intake, reader.grid, "not_a_submission",
            "不是统计报表：既没有「单位」列，也没有一行以指标编号或中文名称开头；请使用提交模板"))
        return False
    intake.records.append(record)
    reader.by_row[0] = record
    return True
