"""How alike two texts are, by the character pairs they share: what merging near-duplicate items, fitting a
Word report's sub-heading to a topic and matching an item to a 工作要点 task by wording compare."""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the words of `text`: punctuation, spaces and control characters (drafting's
    subject marker) left out."""
    norm = _NOT_WORD.sub("", text)
    return frozenset(map(str.__add__, norm, norm[1:])) if len(norm) > 1 else frozenset((norm,))


def cjk_pairs(text: str) -> set[str]:
    """Pairs of adjacent Chinese characters within each run of Chinese characters of `text`."""
    return {run[i : i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}
