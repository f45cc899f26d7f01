"""Tiny files built to exhaust a machine are refused or read within bounds: each is read in a subprocess
whose address space is capped at 500 MB, and must finish within 10 s."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl.styles import Font

from annual_report.intake.xlsx import Refused, read_workbook
from tests.conftest import REPO, MakeWorkspace
from tests.intake.word_docs import docx_bytes, rezipped
from tests.intake.workbooks import billion_laughs, empty_cells, workbook, zip_bomb

MEMORY_CAP = 500 * 2**20
SECONDS = 10
READ_CAPPED = f"""
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}))
from annual_report.intake import read_file
from annual_report.config.workspace import load_workspace
ws = load_workspace(Path(sys.argv[1]))
start = time.monotonic()
intake = read_file(Path(sys.argv[2]), ws)
print(json.dumps({{"seconds": time.monotonic() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "findings": [[f.rule, f.message] for f in intake.findings],
                  "metrics": [r.data["metrics"] for r in intake.records]}}, ensure_ascii=False))
"""


def read_capped(root: Path, name: str) -> dict:
    """read_file on one submission in a subprocess under the memory cap; its findings, records and costs."""
    result = subprocess.run([sys.executable, "-c", READ_CAPPED, str(root), str(root / "submissions" / name)],
                            capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout)
    assert outcome["seconds"] < SECONDS and outcome["peak_mb"] < MEMORY_CAP / 2**20, outcome
    return outcome


def test_the_cap_is_real() -> None:
    """The capped reader cannot allocate 600 MB: the limits below would catch a runaway reader."""
    probe = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP})); b'x' * 600_000_000"
    assert "MemoryError" in subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stderr


def test_a_zip_bomb_is_refused_before_it_is_unpacked(make_workspace: MakeWorkspace) -> None:
    bomb = zip_bomb(1.0)
    assert len(bomb) < 4 * 2**20  # about 3 MB on disk, 1 GiB of XML inside
    outcome = read_capped(make_workspace({"lit.xlsx": bomb}), "lit.xlsx")
    assert [rule for rule, _ in outcome["findings"]] == ["oversize"]
    assert "可能是压缩炸弹" in outcome["findings"][0][1] and "（上限 256 MB）" in outcome["findings"][0][1]


def test_millions_of_empty_formatted_cells_are_refused_quickly(make_workspace: MakeWorkspace) -> None:
    outcome = read_capped(make_workspace({"lit.xlsx": empty_cells(60)}), "lit.xlsx")
    (rule, message), = outcome["findings"]
    assert rule == "oversize" and "格式记录过多" in message


def test_an_absurd_dimension_is_read_by_its_real_cells(make_workspace: MakeWorkspace) -> None:
    """One formatted cell at XFD1048576 makes the sheet claim A1:XFD1048576; only cells with values count."""
    def far_cell(book) -> None:
        book["统计"]["XFD1048576"].font = Font(bold=True)

    data = workbook(("统计", [["单位", "行政诉讼一审审结", "行政诉讼败诉"], ["东镇", 4, 0]]), edit=far_cell)
    assert len(data) < 10_000
    outcome = read_capped(make_workspace({"lit.xlsx": data}), "lit.xlsx")
    assert outcome["findings"] == []
    assert outcome["metrics"] == [{"lit.first_instance_closed": "4", "lit.lost": "0"}]


def test_an_xml_entity_bomb_is_refused_without_expanding(make_workspace: MakeWorkspace) -> None:
    outcome = read_capped(make_workspace({"lit.xlsx": billion_laughs()}), "lit.xlsx")
    (rule, message), = outcome["findings"]
    assert rule == "unreadable" and "DTD" in message


def test_a_bomb_under_the_archive_limit_is_stopped_by_the_xml_limit(make_workspace: MakeWorkspace) -> None:
    outcome = read_capped(make_workspace({"lit.xlsx": zip_bomb(0.2)}), "lit.xlsx")
    (rule, message), = outcome["findings"]
    assert rule == "oversize" and "超过 64 MB" in message


def test_a_word_report_of_millions_of_empty_paragraphs_is_refused_before_python_docx_parses_it(
        make_workspace: MakeWorkspace) -> None:
    body = b"<w:p/>" * 3_000_000  # 18 MB of XML, far fewer bytes zipped
    document = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>")
    outcome = read_capped(make_workspace({"lit.docx": rezipped(docx_bytes(["文字"]), {"word/document.xml": document})}),
                          "lit.docx")
    (rule, message), = outcome["findings"]
    assert rule == "oversize" and "Word 文件的内容或格式记录过多（超过 1,000,000 个）" in message


def test_a_workbook_nested_past_the_depth_limit_is_refused_at_that_level() -> None:
    data = workbook(("统计", [["单位", "行政诉讼一审审结"], ["东镇", 4]]))
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    deep = sheet.replace(b"<sheetData>", b"<sheetData>" + b"<x>" * 100 + b"</x>" * 100, 1)
    with pytest.raises(Refused) as refused:
        read_workbook(rezipped(data, {"xl/worksheets/sheet1.xml": deep}))
    assert refused.value.rule == "unreadable" and "嵌套过深（65 层）" in refused.value.message
    assert read_workbook(data)[0].rows == [(1, ["单位", "行政诉讼一审审结"]), (2, ["东镇", 4])]
