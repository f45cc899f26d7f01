"""What a plan import produces: sections, numbered tasks with their units and targets."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from annual_report.config.plan import PlanSection, UnitGroup

Op = Literal["<=", "<", ">=", ">", "=="]


class ImportedTarget(BaseModel):
    phrase: str  # the clause of the task text the target was read from
    metric: str | None = None  # catalogue metric id; None: kept as text
    op: Op | None = None
    value: float | None = None  # a percentage for a rate (90 means 90%), else a count
    unit: str = ""  # "%" or the measure word of the phrase (次, 场, 期 …)


class ImportedTask(BaseModel):
    number: str  # as printed: "21"; a （2） under task 3 is "3(2)"
    section: str | None = None
    parent: str | None = None  # the task a sub-item belongs to
    title: str  # text up to the first 。
    body: str = ""  # the rest
    text: str  # title and body, without the responsible-unit clause
    units_text: str = ""  # the responsible-unit clause as printed
    lead: str | None = None  # unit id (names when there is no registry or the name is unresolved)
    assist: list[str] = Field(default_factory=list)
    groups: list[UnitGroup] = Field(default_factory=list)
    units: list[str] = Field(default_factory=list)  # every responsible unit once, lead first
    unresolved: list[str] = Field(default_factory=list)
    targets: list[ImportedTarget] = Field(default_factory=list)

    @property
    def metric_targets(self) -> list[ImportedTarget]:
        return [t for t in self.targets if t.metric is not None]

    @property
    def text_targets(self) -> list[ImportedTarget]:
        return [t for t in self.targets if t.metric is None]


class ImportedPlan(BaseModel):
    title: str = ""
    year: int | None = None
    preamble: str = ""
    sections: list[PlanSection] = Field(default_factory=list)
    tasks: list[ImportedTask] = Field(default_factory=list)
    unresolved_units: list[str] = Field(default_factory=list)  # names to map in the mapping file
    stray_lines: list[str] = Field(default_factory=list)  # text after the tasks that belongs to none

    def task(self, number: str) -> ImportedTask | None:
        return next((t for t in self.tasks if t.number == number), None)
