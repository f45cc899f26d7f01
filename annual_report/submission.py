"""What one unit submits: counts for catalogue metrics and narrative items for each outline section."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from annual_report.workspace import SectionKey

NARRATIVE_SECTIONS: tuple[SectionKey, ...] = ("achievements", "responsibility", "problems", "next_year", "other")


class NarrativeItem(BaseModel):
    text: str = Field(min_length=1)
    topic: str | None = None  # sub-topic key of 主要举措和成效 (outline.topics)
    tasks: list[str] = Field(default_factory=list)  # numbers of the 工作要点 tasks it reports on


class Contact(BaseModel):
    name: str = ""
    phone: str = ""


class UnitSubmission(BaseModel):
    """A unit's submission after reading and validation; metrics hold only values that passed."""

    unit: str
    year: int
    submitted_at: dt.datetime | None = None
    contact: Contact | None = None
    metrics: dict[str, int] = Field(default_factory=dict)
    achievements: list[NarrativeItem] = Field(default_factory=list)
    responsibility: list[NarrativeItem] = Field(default_factory=list)
    problems: list[NarrativeItem] = Field(default_factory=list)
    next_year: list[NarrativeItem] = Field(default_factory=list)
    other: list[NarrativeItem] = Field(default_factory=list)

    def items(self, section: SectionKey) -> list[NarrativeItem]:
        return getattr(self, section)
