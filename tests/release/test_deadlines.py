"""The year's dates after the build: report.yaml's report_to_superior_by and publish_by (defaults 3月1日 and
4月1日 of the next year), the days left, and what is still open — units missing, errors, the release review —
as `validate` prints them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.config.workspace import WorkspaceError, load_workspace
from annual_report.release.deadlines import Open, days_left, deadline_lines, release_status, today_in
from tests.conftest import GOOD_SUBMISSION, MakeWorkspace


def test_the_dates_default_to_march_and_april_of_the_next_year(make_workspace: MakeWorkspace) -> None:
    config = load_workspace(make_workspace()).config
    assert (config.report_to_superior_by, config.publish_by) == (dt.date(2025, 3, 1), dt.date(2025, 4, 1))
    assert config.publication.index_number == "" and config.publication.topic == "综合政务"
    config = load_workspace(make_workspace(config={"report_to_superior_by": "2025-02-25", "publish_by": "2025-03-28",
                                                   "publication": {"document_number": "测政发〔2025〕3号"}})).config
    assert (config.report_to_superior_by, config.publish_by) == (dt.date(2025, 2, 25), dt.date(2025, 3, 28))
    assert config.publication.document_number == "测政发〔2025〕3号"
    with pytest.raises(WorkspaceError, match="publish_bi：未知字段，是否为 publish_by？"):
        load_workspace(make_workspace(config={"publish_bi": "2025-03-28"}))
    with pytest.raises(WorkspaceError, match=re.escape("publication.index_numbr")):
        load_workspace(make_workspace(config={"publication": {"index_numbr": "1"}}))


def test_days_left_and_what_is_open(make_workspace: MakeWorkspace) -> None:
    assert [days_left(dt.date(2025, 3, 1), dt.date(2025, 2, d)) for d in (20, 28)] == ["还有9天", "还有1天"]
    assert days_left(dt.date(2025, 3, 1), dt.date(2025, 3, 1)) == "今天到期"
    assert days_left(dt.date(2025, 3, 1), dt.date(2025, 3, 4)) == "已过3天"
    config = load_workspace(make_workspace()).config
    still = Open(missing=["测试市司法局", "东镇人民政府"], errors=3, units_with_errors=1, release="未进行")
    assert deadline_lines(config, dt.date(2025, 2, 20), still) == [
        "向上级报告：2025年3月1日（还有9天）", "向社会公开：2025年4月1日（还有40天）",
        "尚未完成：缺报2个单位（测试市司法局、东镇人民政府）；3处错误未改正（1个单位的数字未计入合计）；公开前保密审查未进行"]
    done = Open(missing=[], errors=0, units_with_errors=0, release="已完成（审查人王芳，2025-03-25）")
    assert deadline_lines(config, dt.date(2025, 3, 26), done)[-1] == "尚未完成：无"
    many = Open(missing=[f"单位{n}" for n in range(7)], errors=0, units_with_errors=0, release="已完成")
    assert many.items() == ["缺报7个单位（单位0、单位1、单位2、单位3、单位4等7个单位）"]


def test_release_status_in_words() -> None:
    assert release_status(None) == "未进行"
    passed = {"status": "passed", "reviewer": "王芳", "date": "2025-03-25", "current": True}
    assert release_status(passed) == "已完成（审查人王芳，2025-03-25）"
    assert release_status({**passed, "current": False}) == "须重新进行（公开稿在审查后又经编辑）"
    assert release_status({"status": "blocked", "problems": ["1处命中未处理"], "current": True}) == "未通过（1处命中未处理）"


def test_validate_prints_the_dates_days_left_and_what_is_open(make_workspace: MakeWorkspace, tmp_path) -> None:
    root = make_workspace({"gaj.yaml": GOOD_SUBMISSION})
    result = CliRunner().invoke(app, ["validate", str(root), "--out", str(tmp_path / "out")])
    config = load_workspace(root).config
    today = today_in(config)
    assert f"向上级报告：2025年3月1日（{days_left(dt.date(2025, 3, 1), today)}）" in result.output
    assert f"向社会公开：2025年4月1日（{days_left(dt.date(2025, 4, 1), today)}）" in result.output
    assert "尚未完成：缺报2个单位（测试市司法局、东镇人民政府）；公开前保密审查未进行（还没有生成报告）" in \
        result.output.replace("\n", "").replace(" ", "")
    json_out = CliRunner().invoke(app, ["validate", str(root), "-f", "json"]).output
    assert json_out.lstrip().startswith("[") and "向上级报告" not in json_out
