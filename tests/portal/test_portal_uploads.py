"""Uploads are checked by name, size and content before anything is written; refused ones leave no file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from annual_report.drafting.model import PLACEHOLDER
from portal.uploads import Refused, accept
from tests.conftest import MakeWorkspace
from tests.portal.portal_pages import HEADER, as_unit, csrf, portal_of, text, upload, workbook, zipped

MB = 1024 * 1024
GOOD = workbook([HEADER, ["东镇", 26, 118, 115]])
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
XXE_DOCX = zipped({
    "[Content_Types].xml": CONTENT_TYPES,
    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                         b'<w:document xmlns:w="urn:w"><w:body>&xxe;</w:body></w:document>',
})
DOCX = zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b'<w:document xmlns:w="urn:w"/>'})


def refusal(name: str, data: bytes, max_bytes: int = 10 * MB) -> str:
    with pytest.raises(Refused) as raised:
        accept(name, data, max_bytes)
    return str(raised.value)


def test_a_workbook_in_the_intake_layout_is_accepted_under_its_own_name() -> None:
    kept = accept("东镇统计表.xlsx", GOOD, 10 * MB)
    assert (kept.name, kept.suffix, kept.stored_part) == ("东镇统计表.xlsx", ".xlsx", "东镇统计表.xlsx")
    assert accept("名称 含 空格&符号.yaml", b"unit: dz\n", MB).stored_part == "名称_含_空格_符号.yaml"


@pytest.mark.parametrize("name", ["../../x.yaml", "..\\..\\x.yaml", "/etc/x.yaml", "C:x.yaml", "..", ".x.yaml",
                                  "~$x.xlsx\x00.yaml", ""])
def test_a_name_with_a_path_or_hidden_or_control_characters_is_refused(name: str) -> None:
    message = refusal(name, b"unit: dz\n")
    assert any(word in message for word in ("路径", "隐藏", "控制字符", "没有文件名"))


def test_an_unknown_extension_is_refused_naming_what_is_accepted() -> None:
    assert refusal("报送.exe", b"MZ") == "不支持「.exe」文件；请上传 .xlsx、.docx、.csv、.json、.yaml、.yml 文件"
    assert "无扩展名" in refusal("报送", b"unit: dz")


def test_a_file_over_the_cap_or_empty_is_refused() -> None:
    assert "超过 0.5 MB" in refusal("big.csv", b"a," * MB, max_bytes=MB // 2)
    assert "空的" in refusal("empty.yaml", b"  \n")


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = zipped({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>",
                   "xl/media/image1.bin": bytes(20 * MB)})
    assert len(bomb) < 100_000
    assert "压缩比异常（疑似压缩炸弹）" in refusal("东镇.xlsx", bomb)


def test_a_docx_with_an_external_entity_is_refused() -> None:
    assert "含有 DOCTYPE 或实体声明" in refusal("报告.docx", XXE_DOCX)
    assert accept("报告.docx", DOCX, MB).suffix == ".docx"


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("东镇.xlsx", DOCX, "文件内容是Word 文档，扩展名却是 .xlsx"),
    ("东镇.csv", GOOD, "文件内容是压缩包（Excel/Word 文件或 .zip），扩展名却是 .csv"),
    ("东镇.xlsx", "单位,东镇\n".encode(), "文件内容是文本或其他格式，不是Excel 工作簿（.xlsx）"),
    ("东镇.xlsx", b"\xd0\xcf\x11\xe0" + bytes(600), "旧版 Office 文件（.xls/.doc）或加密的 Office 文件"),
    ("东镇.yaml", b"%PDF-1.7\n", "文件内容是PDF 文件，扩展名却是 .yaml"),
    ("东镇.csv", "单位,东镇".encode("utf-16"), "不是文本文件（或是 UTF-16 编码）"),
])
def test_content_that_does_not_match_the_extension_is_refused(name: str, data: bytes, expected: str) -> None:
    assert expected in refusal(name, data)


def test_refused_uploads_are_shown_to_the_unit_audited_and_never_written(client: TestClient, tmp_path: Path) -> None:
    page = as_unit(client, "dz")
    before = {p for p in tmp_path.rglob("*") if p.is_file() and "portal.db" not in p.name}
    elsewhere = set(tmp_path.parent.rglob("x.yaml"))  # earlier tests' files, not this one's
    for name, data in (("../../x.yaml", b"unit: dz\n"), ("东镇.xlsx", XXE_DOCX), ("东镇.csv", GOOD)):
        answer = upload(client, name, data, page)
        assert answer.status_code == 400
        assert "未接收：" in text(answer)
    after = {p for p in tmp_path.rglob("*") if p.is_file() and "portal.db" not in p.name}
    assert after == before
    assert set(tmp_path.parent.rglob("x.yaml")) == elsewhere
    store = portal_of(client).store
    assert store.rows("SELECT * FROM versions") == []
    refused = store.rows("SELECT unit, detail, sha256 FROM audit WHERE action = 'upload_refused'")
    assert [r["unit"] for r in refused] == ["dz"] * 3 and all(len(r["sha256"]) == 64 for r in refused)
    assert "含有路径" in refused[0]["detail"]


def test_a_request_over_the_size_limit_is_refused_with_413(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    from portal.app import create_app
    from portal.builds import plain_builder

    root = make_workspace(config={"limits": {"max_file_mb": 0.05}})
    with TestClient(create_app(root, tmp_path / "out", builder=plain_builder)) as small:
        page = as_unit(small, "dz")
        answer = upload(small, "东镇.csv", b"x" * 200_000, page)
        assert answer.status_code == 413
        assert "超过 0.05 MB 的上限" in text(answer)
        assert upload(small, "东镇.csv", "单位,东镇\n矛盾纠纷排查,3\n".encode(), page).status_code == 200


def _multipart(csrf_token: str, name: str, chunks: int, chunk: bytes) -> Iterator[bytes]:
    """A form upload streamed in chunks, as a client sends it without a Content-Length (chunked)."""
    boundary = "----annual-report-test"
    yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf_token}\r\n--{boundary}\r\n"
           f"Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
           "Content-Type: text/csv\r\n\r\n").encode()
    for _ in range(chunks):
        yield chunk
    yield f"\r\n--{boundary}--\r\n".encode()


def test_a_chunked_upload_over_the_limit_is_refused_with_413_the_page_and_an_audit_line(
        make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    """Without Content-Length the oversize body got HTTP 400 and English JSON, and no 拒收 line."""
    from portal.app import create_app
    from portal.builds import plain_builder

    root = make_workspace(config={"limits": {"max_file_mb": 1}})
    with TestClient(create_app(root, tmp_path / "out", builder=plain_builder)) as small:
        page = as_unit(small, "dz")
        body = _multipart(csrf(page), "东镇.csv", 200, b"x" * 64 * 1024)  # 12.5 MB, never its length
        answer = small.post("/unit/upload", content=body,
                            headers={"content-type": "multipart/form-data; boundary=----annual-report-test"})
        assert answer.status_code == 413 and answer.headers["content-type"].startswith("text/html")
        assert "超过 1 MB 的上限" in text(answer) and "文件过大" in text(answer)
        assert "There was an error" not in answer.text and "detail" not in answer.text
        store = portal_of(small).store
        (line,) = store.rows("SELECT actor, unit, detail FROM audit WHERE action = 'upload_refused'")
        assert line["unit"] == "dz" and "超过 1 MB" in line["detail"]
        assert store.rows("SELECT * FROM versions") == []
        assert upload(small, "东镇.csv", "单位,东镇\n矛盾纠纷排查,3\n".encode(), page).status_code == 200


def test_a_unit_downloads_its_own_report_drafted_from_what_is_counted(client: TestClient) -> None:
    from io import BytesIO

    import docx

    page = as_unit(client, "dz")
    refused = client.post("/unit/own-report", data={"csrf": csrf(page)})
    assert refused.status_code == 409 and "东镇人民政府没有可用的报送材料" in text(refused)
    upload(client, "东镇统计表.xlsx", GOOD, page)
    response = client.post("/unit/own-report", data={"csrf": csrf(client.get("/unit"))})
    assert response.status_code == 200 and "filename*=utf-8''" in response.headers["content-disposition"]
    body = "\n".join(p.text for p in docx.Document(BytesIO(response.content)).paragraphs)
    assert body.startswith("东镇人民政府2024年度") and "东镇人民政府\n2025年2月20日" in body
    assert body.count(PLACEHOLDER) == 4  # only figures sent: every part to write, none 「暂无」
    table = docx.Document(BytesIO(response.content)).tables[0]
    assert {r.cells[0].text: r.cells[2].text for r in table.rows}["受理矛盾纠纷"] == "118"
    audit = portal_of(client).store.rows("SELECT action, unit FROM audit WHERE action = 'own_report'")
    assert [tuple(r) for r in audit] == [("own_report", "dz")]
