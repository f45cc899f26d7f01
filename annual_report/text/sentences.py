"""Sentences of Chinese prose: one splitter for every reader of units' text (intake, figure checks, drafting).

A sentence ends at 。！？ (and half-width !?); `clauses` also ends one at ；; (the parts of a listing sentence,
each of which can state its own figure).
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_CLAUSE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
SENTENCE_END = "。！？；…."


def sentences(text: str, clauses: bool = False) -> list[str]:
    """The sentences of `text` (with `clauses`, its ；-separated parts), each with its closing mark."""
    return (_CLAUSE if clauses else _SENTENCE).findall(text)


def first_sentence(text: str) -> str:
    """The text up to and including its first sentence end ("" for a text that opens with one)."""
    found = _SENTENCE.match(text)
    return found.group(0) if found else ""


def as_sentence(text: str) -> str:
    """The text ending in full-width sentence punctuation."""
    text = text.strip()
    return text if text.endswith(tuple(SENTENCE_END)) else text + "。"
