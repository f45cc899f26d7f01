"""The registry's unit names, found in a text in time proportional to the text's length."""

from __future__ import annotations

import re
from collections.abc import Iterable


class Names:
    """The registry's names and short names, found in a text in time proportional to the text's length."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(n for n in names if len(n) >= 2)
        self._heads = frozenset(n[:2] for n in self.names)
        self._lengths = sorted({len(n) for n in self.names}, reverse=True)
        self._by_last: dict[str, list[int]] = {}
        for name in self.names:
            lengths = self._by_last.setdefault(name[-1], [])
            if len(name) not in lengths:
                lengths.append(len(name))
        self._ends = re.compile(f"[{re.escape(''.join(self._by_last))}]" if self._by_last else "(?!)")

    def at_start(self, text: str) -> bool:
        return text[:2] in self._heads and any(text[:n] in self.names for n in self._lengths)

    def found_in(self, text: str) -> set[str]:
        found = set()
        for match in self._ends.finditer(text):
            end = match.end()
            for length in self._by_last[match.group()]:
                if length <= end and text[end - length : end] in self.names:
                    found.add(text[end - length : end])
        return found


NO_NAMES = Names(())
