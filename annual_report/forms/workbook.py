"""Writing one unit's fill-in workbook (.xlsx): instructions, the 统计数据 sheet with whole-number data
validation and last year's figures, one sheet per outline section with drop-downs, every sheet protected
except the cells the unit fills in (yellow)."""

from __future__ import annotations

import io
import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from annual_report.forms.content import FigureRow, FormContent, SectionSheet
from annual_report.intake import form_layout as layout
from annual_report.text.numbers import MAX_COUNT

INPUT = PatternFill("solid", fgColor="FFF2CC")  # the cells a unit fills in
HEAD = PatternFill("solid", fgColor="D9E1F2")
GREY = Font(color="808080", size=9)
BOLD = Font(bold=True)
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
OPEN = Protection(locked=False)
GUIDE_WIDTH = 94  # columns A–D of the instructions sheet, in Excel's width units (a Chinese character takes 2)


def _protect(sheet: Worksheet, landscape: bool = True) -> None:
    """Locked cells stay as they are; the unit may still resize columns and rows and insert rows. Printed
    one page wide."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{layout.HEADER_ROW}:{layout.HEADER_ROW}" if landscape else None
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.insertRows = False


def _input(cell: object) -> None:
    cell.fill = INPUT  # type: ignore[attr-defined]
    cell.protection = OPEN  # type: ignore[attr-defined]
    cell.border = BOX  # type: ignore[attr-defined]
    cell.alignment = WRAP  # type: ignore[attr-defined]


def _title(sheet: Worksheet, title: str, note: str, width: int) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = note
    sheet["A2"].font = GREY
    sheet.merge_cells(start_row=1, end_row=1, start_column=1, end_column=width)
    sheet.merge_cells(start_row=2, end_row=2, start_column=1, end_column=width)
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.row_dimensions[2].height = 30


def _header(sheet: Worksheet, row: int, labels: list[str], widths: list[int]) -> None:
    for column, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = sheet.cell(row, column, label)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEAD, BOX, Alignment(wrap_text=True,
                                                                                         vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row + 1, 1)


def _instructions(sheet: Worksheet, form: FormContent) -> None:
    _title(sheet, form.title, layout.MARKER, 4)
    values = {"unit_name": form.unit.name, "unit": form.unit.id, "year": form.year, "deadline": form.deadline}
    for row, (key, label) in enumerate(layout.FIELD_LABELS.items(), start=layout.FIELDS_ROW):
        sheet.cell(row, 1, label).font = BOLD
        cell = sheet.cell(row, 2, values.get(key))
        cell.border = BOX
        if key in layout.INPUT_FIELDS:
            _input(cell)
    date = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                          showErrorMessage=True, errorTitle="填报日期", error="请填写日期，如 2025-02-20")
    sheet.add_data_validation(date)
    date.add(sheet.cell(layout.FIELDS_ROW + list(layout.FIELD_LABELS).index("submitted_on"), 2))
    row = layout.FIELDS_ROW + len(layout.FIELD_LABELS) + 1
    for line in _guide(form):
        sheet.cell(row, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, end_row=row, start_column=1, end_column=4)
        sheet.row_dimensions[row].height = 16 * math.ceil(len(line) * 2.1 / GUIDE_WIDTH)
        row += 1
    for column, width in zip("ABCD", (14, 40, 20, 20), strict=True):
        sheet.column_dimensions[column].width = width
    _protect(sheet, landscape=False)


def _guide(form: FormContent) -> list[str]:
    sections = "、".join(f"「{s.name}」" for s in form.sections)
    lines = [
        "填写说明：",
        "1. 只填写黄色单元格；请勿增删、改名工作表，勿改表头和灰色单元格（工作表已保护，无需密码即可撤销保护，但请不要这样做）。",
        f"2. 「统计数据」：填写{form.year}年1月1日至12月31日的数字。没有发生的填 0，不要空着；只填阿拉伯数字（整数），"
        "不要带单位或文字；比率由系统根据分子、分母计算，无需填写。「上年数值」供核对，如本年变化较大请在备注中说明原因。",
        f"3. {sections}：每行写一项工作，写清做法和成效（有数字的写明数字）；「主要举措和成效」的所属小标题请从下拉列表中选择。"
        "对应的工作要点任务编号可从下拉列表选择，多个编号用顿号隔开（如 3、16）。行数不够时可插入行。",
        f"4. 填好后保存为 .xlsx 文件（Excel、WPS、LibreOffice 均可），于{form.deadline}前报送。系统收到后重新校验，"
        "发现的问题会逐条说明所在的工作表、行和列。",
    ]
    if form.own_tasks:
        lines.append("本单位牵头或参与的工作要点任务：" + "；".join(form.own_tasks))
    return lines


def _figures(sheet: Worksheet, form: FormContent, ranges: dict[str, str]) -> None:
    _title(sheet, f"{form.unit.name}{form.year}年度统计数据",
           f"黄色单元格填写本年数值（{form.kind_name}）；没有发生的填 0。鼠标停在单元格上可看到该指标的填报说明。", 8)
    _header(sheet, layout.HEADER_ROW, layout.FIGURES_HEADER, [6, 16, 28, 9, 48, 12, 12, 24])
    row = layout.FIRST_ROW
    groups = [("一、必填指标", [f for f in form.figures if f.required]),
              ("二、选填指标（本单位上年报送过或工作要点目标需要的数字，有则填写）", [f for f in form.figures if not f.required])]
    number = 0
    for label, rows in groups:
        if not rows:
            continue
        _block_label(sheet, row, label)
        row += 1
        for figure in rows:
            number += 1
            _figure_row(sheet, row, number, figure)
            row += 1
    _block_label(sheet, row, "三、其他数字（上面没有列出的：从下拉列表选择指标名称，列表中没有的直接写名称和计量单位）")
    _other_rows(sheet, row + 1, number, ranges)
    _protect(sheet)


def _block_label(sheet: Worksheet, row: int, label: str) -> None:
    sheet.cell(row, 1, label).font = BOLD
    sheet.merge_cells(start_row=row, end_row=row, start_column=1, end_column=8)


def _other_rows(sheet: Worksheet, first: int, number: int, ranges: dict[str, str]) -> None:
    """Blank rows for counts not listed above: a name from the catalogue's drop-down (or any name), its
    measure, the value and a note."""
    last = first + layout.OTHER_ROWS - 1
    for row in range(first, last + 1):
        sheet.cell(row, 1, number + row - first + 1).border = BOX
        for column in (2, 5, 7):
            sheet.cell(row, column).border = BOX
        for column in (layout.NAME_COLUMN, layout.MEASURE_COLUMN, layout.VALUE_COLUMN, layout.NOTE_COLUMN):
            _input(sheet.cell(row, column))
    names = DataValidation(type="list", formula1=ranges["metrics"], allow_blank=True, showErrorMessage=True,
                           errorStyle="information", errorTitle="指标名称",
                           error="列表中没有这个名称：将作为目录外数字报送（不计入合计），请写明计量单位")
    sheet.add_data_validation(names)
    names.add(f"{get_column_letter(layout.NAME_COLUMN)}{first}:{get_column_letter(layout.NAME_COLUMN)}{last}")
    values = _whole_number("本年数值", "本年数值", "请填写 0 或正整数，不要带单位或文字。")
    sheet.add_data_validation(values)
    values.add(f"{get_column_letter(layout.VALUE_COLUMN)}{first}:{get_column_letter(layout.VALUE_COLUMN)}{last}")


def _whole_number(title: str, prompt: str, error: str) -> DataValidation:
    return DataValidation(type="whole", operator="between", formula1="0", formula2=str(MAX_COUNT),
                          allow_blank=True, showInputMessage=True, showErrorMessage=True,
                          promptTitle=title[:32], prompt=prompt[:250], errorTitle="请填写整数", error=error[:250])


def _figure_row(sheet: Worksheet, row: int, number: int, figure: FigureRow) -> None:
    metric = figure.metric
    cells = [number, metric.id, metric.name, metric.unit, metric.definition, None, figure.last_year, None]
    for column, value in enumerate(cells, start=1):
        cell = sheet.cell(row, column, value)
        cell.border, cell.alignment = BOX, WRAP
    sheet.cell(row, layout.METRIC_COLUMN).font = GREY
    for column in (layout.VALUE_COLUMN, layout.NOTE_COLUMN):
        _input(sheet.cell(row, column))
    check = _whole_number(metric.name, metric.definition or metric.name,
                          f"「{metric.name}」请填写 0 或正整数（单位：{metric.unit}），不要带单位或文字；没有发生的填 0。")
    sheet.add_data_validation(check)
    check.add(sheet.cell(row, layout.VALUE_COLUMN))


def _options(sheet: Worksheet, form: FormContent) -> dict[str, str]:
    """The drop-down lists, one column each; returns list name → the range a validation refers to."""
    lists = {"topics": form.topics, "tasks": form.tasks, "metrics": form.metric_names,
             **{f"themes.{key}": leads for key, leads in form.themes.items()}}
    ranges = {}
    headers = {"topics": "所属小标题", "tasks": "工作要点任务", "metrics": "指标名称"}
    for column, (name, values) in enumerate(((n, v) for n, v in lists.items() if v), start=1):
        letter = get_column_letter(column)
        sheet.cell(1, column, headers.get(name, "归类主题")).font = BOLD
        for row, value in enumerate(values, start=2):
            sheet.cell(row, column, value)
        sheet.column_dimensions[letter].width = 36
        ranges[name] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(values) + 1}"
    _protect(sheet)
    return ranges


def _section(sheet: Worksheet, form: FormContent, section: SectionSheet, ranges: dict[str, str]) -> None:
    columns = layout.SECTION_COLUMNS[section.key]
    width = {"number": 6, "text": 80, "topic": 26, "theme": 22, "tasks": 22}
    _title(sheet, f"{form.unit.name}：{section.heading}", "每行写一项工作；黄色单元格填写，行数不够可插入行。", len(columns))
    _header(sheet, layout.HEADER_ROW, [layout.ITEM_HEADER[c] for c in columns], [width[c] for c in columns])
    first, last = layout.FIRST_ROW, layout.FIRST_ROW + layout.SECTION_ROWS[section.key] - 1
    for row in range(first, last + 1):
        sheet.cell(row, 1, row - first + 1).border = BOX
        for column in range(2, len(columns) + 1):
            _input(sheet.cell(row, column))
        sheet.row_dimensions[row].height = 48
    sources = {"topic": "topics", "theme": f"themes.{section.key}", "tasks": "tasks"}
    for column, name in enumerate(columns, start=1):
        if name not in sources or sources[name] not in ranges:
            continue
        free = name == "tasks"  # several numbers may be typed: the list only suggests
        check = DataValidation(type="list", formula1=ranges[sources[name]], allow_blank=True,
                               showErrorMessage=True, errorStyle="warning" if free else "stop",
                               errorTitle=layout.ITEM_HEADER[name],
                               error="请从下拉列表中选择" + ("；填多个编号时用顿号隔开，可忽略本提示" if free else ""))
        sheet.add_data_validation(check)
        letter = get_column_letter(column)
        check.add(f"{letter}{first}:{letter}{last}")
    _protect(sheet)


def _book(form: FormContent) -> Workbook:
    book = Workbook()
    _instructions(book.active, form)  # type: ignore[arg-type]
    book.active.title = layout.INSTRUCTIONS  # type: ignore[union-attr]
    figures = book.create_sheet(layout.FIGURES)
    sections = [book.create_sheet(s.name) for s in form.sections]
    ranges = _options(book.create_sheet(layout.OPTIONS), form)
    _figures(figures, form, ranges)
    for sheet, section in zip(sections, form.sections, strict=True):
        _section(sheet, form, section, ranges)
    book.security = WorkbookProtection(lockStructure=True)
    book.properties.title = form.title
    book.properties.creator = "annual-report"
    return book


def write_form(form: FormContent, path: Path) -> Path:
    """The workbook of one unit, written to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _book(form).save(path)
    return path


def form_bytes(form: FormContent) -> bytes:
    """The workbook of one unit as the bytes of an .xlsx file (for a download)."""
    buffer = io.BytesIO()
    _book(form).save(buffer)
    return buffer.getvalue()
