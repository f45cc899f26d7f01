"""The submission model itself, and checking one record's data with it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from annual_report.config.outline import SectionKey
from annual_report.submission import values
from annual_report.submission.context import Problem, SubmissionContext, context_of
from annual_report.submission.items import ITEM_SCHEMA, NarrativeItem, known_keys, section_items
from annual_report.submission.metrics import metric_counts
from annual_report.submission.other_figures import (
    OTHER_FIGURES_SCHEMA,
    OtherFigure,
    check_other_figures,
    count_mapped,
)
from annual_report.submission.values import YEAR_PATTERN, Contact

Items = Annotated[list[NarrativeItem], BeforeValidator(section_items),
                  WithJsonSchema({"type": ["string", "number", "array", "null"], "items": ITEM_SCHEMA})]


class UnitSubmission(BaseModel):
    """A unit's submission: counts for catalogue metrics and narrative items for each outline section."""

    model_config = {"json_schema_extra": {"additionalProperties": True,
                                          "description": "未知字段给出警告并忽略；比率由系统计算，无需填写。"}}

    unit: Annotated[str, BeforeValidator(values.unit),
                    WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "integer"}]})]
    year: Annotated[int, BeforeValidator(values.year),
                    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": YEAR_PATTERN}]})]
    submitted_at: Annotated[dt.datetime | None, BeforeValidator(values.submitted_at),
                            WithJsonSchema({"type": ["string", "null"]})] = None
    contact: Annotated[Contact | None, WithJsonSchema({"anyOf": [
        {"type": "string"}, {"type": "null"},
        {"type": "object", "properties": {"name": {"type": ["string", "number", "null"]},
                                          "phone": {"type": ["string", "number", "null"]}}}]})] = None
    # The schema of metrics comes with the catalogue: annual_report.submission.schema.submission_schema.
    metrics: Annotated[dict[str, int], BeforeValidator(metric_counts),
                       WithJsonSchema({"type": ["object", "null"]})] = Field(default_factory=dict)
    achievements: Items = Field(default_factory=list)
    responsibility: Items = Field(default_factory=list)
    problems: Items = Field(default_factory=list)
    next_year: Items = Field(default_factory=list)
    other: Items = Field(default_factory=list)
    # Figures outside the catalogue: shown, never summed (those naming a catalogue metric move to metrics).
    other_figures: Annotated[list[OtherFigure], BeforeValidator(check_other_figures),
                             WithJsonSchema(OTHER_FIGURES_SCHEMA)] = Field(default_factory=list)
    _qualifiers: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _forms(cls, raw: object, info: ValidationInfo) -> object:
        if not isinstance(raw, dict):
            return raw
        return known_keys(raw, cls, context_of(info), "请核对字段名")

    @model_validator(mode="after")
    def _counted(self, info: ValidationInfo) -> UnitSubmission:
        ctx = context_of(info)
        self.other_figures = count_mapped(self.metrics, self.other_figures, ctx)
        self._qualifiers = dict(ctx.qualifiers)
        return self

    @property
    def qualifiers(self) -> dict[str, str]:
        """Metric id → the qualifier (余/以上/约/不足) the unit wrote with its value."""
        return self._qualifiers

    def with_qualifiers(self, qualifiers: dict[str, str]) -> UnitSubmission:
        self._qualifiers = dict(qualifiers)
        return self

    def items(self, section: SectionKey) -> list[NarrativeItem]:
        return getattr(self, section)


FIELDS = frozenset(UnitSubmission.model_fields)
FATAL = frozenset({"unit", "year"})  # without these nothing in the record can be used


def check_submission(data: dict[str, Any], ctx: SubmissionContext) -> UnitSubmission | None:
    """The submission `data` describes, less what cannot be used; every problem lands in `ctx.problems`.

    A field that fails is left out and the rest validated again; without a usable unit or year, None."""
    data = dict(data)
    kept: list[Problem] = []
    while True:
        ctx.problems, ctx.given, ctx.keys, ctx.qualifiers = [], set(), {}, {}
        try:
            submission = UnitSubmission.model_validate(data, context=ctx)
        except ValidationError as exc:
            before = len(ctx.problems)
            ctx.collect(exc)
            failed = {p.path[0] for p in ctx.problems[before:] if p.path}
            if failed & FATAL or not failed & set(data):
                ctx.problems = kept + ctx.problems
                return None
            kept += ctx.problems[before:]
            for key in failed:
                data.pop(key, None)
            continue
        ctx.problems = kept + ctx.problems
        return submission
