"""The report's prose from the units' items: grouped by outline section and topic, near-duplicates merged.

Every merged item keeps the units it came from, so the reviewer edition can name them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from annual_report.outline import SectionKey
from annual_report.submission import NarrativeItem, UnitSubmission
from annual_report.workspace import ReportConfig

_NOT_WORD = re.compile(r"[\W_]+")
SENTENCE_END = "。！？；…."


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
