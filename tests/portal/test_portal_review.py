"""What reviewers rely on: a version's figures and text before 通过/退回, builds gated on approval
(portal.review_required), the office's own files on the board, search and filters."""

from __future__ import annotations

from pathlib import Path

import yaml
from fastapi.testclient import TestClient

from tests.conftest import GOOD_SUBMISSION
from tests.portal import portal_pages as pages


def _history(workspace: Path) -> None:
    (workspace / "history").mkdir(exist_ok=True)
    (workspace / "history" / "2023-units.csv").write_text("单位,med.screenings\n东镇,20\n", encoding="utf-8")
    (workspace / "history" / "2023.csv").write_text("指标,数值\nmed.screenings,75\n", encoding="utf-8")


def _review(client: TestClient, version_id: int, state: str, comment: str = "") -> object:
    page = client.get(f"/office/versions/{version_id}")
    return client.post(f"/office/versions/{version_id}/review",
                       data={"csrf": pages.csrf(page), "state": state, "comment": comment}, follow_redirects=True)


def test_the_version_page_shows_figures_with_last_years_and_the_regions_and_the_text(
        client: TestClient, other: TestClient, workspace: Path) -> None:
    _history(workspace)
    submission = {**GOOD_SUBMISSION, "unit": "dz", "metrics": {"med.screenings": 26, "med.accepted": 118}}
    (workspace / "submissions" / "dz.yaml").write_text(yaml.safe_dump(submission, allow_unicode=True),
                                                      encoding="utf-8")
    pages.as_office(other)
    version = pages.portal_of(other).versions.history("dz")[0]  # the office's own file, as a version
    assert version.by_office and version.origin == "submissions/dz.yaml"
    page = pages.text(other.get(f"/office/versions/{version.id}"))
    assert "办公室放入 submissions/dz.yaml" in page
    assert "矛盾纠纷排查 26 次 20 26 75" in page  # this version, the unit last year, the city now, last year
    assert "受理矛盾纠纷 118 件 — 118 —" in page
    assert "主要举措和成效（1 条） 严格规范公正文明执法 组织执法人员集中培训。" in page
    assert "存在的不足和原因（1 条） 执法人员专业能力有待提升。" in page
    assert "通过" in page and "退回修改" in page  # the decision is taken on this page
    reviewed = pages.text(_review(other, version.id, "通过"))
    assert "当前： 通过 reviewer" in reviewed


def test_with_review_required_builds_use_only_approved_versions(client: TestClient, other: TestClient,
                                                                 workspace: Path) -> None:
    config = yaml.safe_load((workspace / "report.yaml").read_text(encoding="utf-8"))
    (workspace / "report.yaml").write_text(yaml.safe_dump({**config, "portal": {"review_required": True}},
                                                          allow_unicode=True), encoding="utf-8")
    pages.as_unit(client, "dz")
    pages.upload(client, "东镇.xlsx", pages.workbook(pages.GOOD_ROWS))
    copies = workspace / "submissions" / "portal"
    assert not list(copies.glob("dz.*"))  # valid, but not approved: nothing counts yet
    pages.as_office(other)
    board = pages.text(other.get("/office"))
    assert "已开启「只采用审核通过的版本」" in board
    assert "东镇人民政府 乡镇（街道） 缺报 第1版待审，审核通过后采用" in board
    assert "未采用：没有审核通过的版本" in board
    unit_page = pages.text(client.get("/unit"))
    assert "采用中" not in unit_page
    version = pages.portal_of(other).versions.history("dz")[0]
    _review(other, version.id, "通过")
    assert [p.name for p in copies.glob("dz.*")] == ["dz.xlsx"]  # approved: it counts, and a build reads it
    board = pages.text(other.get("/office"))
    assert "东镇人民政府 乡镇（街道） 有警告" in board and "第1版（已审核通过）" in board
    _review(other, version.id, "退回修改", "请补报文字材料")
    assert not list(copies.glob("dz.*"))  # returned: out again


def test_the_board_is_searched_by_unit_and_filtered_by_status_and_kind(client: TestClient, other: TestClient,
                                                                        workspace: Path) -> None:
    (workspace / "submissions" / "gaj.yaml").write_text(yaml.safe_dump(GOOD_SUBMISSION, allow_unicode=True),
                                                       encoding="utf-8")
    pages.as_office(other)
    assert "显示 3 / 3 个单位" in pages.text(other.get("/office"))
    found = pages.text(other.get("/office", params={"q": "公安"}))
    assert "显示 1 / 3 个单位" in found and "测试市公安局" in found and "测试市司法局 有执法权的政府部门" not in found
    assert "显示 1 / 3 个单位" in pages.text(other.get("/office", params={"q": "sfj"}))
    missing = pages.text(other.get("/office", params={"status": "缺报"}))
    assert "显示 2 / 3 个单位" in missing and "测试市公安局 有执法权" not in missing
    towns = pages.text(other.get("/office", params={"kind": "town"}))
    assert "显示 1 / 3 个单位" in towns and "东镇人民政府" in towns
    none = pages.text(other.get("/office", params={"q": "公安", "kind": "town"}))
    assert "没有符合条件的单位" in none
    assert "测试市公安局 有执法权的政府部门 已提交" in pages.text(other.get("/office"))
    assert "办公室放入的文件" in pages.text(other.get("/office", params={"q": "gaj"}))
