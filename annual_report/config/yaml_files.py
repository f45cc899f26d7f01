"""YAML and JSON files: what the program ships (catalogue, themes, sentence templates, release rules), read with
`yaml.safe_load`'s meaning, and what people write (report.yaml, plan.yaml, history, units' submissions), read
strictly, as people mean it.

The strict YAML loader builds the document in one pass over the events of libyaml's C parser (where built;
the pure-Python parser otherwise), checking as it goes, rather than composing a node tree and constructing
it in Python:

* only plain decimal integers and decimals become numbers (「010」「0x1F」「1:30」「1_0」「1e3」 stay text,
  for the number grammar to refuse with a finding); only true/false are booleans (「yes」「no」「on」 stay
  text); a date that is no real day (「2025-02-30」) stays text, for the field it is in to say so;
* no tags: 「!!int 010」, 「!!python/…」 or any 「!」 is a `syntax` error with its line, never a silent 8;
* a key given twice in one mapping is an error with its line, never "the last one wins"; a key must be
  text or a number; `<<` is an ordinary key;
* collections nest at most `max_depth` deep (refused at the first deeper one, before anything is built),
  an alias may not refer to the collection it is in, and aliases may not expand past `MAX_NODES` nodes
  (「billion laughs」); one document per file.

JSON as people write it is read the same way: a key given twice in one object is a syntax error with its
line and column (`load_json`).
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 1_000_000  # values a document may hold with its aliases expanded


def load_yaml(text: str) -> Any:
    """A shipped YAML file's content, as `yaml.safe_load` reads it."""
    return yaml.load(text, Loader=SAFE_LOADER)


class TooDeep(ValueError):
    """Collections nested deeper than allowed: refused before they are built."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"嵌套层级超过{limit}层")


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_TIMES = SafeConstructor()  # its timestamp constructor reads YAML 1.1 timestamps


def _timestamp(text: str) -> object:
    try:
        return _TIMES.construct_yaml_timestamp(ScalarNode("tag:yaml.org,2002:timestamp", text))
    except (ValueError, OverflowError):
        return text  # 2025-02-30: no real day; the field that holds it says so


def plain(text: str) -> object:
    """A plain (unquoted) scalar as people mean it."""
    if text in _NULLS:
        return None
    first = text[0]
    if first in "-+.0123456789":
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
        if _TIMESTAMP.fullmatch(text):
            return _timestamp(text)
        return text
    return _BOOLS.get(text, text)


def _error(problem: str, event: Any) -> ConstructorError:
    return ConstructorError(None, None, problem, event.start_mark)


class _Frame:
    """A collection being built: a mapping waits for a key, then its value."""

    __slots__ = ("anchor", "container", "key", "key_mark", "marks", "start")

    def __init__(self, container: dict | list, anchor: str | None, start: int) -> None:
        self.container, self.anchor, self.start = container, anchor, start
        self.key: object = None
        self.key_mark: Any = None  # set while a mapping's value is awaited
        self.marks: dict[object, Any] = {}


class _Builder:
    """The document's value built from parser events, checked on the way (see the module's docstring)."""

    def __init__(self, max_depth: int | None) -> None:
        self.max_depth = max_depth if max_depth is not None else 1 << 30
        self.anchors: dict[str, tuple[object, int]] = {}  # anchor → (value, nodes it holds)
        self.open: set[int] = set()  # collections still being built (an alias to one would be a cycle)
        self.nodes = 0
        self.documents = 0

    def build(self, get_event: Callable[[], Any]) -> object:
        """Read events up to the end of the stream: one document's value (None for an empty stream)."""
        stack: list[_Frame] = []
        result: object = None
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                if event.tag is not None:
                    raise _tagged(event)
                value = plain(event.value) if event.implicit[0] else event.value
                self.nodes += 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = self.close(stack.pop())
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                stack.append(self.begin(event, kind is MappingStartEvent, len(stack)))
                continue
            elif kind is AliasEvent:
                value = self.alias(event)
            elif kind is StreamEndEvent:
                return result
            else:
                self.other(event)
                continue
            if not stack:
                result = value
                continue
            frame = stack[-1]
            container = frame.container
            if container.__class__ is list:
                container.append(value)  # type: ignore[union-attr]
            elif frame.key_mark is None:
                self.key(frame, value, event)
            else:
                container[frame.key] = value  # type: ignore[index]
                frame.key_mark = None

    def begin(self, event: Any, mapping: bool, depth: int) -> _Frame:
        if event.tag is not None:
            raise _tagged(event)
        if depth + 1 > self.max_depth:
            raise TooDeep(self.max_depth)
        container: dict | list = {} if mapping else []
        self.open.add(id(container))
        if event.anchor is not None:
            self.anchors[event.anchor] = (container, 1)
        self.nodes += 1
        return _Frame(container, event.anchor, self.nodes)

    def close(self, frame: _Frame) -> object:
        self.open.discard(id(frame.container))
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.start + 1)
        return frame.container

    def alias(self, event: Any) -> object:
        if event.anchor not in self.anchors:
            raise _error(f"别名「*{event.anchor}」没有对应的锚点（&{event.anchor}）", event)
        value, nodes = self.anchors[event.anchor]
        if id(value) in self.open:
            raise _error(f"别名「*{event.anchor}」引用了包含它自身的内容", event)
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            raise _error(f"别名（*）展开后超过 {MAX_NODES:,} 项，不是正常的文件", event)
        return value

    def other(self, event: Any) -> None:
        """Stream and document boundaries: one document only."""
        if event.__class__ is DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise _error("文件中只能有一个 YAML 文档（出现了第二个 ---）", event)
        elif event.__class__ not in (StreamStartEvent, DocumentEndEvent):
            raise _error(f"无法识别的 YAML 内容（{type(event).__name__}）", event)

    @staticmethod
    def key(frame: _Frame, value: object, event: Any) -> None:
        if isinstance(value, list | dict):
            raise _error("映射的键应为文字或数字，不能是列表或映射", event)
        if value in frame.container:
            raise ConstructorError("同一映射中", frame.marks[value], f"键「{value}」出现了两次，无法确定采用哪一个",
                                   event.start_mark)
        frame.key, frame.key_mark = value, event.start_mark
        frame.marks[value] = event.start_mark


class StrictLoader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """For composing a node tree with line numbers (plan-mapping.yaml): scalars resolved as `plain` reads
    them (no YAML 1.1 integers, floats or booleans beyond the strict forms)."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith((":int", ":float", ":bool"))]
    for first, resolvers in SAFE_LOADER.yaml_implicit_resolvers.items()
}
for _tag, _pattern, _firsts in (("int", _INT, "-+0123456789"), ("float", _FLOAT, "-+0123456789."),
                                ("bool", re.compile("|".join(_BOOLS)), "tTfF")):
    StrictLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern.pattern})$"),
                                       list(_firsts))


def _tagged(event: Any) -> ConstructorError:
    return _error(f"不支持 YAML 标签「{event.tag.replace('tag:yaml.org,2002:', '!!')}」；请直接写数值或文字", event)


def load_strict(text: str, max_depth: int | None = None) -> object:
    """The document `text` holds, read strictly; yaml.YAMLError (with its line) when it cannot be, TooDeep
    when collections nest deeper than `max_depth`."""
    parser = SAFE_LOADER(text)
    try:
        return _Builder(max_depth).build(parser.get_event)
    finally:
        parser.dispose()


# --- JSON ---------------------------------------------------------------------------------------------

class DuplicateKey(ValueError):
    """A JSON object names a key twice; `line`, `column` (from 1) locate the second one."""

    def __init__(self, key: str, line: int = 0, column: int = 0) -> None:
        super().__init__(f"同一对象中键「{key}」出现了两次")
        self.key, self.line, self.column = key, line, column


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


def _second_key(text: str, start: int, key: str) -> int:
    """Where `key` is named the second time among the keys of the object that opens at `start`."""
    depth, i, seen = 0, start, 0
    while i < len(text):
        char = text[i]
        if char == '"':
            value, end = json.decoder.scanstring(text, i + 1, False)
            rest = text[end:end + 64].lstrip()
            if depth == 1 and rest.startswith(":") and value == key:
                seen += 1
                if seen == 2:
                    return i
            i = end
            continue
        depth += char in "{["
        depth -= char in "}]"
        if depth == 0:
            break
        i += 1
    return start


def _locate(text: str, key: str) -> DuplicateKey:
    """The duplicate found again with a decoder that knows where each object starts."""
    decoder = json.JSONDecoder(strict=False)
    found: list[DuplicateKey] = []

    def parse_object(state: tuple[str, int], strict: bool, scan_once: Any, _hook: Any, _pairs: Any, memo: Any
                     ) -> tuple[dict[str, Any], int]:
        result, end = json.decoder.JSONObject(state, strict, scan_once, None, list, memo)
        keys = [k for k, _ in result]
        if not found and len(keys) != len(set(keys)):
            twice = next(k for i, k in enumerate(keys) if k in keys[:i])
            at = _second_key(text, state[1] - 1, twice)
            found.append(DuplicateKey(twice, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1))
        return dict(result), end

    decoder.parse_object = parse_object  # type: ignore[method-assign,assignment]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    decoder.decode(text)
    return found[0] if found else DuplicateKey(key)


def load_json(text: str) -> Any:
    """A JSON text people wrote: control characters allowed in strings; json.JSONDecodeError for bad syntax,
    DuplicateKey (located) for a key given twice in one object."""
    try:
        return json.loads(text, strict=False, object_pairs_hook=_unique)
    except DuplicateKey as exc:
        raise _locate(text, exc.key) from None


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, str]:
    """(「第3行 第5列」 or "", the problem) of a YAML error, for one-line messages."""
    mark = getattr(exc, "problem_mark", None)
    where = f"第{mark.line + 1}行 第{mark.column + 1}列" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if not isinstance(exc, ConstructorError):  # the parser's own words: where to look
        problem += "；请检查缩进和冒号"
    return where, problem
