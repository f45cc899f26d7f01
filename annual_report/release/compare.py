"""`annual-report compare RUN_A RUN_B`: RUN_B's 公开稿 with tracked changes against RUN_A's, and a first page
that says which totals changed and why, written as RUN_B/changes-since-<RUN_A>.docx."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_BREAK

from annual_report.release.changes import Changes, compare_statistics
from annual_report.release.runs import Run, RunError, open_document, write_atomically
from annual_report.text.dates import format_datetime
from annual_report.word.compare import compare_documents
from annual_report.word.layout import StyleName

AUTHOR = "annual-report"
HEADER = ["指标", "上一稿", "本稿", "变化原因"]


def changes_name(old: Run) -> str:
    return f"changes-since-{old.id}.docx"


def _stamp(run: Run) -> str:
    edited = "，生成后经过编辑" if run.edited else ""
    started = format_datetime(run.started) if run.started else "时间不详"
    return f"运行编号 {run.id}（{started}生成{edited}）"


def _style(document: Document, name: StyleName) -> object | None:
    """The template's style, or None where an edited document has lost it."""
    try:
        return document.styles[name.value]
    except KeyError:
        return None


def summary_lines(old: Run, new: Run, changes: Changes, marks: int) -> list[str]:
    lines = [f"本稿：{_stamp(new)}；上一稿：{_stamp(old)}。",
             f"本稿与上一稿的不同之处以修订标记显示（作者 {AUTHOR}，共{marks}处标记）：接受全部修订即为本稿，"
             "拒绝全部修订即为上一稿。本页只供审阅，不属于报告，定稿前请删除。" if marks else
             "本稿与上一稿的正文完全相同。本页只供审阅，不属于报告。"]
    lines += [f"报送情况：{line}。" for line in changes.units]
    if old.statistics is None or new.statistics is None:
        lines.append("有一次运行没有 statistics.json，未列出合计的变化。")
    elif not changes.totals:
        lines.append("各项合计没有变化。")
    else:
        lines.append(f"合计有变化的指标{len(changes.totals)}项，见下表。")
    return lines


def _prepend(document: Document, write: Callable[[Document], None]) -> None:
    """What `write` appends to the document, moved to its beginning."""
    body = document.element.body
    before = len(body)
    write(document)
    added = list(body)[before - 1 : -1]  # python-docx adds before the final w:sectPr
    for index, element in enumerate(added):
        body.insert(index, element)


def _summary_page(old: Run, new: Run, changes: Changes, marks: int) -> Callable[[Document], None]:
    def write(document: Document) -> None:
        document.add_paragraph("与上一稿比较", _style(document, StyleName.HEADING_1))
        for line in summary_lines(old, new, changes, marks):
            document.add_paragraph(line, _style(document, StyleName.BODY))
        if changes.totals:
            table = document.add_table(rows=1 + len(changes.totals), cols=len(HEADER))
            table.style = _style(document, StyleName.TABLE)
            rows = [HEADER, *([c.name, c.old, c.new, "；".join(c.reasons) or "—"] for c in changes.totals)]
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
                    cell.paragraphs[0].style = _style(document, StyleName.TABLE_HEADER if row is table.rows[0]
                                                      else StyleName.TABLE_TEXT)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return write


def compare_runs(old: Run, new: Run) -> Path:
    """Write new/changes-since-<old>.docx and return its path; RunError for a run compared with itself."""
    if old.folder.resolve() == new.folder.resolve():
        raise RunError(f"两次运行相同（{new.id}）；请给出两个不同的运行目录")
    older, newer = open_document(old.report), open_document(new.report)
    marks = compare_documents(older, newer, AUTHOR, new.changed_at)
    _prepend(newer, _summary_page(old, new, compare_statistics(old.statistics, new.statistics), marks))
    buffer = io.BytesIO()
    newer.save(buffer)
    return write_atomically(new.folder / changes_name(old), buffer.getvalue())
