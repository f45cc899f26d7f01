"""How alike two texts are, by the character pairs they share: what merging near-duplicate items, fitting a
Word report's sub-heading to a topic and matching an item to a 工作要点 task by wording compare."""

from __future__ import annotations

import re
from itertools import chain

_NOT_WORD = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def bigrams(text: str) -> frozenset[int]:
    """Character bigrams of the words of `text` (punctuation, spaces and control characters, drafting's
    subject marker, left out), each as one number: two UTF-32 code units read as a 64-bit integer, made in C
    (merging compares 50,000 items' bigrams; as two-character strings they took twice as long)."""
    norm = _NOT_WORD.sub("", text)
    n = len(norm)
    if n < 2:
        return frozenset((ord(norm) if norm else 0,))  # below 2**32: never a pair's number
    wide = memoryview(norm.encode("utf-32-le", "surrogatepass"))
    return frozenset(chain(wide[:8 * (n // 2)].cast("Q"), wide[4:4 + 8 * ((n - 1) // 2)].cast("Q")))


def cjk_pairs(text: str) -> set[str]:
    """Pairs of adjacent Chinese characters within each run of Chinese characters of `text`."""
    return {run[i : i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}
