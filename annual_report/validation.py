"""Validation: every record checked field by field, then each unit's merged figures against the catalogue.

All findings are collected (never stopping at the first); a unit with an error keeps its place in the
status table but its figures stay out of the totals.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from annual_report.catalogue import OPERATOR_WORDS, Metric
from annual_report.findings import Finding, Severity, has_errors
from annual_report.intake import FileIntake, RawRecord
from annual_report.plan import WorkPlan
from annual_report.submission import NARRATIVE_SECTIONS, Contact, NarrativeItem, UnitSubmission
from annual_report.text import looks_like_template, strip_illegal_chars
from annual_report.workspace import Unit, Workspace

MAX_COUNT = 10**12  # no count in a year's report comes near this; larger means a typing slip
KNOWN_KEYS = {"unit", "year", "submitted_at", "contact", "metrics", *NARRATIVE_SECTIONS}
ITEM_KEYS = {"text", "topic", "tasks"}
SECTION_NAMES = {
    "achievements": "主要举措和成效",
    "responsibility": "第一责任人履职情况",
    "problems": "存在的不足和原因",
    "next_year": "下一年度安排",
    "other": "其他需要报告的情况",
}


class UnitStatus(StrEnum):
    SUBMITTED = "已提交"
    MISSING = "缺报"
    ERROR = "有错误"
    WARNING = "有警告"


@dataclass
class UnitResult:
    """One registry unit after validation."""

    unit: Unit
    submission: UnitSubmission | None = None
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    received_at: dt.datetime | None = None  # submitted_at, else the newest file's modification time

    @property
    def status(self) -> UnitStatus:
        if self.submission is None and not self.files:
            return UnitStatus.MISSING
        if has_errors(self.findings):
            return UnitStatus.ERROR
        if any(f.severity is Severity.WARNING for f in self.findings):
            return UnitStatus.WARNING
        return UnitStatus.SUBMITTED

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """Warnings about what the unit sent (being missing is its status, not a warning)."""
        return sum(f.severity is Severity.WARNING and f.rule != "missing_submission" for f in self.findings)

    @property
    def figures_valid(self) -> bool:
        """The unit's figures count in the totals."""
        return self.submission is not None and not has_errors(self.findings)


@dataclass
class ValidationReport:
    units: dict[str, UnitResult]  # registry order
    findings: list[Finding]  # every finding, including files that name no known unit

    @property
    def submissions(self) -> dict[str, UnitSubmission]:
        """Every unit's accepted submission (narrative is used even when figures are excluded)."""
        return {k: r.submission for k, r in self.units.items() if r.submission is not None}

    @property
    def valid_units(self) -> list[str]:
        return [k for k, r in self.units.items() if r.figures_valid]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)


@dataclass
class _Checked:
    """A record after field checks: its unit, parsed values and findings."""

    record: RawRecord
    unit: Unit | None
    findings: list[Finding]
    metrics: dict[str, int]
    given: set[str]  # metric ids the record named, valid or not
    fields: dict[str, Any]
    submitted_at: dt.datetime | None
    reject: bool = False  # wrong year: nothing from this record is used

    @property
    def received_at(self) -> dt.datetime:
        return self.submitted_at or self.record.modified


class _RecordChecker:
    """Checks one raw record; collects findings instead of raising."""

    def __init__(self, record: RawRecord, ws: Workspace, plan: WorkPlan | None) -> None:
        self.record = record
        self.ws = ws
        self.plan_tasks = {t.number for t in plan.tasks} if plan else None
        self.findings: list[Finding] = []
        self.given: set[str] = set()
        unit = record.data.get("unit")
        self.unit_label = str(unit) if isinstance(unit, str | int) else ""

    def add(self, path: str, rule: str, severity: Severity, message: str) -> None:
        self.findings.append(Finding(unit=self.unit_label, file=self.record.file,
                                     location=self.record.where(path), rule=rule, severity=severity,
                                     message=message, metric=path.removeprefix("metrics.")
                                     if path.startswith("metrics.") else ""))

    def scalar(self, path: str, value: object) -> str | None:
        """A single value as text; a list or mapping where one value belongs is a finding, never str()'d."""
        if isinstance(value, str | int | float | dt.date):
            return str(value)
        if value is not None:
            self.add(path, "bad_type", Severity.ERROR, f"「{path}」应为单个值，不能是列表或映射；未采用")
        return None

    def run(self) -> _Checked:
        data = self.record.data
        unit = self._unit(data.get("unit"))
        reject = self._year(data.get("year"))
        for key in sorted(set(data) - KNOWN_KEYS):
            self.add(key, "unknown_key", Severity.WARNING, f"未知字段「{key}」，内容未采用；请核对字段名")
        fields: dict[str, Any] = {}
        if self.record.kind == "submission":
            fields = {s: self._section(s, data.get(s)) for s in NARRATIVE_SECTIONS}
            fields["contact"] = self._contact(data.get("contact"))
        metrics = self._metrics(data.get("metrics"))
        return _Checked(record=self.record, unit=unit, findings=self.findings, metrics=metrics,
                        given=self.given, fields=fields,
                        submitted_at=self._submitted_at(data.get("submitted_at")), reject=reject)

    def _unit(self, value: object) -> Unit | None:
        value = self.scalar("unit", value)
        if value is None or value.strip() == "":
            self.add("unit", "missing_unit", Severity.ERROR, "未填写报送单位（unit）；请填写单位编号或全称")
            return None
        unit = self.ws.config.find_unit(value)
        if unit is None:
            self.add("unit", "unknown_unit", Severity.ERROR,
                     f"单位「{value}」不在本次汇编的单位名录中；请使用 report.yaml 中的单位编号、全称或简称")
        else:
            self.unit_label = unit.id
        return unit

    def _year(self, value: object) -> bool:
        expected = self.ws.config.year
        if isinstance(value, list | dict):
            self.scalar("year", value)
            return True
        if value is None or value == "":
            if self.record.kind == "submission":
                self.add("year", "missing_year", Severity.ERROR, f"未填写年度（year）；本次汇编的是 {expected} 年度")
                return True
            return False
        try:
            year = int(unicodedata.normalize("NFKC", str(value)).strip().removesuffix("年"))
        except ValueError:
            year = None
        if year != expected:
            self.add("year", "wrong_year", Severity.ERROR,
                     f"年度为「{value}」，本次汇编的是 {expected} 年度；请确认是否提交了其他年度的材料")
            return True
        return False

    def _submitted_at(self, value: object) -> dt.datetime | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time())
        text = self.scalar("submitted_at", value)
        try:
            return dt.datetime.fromisoformat((text or "").strip()).replace(tzinfo=None)
        except ValueError:
            self.add("submitted_at", "bad_date", Severity.WARNING,
                     f"报送时间「{value}」无法识别，已改用文件修改时间；格式如 2025-02-20 或 2025-02-20T09:30")
            return None

    def _contact(self, value: object) -> Contact | None:
        if value is None:
            return None
        if isinstance(value, str):
            return Contact(name=value)
        if isinstance(value, dict):
            return Contact(name=self.scalar("contact.name", value.get("name")) or "",
                           phone=self.scalar("contact.phone", value.get("phone")) or "")
        self.add("contact", "bad_type", Severity.WARNING, "联系人（contact）应为姓名或 name/phone 映射，未采用")
        return None

    def _metrics(self, value: object) -> dict[str, int]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add("metrics", "bad_type", Severity.ERROR,
                     "指标（metrics）应为「指标编号: 数值」的映射；请参照报送模板填写")
            return {}
        out: dict[str, int] = {}
        for key, raw in value.items():
            path = f"metrics.{key}"
            metric = self.ws.catalogue.resolve(str(key))
            if metric is None:
                self.add(path, "unknown_metric", Severity.WARNING,
                         f"「{key}」不是指标目录中的指标，该项数据未采用；请核对指标编号")
            elif metric.is_rate:
                self.add(path, "rate_submitted", Severity.WARNING,
                         f"「{metric.name}」是比率，由系统按「{self._name(metric.numerator)}÷"
                         f"{self._name(metric.denominator)}」计算，无需填写；已忽略所填的值，请填写分子和分母")
            else:
                self.given.add(metric.id)
                count = self._count(path, metric, raw)
                if count is not None:
                    out[metric.id] = count
        return out

    def _name(self, metric_id: str | None) -> str:
        return self.ws.catalogue.by_id[metric_id or ""].name

    def _count(self, path: str, metric: Metric, raw: object) -> int | None:
        label = f"「{metric.name}」"
        number: int | float | None = None
        if raw is None or raw == "":
            self.add(path, "empty_value", Severity.WARNING, f"{label}没有填写数值；如为零请填 0")
            return None
        if isinstance(raw, list | dict):
            raw = "列表或映射"
        if isinstance(raw, bool):
            number = None
        elif isinstance(raw, int | float):
            number = raw
        elif isinstance(raw, str):
            text = unicodedata.normalize("NFKC", raw).strip().replace(",", "").replace(" ", "")
            try:
                number = float(text)
            except (ValueError, OverflowError):
                number = None
        if number is None or (isinstance(number, float) and not math.isfinite(number)):
            self.add(path, "non_numeric", Severity.ERROR,
                     f"{label}的值「{raw}」不是数字；请只填写阿拉伯数字（单位：{metric.unit}），不要带文字")
            return None
        if number < 0:
            self.add(path, "negative", Severity.ERROR, f"{label}为负数（{raw}）；{metric.unit}数不能小于 0")
            return None
        if isinstance(number, float) and not number.is_integer():
            self.add(path, "fractional", Severity.ERROR, f"{label}为小数（{raw}）；请填写整数（单位：{metric.unit}）")
            return None
        if number > MAX_COUNT:
            self.add(path, "too_large", Severity.ERROR,
                     f"{label}为 {raw}，超过 {MAX_COUNT:.0e} 的合理上限；请核对是否多填了位数")
            return None
        return int(number)

    def _section(self, section: str, value: object) -> list[NarrativeItem]:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(section, "bad_type", Severity.ERROR,
                     f"「{SECTION_NAMES[section]}」（{section}）应为条目列表，每条含 text；请参照报送模板")
            return []
        items = []
        for i, raw in enumerate(value):
            item = self._item(f"{section}[{i}]", raw)
            if item is not None:
                items.append(item)
        return items

    def _item(self, path: str, raw: object) -> NarrativeItem | None:
        if isinstance(raw, str):
            raw = {"text": raw}
        if not isinstance(raw, dict):
            self.add(path, "bad_type", Severity.ERROR, "条目应为文字或含 text 的映射，未采用")
            return None
        for key in sorted(set(map(str, raw)) - ITEM_KEYS):
            self.add(f"{path}.{key}", "unknown_key", Severity.WARNING, f"未知字段「{key}」，内容未采用；条目只有 text、topic、tasks")
        text = self._text(f"{path}.text", raw.get("text"))
        if text is None:
            return None
        topic = raw.get("topic")
        topic = self.scalar(f"{path}.topic", topic)
        topic = None if topic is None else topic.strip()
        if topic is not None and topic not in self.ws.config.outline.topic_keys:
            self.add(f"{path}.topic", "unknown_topic", Severity.WARNING,
                     f"专题「{topic}」不在报告提纲中，该条将归入最后一个专题；可用的专题：{'、'.join(sorted(self.ws.config.outline.topic_keys))}")
            topic = None
        return NarrativeItem(text=text, topic=topic, tasks=self._tasks(f"{path}.tasks", raw.get("tasks")))

    def _text(self, path: str, raw: object) -> str | None:
        if raw is not None and not isinstance(raw, str | int | float):
            self.add(path, "bad_type", Severity.ERROR, "条目文字（text）应为一段文字，不能是列表或映射；未采用")
            return None
        if raw is None or not str(raw).strip():
            self.add(path, "empty_text", Severity.WARNING, "条目没有文字内容，未采用")
            return None
        text, removed = strip_illegal_chars(str(raw))  # before strip(): it would drop edge controls silently
        text = text.strip()
        if not text:
            self.add(path, "empty_text", Severity.WARNING, "条目只有控制字符、没有文字内容，未采用")
            return None
        if removed:
            self.add(path, "control_chars", Severity.WARNING,
                     f"文字中含有 Word 无法保存的控制字符（{'、'.join(sorted(set(removed)))}），已删除；请核对原文")
        if looks_like_template(text):
            self.add(path, "template_text", Severity.WARNING,
                     "文字中含有「{{ }}」或「{% %}」等模板标记；系统按原文照录、不会执行，请确认是否为误录入")
        return text

    def _tasks(self, path: str, raw: object) -> list[str]:
        if raw is None:
            return []
        given = raw if isinstance(raw, list) else [raw]
        tasks = [t.strip() for i, item in enumerate(given) if (t := self.scalar(f"{path}[{i}]", item)) is not None]
        if self.plan_tasks is not None:
            unknown = [t for t in tasks if t not in self.plan_tasks]
            if unknown:
                self.add(path, "unknown_task", Severity.WARNING,
                         f"工作要点中没有第{'、'.join(unknown)}项任务；请核对任务编号")
        return tasks


def _merge_unit(unit: Unit, checked: list[_Checked], ws: Workspace) -> UnitResult:
    """Choose the newest submission, merge statistics tables into it, then run unit-level rules."""
    result = UnitResult(unit=unit, files=sorted({c.record.file for c in checked}))
    usable = [c for c in checked if not c.reject]
    narratives = sorted((c for c in usable if c.record.kind == "submission"), key=lambda c: c.received_at,
                        reverse=True)
    # Older submissions, including rejected ones (wrong year) that a newer usable one corrects.
    discarded = narratives[1:] + [c for c in checked if c.reject and c.record.kind == "submission"
                                  and narratives and c.received_at < narratives[0].received_at]
    result.findings = [f for c in checked if c not in discarded for f in c.findings]
    # When the unit's material arrived: its chosen submission, else the newest file that named it.
    result.received_at = (narratives[0] if narratives else max(checked, key=lambda c: c.received_at)).received_at
    for older in discarded:
        chosen = narratives[0]
        result.findings.append(Finding(
            unit=unit.id, file=older.record.file, rule="duplicate", severity=Severity.WARNING,
            message=f"同一单位有多份报送，已采用较新的「{chosen.record.file}」"
                    f"（{chosen.received_at:%Y-%m-%d %H:%M}），本文件未采用"))
    if not usable:
        return result
    sources = narratives[:1] + sorted((c for c in usable if c.record.kind == "statistics"),
                                      key=lambda c: c.received_at)
    metrics: dict[str, int] = {}
    origin: dict[str, _Checked] = {}
    for c in sources:
        for metric_id, value in c.metrics.items():
            prev = origin.get(metric_id)
            if prev is not None and metrics[metric_id] != value:
                newer = c if c.received_at >= prev.received_at else prev
                result.findings.append(Finding(
                    unit=unit.id, file=c.record.file, location=c.record.where(f"metrics.{metric_id}"),
                    metric=metric_id, rule="conflict", severity=Severity.WARNING,
                    message=f"「{ws.catalogue.by_id[metric_id].name}」在「{prev.record.file}」中为 "
                            f"{metrics[metric_id]}，在本文件中为 {value}；已采用较新文件「{newer.record.file}」"
                            "的数值，请核实"))
                if newer is prev:
                    continue
            metrics[metric_id] = value
            origin[metric_id] = c
    base = narratives[0] if narratives else sources[0]
    result.submission = UnitSubmission(unit=unit.id, year=ws.config.year, submitted_at=base.submitted_at,
                                       metrics=metrics, **base.fields)
    given = set().union(*(c.given for c in sources))
    result.findings += _unit_rules(result.submission, unit, given, origin, base, ws)
    return result


def _unit_rules(sub: UnitSubmission, unit: Unit, given: set[str], origin: dict[str, _Checked],
                base: _Checked, ws: Workspace) -> list[Finding]:
    findings = []
    names = ws.catalogue.by_id

    def where(metric_id: str) -> tuple[str, str]:
        c = origin.get(metric_id, base)
        return c.record.file, c.record.where(f"metrics.{metric_id}")

    for metric_id in ws.config.kinds[unit.kind].required:
        if metric_id not in given:
            findings.append(Finding(
                unit=unit.id, file=base.record.file, location=f"metrics.{metric_id}", metric=metric_id,
                rule="missing_metric", severity=Severity.WARNING,
                message=f"缺少「{names[metric_id].name}」（{metric_id}）；{ws.config.kinds[unit.kind].name}必须填报此项，没有发生请填 0"))
    for rule in ws.catalogue.rules:
        violated = rule.check(sub.metrics)
        if violated is None:
            continue
        left, right = violated
        file, location = where(rule.left_terms[0])
        left_names = "与".join(names[t].name for t in rule.left_terms)
        right_names = "与".join(names[t].name for t in rule.right_terms)
        note = f"（{rule.note}）" if rule.note else ""
        findings.append(Finding(
            unit=unit.id, file=file, location=location, metric=rule.left_terms[0], rule=rule.id,
            severity=rule.severity,
            message=f"{left_names}（{left}）应{OPERATOR_WORDS[rule.op]}{right_names}（{right}）；"
                    f"请核对这两个数字{note}"))
    if base.record.kind == "statistics":
        findings.append(Finding(
            unit=unit.id, file=base.record.file, rule="no_narrative", severity=Severity.WARNING,
            message=f"只收到{unit.name}的统计数据，未收到文字材料（举措成效、问题、下一年度安排）；请催报"))
    else:
        required_sections = ["achievements", "problems", "next_year"]
        if ws.config.outline.form == "five_part":
            required_sections.insert(1, "responsibility")
        for section in required_sections:
            if not sub.items(section):
                findings.append(Finding(
                    unit=unit.id, file=base.record.file, location=section, rule="empty_section",
                    severity=Severity.WARNING,
                    message=f"「{SECTION_NAMES[section]}」（{section}）没有内容；请补充至少一条"))
        in_outline = {s.key for s in ws.config.outline.sections}
        for section in NARRATIVE_SECTIONS:
            if section not in in_outline and sub.items(section):
                findings.append(Finding(
                    unit=unit.id, file=base.record.file, location=section, rule="not_in_outline",
                    severity=Severity.WARNING,
                    message=f"本年度报告提纲没有「{SECTION_NAMES[section]}」部分，这{len(sub.items(section))}条内容"
                            "不会写入报告；如需写入，请并入其他部分"))
    return findings


def _unreadable_file_unit(ws: Workspace, finding: Finding) -> Unit | None:
    """The unit a file that could not be read belongs to, when its name says so (sfj.xlsx, 市司法局.csv)."""
    if finding.unit or not finding.file:
        return None
    return ws.config.find_unit(PurePosixPath(finding.file).stem)


def validate(ws: Workspace, intakes: Iterable[FileIntake], plan: WorkPlan | None = None) -> ValidationReport:
    """Check every record of every file and assemble one result per registry unit."""
    loose: list[Finding] = []
    unreadable: dict[str, list[Finding]] = {}  # unit id → findings of its files that yielded no record
    by_unit: dict[str, list[_Checked]] = {}
    for intake in intakes:
        for finding in intake.findings:
            unit = _unreadable_file_unit(ws, finding)
            if unit is None:
                loose.append(finding)
            else:
                unreadable.setdefault(unit.id, []).append(finding.model_copy(update={"unit": unit.id}))
        for record in intake.records:
            checked = _RecordChecker(record, ws, plan).run()
            if checked.unit is None:
                loose += checked.findings
            else:
                by_unit.setdefault(checked.unit.id, []).append(checked)
    units: dict[str, UnitResult] = {}
    for unit in ws.config.units:
        if unit.id in by_unit:
            result = _merge_unit(unit, by_unit[unit.id], ws)
        elif unit.id in unreadable:
            result = UnitResult(unit=unit)
        else:
            result = UnitResult(unit=unit, findings=[Finding(
                unit=unit.id, rule="missing_submission", severity=Severity.WARNING,
                message=f"{unit.name}未报送材料（截止 {ws.config.deadline:%Y-%m-%d}）")])
        extra = unreadable.get(unit.id, [])
        result.findings = extra + result.findings
        result.files = sorted({*result.files, *(f.file for f in extra)})
        units[unit.id] = result
    findings = loose + [f for r in units.values() for f in r.findings]
    return ValidationReport(units=units, findings=findings)
