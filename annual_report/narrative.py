"""The report's prose from the units' items: grouped by outline section and topic, near-duplicates merged.

Every merged item keeps the units it came from, so the reviewer edition can name them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from annual_report.submission import NarrativeItem, UnitSubmission
from annual_report.workspace import ReportConfig, SectionKey

DIGITS = "零一二三四五六七八九"
_NOT_WORD = re.compile(r"[\W_]+")
SENTENCE_END = "。！？；…."


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九, 101 → 一百零一."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + DIGITS[rest]
    else:
        tail = ("一" if rest < 20 else "") + chinese_number(rest)  # 一百一十, not 一百十
    return chinese_number(hundreds) + "百" + tail


def ordinal(n: int) -> str:
    """The run-in ordinal of the n-th item: 一是, 二是, … 十一是."""
    return chinese_number(n) + "是"


def as_sentence(text: str) -> str:
    """The text ending in full-width sentence punctuation."""
    text = text.strip()
    return text if text.endswith(tuple(SENTENCE_END)) else text + "。"


@dataclass
class MergedItem:
    text: str
    units: list[str]  # unit ids, registry order
    tasks: list[str] = field(default_factory=list)


@dataclass
class Narrative:
    """The units' items arranged by the outline: topic key → items for 主要举措和成效, section → items else."""

    topics: dict[str, list[MergedItem]]
    sections: dict[SectionKey, list[MergedItem]]


def _shingles(text: str) -> frozenset[str]:
    norm = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))
    return frozenset(norm[i : i + 2] for i in range(max(1, len(norm) - 1)))


def merge_items(items: list[tuple[str, NarrativeItem]], threshold: float = 0.6) -> list[MergedItem]:
    """Merge items whose character-bigram Jaccard similarity reaches `threshold`; the longer text stays."""
    merged: list[MergedItem] = []
    signatures: list[frozenset[str]] = []
    for unit, item in items:
        sig = _shingles(item.text)
        match = next((i for i, other in enumerate(signatures)
                      if len(sig & other) >= threshold * len(sig | other)), None)
        if match is None:
            merged.append(MergedItem(text=item.text, units=[unit], tasks=list(item.tasks)))
            signatures.append(sig)
            continue
        target = merged[match]
        if unit not in target.units:
            target.units.append(unit)
        target.tasks += [t for t in item.tasks if t not in target.tasks]
        if len(item.text) > len(target.text):
            target.text = item.text
            signatures[match] = sig
    return merged


def build_narrative(config: ReportConfig, submissions: dict[str, UnitSubmission]) -> Narrative:
    """Collect every unit's items in registry order and merge near-duplicates within each topic/section."""
    ordered = [submissions[u.id] for u in config.units if u.id in submissions]
    topic_keys = [t.key for t in config.outline.topics]
    by_topic: dict[str, list[tuple[str, NarrativeItem]]] = {k: [] for k in topic_keys}
    for sub in ordered:
        for item in sub.achievements:
            by_topic[item.topic if item.topic in by_topic else topic_keys[-1]].append((sub.unit, item))
    sections = {
        s.key: merge_items([(sub.unit, item) for sub in ordered for item in sub.items(s.key)])
        for s in config.outline.sections
        if s.key != "achievements"
    }
    return Narrative(topics={k: merge_items(v) for k, v in by_topic.items()}, sections=sections)
