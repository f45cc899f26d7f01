"""Narrative items: a unit's sentences for each outline section, each checked on its own."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from annual_report.config.outline import SECTION_NAMES, SectionKey
from annual_report.submission.context import SCALAR, SubmissionContext, context_of
from annual_report.submission.values import scalar_text
from annual_report.text.hygiene import looks_like_template, strip_illegal_chars


def _text(raw: object, info: ValidationInfo) -> str:
    ctx = context_of(info)
    if raw is not None and (isinstance(raw, bool) or not isinstance(raw, SCALAR)):
        raise PydanticCustomError("bad_type", "条目文字（text）应为一段文字，不能是列表或映射；未采用")
    if raw is None or not str(raw).strip():
        raise PydanticCustomError("empty_text", "条目没有文字内容，未采用")
    text, removed = strip_illegal_chars(str(raw))  # before strip(): it would drop edge controls silently
    text = text.strip()
    if not text:
        raise PydanticCustomError("empty_text", "条目只有控制字符、没有文字内容，未采用")
    if removed:
        ctx.add("control_chars", f"文字中含有 Word 无法保存的控制字符（{'、'.join(sorted(set(removed)))}），"
                                 "已删除；请核对原文", "text")
    if looks_like_template(text):
        ctx.add("template_text", "文字中含有「{{ }}」或「{% %}」等模板标记；系统按原文照录、不会执行，"
                                 "请确认是否为误录入", "text")
    return text


def _known(raw: object, info: ValidationInfo, name: str, known: frozenset[str] | None, rule: str,
           message: str) -> str | None:
    """A key naming one of `known` (None: not checked); an unknown one is a warning and dropped."""
    ctx = context_of(info)
    value = scalar_text(raw, name) or None
    if value is not None and known is not None and value not in known:
        ctx.add(rule, message.format(value=value, known="、".join(sorted(known))), name)
        return None
    return value


def _topic(raw: object, info: ValidationInfo) -> str | None:
    return _known(raw, info, "topic", context_of(info).topics, "unknown_topic",
                  "专题「{value}」不在报告提纲中，该条将归入最后一个专题；可用的专题：{known}")


def _tasks(raw: object, info: ValidationInfo) -> list[str]:
    ctx = context_of(info)
    given = [] if raw is None else raw if isinstance(raw, list) else [raw]
    tasks = [t for item in given if (t := scalar_text(item, "tasks"))]
    unknown = [t for t in tasks if ctx.tasks is not None and t not in ctx.tasks]
    if unknown:
        ctx.add("unknown_task", f"工作要点中没有第{'、'.join(unknown)}项任务；请核对任务编号", "tasks")
    return tasks


def _theme(raw: object, info: ValidationInfo) -> str | None:
    return _known(raw, info, "theme", context_of(info).themes, "unknown_theme",
                  "主题「{value}」不在主题表（themes.yaml）中，按关键词归类；可用的主题：{known}")


TEXT_SCHEMA = {"type": ["string", "number"]}
ITEM_SCHEMA: dict[str, Any] = {"anyOf": [
    TEXT_SCHEMA,
    {"type": "object", "properties": {
        "text": {"anyOf": [TEXT_SCHEMA, {"type": "null"}]},
        "topic": {"type": ["string", "number", "null"]},
        "theme": {"type": ["string", "number", "null"]},
        "tasks": {"anyOf": [{"type": ["string", "number", "null"]},
                            {"type": "array", "items": {"type": ["string", "number", "null"]}}]},
    }},
]}


class NarrativeItem(BaseModel):
    """One thing a unit reports: a sentence or a short paragraph, in a section (and, for 成效, a topic)."""

    text: Annotated[str, BeforeValidator(_text)]
    topic: Annotated[str | None, BeforeValidator(_topic)] = None  # sub-topic of 主要举措和成效
    tasks: Annotated[list[str], BeforeValidator(_tasks)] = Field(default_factory=list)  # 工作要点 task numbers
    theme: Annotated[str | None, BeforeValidator(_theme)] = None  # pins the drafting theme (themes.yaml key)
    _location: str = PrivateAttr(default="")  # its key path: achievements[3]
    _place: str = PrivateAttr(default="")  # where the unit wrote it, when the file says more: 第5段

    @property
    def location(self) -> str:
        return self.__pydantic_private__["_location"]  # direct: pydantic's private-attribute lookup is slow

    @property
    def place(self) -> str:
        """Where the unit wrote it, as the office would look for it: 第5段, 工作表「举措和成效」第7行, or the key path."""
        return self.__pydantic_private__["_place"] or self.location

    def placed_at(self, place: str) -> None:
        self._place = place

    @model_validator(mode="before")
    @classmethod
    def _forms(cls, raw: object, info: ValidationInfo) -> object:
        if isinstance(raw, SCALAR) and not isinstance(raw, bool):
            return {"text": raw}
        if not isinstance(raw, dict):
            raise PydanticCustomError("bad_type", "条目应为文字或含 text 的映射，未采用")
        return known_keys(raw, cls, context_of(info), "条目只有 text、topic、tasks、theme")


def known_keys(raw: dict, model: type[BaseModel], ctx: SubmissionContext, hint: str) -> dict:
    """`raw` without keys the model does not have; each unknown key is a warning."""
    known = {k: v for k, v in raw.items() if str(k) in model.model_fields}
    for key in sorted(str(k) for k in raw if str(k) not in model.model_fields):
        ctx.add("unknown_key", f"未知字段「{key}」，内容未采用；{hint}", key)
    return known


def section_items(raw: object, info: ValidationInfo) -> list[NarrativeItem]:
    """A section's items, each checked on its own: a bad item is a problem and is left out."""
    section: SectionKey = info.field_name  # type: ignore[assignment]
    ctx = context_of(info)
    if raw is None:
        return []
    if isinstance(raw, SCALAR) and not isinstance(raw, bool):
        raw = [raw]
    if not isinstance(raw, list):
        raise PydanticCustomError("bad_type", f"「{SECTION_NAMES[section]}」（{section}）应为条目列表，"
                                              "每条含 text；请参照报送模板")
    items = []
    for index, item in enumerate(raw):
        with ctx.at(section, index):
            try:
                items.append(NarrativeItem.model_validate(item, context=ctx))
            except ValidationError as exc:
                ctx.collect(exc)
            else:
                items[-1]._location = f"{section}[{index}]"
    return items

