"""A district's plan as offices write them, into a workspace `init` made from the district's unit list:
short target wordings (出庭率, …执行率, 办结率100%), notes that are not units, group phrases expanded to
kinds, bodies that do not report (`none`), several kinds in one mapping value, malformed values."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.config.plan import load_plan
from annual_report.pipeline import Runner, check
from annual_report.plan_import import import_plan_file, load_mapping
from tests.plan.conftest import DATA

UNITS = """名称,简称,类型
示例区司法局,区司法局,有行政执法权的政府部门
示例区公安分局,区公安分局,有行政执法权的政府部门
示例区综合行政执法局,区综合执法局,有行政执法权的政府部门
示例区人民政府办公室,区政府办,无行政执法权的政府部门
示例区财政局,区财政局,无行政执法权的政府部门
东城街道办事处,,乡镇（街道）
青石镇人民政府,,乡镇（街道）
示例区融媒体中心,,其他单位
"""
ENFORCEMENT = ["sfj", "gafj", "zhzfj"]
EVERYONE = ["sfj", "gafj", "zhzfj", "zfb", "czj", "dcjd", "qsz", "rmtzx"]
NOT_REPORTING = ["区纪委监委", "区委组织部", "区法院", "区检察院", "区人大常委会办公室", "区政协办公室"]


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj={"orchestrate": None})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def district(tmp_path: Path) -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    root = tmp_path / "district-2025"
    assert cli("init", str(root), "--region", "示例区", "--year", "2025", "--units", str(tmp_path / "units.csv"))[0] == 0
    return root


def test_targets_in_short_wordings_and_those_the_catalogue_lacks(district: Path) -> None:
    plan = import_plan_file(DATA / "district.txt", district / "plan.yaml", workspace=district)
    targets = {t.number: [(x.metric, x.op, x.value) for x in t.targets] for t in plan.tasks}
    assert targets["6"] == [("lit.appearance_rate", ">=", 100.0)]  # 力争行政机关负责人出庭率达到100%
    assert targets["4"] == [("enf.certified_rate", ">=", 100.0), ("enf.training_sessions", ">=", 1.0)]
    assert targets["8"] == [("proposal.closure_rate", ">=", 100.0)]  # 人大代表建议和政协委员提案办结率
    # no catalogue metric: kept as text, with its number
    assert [t.phrase for t in plan.task("3").text_targets] == ["重大执法决定法制审核制度执行率达到100%"]
    assert [t.phrase for t in plan.task("7").text_targets] == ["行政复议案件办结率100%"]
    written = load_plan(district / "plan.yaml")
    assert written is not None and written.tasks[2].target_texts == ["重大执法决定法制审核制度执行率达到100%"]


def test_notes_are_not_units_and_groups_become_kinds(district: Path) -> None:
    plan = import_plan_file(DATA / "district.txt", district / "plan.yaml", workspace=district)
    assert not [n for n in plan.unresolved_units if "排序" in n or "牵头" in n]
    assert "（排序" not in plan.task("2").text
    assert plan.unresolved_units == ["区委依法治区办", *NOT_REPORTING]
    groups = {t.number: [(g.name, g.kinds) for g in t.groups] for t in plan.tasks}
    assert groups["1"] == [("各单位各部门", ["dept_enforcement", "dept_other", "township", "other"])]
    assert groups["3"] == [("各行政执法单位", ["dept_enforcement"])]
    assert groups["5"] == [("各乡镇（街道）", ["township"])]
    assert groups["6"] == [("各相关单位", ["dept_enforcement", "dept_other", "township", "other"])]
    assert plan.task("4").units == ENFORCEMENT and plan.task("1").units == EVERYONE
    assert plan.task("5").lead == "zhzfj"  # 区综合执法局, the short name the list gave


def test_bodies_marked_none_never_warn_again(district: Path) -> None:
    mapping = district / "plan-mapping.yaml"
    import_plan_file(DATA / "district.txt", district / "plan.yaml", workspace=district)
    warned = [f for f in check(district, Runner()).report.findings if f.rule == "plan_unresolved_unit"]
    assert [f.location for f in warned] == ["第1项", "第2项", "第6项", "第8项"]
    names = yaml.safe_load(mapping.read_text(encoding="utf-8"))["names"]
    names |= dict.fromkeys(NOT_REPORTING, "none") | {"区委依法治区办": "sfj"}
    mapping.write_text(yaml.safe_dump({"names": names}, allow_unicode=True), encoding="utf-8")
    code, out, err = cli("plan", "import", str(DATA / "district.txt"), "-w", str(district), "--force")
    assert code == 0, err
    assert "未对应" not in out
    plan = load_plan(district / "plan.yaml")
    assert plan is not None and plan.unresolved_units == []
    task = {t.number: t for t in plan.tasks}
    assert (task["2"].lead, task["2"].units) == ("sfj", ["sfj"])  # the first reporting unit leads
    assert (task["6"].lead, task["6"].assist) == ("sfj", [])
    assert not [f for f in check(district, Runner()).report.findings if f.rule.startswith("plan_unresolved")]
    assert load_mapping(mapping)["区法院"] == "none"  # kept for next year


def test_several_kinds_in_one_value_and_malformed_values_name_their_line(district: Path) -> None:
    mapping = district / "plan-mapping.yaml"
    mapping.write_text("names:\n  区委依法治区办: kind:dept_enforcement, kind:dept_other\n  区法院: none\n",
                       encoding="utf-8")
    plan = import_plan_file(DATA / "district.txt", district / "plan.yaml", workspace=district)
    assert plan.task("1").groups[0].kinds == ["dept_enforcement", "dept_other"]
    assert plan.task("1").groups[0].units == ["sfj", "gafj", "zhzfj", "zfb", "czj"]
    for value, problem in (("kind:dept_enforcement, kind:courts", "单位类型 courts 不在 report.yaml 的 kinds 中"),
                           ("sfj, nobody", "单位 nobody 不在单位名录中"),
                           ("none, sfj", "none 表示不是报送单位，不能与单位编号或类型同写"),
                           ("{a: b}", "值应为单位编号、kind:类型编号或 none，不能是映射")):
        mapping.write_text(f"names:\n  区纪委监委: none\n  区法院: {value}\n", encoding="utf-8")
        code, _, err = cli("plan", "import", str(DATA / "district.txt"), "-w", str(district), "--force")
        assert code == 1
        assert f"plan-mapping.yaml 第3行「区法院」：{problem}" in err
