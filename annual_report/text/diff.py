"""What changed between two texts, as a reader of Chinese sees it: numbers and Latin words are whole tokens,
Chinese is compared character by character, and short runs of common characters inside a rewrite are not
kept as matches (「增长」→「下降」 is one change, not two half-changes around a shared character).

A changed figure is therefore one replaced token: 「审结156件」→「审结160件」 differs in 「156」→「160」 only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

# A number with its decimals, thousands separators and percent sign; a Latin word; white space; else one
# character.
_TOKEN = re.compile(
    r"[0-9０-９]{1,3}(?:,[0-9]{3})+(?:[.．][0-9０-９]+)?%?"
    r"|[0-9０-９]+(?:[.．][0-9０-９]+)?%?"
    r"|[A-Za-z]+|\s+|.",
    re.DOTALL,
)
Tag = Literal["equal", "delete", "insert", "replace"]


@dataclass(frozen=True)
class Change:
    """One stretch of the comparison: `old` and `new` are the texts it covers in each version."""

    tag: Tag
    old: str
    new: str


def tokens(text: str) -> list[str]:
    """`text` cut into tokens; "".join(tokens(text)) == text."""
    return _TOKEN.findall(text)


def _absorb_short_matches(ops: list[list]) -> list[list]:
    """Turn an equal stretch into a change when it is no longer than the changes on both its sides
    (the semantic clean-up of diff-match-patch), until none is left; then merge neighbouring changes."""
    changed = True
    while changed:
        changed = False
        for k in range(1, len(ops) - 1):
            tag, a, b = ops[k]
            if tag != "equal":
                continue
            size = len(a)
            before, after = ops[k - 1], ops[k + 1]
            if before[0] != "equal" and after[0] != "equal" and \
                    size <= max(len(before[1]), len(before[2])) and size <= max(len(after[1]), len(after[2])):
                ops[k] = ["replace", a, b]
                changed = True
        merged: list[list] = []
        for op in ops:
            if merged and op[0] != "equal" and merged[-1][0] != "equal":
                merged[-1] = ["replace", merged[-1][1] + op[1], merged[-1][2] + op[2]]
            else:
                merged.append(op)
        ops = merged
    return ops


def compare(old: str, new: str) -> list[Change]:
    """The changes that turn `old` into `new`, in order; equal stretches included."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops = [[tag, a[i1:i2], b[j1:j2]] for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    changes = []
    for tag, old_part, new_part in _absorb_short_matches(ops):
        kind: Tag = tag if tag == "equal" else "replace" if old_part and new_part else "delete" if old_part \
            else "insert"
        changes.append(Change(kind, "".join(old_part), "".join(new_part)))
    return changes


def likeness(old: str, new: str) -> float:
    """0 (nothing in common) to 1 (equal), by tokens."""
    if old == new:
        return 1.0
    matcher = difflib.SequenceMatcher(None, tokens(old), tokens(new), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() > 0 else 0.0
