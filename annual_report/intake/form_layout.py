"""The fill-in workbook's fixed layout, shared by the writer and the intake that reads it back: sheet
names, header cells and the marker that identifies a workbook this tool generated."""

from __future__ import annotations

from annual_report.config.outline import SectionKey

MARKER = "annual-report 填报表格 v1"  # on the instructions sheet; identifies the workbook on intake
INSTRUCTIONS = "填报说明"
FIGURES = "统计数据"
OPTIONS = "选项"

# The instructions sheet: label in column A, value in column B, in this order from row FIELDS_ROW.
FIELDS_ROW = 4
FIELD_LABELS = {"unit_name": "单位名称", "unit": "单位编号", "year": "年度", "deadline": "报送截止",
                "contact_name": "填报人", "contact_phone": "联系电话", "submitted_on": "填报日期"}
INPUT_FIELDS = ("contact_name", "contact_phone", "submitted_on")  # the unit fills these in

# The figures and section sheets: title in row 1, a note in row 2, the header in HEADER_ROW, data below.
HEADER_ROW = 3
FIRST_ROW = 4

# The figures sheet: one metric a row; the unit fills in 本年数值 and 备注.
FIGURES_HEADER = ["序号", "指标编号", "指标名称", "计量单位", "填报说明", "本年数值", "上年数值（供参考）", "备注"]
METRIC_COLUMN = 2  # 指标编号
NAME_COLUMN = 3  # 指标名称: chosen or written in the 其他数字 rows, which have no 指标编号
MEASURE_COLUMN = 4  # 计量单位
VALUE_COLUMN = 6  # 本年数值
NOTE_COLUMN = 8
OTHER_ROWS = 10  # blank 其他数字 rows under the listed metrics

# One narrative sheet per outline section, one item a row.
ITEM_HEADER = {"number": "序号", "text": "内容（每行一项工作，写清做法和成效）", "topic": "所属小标题",
               "theme": "归类主题（可不填）", "tasks": "对应工作要点任务编号（可填多个，用顿号隔开）"}
SECTION_COLUMNS: dict[SectionKey, tuple[str, ...]] = {
    "achievements": ("number", "text", "topic", "theme", "tasks"),
    "responsibility": ("number", "text", "tasks"),
    "problems": ("number", "text"),
    "next_year": ("number", "text", "tasks"),
    "other": ("number", "text"),
}
SECTION_ROWS: dict[SectionKey, int] = {"achievements": 60, "responsibility": 15, "problems": 15,
                                       "next_year": 20, "other": 10}
