"""The files units send, written from one unit's data (bench/workspace.py): YAML or JSON submissions, the
fill-in workbook `annual-report forms` makes, filled in as a unit does in Excel, the unit's own Word report,
GBK CSVs and Excel tables of counts; and the workspace's history/."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from annual_report.config.outline import SECTION_NAMES
from annual_report.intake import form_layout as layout

Data = dict[str, Any]
NUMERALS = "一二三四五六七八九十"
WORD_HEADINGS = {"achievements": "2024年推进法治政府建设的主要举措和成效",
                 "responsibility": "党政主要负责人履行推进法治建设第一责任人职责情况",
                 "problems": "存在的不足和原因", "next_year": "下一年度推进法治政府建设的主要安排"}


def write_yaml(path: Path, data: Data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


def write_submission(path: Path, data: Data, broken: bool = False) -> None:
    """YAML or JSON by the suffix; a broken YAML has a key twice (a syntax error naming the line)."""
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    write_yaml(path, data)
    if broken:
        path.write_text(path.read_text(encoding="utf-8") + f"unit: {data['unit']}\n", encoding="utf-8")


def write_csv(path: Path, unit: str, counts: dict[str, int]) -> None:
    """A unit's counts by Chinese name, in GBK as Excel on a Chinese Windows saves it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([["单位", unit], ["指标", "数值"], *counts.items()])
    path.write_bytes(buffer.getvalue().encode("gbk"))


def write_table(path: Path, unit: str, counts: dict[str, int]) -> None:
    """A unit's own Excel table of counts by Chinese name."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("统计报表")
    for row in (["单位", unit], ["指标", "数值"], *([m, v] for m, v in counts.items())):
        sheet.append(row)
    book.save(path)


def write_history(folder: Path, history: dict[str, dict[str, int]], order: list[str]) -> None:
    """history/2023-units.csv (a row per unit, by short name) and history/2023.csv (the totals)."""
    folder.mkdir(parents=True, exist_ok=True)
    metrics = sorted({m for values in history.values() for m in values}, key=order.index)
    with (folder / "2023-units.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["单位", *metrics])
        writer.writerows([name, *(values.get(m, "") for m in metrics)] for name, values in history.items())
    totals = {m: sum(v.get(m, 0) for v in history.values()) for m in metrics}
    with (folder / "2023.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["指标", "数值"], *totals.items()])


def received(data: Data) -> dt.datetime:
    return dt.datetime.fromisoformat(data["submitted_at"])


class Forms:
    """Each unit's fill-in workbook as `annual-report forms` writes it, then filled in and saved with
    openpyxl: figures the form lists, contact, date, one item a row with its topic and task."""

    def __init__(self, root: Path) -> None:
        from annual_report.config.plan import load_plan
        from annual_report.config.workspace import load_workspace

        self.ws = load_workspace(root)
        self.plan = load_plan(self.ws.plan_path)
        self.topics = {t.key: t.heading for t in self.ws.config.outline.topics}

    def write(self, unit: str, data: Data, folder: Path) -> Path:
        from openpyxl import load_workbook

        from annual_report.forms.generate import write_forms

        (path,) = write_forms(self.ws, self.plan, folder, [unit])
        book = load_workbook(path)
        for row in book[layout.FIGURES].iter_rows(min_row=layout.FIRST_ROW):
            metric = row[layout.METRIC_COLUMN - 1].value
            if metric in data["metrics"]:
                row[layout.VALUE_COLUMN - 1].value = data["metrics"][metric]
        info, labels = book[layout.INSTRUCTIONS], list(layout.FIELD_LABELS)
        for key, value in (("contact_name", data["contact"]["name"]), ("contact_phone", data["contact"]["phone"]),
                           ("submitted_on", received(data))):
            info.cell(layout.FIELDS_ROW + labels.index(key), 2).value = value
        for key, items in ((k, data.get(k) or []) for k in layout.SECTION_COLUMNS):
            if not items or SECTION_NAMES[key] not in book.sheetnames:
                continue
            sheet, columns = book[SECTION_NAMES[key]], layout.SECTION_COLUMNS[key]
            for row, item in enumerate(items, start=layout.FIRST_ROW):
                sheet.cell(row, columns.index("text") + 1, item["text"])
                if "topic" in columns and item.get("topic") in self.topics:
                    sheet.cell(row, columns.index("topic") + 1, self.topics[item["topic"]])
                if "tasks" in columns and item.get("tasks"):
                    sheet.cell(row, columns.index("tasks") + 1, "、".join(item["tasks"]))
        book.save(path)
        return path


def write_word_report(folder: Path, unit: str, data: Data, name: Callable[[str], str]) -> Path:
    """The unit's own report: title, addressee, 「一、」 sections of 「一是…二是…」 paragraphs, a table of its
    figures (name, measure, value), contact and 落款 with the date."""
    import docx

    document = docx.Document()
    for text in (f"{unit}2024年度法治政府建设情况报告", "县委依法治县办：", "现将我单位2024年度法治政府建设情况报告如下："):
        document.add_paragraph(text)
    for number, (key, heading) in enumerate(WORD_HEADINGS.items()):
        document.add_paragraph(f"{NUMERALS[number]}、{heading}")
        texts = [i["text"] for i in data.get(key) or []]
        if len(texts) > 2:  # 「一是…二是…」 in one paragraph, as reports run their items together
            document.add_paragraph("".join(f"{NUMERALS[n]}是{t}" for n, t in enumerate(texts[:3])))
            texts = texts[3:]
        for text in texts:
            document.add_paragraph(text)
    document.add_paragraph("附表：2024年度法治政府建设主要数据")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("指标", "计量单位", "2024年"), strict=True):
        cell.text = text
    for metric, value in data["metrics"].items():
        cells = table.add_row().cells
        cells[0].text, cells[2].text = name(metric), str(value)
    when = received(data)
    for text in (f"联系人：{data['contact']['name']}\u3000联系电话：{data['contact']['phone']}", unit,
                 f"{when.year}年{when.month}月{when.day}日"):
        document.add_paragraph(text)
    path = folder / f"{unit}2024年度法治政府建设情况报告.docx"
    document.save(str(path))
    return path
