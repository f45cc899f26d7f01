"""The metric catalogue: metric definitions, rate formulas and cross-field rules, loaded from data."""

from __future__ import annotations

import operator
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from annual_report.config.yaml_files import load_yaml
from annual_report.findings import Severity

Role = Literal["as_authority", "as_respondent"]

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}
OPERATOR_WORDS = {"<=": "不大于", "<": "小于", ">=": "不小于", ">": "大于", "==": "等于"}


class Group(BaseModel):
    id: str
    name: str


class Scale(BaseModel):
    """Large figures in prose in 万/亿 from `start` on, with at most `decimals` places: 157700 → 15.77万.
    In the catalogue `scale: wan` (from 1万) or `scale: {from: 100000, decimals: 1}`."""

    model_config = {"populate_by_name": True}

    start: int = Field(10_000, alias="from", ge=10_000)
    decimals: int = Field(2, ge=0, le=4)


class Metric(BaseModel):
    """A count that units submit, or a rate defined as numerator / denominator of two counts."""

    id: str
    name: str
    unit: str
    group: str
    definition: str = ""  # one sentence: what exactly is counted (收到 vs 受理 vs 审结, 件 vs 次)
    role: Role | None = None
    numerator: str | None = None
    denominator: str | None = None
    decimals: int | None = Field(None, ge=0, le=4)  # a rate's decimal places; default statistics.percent_decimals
    proportion: bool = True  # a rate whose numerator is part of its denominator: never above 100%
    money: bool = False  # a sum of money: shown in 万/亿 (scale wan) unless `scale` says otherwise
    scale: Scale | None = None  # a count shown in 万/亿 from a threshold
    parts: list[str] = Field(default_factory=list)  # a count that is the sum of these counts
    aliases: list[str] = Field(default_factory=list)  # other names reports and forms use

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None

    @property
    def scaling(self) -> Scale | None:
        """How the figure is scaled in prose: its own rule, 万/亿 for money, else none."""
        return self.scale or (Scale() if self.money else None)

    @field_validator("scale", mode="before")
    @classmethod
    def _scale_word(cls, raw: object) -> object:
        return {} if raw == "wan" else raw

    @model_validator(mode="after")
    def _kind_fits(self) -> Metric:
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError(f"指标 {self.id} 的分子和分母必须同时给出")
        if self.is_rate and (self.money or self.scale or self.parts):
            raise ValueError(f"指标 {self.id} 是比率，不能有 money、scale 或 parts")
        if not self.is_rate and self.decimals is not None:
            raise ValueError(f"指标 {self.id} 是计数，decimals 只用于比率")
        return self


class Rule(BaseModel):
    """A DHIS2-style validation rule: sum(left) OP sum(right)."""

    id: str
    left: str
    op: Literal["<=", "<", ">=", ">", "=="]
    right: str
    severity: Severity = Severity.ERROR
    missing: Literal["skip_if_any_missing", "never_skip"] = "skip_if_any_missing"
    note: str = ""

    @staticmethod
    def _terms(side: str) -> list[str]:
        return [t.strip() for t in side.split("+") if t.strip()]

    @property
    def left_terms(self) -> list[str]:
        return self._terms(self.left)

    @property
    def right_terms(self) -> list[str]:
        return self._terms(self.right)

    def check(self, values: Mapping[str, float]) -> tuple[float, float] | None:
        """Both sides' values when the rule is violated; None when it holds or is skipped."""
        terms = self.left_terms + self.right_terms
        if self.missing == "skip_if_any_missing" and any(t not in values for t in terms):
            return None
        left = sum(values.get(t, 0) for t in self.left_terms)
        right = sum(values.get(t, 0) for t in self.right_terms)
        return None if OPERATORS[self.op](left, right) else (left, right)


class Highlights(BaseModel):
    """What the report singles out: the rates of the key-rates chart, the figures of the run summary."""

    chart: list[str] = Field(default_factory=list)
    summary: list[str] = Field(default_factory=list)


class Catalogue(BaseModel):
    version: str = ""
    roles: dict[Role, str] = Field(default_factory=dict)  # how each role is named in text
    groups: list[Group]
    metrics: list[Metric]
    rules: list[Rule] = Field(default_factory=list)
    highlights: Highlights = Field(default_factory=Highlights)

    @cached_property
    def by_id(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    @cached_property
    def by_name(self) -> dict[str, Metric]:
        """Metrics by Chinese name and alias, as normalised by `name_key`."""
        return {name_key(n): m for m in self.metrics for n in (*m.aliases, m.name)}

    @cached_property
    def group_names(self) -> dict[str, str]:
        return {g.id: g.name for g in self.groups}

    @cached_property
    def combined(self) -> dict[str, list[Metric]]:
        """Each part's id → the combined counts it is a part of."""
        found: dict[str, list[Metric]] = {}
        for m in self.metrics:
            for part in m.parts:
                found.setdefault(part, []).append(m)
        return found

    @property
    def counts(self) -> list[Metric]:
        return [m for m in self.metrics if not m.is_rate]

    @property
    def rates(self) -> list[Metric]:
        return [m for m in self.metrics if m.is_rate]

    def resolve(self, key: str) -> Metric | None:
        """A metric by id, Chinese name or alias (full-width forms and spaces do not matter)."""
        return self.by_id.get(key.strip()) or self.by_name.get(name_key(key))

    @model_validator(mode="after")
    def _references_exist(self) -> Catalogue:
        ids = {m.id for m in self.metrics}
        groups = {g.id for g in self.groups}
        problems = [f"{m.id}: 未知分组 {m.group}" for m in self.metrics if m.group not in groups]
        for m in self.rates:
            for side in (m.numerator, m.denominator):
                target = self.by_id.get(side or "")
                if target is None or target.is_rate:
                    problems.append(f"{m.id}: 分子/分母 {side} 不是目录中的计数指标")
        for r in self.rules:
            problems += [f"规则 {r.id}: 未知指标 {t}" for t in r.left_terms + r.right_terms if t not in ids]
        problems += [f"重点指标 {m}: 不是目录中的指标" for m in self.highlights.chart + self.highlights.summary
                     if m not in ids]
        problems += [f"{m.id}: 没有角色「{m.role}」的名称（roles）" for m in self.metrics
                     if m.role and m.role not in self.roles]
        problems += self._parts_problems()
        if len(ids) != len(self.metrics):
            problems.append("指标编号重复")
        names = Counter(name_key(n) for m in self.metrics for n in {m.name, *m.aliases})
        if repeated := sorted(n for n, count in names.items() if count > 1):
            problems.append(f"指标名称或别名重复：{'、'.join(repeated)}")
        if problems:
            raise ValueError("；".join(problems))
        return self


    def _parts_problems(self) -> list[str]:
        """A combined count's parts: counts of its unit and role that are not combined themselves."""
        problems = []
        for m in self.metrics:
            for part in (self.by_id.get(p) for p in m.parts):
                if part is None or part.is_rate or part.parts or (part.unit, part.role) != (m.unit, m.role):
                    problems.append(f"{m.id}: 分项 {m.parts} 应为同一计量单位、同一角色的计数指标，且本身不是合计")
                    break
        return problems


def name_key(name: str) -> str:
    """A name as compared: NFKC (full-width to half-width), without spaces."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def default_catalogue_path() -> Path:
    return Path(str(resources.files("annual_report.config.data") / "metrics.yaml"))


def load_catalogue(path: Path | None = None, text: str | None = None) -> Catalogue:
    """The catalogue at `path` (default: the shipped one), or in `text` already read from it."""
    path = path or default_catalogue_path()
    return Catalogue.model_validate(load_yaml(text if text is not None else path.read_text(encoding="utf-8")))
