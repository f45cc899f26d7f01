"""`annual-report init`: a workspace from nothing, from the office's unit list, or from last year's."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from annual_report.cli import app
from annual_report.config.workspace import load_workspace
from annual_report.pipeline import BuildResult
from tests.conftest import EXAMPLE


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), obj={"orchestrate": None})
    return result.exit_code, result.stdout, result.stderr


def test_init_without_a_list_writes_a_commented_workspace_that_validates(tmp_path: Path) -> None:
    root = tmp_path / "golmud-2025"
    code, out, err = cli("init", str(root), "--region", "格尔木市", "--year", "2025")
    assert code == 0, err
    assert (root / "submissions").is_dir() and (root / "history").is_dir()
    text = (root / "report.yaml").read_text(encoding="utf-8")
    assert "# 单位名录" in text and "# 报告提纲" in text and "review_required: false" in text
    config = load_workspace(root).config
    assert (config.region, config.government, config.year) == ("格尔木市", "格尔木市人民政府", 2025)
    assert str(config.deadline) == "2026-03-01" and str(config.signature_date) == "2026-03-20"
    assert set(config.kinds) == {"dept_enforcement", "dept_other", "township", "other"}
    assert config.outline.form == "five_part" and len(config.outline.topics) >= 5
    sfj = config.unit_by_id["sfj"]
    assert (sfj.name, sfj.short, sfj.roles) == ("格尔木市司法局", "市司法局", ["as_authority", "as_respondent"])
    assert {u.kind for u in config.units} == set(config.kinds)
    assert "请改成本地的单位" in err and "plan import" in err
    code, out, _ = cli("validate", str(root))
    assert code == 0 and "缺报 8 个" in out


def test_init_reads_the_offices_list_from_xlsx_and_gbk_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in (["格尔木市单位名单"], ["名称", "简称", "类型"], ["格尔木市司法局", "", "有行政执法权的政府部门"],
                ["格尔木市财政局", "市财政局", "部门"], ["格尔木市综合行政执法局", "市综合执法局", "执法部门"],
                ["河西街道办事处", "", ""], ["郭勒木德镇人民政府", "", "乡镇"], ["格尔木市融媒体中心", "", "其他"],
                ["格尔木市水利局", "", "dept_enforcement"], ["格尔木市税务局", "市税务局", "执法部门"]):
        sheet.append(row)
    book.save(tmp_path / "名单.xlsx")
    code, _, err = cli("init", str(tmp_path / "a"), "--region", "格尔木市", "--year", "2025",
                       "--units", str(tmp_path / "名单.xlsx"))
    assert code == 0, err
    units = {u.name: u for u in load_workspace(tmp_path / "a").config.units}
    assert sorted((u.id, u.short, u.kind) for u in units.values()) == sorted([
        ("sfj", "市司法局", "dept_enforcement"), ("czj", "市财政局", "dept_other"),
        ("zhzfj", "市综合执法局", "dept_enforcement"), ("hxjd", "河西街道", "township"),
        ("glmdz", "郭勒木德镇", "township"), ("rmtzx", "市融媒体中心", "other"),
        ("slj", "市水利局", "dept_enforcement"), ("swj", "市税务局", "dept_enforcement")])
    csv = "编号,名称,类型\nsfj,海东市司法局,有行政执法权的政府部门\n,平安区人民政府,区县\n"
    (tmp_path / "名单.csv").write_bytes(csv.encode("gbk"))
    code, _, err = cli("init", str(tmp_path / "b"), "--region", "海东市", "--year", "2025",
                       "--units", str(tmp_path / "名单.csv"))
    assert code == 2
    assert "名单.csv: 第3行「平安区人民政府」：类型「区县」无法识别" in err and "township（乡镇（街道））" in err


def test_init_from_last_year_carries_units_targets_and_statistics(tmp_path: Path, example_run: BuildResult) -> None:
    out = example_run.run_folder.parents[2]
    root = tmp_path / "example-2025"
    code, _, err = cli("init", str(root), "--region", "示例市", "--year", "2025", "--from", str(EXAMPLE),
                       "--outputs", str(out))
    assert code == 0, err
    last, new = load_workspace(EXAMPLE).config, load_workspace(root).config
    assert new.units == last.units and new.kinds == last.kinds and new.targets == last.targets
    assert [t.heading for t in new.outline.topics] == [t.heading for t in last.outline.topics]
    assert new.figure_map == last.figure_map and new.year == 2025
    history = json.loads((root / "history" / "2024.json").read_text(encoding="utf-8"))
    assert history == json.loads((example_run.run_folder / "statistics.json").read_text(encoding="utf-8"))
    code, out_text, _ = cli("validate", str(root))
    assert code == 0 and "history" not in out_text  # last year's figures read without a finding


def test_init_never_overwrites_and_the_missing_config_error_names_init(tmp_path: Path) -> None:
    code, _, err = cli("validate", str(tmp_path))
    assert code == 2 and "缺少 report.yaml" in err and f"annual-report init {tmp_path} --region" in err
    assert cli("init", str(tmp_path), "--region", "示例县", "--year", "2025")[0] == 0
    before = (tmp_path / "report.yaml").read_text(encoding="utf-8")
    code, _, err = cli("init", str(tmp_path), "--region", "别的县", "--year", "2025")
    assert code == 2 and "已存在" in err
    assert (tmp_path / "report.yaml").read_text(encoding="utf-8") == before
    units = yaml.safe_load(before)["units"]
    assert {"id": "sfj", "name": "示例县司法局", "short": "县司法局", "kind": "dept_enforcement",
            "roles": ["as_authority", "as_respondent"]} in units
