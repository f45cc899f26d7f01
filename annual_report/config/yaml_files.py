"""YAML files: what the program ships or the office keeps (catalogue, themes, sentence templates, plan,
history), read with `yaml.safe_load`'s meaning, and what people write (report.yaml, units' submissions), read
strictly, as people mean it.

Both parse with libyaml where it is built (≈ 5× faster than the pure-Python parser). The strict loader keeps
YAML 1.1's surprises from becoming values: only plain decimal integers and decimals become numbers (「010」,
「0x1F」, 「1:30」, 「1_0」, 「1e3」 stay text, for the number grammar to refuse with a finding); only true/false
become booleans (「yes」「no」「on」 stay text); a key given twice in one mapping is an error with its line,
never "the last one wins".
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """A shipped or office-kept YAML file's content, as `yaml.safe_load` reads it."""
    return yaml.load(text, Loader=SAFE_LOADER)


_BASE = SAFE_LOADER  # the C parser where built
_REPLACED = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class StrictLoader(_BASE):  # type: ignore[misc,valid-type]
    """A safe loader with YAML 1.2-like scalars and no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                continue  # unhashable: the base constructor reports it
            if key in seen:
                raise ConstructorError(
                    "同一映射中", seen[key].start_mark, f"键「{key}」出现了两次，无法确定采用哪一个", key_node.start_mark)
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
StrictLoader.add_constructor("tag:yaml.org,2002:map", StrictLoader.construct_yaml_map)


class TooDeep(ValueError):
    """Collections nested deeper than allowed: refused before they are built."""


def _check_depth(text: str, limit: int) -> None:
    """Walk the parser's events (no recursion, unlike composing, which crashes the C loader at ~100,000
    levels) and stop at the first collection deeper than `limit`."""
    depth = 0
    for event in yaml.parse(text, Loader=StrictLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                raise TooDeep(limit)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_strict(text: str, max_depth: int | None = None) -> object:
    """The document `text` holds; TooDeep when collections nest deeper than `max_depth`."""
    if max_depth is not None:
        _check_depth(text, max_depth)
    return yaml.load(text, Loader=StrictLoader)
