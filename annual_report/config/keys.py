"""Keys of a settings file checked against its pydantic model, nested models included: a key the model does
not know is an error naming the nearest known key (「signature_data：未知字段，是否为 signature_date？」)."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel


def _models(annotation: Any) -> list[Any]:
    """The annotation, or each member of a union."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return list(typing.get_args(annotation))
    return [annotation]


def _where(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _in_value(raw: Any, annotation: Any, path: tuple[str | int, ...]) -> str | None:
    for option in _models(annotation):
        origin, args = typing.get_origin(option), typing.get_args(option)
        if isinstance(option, type) and issubclass(option, BaseModel) and isinstance(raw, dict):
            return unknown_key(raw, option, path)
        if origin is list and args and isinstance(raw, list):
            return next((m for i, item in enumerate(raw) if (m := _in_value(item, args[0], (*path, i)))), None)
        if origin is dict and len(args) == 2 and isinstance(raw, dict):
            return next((m for k, v in raw.items() if (m := _in_value(v, args[1], (*path, str(k))))), None)
    return None


def unknown_key(raw: dict, model: type[BaseModel], path: tuple[str | int, ...] = ()) -> str | None:
    """The first key of `raw` (at any depth) that `model` does not have, as one line; None when all are known."""
    fields = model.model_fields
    for key, value in raw.items():
        name = str(key)
        if name not in fields:
            near = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
            hint = f"是否为 {near[0]}？" if near else f"可用的字段：{'、'.join(fields)}"
            return f"{_where((*path, name))}：未知字段，{hint}"
        found = _in_value(value, fields[name].annotation, (*path, name))
        if found:
            return found
    return None
