"""Plan import: a 法治政府建设工作要点 (.docx or .txt) to plan.yaml — sections, numbered tasks, responsible
units resolved to the registry, and stated targets mapped to catalogue metrics."""

from annual_report.plan_import.mapping import load_mapping, write_mapping
from annual_report.plan_import.model import ImportedPlan, ImportedTarget, ImportedTask, PlanSection, UnitGroup
from annual_report.plan_import.output import import_plan_file, plan_to_yaml_data, plan_yaml_text
from annual_report.plan_import.parse import parse_plan
from annual_report.plan_import.source import read_plan_text

__all__ = [
    "ImportedPlan",
    "ImportedTarget",
    "ImportedTask",
    "PlanSection",
    "UnitGroup",
    "import_plan_file",
    "load_mapping",
    "parse_plan",
    "plan_to_yaml_data",
    "plan_yaml_text",
    "read_plan_text",
    "write_mapping",
]
