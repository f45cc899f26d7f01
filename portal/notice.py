"""The 催报 notice: a Word 通知 to the units that have not submitted (or whose material has errors) and
to those that submitted late, in report terms (annual_report.word.document) on the report's GB/T 9704 template.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import docx

from annual_report.config.workspace import Workspace
from annual_report.text.dates import format_date, format_received
from annual_report.word.document import Heading, Paragraph, ReportDocument, Signature, Table
from annual_report.word.paragraph import set_flush_left
from annual_report.word.render import render
from portal.board import Board, BoardRow

ADDRESSEE = "各有关单位："
REGION_SUFFIXES = "省市县区旗州盟"


def office_name(ws: Workspace) -> str:
    """中共示例市委全面依法治市委员会办公室 for 示例市 (全面依法治县 for a 县, and so on)."""
    region = ws.config.region
    if region and region[-1] in REGION_SUFFIXES:
        return f"中共{region}委全面依法治{region[-1]}委员会办公室"
    return f"{region}全面依法治理委员会办公室"


def _missing_table(rows: list[BoardRow]) -> Table:
    return Table(caption="", header=["序号", "单位", "情况"], numeric_columns={0},
                 rows=[[str(i), r.unit.name, "未报送" if r.missing else "已报送，材料有错误，请按系统列出的问题修改后重新上传"
                        + ("（逾期）" if r.late else "")] for i, r in enumerate(rows, 1)], wrap={1, 2})


def _late_table(rows: list[BoardRow]) -> Table:
    return Table(caption="", header=["序号", "单位", "报送时间"], numeric_columns={0},
                 rows=[[str(i), r.unit.name, format_received(r.received_at)]
                       for i, r in enumerate(rows, 1)], wrap={1})


def notice_document(ws: Workspace, board: Board, today: dt.date) -> ReportDocument:
    config = ws.config
    missing = [r for r in board.reminders if r.reasons[0] != "逾期"]
    late = [r for r in board.reminders if r.reasons == ["逾期"]]
    body: list = [
        Paragraph(ADDRESSEE),
        Paragraph(f"根据工作安排，各单位应于{format_date(config.deadline)}前报送{config.year}年度法治政府建设情况材料。"
                  f"截至{format_date(today)}，仍有{len(missing)}个单位未报送或所报材料有错误未能采用，"
                  f"{len(late)}个单位逾期报送。现将有关情况通知如下。"),
        Heading(1, "一、尚未报送或材料未能采用的单位"),
        _missing_table(missing) if missing else Paragraph("无。"),
        Heading(1, "二、逾期报送的单位"),
        _late_table(late) if late else Paragraph("无。"),
        Heading(1, "三、有关要求"),
        Paragraph("请尚未报送的单位使用本单位的专用链接登录报送系统，下载填报表格，填好后上传；系统即时列出发现的问题，"
                  "请按提示修改后重新上传，直至没有错误。所报材料有错误的单位，以最后一次没有错误的材料为准。"
                  "逾期报送情况将在年度报告的报送情况中如实反映。"),
    ]
    signer = office_name(ws)
    return ReportDocument(title=f"关于催报{config.year}年度法治政府建设情况材料的通知", body=body,
                          signature=Signature(name=signer, date=today, date_text=format_date(today)))


def notice_docx(ws: Workspace, board: Board, today: dt.date, scratch: Path) -> bytes:
    """The notice as .docx bytes; `scratch` is a folder the renderer may write its file into."""
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        path = render(notice_document(ws, board, today), Path(folder) / "notice.docx", ws.template_path)
        word = docx.Document(str(path))
    addressee = next(p for p in word.paragraphs if p.text == ADDRESSEE)
    set_flush_left(addressee)  # the 主送机关 line is set 顶格
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
