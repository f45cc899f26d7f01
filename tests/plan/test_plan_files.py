"""Files: .docx (paragraphs, Word numbering, a task table), GB18030 .txt, plan.yaml for today's loader,
the office's mapping file, and the file-to-file import with a workspace."""

from __future__ import annotations

from pathlib import Path

import docx
import jsonschema
import pytest
import yaml

from annual_report.config.plan import WorkPlan, load_plan
from annual_report.config.workspace import ReportConfig
from annual_report.plan_import import (
    import_plan_file,
    load_mapping,
    parse_plan,
    plan_to_yaml_data,
    plan_yaml_text,
    read_plan_text,
    write_mapping,
)
from tests.plan.conftest import DATA, DEPARTMENTS, REGISTRY, TOWNSHIPS, plan_text


def _docx_plan(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("示例市2025年法治政府建设工作要点")
    document.add_paragraph("为推进法治政府建设，制定本要点。")
    document.add_paragraph("一、加强党的领导")
    document.add_paragraph("落实第一责任人职责。组织年终述法。（责任单位：市司法局、市政府办）", style="List Number")
    document.add_paragraph("健全督察制度。开展法治督察。（牵头单位：市委依法治市办（市司法局）；配合单位：各部门）",
                           style="List Number")
    document.add_paragraph("二、严格规范执法")
    table = document.add_table(rows=5, cols=4)
    rows = [["序号", "工作任务", "牵头单位", "配合单位"],
            ["3", "开展案卷评查。每年至少开展2次案卷评查。", "市司法局", "市公安局、市司法局"],
            ["4", "深化乡镇执法改革。制定赋权清单。", "各乡镇（街道）", "市综合执法局"],
            ["三、强化监督"],
            ["5", "落实出庭应诉。出庭应诉率达到90%以上。", "市司法局", ""]]
    for r, texts in enumerate(rows):
        if len(texts) == 1:  # a section heading across the table
            table.cell(r, 0).merge(table.cell(r, 3)).text = texts[0]
        for c, text in enumerate(texts if len(texts) > 1 else []):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


def test_docx_paragraphs_word_numbering_and_task_table(tmp_path: Path, registry: ReportConfig) -> None:
    path = _docx_plan(tmp_path / "plan.docx")
    plan = parse_plan(read_plan_text(path), registry=registry)
    assert plan.title == "示例市2025年法治政府建设工作要点" and plan.year == 2025
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        ("1", "一", "落实第一责任人职责"), ("2", "一", "健全督察制度"), ("3", "二", "开展案卷评查"),
        ("4", "二", "深化乡镇执法改革"), ("5", "三", "落实出庭应诉")]
    assert [(t.lead, t.assist) for t in plan.tasks] == [
        ("sfj", ["zfb"]), ("sfj", []), ("sfj", ["gaj"]), (None, ["zhzfj"]), ("sfj", [])]
    assert plan.task("2").units == DEPARTMENTS  # type: ignore[union-attr]
    assert plan.task("4").units == [*TOWNSHIPS, "zhzfj"]  # type: ignore[union-attr]
    assert [(t.metric, t.op, t.value) for t in plan.task("3").targets] == [  # type: ignore[union-attr]
        ("enf.case_reviews", ">=", 2)]
    assert [(t.metric, t.op, t.value) for t in plan.task("5").targets] == [  # type: ignore[union-attr]
        ("lit.appearance_rate", ">=", 90)]


def test_gb18030_text(tmp_path: Path, registry: ReportConfig) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(plan_text("units.txt").encode("gb18030"))
    assert read_plan_text(path) == plan_text("units.txt")
    plan = parse_plan(read_plan_text(path), registry=registry)
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4", "5", "6"]
    assert (plan.task("2").lead, plan.task("2").assist) == ("sfj", ["zfb", "gaj"])  # type: ignore[union-attr]


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ValueError, match=r"\.docx 或 \.txt"):
        read_plan_text(tmp_path / "plan.pdf")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa\x00\x81")
    with pytest.raises(ValueError, match="GB18030"):
        read_plan_text(tmp_path / "bad.txt")


def test_yaml_is_read_by_todays_plan_model(tmp_path: Path, registry: ReportConfig) -> None:
    plan = parse_plan(plan_text("carry.txt"), registry=registry)
    data = plan_to_yaml_data(plan)
    assert WorkPlan.model_config.get("extra", "ignore") == "ignore"  # the extra keys are ignored, not refused
    jsonschema.validate(data, WorkPlan.model_json_schema())
    path = tmp_path / "plan.yaml"
    path.write_text(plan_yaml_text(plan), encoding="utf-8")
    loaded = load_plan(path)
    assert loaded is not None and loaded.title == "示例市2025年依法行政工作要点"
    assert [(t.number, t.units[:1]) for t in loaded.tasks] == [
        ("1", ["zfb"]), ("2", ["sfj"]), ("3", ["sfj"]), ("4", ["sfj"]), ("5", ["town-dc"]), ("6", ["town-dc"])]
    assert [(t.metric, t.op, t.value, t.source) for t in loaded.targets] == [
        ("dec.legality_review_rate", ">=", 100, "示例市2025年依法行政工作要点第2项"),
        ("enf.training_sessions", ">=", 1, "示例市2025年依法行政工作要点第6项")]


def test_yaml_extra_keys(registry: ReportConfig) -> None:
    data = plan_to_yaml_data(parse_plan(plan_text("units.txt"), registry=registry))
    assert data["year"] == 2025
    assert data["sections"] == [{"number": "一", "title": "压实法治建设责任"}, {"number": "二", "title": "推进基层依法治理"}]
    task4 = data["tasks"][3]
    assert {k: task4[k] for k in ("number", "section", "title", "units")} == {
        "number": "4", "section": "二", "title": "深化乡镇综合执法改革", "units": [*TOWNSHIPS, "sfj", "zhzfj"]}
    assert "lead" not in task4 and task4["assist"] == ["sfj", "zhzfj"]
    assert task4["groups"] == [{"name": "各乡镇（街道）", "role": "lead", "kinds": ["township"], "units": TOWNSHIPS}]
    assert data["unresolved_units"] == ["市星河管委会"]
    targets = plan_to_yaml_data(parse_plan(plan_text("targets.txt")))["tasks"][5]
    assert targets["targets"] == [{"metric": "norm.legality_review_rate", "op": ">=", "value": 100,
                                   "scope": "region", "source": "示例市2025年法治政府建设工作要点第6项"}]
    assert targets["target_texts"] == ["政府法律顾问全覆盖"]


def test_mapping_file_round_trip(tmp_path: Path, registry: ReportConfig) -> None:
    path = tmp_path / "plan-mapping.yaml"
    assert load_mapping(path) == {}
    first = parse_plan(plan_text("units.txt"), registry=registry)
    write_mapping(path, first.unresolved_units, load_mapping(path))
    assert load_mapping(path) == {"市星河管委会": ""}
    assert "单位编号" in path.read_text(encoding="utf-8")  # the header tells the office what to fill in
    # the office fills the name in; the next import uses it and keeps it
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["names"]["市星河管委会"] = "kfq"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    mapping = load_mapping(path)
    second = parse_plan(plan_text("units.txt"), registry=registry, mapping=mapping)
    assert second.unresolved_units == []
    assert second.task("6").assist == ["gaj", "kfq"]  # type: ignore[union-attr]
    write_mapping(path, ["各执法单位"], mapping)
    assert load_mapping(path) == {"市星河管委会": "kfq", "各执法单位": ""}


def test_bad_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "plan-mapping.yaml"
    path.write_text("- 市司法局\n", encoding="utf-8")
    with pytest.raises(ValueError, match="names"):
        load_mapping(path)


def test_import_plan_file_with_a_workspace(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "report.yaml").write_text(yaml.safe_dump(REGISTRY, allow_unicode=True), encoding="utf-8")
    out = root / "plan.yaml"
    plan = import_plan_file(DATA / "units.txt", out, workspace=root)
    assert plan.unresolved_units == ["市星河管委会"]
    assert load_plan(out) is not None
    mapping_path = root / "plan-mapping.yaml"
    assert load_mapping(mapping_path) == {"市星河管委会": ""}
    mapping_path.write_text("names:\n  市星河管委会: kfq\n", encoding="utf-8")
    again = import_plan_file(DATA / "units.txt", out, workspace=root)
    assert again.unresolved_units == [] and "kfq" in again.task("6").units  # type: ignore[union-attr]
    assert load_mapping(mapping_path) == {"市星河管委会": "kfq"}


def test_import_plan_file_without_a_workspace_keeps_names(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    import_plan_file(DATA / "subitems.txt", out)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [t["number"] for t in data["tasks"]] == ["1", "1(1)", "1(2)", "1(3)", "2", "2(1)", "2(2)"]
    assert data["tasks"][2]["units"] == ["县公安局"]
    assert not (tmp_path / "plan-mapping.yaml").exists()
