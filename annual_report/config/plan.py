"""The year's 工作要点 (work plan): sections, numbered tasks, responsible units and targets, from plan.yaml
(written by hand, or by `annual-report plan import` from the plan's Word or text file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from annual_report.config.workspace import Target, WorkspaceError, first_error, read_yaml_source


class PlanSection(BaseModel):
    number: str  # as printed: 「一」, or 「二(一)」 for a （一） heading under 二、
    title: str


class UnitGroup(BaseModel):
    """A collective name such as 各乡镇（街道） or 各部门, expanded to registry units where a kind fits."""

    name: str
    role: Literal["lead", "assist"]
    kinds: list[str] = Field(default_factory=list)  # registry kind ids the group was expanded to
    units: list[str] = Field(default_factory=list)  # registry unit ids of those kinds


class PlanTask(BaseModel):
    number: str  # task number as printed in the plan, e.g. "21" (not `no`: YAML reads that key as false)
    text: str
    title: str = ""  # the text up to its first 。
    section: str | None = None  # number of the section it is under
    parent: str | None = None  # the task a sub-item (「（2）」) belongs to
    units: list[str] = Field(default_factory=list)  # 责任单位 ids, lead first
    lead: str | None = None  # 牵头单位
    assist: list[str] = Field(default_factory=list)  # 配合单位
    groups: list[UnitGroup] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    target_texts: list[str] = Field(default_factory=list)  # targets stated in words no metric fits
    unresolved: list[str] = Field(default_factory=list)  # unit names not found in the registry

    @property
    def label(self) -> str:
        return self.title or self.text


class WorkPlan(BaseModel):
    title: str = ""
    year: int | None = None
    sections: list[PlanSection] = Field(default_factory=list)
    tasks: list[PlanTask] = Field(default_factory=list)
    unresolved_units: list[str] = Field(default_factory=list)

    @property
    def targets(self) -> list[Target]:
        """Every task's targets, each remembering which task set it."""
        return [
            t if t.source else t.model_copy(update={"source": f"{self.title}第{task.number}项"})
            for task in self.tasks
            for t in task.targets
        ]


def load_plan(path: Path, sources: dict[str, str] | None = None) -> WorkPlan | None:
    """The plan, or None when the workspace has none; WorkspaceError when it cannot be read. The SHA-256 of the
    bytes read goes into `sources` under 「plan.yaml」 (for the manifest)."""
    if not path.is_file():
        return None
    data = read_yaml_source(path, sources if sources is not None else {})
    try:
        return WorkPlan.model_validate(data or {})
    except ValidationError as exc:
        raise WorkspaceError(f"{path}: {first_error(exc)}") from None
