"""`annual-report plan import`: the example's Word 工作要点 gives its plan.yaml; mistakes are one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.test_cli import cli

EXAMPLE = Path(__file__).parents[2] / "inputs" / "example-2024"
SOURCE = EXAMPLE / "source" / "示例市2024年法治政府建设工作要点.docx"


def test_the_example_plan_is_what_importing_its_word_file_gives(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    ran = cli("plan", "import", str(SOURCE), "--workspace", str(EXAMPLE), "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    assert "8个部分，21项任务，8项量化目标（另有2项未能对应到指标" in ran.stdout and ran.stdout.strip().endswith(str(out))
    assert out.read_text(encoding="utf-8") == (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    task = next(t for t in plan["tasks"] if t["number"] == "17")
    assert task["lead"] == "sfj" and task["assist"] == ["xfj"] and task["groups"][0]["name"] == "各乡镇（街道）"
    assert len(task["units"]) == 2 + 9  # the lead, 市信访局 and the nine townships of the registry
    assert not (tmp_path / "plan-mapping.yaml").exists()  # every name was found


def test_unknown_names_go_to_the_mapping_file_and_are_used_next_time(tmp_path: Path) -> None:
    source = tmp_path / "要点.txt"
    source.write_text("示例市2024年法治政府建设工作要点\n一、加强领导\n1．开展述法。组织述法。（责任单位：市司法局、市大数据中心）\n",
                      encoding="gb18030")
    out = tmp_path / "plan.yaml"
    ran = cli("plan", "import", str(source), "-w", str(EXAMPLE), "-o", str(out))
    assert ran.returncode == 0 and "市大数据中心" in ran.stdout and "plan-mapping.yaml" in ran.stdout
    mapping = tmp_path / "plan-mapping.yaml"
    assert yaml.safe_load(mapping.read_text(encoding="utf-8")) == {"names": {"市大数据中心": ""}}
    mapping.write_text("names:\n  市大数据中心: zwfwj\n", encoding="utf-8")
    ran = cli("plan", "import", str(source), "-w", str(EXAMPLE), "-o", str(out), "--force")
    assert ran.returncode == 0 and "未对应" not in ran.stdout
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["tasks"][0]["units"] == ["sfj", "zwfwj"]


def test_mistakes_are_one_line_and_nothing_is_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text("# 手工核对过的要点\n", encoding="utf-8")
    ran = cli("plan", "import", str(SOURCE), "-o", str(out))
    assert ran.returncode == 2 and "已存在" in ran.stderr and "--force" in ran.stderr
    assert out.read_text(encoding="utf-8") == "# 手工核对过的要点\n"
    assert cli("plan", "import", str(tmp_path / "无.docx")).returncode == 2
    fake = tmp_path / "要点.docx"
    fake.write_bytes(b"not a zip file")
    ran = cli("plan", "import", str(fake), "-o", str(tmp_path / "a.yaml"))
    assert ran.returncode == 1 and "不是有效的 Word 文件" in ran.stderr and "Traceback" not in ran.stderr
    empty = tmp_path / "通知.txt"
    empty.write_text("关于做好年度报告工作的通知\n请各单位按时报送。\n", encoding="utf-8")
    ran = cli("plan", "import", str(empty), "-o", str(tmp_path / "b.yaml"))
    assert ran.returncode == 1 and "没有找到编号的任务" in ran.stderr and not (tmp_path / "b.yaml").exists()
    (tmp_path / "office").mkdir()
    copy = shutil.copy(SOURCE, tmp_path / "office" / "要点.docx")
    ran = cli("plan", "import", str(copy))
    assert ran.returncode == 0 and "未指定 --workspace" in ran.stdout
    assert yaml.safe_load((tmp_path / "office" / "plan.yaml").read_text(encoding="utf-8"))["tasks"][0]["units"] == [
        "市政府办", "市司法局"]  # names as written
