"""The year's 工作要点 (work plan): numbered tasks, responsible units and targets, from plan.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from annual_report.workspace import Target, WorkspaceError, first_error


class PlanTask(BaseModel):
    number: str  # task number as printed in the plan, e.g. "21" (not `no`: YAML reads that key as false)
    text: str
    units: list[str] = Field(default_factory=list)  # 责任单位 ids
    targets: list[Target] = Field(default_factory=list)


class WorkPlan(BaseModel):
    title: str = ""
    tasks: list[PlanTask] = Field(default_factory=list)

    @property
    def targets(self) -> list[Target]:
        """Every task's targets, each remembering which task set it."""
        return [
            t if t.source else t.model_copy(update={"source": f"{self.title}第{task.number}项"})
            for task in self.tasks
            for t in task.targets
        ]


def load_plan(path: Path) -> WorkPlan | None:
    """The plan, or None when the workspace has none; WorkspaceError when it cannot be read."""
    if not path.is_file():
        return None
    try:
        return WorkPlan.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"{path}: 无法解析：{str(exc).splitlines()[0]}") from None
    except ValidationError as exc:
        raise WorkspaceError(f"{path}: {first_error(exc)}") from None
