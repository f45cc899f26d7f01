"""Three levels from one set of submissions: townships and departments → two counties → a city that takes the
counties' runs as its units' submissions (init --from-lower). Totals are checked at each level, and nothing is
counted twice: a county's departments are inside the county's totals, never units of the city."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from annual_report import pipeline
from annual_report.cli import app
from annual_report.findings import Severity
from tests.docx_text import document_text

TOPICS = [{"key": "leadership", "heading": "加强党的领导", "groups": ["lead", "pufa"]},
          {"key": "enforcement", "heading": "严格规范公正文明执法", "groups": ["enf"]},
          {"key": "disputes", "heading": "依法化解矛盾纠纷", "groups": ["recon", "lit", "med"]}]
KINDS = {"dept": {"name": "县政府部门", "required": ["lit.first_instance_closed", "lit.lost"]},
         "town": {"name": "乡镇", "required": ["med.accepted", "med.resolved"]}}


def county_units(county: str) -> list[dict]:
    return [{"id": "sfj", "name": f"{county}司法局", "short": "县司法局", "kind": "dept",
             "roles": ["as_authority", "as_respondent"]},
            {"id": "gaj", "name": f"{county}公安局", "short": "县公安局", "kind": "dept"},
            {"id": "cgz", "name": f"{county}城关镇人民政府", "short": "城关镇", "kind": "town"},
            {"id": "hkz", "name": f"{county}河口镇人民政府", "short": "河口镇", "kind": "town"}]


def county_submissions(k: int) -> dict[str, dict]:
    """The county's units' submissions; `k` varies the figures between the two counties."""
    return {
        "sfj": {"metrics": {"recon.received": 30 * k, "recon.accepted": 28 * k, "recon.closed": 25 * k,
                            "recon.corrected": 5 * k, "lit.first_instance_closed": 10 * k, "lit.lost": k,
                            "lit.hearings": 8 * k, "lit.head_appearances": 8 * k, "pufa.events": 12 * k},
                "achievements": [{"text": "全县在各乡镇设立行政复议咨询受理点，推动行政争议就地化解。", "topic": "disputes"}],
                "responsibility": ["主要负责人年终述法，班子成员同步述法。"],
                "problems": ["行政复议案件数量持续增长，由于专职办案人员不足，部分案件审理周期偏长。"],
                "next_year": ["推进行政复议规范化建设。"]},
        "gaj": {"metrics": {"lit.first_instance_closed": 6 * k, "lit.lost": 0, "lit.hearings": 5 * k,
                            "lit.head_appearances": 4 * k, "pufa.events": 8 * k, "enf.officers": 120 * k},
                "achievements": [{"text": f"本局在城区{k + 2}个派出所建成执法办案管理中心，案件全程网上流转。",
                                  "topic": "enforcement"}],
                "problems": ["基层执法人员流动较快。"], "next_year": ["深化执法办案管理中心建设。"]},
        # a township's lawsuits lost with no cases closed, hearings with no appearances: at the level above the
        # county's count totals break lit.lost ≤ closed, and its rates stand on its own pairs alone
        "cgz": {"metrics": {"med.accepted": 40 * k, "med.resolved": 38 * k, "pufa.events": 5 * k, "lit.lost": 20},
                "achievements": [{"text": "本镇组建“和事佬”调解队伍，矛盾纠纷就地化解。", "topic": "disputes"}],
                "problems": ["调解员专业能力不足。"], "next_year": ["加强调解员培训。"]},
        "hkz": {"metrics": {"med.accepted": 30 * k, "med.resolved": 29 * k, "pufa.events": f"约{4 * k}",
                            "lit.hearings": 2 * k},
                "achievements": [{"text": "开展“法律赶集”普法活动，群众法治意识明显提升。", "topic": "leadership"}],
                "problems": ["普法形式较为单一。"], "next_year": ["创新普法形式。"]},
    }


def make_workspace(root: Path, region: str, units: list[dict], submissions: dict[str, dict]) -> Path:
    (root / "submissions").mkdir(parents=True)
    config = {"region": region, "government": f"{region}人民政府", "year": 2024, "deadline": "2025-03-01",
              "kinds": KINDS, "units": units, "outline": {"form": "five_part", "topics": TOPICS}}
    (root / "report.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for unit, data in submissions.items():
        body = {"unit": unit, "year": 2024, "submitted_at": "2025-02-20", **data}
        (root / "submissions" / f"{unit}.yaml").write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return root


def totals(folder: Path) -> dict[str, object]:
    data = json.loads((folder / "statistics.json").read_text(encoding="utf-8"))
    return {r["metric"]: r["value"] for r in data["totals"] if r["value"] is not None}


@pytest.fixture(scope="module")
def levels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pipeline.BuildResult]:
    base = tmp_path_factory.mktemp("levels")
    out = base / "out"
    built = {}
    for county, k in (("北县", 1), ("南县", 2)):
        root = make_workspace(base / county, county, county_units(county), county_submissions(k))
        built[county] = pipeline.build(root, out)
    city = base / "东市"
    result = CliRunner().invoke(app, ["init", str(city), "--region", "东市", "--year", "2024", "--units",
                                      str(_city_units(base)), "--from-lower", str(built["北县"].run_folder),
                                      "--from-lower", str(built["南县"].run_folder)])
    assert result.exit_code == 0, result.output
    (city / "submissions" / "sfj.yaml").write_text(yaml.safe_dump({
        "unit": "sfj", "year": 2024, "submitted_at": "2025-02-25",
        "metrics": {"recon.received": 50, "recon.accepted": 45, "recon.closed": 40, "recon.corrected": 9,
                    "lit.first_instance_closed": 4, "lit.lost": 1, "lit.hearings": 4, "lit.head_appearances": 3},
        "achievements": [{"text": "市司法局牵头修订行政执法案卷评查办法，组织全市集中评查。", "topic": "enforcement"}],
        "problems": ["行政复议案件数量持续增长。"], "next_year": ["开展全市行政执法质量评估。"]},
        allow_unicode=True), encoding="utf-8")
    built["东市"] = pipeline.build(city, out)
    return built


def _city_units(base: Path) -> Path:
    path = base / "东市单位名单.csv"
    path.write_text("名称,简称,类型\n东市司法局,市司法局,有行政执法权的政府部门\n", encoding="utf-8")
    return path


def test_each_county_adds_up_its_own_units(levels: dict[str, pipeline.BuildResult]) -> None:
    north = totals(levels["北县"].run_folder)
    assert north["med.accepted"] == 70 and north["lit.first_instance_closed"] == 16
    assert north["pufa.events"] == 12 + 8 + 5 + 4 and north["enf.officers"] == 120
    assert totals(levels["南县"].run_folder)["med.accepted"] == 140


def test_the_city_adds_its_departments_and_the_counties_once(levels: dict[str, pipeline.BuildResult]) -> None:
    city = totals(levels["东市"].run_folder)
    assert city["med.accepted"] == 70 + 140  # only the counties' townships report it
    assert city["lit.first_instance_closed"] == 4 + 16 + 32
    assert city["enf.officers"] == 120 + 240  # the county 公安局s, inside their counties' totals, once
    assert city["recon.received"] == 50 + 30 + 60  # counties count as 复议机关 through their 司法局
    # rates from each county's own pairs (its units that gave both parts), not from its count totals
    assert city["lit.appearance_rate"] == pytest.approx(100 * (3 + 12 + 24) / (4 + 13 + 26))
    assert city["lit.loss_rate"] == pytest.approx(100 * (1 + 1 + 2) / (4 + 16 + 32))
    assert city["lit.lost"] == 1 + 21 + 22 and city["lit.hearings"] == 4 + 15 + 30  # the totals as they are
    assert city["pufa.events"] == 29 + 58  # each county's 约29, 约58: its qualifier kept, its figure counted
    assert not [f for f in levels["东市"].report.findings if f.severity is Severity.ERROR]  # no unit rule on sums
    # the counties' reports were checked at their level: their tables and sentences raise nothing here
    assert [f.rule for f in levels["东市"].report.findings if f.unit in ("bx", "nx")] == ["lower_region"] * 2
    assert not [f for f in levels["东市"].draft.findings if f.unit in ("bx", "nx")]
    units = json.loads((levels["东市"].run_folder / "statistics.json").read_text(encoding="utf-8"))["units"]
    regions = {r["name"] for r in units}
    assert regions == {"东市司法局", "北县人民政府", "南县人民政府"}  # no county department is a city unit
    north = {r["metric"]: r["value"] for r in units if r["name"] == "北县人民政府"}
    assert north == {m: v for m, v in totals(levels["北县"].run_folder).items()
                     if m in north}  # the county's totals, exactly


def test_the_county_reports_text_and_status_reach_the_city(levels: dict[str, pipeline.BuildResult]) -> None:
    city = levels["东市"]
    notes = [f for f in city.report.findings if f.rule == "lower_region"]
    assert {f.unit for f in notes} == {"bx", "nx"} and all(f.severity is Severity.INFO for f in notes)
    north = next(f for f in notes if f.unit == "bx")
    assert north.message.startswith("北县：应报送单位4个，已报送4个，未报送0个；数据通过审核4个；错误0处")
    sheet = pd.read_excel(city.run_folder / pipeline.VALIDATION, sheet_name="问题清单")
    assert sheet["说明"].str.startswith("北县：应报送单位4个").any()
    public = "\n".join(document_text(city.run_folder / pipeline.REPORT))
    # the counties' own reports are their narrative, written under their names, without their figure sentences
    assert "北县公安局在城区3个派出所建成执法办案管理中心" in public and "南县公安局在城区4个派出所" in public
    assert "北县、南县在各乡镇设立行政复议咨询受理点" in public and "全县" not in public
    assert "全县收到行政复议申请" not in public and "北县收到行政复议申请30件" not in public
    placed = pd.read_excel(city.run_folder / pipeline.VALIDATION, sheet_name="文字材料归类")
    assert placed["去向"].str.contains("下级地区报告中的统计句").any()
    assert public.count("无其他需要报告的情况") == 1


def test_init_refuses_a_folder_that_is_not_a_run_or_of_another_year(tmp_path: Path,
                                                                   levels: dict[str, pipeline.BuildResult]) -> None:
    not_a_run = CliRunner().invoke(app, ["init", str(tmp_path / "a"), "--region", "东市", "--year", "2024",
                                         "--from-lower", str(tmp_path)])
    assert not_a_run.exit_code == 2 and "不是可用的运行目录" in not_a_run.output
    other_year = CliRunner().invoke(app, ["init", str(tmp_path / "b"), "--region", "东市", "--year", "2025",
                                          "--from-lower", str(levels["北县"].run_folder)])
    assert other_year.exit_code == 2 and "是北县 2024 年度的运行，本工作区是 2025 年度" in other_year.output
    assert not (tmp_path / "a" / "report.yaml").exists() and not (tmp_path / "b" / "report.yaml").exists()


def test_the_city_review_shows_each_key_total_by_region(levels: dict[str, pipeline.BuildResult]) -> None:
    import docx

    city = levels["东市"]
    review = docx.Document(str(city.run_folder / pipeline.REVIEW))
    table = next(t for t in review.tables if t.rows[0].cells[0].text == "地区")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    header = rows["地区"]
    received = header.index("收到行政复议申请")
    assert (rows["北县"][received], rows["南县"][received], rows["本级单位"][received], rows["东市合计"][received]) \
        == ("30件", "60件", "50件", "140件")
    appearance = header.index("行政机关负责人出庭应诉率")
    assert rows["北县"][appearance] == "92.3%" and rows["本级单位"][appearance] == "75%"  # 12/13, 3/4
    public = docx.Document(str(city.run_folder / pipeline.REPORT))
    assert not any(t.rows[0].cells[0].text == "地区" for t in public.tables)


def test_the_city_workbook_has_each_countys_own_units(levels: dict[str, pipeline.BuildResult]) -> None:
    sheet = pd.read_excel(levels["东市"].run_folder / pipeline.STATISTICS, sheet_name="下级地区分单位")
    assert list(sheet.columns[:3]) == ["地区", "单位编号", "单位名称"]
    assert sheet.groupby("地区")["单位名称"].apply(list).to_dict() == {
        "北县": ["北县司法局", "北县公安局", "北县城关镇人民政府", "北县河口镇人民政府"],
        "南县": ["南县司法局", "南县公安局", "南县城关镇人民政府", "南县河口镇人民政府"]}
    south = sheet.set_index(["地区", "单位编号"]).loc["南县"]
    assert south.loc["gaj", "行政执法人员"] == 240 and south.loc["cgz", "受理矛盾纠纷"] == 80
    assert south.loc["gaj", "行政机关负责人出庭应诉率"] == pytest.approx(0.8)  # 8 of 10, as 南县's run gives it
    north = sheet[sheet["地区"] == "北县"].set_index("单位编号")["普法宣传活动"]
    assert north["hkz"] == "约4" and north.drop("hkz").sum() + 4 == 12 + 8 + 5 + 4  # the county's total, qualified
    county = pd.read_excel(levels["北县"].run_folder / pipeline.STATISTICS, sheet_name=None)
    assert "下级地区分单位" not in county  # a level without lower regions' runs has no such sheet


def test_the_portal_board_lists_the_counties_like_units(levels: dict[str, pipeline.BuildResult]) -> None:
    from portal.board import make_board

    board = make_board(levels["东市"].checked, {})
    rows = {r.unit.name: r for r in board.rows}
    assert set(rows) == {"东市司法局", "北县人民政府", "南县人民政府"}
    north = rows["北县人民政府"]
    assert (north.kind_name, north.status, north.missing, north.errors) == ("下级地区（其运行目录作为报送材料）", "已提交", False, 0)
    assert any(f.endswith("statistics.json") for f in north.files)
