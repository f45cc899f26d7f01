"""The imported plan as plan.yaml data, and a file-to-file import that keeps the mapping file up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from annual_report.config.workspace import load_workspace
from annual_report.plan_import.mapping import load_mapping, write_mapping
from annual_report.plan_import.model import ImportedPlan, ImportedTask
from annual_report.plan_import.parse import parse_plan
from annual_report.plan_import.source import read_plan_text


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


def import_plan_file(source: Path, out: Path, *, workspace: Path | None = None,
                     mapping_path: Path | None = None) -> ImportedPlan:
    """Read a plan (.docx/.txt), write plan.yaml to `out`; with a workspace, resolve units and keep the
    mapping file (default: plan-mapping.yaml next to `out`) up to date with the names still unresolved."""
    ws = load_workspace(workspace) if workspace is not None else None
    mapping_path = mapping_path or out.with_name("plan-mapping.yaml")
    mapping = load_mapping(mapping_path, ws.config) if ws is not None else {}
    plan = parse_plan(read_plan_text(source), registry=ws.config if ws else None,
                      catalogue=ws.catalogue if ws else None, mapping=mapping)
    out.write_text(plan_yaml_text(plan), encoding="utf-8")
    if ws is not None and (plan.unresolved_units or mapping_path.is_file()):
        write_mapping(mapping_path, plan.unresolved_units, mapping)
    return plan
