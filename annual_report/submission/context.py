"""Where validation of a submission writes what it finds: problems located by key path, with rule ids."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from annual_report.config.catalogue import Catalogue
from annual_report.findings import Severity

WARNING_RULES = frozenset({
    "unknown_key", "unknown_metric", "rate_submitted", "duplicate_metric", "empty_value", "empty_text",
    "control_chars", "template_text", "unknown_topic", "unknown_task", "unknown_theme", "bad_date",
    "bad_other_figure",
})
INFO_RULES = frozenset({"count_with_unit"})
MISSING_RULES = {"unit": "missing_unit", "year": "missing_year", "text": "empty_text"}
SCALAR = (str, int, float)
Path = tuple[str | int, ...]


def location(path: Path) -> str:
    """A key path as units read it: metrics.lit.lost, achievements[3].text."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Problem:
    path: Path
    rule: str
    message: str
    metric: str = ""  # the metric id concerned

    @property
    def severity(self) -> Severity:
        if self.rule in INFO_RULES:
            return Severity.INFO
        return Severity.WARNING if self.rule in WARNING_RULES else Severity.ERROR


@dataclass
class SubmissionContext:
    """What validation needs from the workspace, and what it found."""

    catalogue: Catalogue | None = None
    year: int | None = None  # the report year
    topics: frozenset[str] | None = None  # outline topic keys
    tasks: frozenset[str] | None = None  # 工作要点 task numbers
    themes: frozenset[str] | None = None  # drafting theme keys
    timezone: str = "Asia/Shanghai"
    problems: list[Problem] = field(default_factory=list)
    given: set[str] = field(default_factory=set)  # metric ids named, valid or not
    keys: dict[str, str] = field(default_factory=dict)  # metric id → the key as written
    qualifiers: dict[str, str] = field(default_factory=dict)  # metric id → 余/以上/约/不足, as written
    figure_map: dict[str, str] = field(default_factory=dict)  # other figures' names (name_key) → metric id
    _path: list[str | int] = field(default_factory=list)

    def add(self, rule: str, message: str, *loc: str | int, metric: str = "") -> None:
        self.problems.append(Problem((*self._path, *loc), rule, message, metric))

    def collect(self, error: ValidationError, *prefix: str | int) -> None:
        """Each error of `error` as a problem located under `prefix`."""
        for e in error.errors():
            path: Path = (*self._path, *prefix, *e["loc"])
            self.problems.append(Problem(path, _rule(e), _message(e, self.year)))

    @contextmanager
    def at(self, *loc: str | int) -> Iterator[None]:
        self._path.extend(loc)
        try:
            yield
        finally:
            del self._path[len(self._path) - len(loc):]


def _rule(error: Any) -> str:
    if error["type"] == "missing":
        return MISSING_RULES.get(str(error["loc"][-1]), "bad_type")
    return error["type"] if error["type"] in _CUSTOM else "bad_type"


def _message(error: Any, year: int | None) -> str:
    rule = _rule(error)
    if error["type"] in _CUSTOM:
        return error["msg"]
    if rule == "missing_unit":
        return "未填写报送单位（unit）；请填写单位编号或全称"
    if rule == "missing_year":
        return f"未填写年度（year）；本次汇编的是 {year} 年度" if year else "未填写年度（year）"
    if rule == "empty_text":
        return "条目没有文字内容，未采用"
    return f"「{location(error['loc'])}」的类型不对，未采用；请参照报送模板"


_CUSTOM = frozenset({
    "bad_type", "missing_unit", "missing_year", "wrong_year", "bad_date", "empty_text", "unknown_key",
})


def context_of(info: ValidationInfo) -> SubmissionContext:
    return info.context if isinstance(info.context, SubmissionContext) else SubmissionContext()


def bad_type(name: str, what: str = "单个值") -> PydanticCustomError:
    return PydanticCustomError("bad_type", f"「{name}」应为{what}，不能是列表或映射；未采用")

