"""The imported plan as plan.yaml data, the office's name-to-unit mapping file, and a file-to-file import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from annual_report.config.workspace import load_workspace
from annual_report.config.yaml_files import load_yaml
from annual_report.plan_import.model import ImportedPlan, ImportedTask
from annual_report.plan_import.parse import parse_plan
from annual_report.plan_import.source import read_plan_text

MAPPING_HEADER = """\
# 工作要点中的单位名称 → report.yaml 中的单位编号（id）。
# 值留空的名称是导入时在单位名录中没有找到的，请填写：一个编号；多个编号用逗号分隔；
# 或 kind:类型编号（如 kind:township）表示该类型的全部单位。填好后重新导入即可使用。
"""


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _task_data(plan: ImportedPlan, task: ImportedTask) -> dict[str, Any]:
    data: dict[str, Any] = {"number": task.number}
    optional = {
        "section": task.section,
        "parent": task.parent,
        "title": task.title,
        "text": task.text,
        "units": task.units,
        "lead": task.lead,
        "assist": task.assist,
        "groups": [g.model_dump() for g in task.groups],
        "targets": [{"metric": t.metric, "op": t.op, "value": _number(t.value or 0), "scope": "region",
                     "source": f"{plan.title}第{task.number}项"} for t in task.metric_targets],
        "target_texts": [t.phrase for t in task.text_targets],
        "unresolved": task.unresolved,
    }
    data |= {k: v for k, v in optional.items() if k in ("title", "text", "units") or v}
    return data


def plan_to_yaml_data(plan: ImportedPlan) -> dict[str, Any]:
    """plan.yaml content: title and tasks[].number/text/units/targets as annual_report.config.plan reads them, plus
    year, sections and per task section, title, lead, assist, groups and target_texts."""
    data: dict[str, Any] = {
        "title": plan.title,
        "year": plan.year,
        "sections": [s.model_dump() for s in plan.sections],
        "tasks": [_task_data(plan, t) for t in plan.tasks],
    }
    if plan.unresolved_units:
        data["unresolved_units"] = plan.unresolved_units
    return data


def plan_yaml_text(plan: ImportedPlan) -> str:
    header = f"# {plan.title or '工作要点'}：由 annual-report plan import 从原文导入，请核对任务编号、责任单位和目标。\n"
    data = plan_to_yaml_data(plan)
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)


def load_mapping(path: Path | str) -> dict[str, str]:
    """The office's mapping {name as written in the plan: unit id}; {} when the file does not exist yet.
    Names still to be filled in come back with the value ""."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: 无法解析：{str(exc).splitlines()[0]}") from None
    names = raw.get("names") if isinstance(raw, dict) else None
    if not isinstance(names, dict):
        raise ValueError(f"{path}: 应为 names: {{名称: 单位编号}} 的形式")
    return {str(k): ", ".join(map(str, v)) if isinstance(v, list) else "" if v is None else str(v)
            for k, v in names.items()}


def write_mapping(path: Path | str, unresolved: list[str], existing: dict[str, str] | None = None) -> dict[str, str]:
    """Write the mapping: the existing entries as they are, then each unresolved name not yet in it, empty."""
    names = dict(existing or {})
    for name in unresolved:
        names.setdefault(name, "")
    text = yaml.safe_dump({"names": names}, allow_unicode=True, sort_keys=False, width=1000)
    Path(path).write_text(MAPPING_HEADER + text, encoding="utf-8")
    return names


def import_plan_file(source: Path, out: Path, *, workspace: Path | None = None,
                     mapping_path: Path | None = None) -> ImportedPlan:
    """Read a plan (.docx/.txt), write plan.yaml to `out`; with a workspace, resolve units and keep the
    mapping file (default: plan-mapping.yaml next to `out`) up to date with the names still unresolved."""
    ws = load_workspace(workspace) if workspace is not None else None
    mapping_path = mapping_path or out.with_name("plan-mapping.yaml")
    mapping = load_mapping(mapping_path) if ws is not None else {}
    plan = parse_plan(read_plan_text(source), registry=ws.config if ws else None,
                      catalogue=ws.catalogue if ws else None, mapping=mapping)
    out.write_text(plan_yaml_text(plan), encoding="utf-8")
    if ws is not None and (plan.unresolved_units or mapping_path.is_file()):
        write_mapping(mapping_path, plan.unresolved_units, mapping)
    return plan
