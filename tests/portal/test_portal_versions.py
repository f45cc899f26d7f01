"""Every upload is a new version with its findings at once; the newest valid one is what validate and build read;
reviewers' decisions reach the unit."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from annual_report.pipeline import Runner, check
from portal.reviews import decide
from tests.conftest import GOOD_SUBMISSION
from tests.intake.word_docs import docx_bytes
from tests.portal import portal_pages as pages


def counted_files(workspace: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (workspace / "submissions" / "portal").iterdir()}


def test_findings_are_shown_at_once_in_chinese_with_their_location(client: TestClient) -> None:
    pages.as_unit(client, "dz")
    good = pages.upload(client, "东镇统计表.xlsx", pages.workbook(pages.GOOD_ROWS))
    assert good.url.params["v"] == "1"
    assert "第1版检查结果 「东镇统计表.xlsx」" in pages.text(good) and "没有错误" in pages.text(good) and "已采用" in pages.text(good)
    bad = pages.text(pages.upload(client, "东镇统计表.xlsx", pages.workbook(pages.BAD_ROWS)))
    assert "第2版检查结果" in bad and "错误 1 处" in bad and "本版未采用，仍采用第1版" in bad
    assert ("错误 东镇统计表.xlsx 第2行 B列 「矛盾纠纷排查」的值「30左右」不是数字；请只填写阿拉伯数字（单位：次），不要带文字；"
            "约数写作「约30」「30余」「30以上」「不足30」") in bad
    assert "non_numeric" not in bad  # units see no program keys


def test_unit_facing_findings_name_sections_and_metrics_not_program_keys(client: TestClient) -> None:
    """A YAML submission's key paths and the keys after Chinese names become the section or metric they name."""
    pages.as_unit(client, "gaj")
    submission = {"unit": "gaj", "year": 2024, "metrics": {"lit.first_instance_closed": 10},
                  "achievements": ["组织执法人员集中培训。"], "problems": ["执法能力有待提升。"], "next_year": [],
                  "responsibility": []}
    page = pages.upload(client, "gaj.yaml", yaml.safe_dump(submission, allow_unicode=True).encode())
    shown = pages.text(page)
    result = page.text[page.text.index('id="result"'):]
    assert "「下一年度安排」没有内容" in shown and "gaj.yaml 「下一年度安排」" in shown
    assert "缺少「行政诉讼败诉」；" in shown and "gaj.yaml 「行政诉讼败诉」" in shown
    for key in ("next_year", "lit.lost", "metrics.", "responsibility", "empty_section", "missing_metric"):
        assert key not in result, key


def test_every_upload_is_kept_and_the_newest_valid_one_counts(client: TestClient, workspace: Path) -> None:
    pages.as_unit(client, "dz")
    first, second = pages.workbook(pages.GOOD_ROWS), pages.workbook([pages.HEADER, ["东镇", 30, 120, 119]])
    for data in (first, pages.workbook(pages.BAD_ROWS), second, pages.workbook(pages.BAD_ROWS)):
        pages.upload(client, "东镇统计表.xlsx", data)
    versions = pages.portal_of(client).versions.history("dz")
    assert [(v.number, v.valid) for v in versions] == [(4, False), (3, True), (2, False), (1, True)]
    kept = sorted((workspace / "portal" / "versions" / "dz").iterdir())
    assert [p.name[:4] for p in kept] == ["0001", "0002", "0003", "0004"]
    assert [hashlib.sha256(p.read_bytes()).hexdigest()[:8] for p in kept] == [p.name[5:13] for p in kept]
    assert counted_files(workspace) == {"dz.xlsx": second}
    # what the command line's validate (and build) reads: the counted version, the unit's figures valid
    report = check(workspace, Runner()).report
    assert report.units["dz"].files == ["submissions/portal/dz.xlsx"]
    assert report.units["dz"].submission.metrics["med.screenings"] == 30
    assert "dz" in report.valid_units


def test_a_later_valid_upload_in_another_format_replaces_the_counted_copy(client: TestClient,
                                                                          workspace: Path) -> None:
    pages.as_unit(client, "gaj")
    pages.upload(client, "公安局.xlsx", pages.workbook([["单位", "行政诉讼一审审结", "行政诉讼败诉"], ["市公安局", 10, 1]]))
    pages.upload(client, "gaj.yaml", yaml.safe_dump(GOOD_SUBMISSION, allow_unicode=True).encode())
    assert set(counted_files(workspace)) == {"gaj.yaml"}
    assert check(workspace, Runner()).report.units["gaj"].narrative_file == "submissions/portal/gaj.yaml"


def test_a_file_with_another_units_material_is_an_error(client: TestClient, workspace: Path) -> None:
    pages.as_unit(client, "dz")
    answer = pages.text(pages.upload(client, "公安局.yaml", yaml.safe_dump(GOOD_SUBMISSION, allow_unicode=True).encode()))
    assert "文件中是市公安局的材料，不是本单位的；请只上传本单位的报送文件" in answer
    assert not (workspace / "submissions" / "portal").exists() or counted_files(workspace) == {}


def test_a_version_once_written_cannot_be_changed_or_deleted(client: TestClient) -> None:
    pages.as_unit(client, "dz")
    pages.upload(client, "东镇.xlsx", pages.workbook(pages.GOOD_ROWS))
    decide(pages.portal_of(client).store, pages.portal_of(client).versions.get("dz", 1), "通过", "", "reviewer")
    db = sqlite3.connect(pages.portal_of(client).store.path)
    for statement in ("UPDATE versions SET errors = 0", "DELETE FROM versions", "UPDATE audit SET actor = 'x'",
                      "DELETE FROM audit", "UPDATE reviews SET state = '退回修改'", "DELETE FROM reviews"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)
    assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == 1


def test_a_returned_submission_shows_the_comment_to_the_unit_and_the_next_upload_is_pending(
        client: TestClient, other: TestClient) -> None:
    pages.as_unit(client, "dz")
    pages.upload(client, "东镇.xlsx", pages.workbook(pages.GOOD_ROWS))
    pages.as_office(other)
    detail = other.get("/office/units/dz")
    version = pages.portal_of(client).versions.get("dz", 1)
    refused = other.post(f"/office/versions/{version.id}/review",
                         data={"csrf": pages.csrf(detail), "state": "退回修改", "comment": ""})
    assert "退回修改时请写明需要修改的内容" in pages.text(refused)
    returned = other.post(f"/office/versions/{version.id}/review", follow_redirects=True,
                          data={"csrf": pages.csrf(detail), "state": "退回修改", "comment": "请补充矛盾纠纷化解的文字材料"})
    assert "退回修改 reviewer 请补充矛盾纠纷化解的文字材料" in pages.text(returned)
    unit_page = pages.text(client.get("/unit"))
    assert "审核： 退回修改 审核意见：请补充矛盾纠纷化解的文字材料" in unit_page
    pages.upload(client, "东镇.xlsx", pages.workbook([pages.HEADER, ["东镇", 27, 118, 115]]))
    assert [v.review for v in pages.portal_of(client).versions.history("dz")] == ["待审", "退回修改"]
    board = pages.text(other.get("/office"))
    assert "东镇人民政府 乡镇（街道） 有警告" in board and "1 待审 0 退回修改 0 通过" in board


def test_a_unit_whose_uploads_all_have_errors_is_shown_with_errors_not_missing(client: TestClient,
                                                                               other: TestClient) -> None:
    pages.as_unit(client, "dz")
    pages.upload(client, "东镇.xlsx", pages.workbook(pages.BAD_ROWS))
    pages.as_office(other)
    board = pages.text(other.get("/office"))
    assert "东镇人民政府 乡镇（街道） 有错误 已上传1个版本，都有错误，尚未采用" in board
    reminders = pages.text(other.get("/office/reminders"))
    assert "东镇人民政府 乡镇（街道） 有错误 已上传1个版本，都有错误，尚未采用" in reminders


def test_a_unit_downloads_its_workbook_fills_it_in_and_uploads_it(client: TestClient, workspace: Path) -> None:
    import io

    from openpyxl import load_workbook

    from annual_report.intake import form_layout as layout

    pages.as_unit(client, "gaj")
    download = client.get("/unit/workbook.xlsx")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    book = load_workbook(io.BytesIO(download.content))
    info = book[layout.INSTRUCTIONS]
    assert info.cell(layout.FIELDS_ROW + 1, 2).value == "gaj"
    figures = book[layout.FIGURES]
    for row in figures.iter_rows(min_row=layout.FIRST_ROW):
        if row[layout.METRIC_COLUMN - 1].value:
            row[layout.VALUE_COLUMN - 1].value = {"lit.first_instance_closed": 10, "lit.lost": 1}.get(
                row[layout.METRIC_COLUMN - 1].value, 0)
    for sheet, text in (("主要举措和成效", "组织执法人员集中培训。"), ("存在的不足和原因", "执法力量不足。"),
                        ("下一年度安排", "继续开展案卷评查。")):
        book[sheet].cell(layout.FIRST_ROW, 2, text)
    filled = io.BytesIO()
    book.save(filled)
    shown = pages.text(pages.upload(client, "市公安局-2024年度报送表.xlsx", filled.getvalue()))
    assert "第1版检查结果" in shown and "没有错误" in shown and "已采用" in shown
    report = check(workspace, Runner()).report
    assert report.units["gaj"].submission.metrics["lit.first_instance_closed"] == 10
    assert [i.text for i in report.units["gaj"].submission.achievements] == ["组织执法人员集中培训。"]


def test_a_units_word_report_counts_beside_its_workbook(client: TestClient, workspace: Path) -> None:
    pages.as_unit(client, "dz")
    report = docx_bytes(["东镇人民政府2024年度法治政府建设情况报告", "一、主要举措和成效",
                         "一是深化矛盾纠纷排查。在各村建立调解室，推行“村民说事”制度。",
                         "二、存在的不足和原因", "基层法治力量仍显薄弱。",
                         "三、2025年工作安排", "继续推进村级调解室规范化建设。"])
    table = pages.workbook(pages.GOOD_ROWS)  # once: openpyxl stamps the time into the file
    first = pages.upload(client, "东镇统计表.xlsx", table)
    word = pages.text(pages.upload(client, "东镇2024年度法治政府建设情况报告.docx", report, first))
    assert "第2版检查结果" in word and "已采用" in word
    assert counted_files(workspace) == {"dz.xlsx": table, "dz.docx": report}
    assert "采用中 采用中" not in word and word.count("采用中") == 2  # both versions count
    changed = pages.workbook([pages.HEADER, ["东镇", 30, 120, 119]])
    pages.upload(client, "东镇统计表.xlsx", changed)
    pages.upload(client, "东镇报告-草稿.docx", b"not a word file")  # refused, counts nothing
    assert counted_files(workspace) == {"dz.xlsx": changed, "dz.docx": report}
    unit = check(workspace, Runner()).report.units["dz"]
    assert unit.submission.metrics["med.screenings"] == 30  # the newest workbook's figure
    assert [i.text for i in unit.submission.achievements] == ["深化矛盾纠纷排查。在各村建立调解室，推行“村民说事”制度。"]
    assert unit.submission.problems[0].text == "基层法治力量仍显薄弱。"
