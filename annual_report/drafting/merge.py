"""Near-duplicate items merged without loss: two merge only when the shorter adds nothing.

Similarity is the Jaccard index of character bigrams. Candidates come from a prefix-filter index (each
piece indexed under its rarest bigrams), and items of one shape (the same words with other numbers, as
when every unit reports its own count) are indexed once, so the work grows with the number of items, not
with its square.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from annual_report.drafting.facts import facts, shape
from annual_report.drafting.model import Piece
from annual_report.drafting.names import NO_NAMES, Names

THRESHOLD = 0.6


def _lossless(piece: Piece, host: Piece, facts_of: dict[int, frozenset[str]]) -> Piece | None:
    """The wording to keep when `piece` folds into `host`: the longer, when it states every number and
    name of the other (the host's on a tie, so a group keeps its first wording); else None."""
    if len(host.template) >= len(piece.template) and facts_of[id(piece)] <= facts_of[id(host)]:
        return host
    if len(piece.template) > len(host.template) and facts_of[id(host)] <= facts_of[id(piece)]:
        return piece
    return None


def _fold(host: Piece, piece: Piece) -> None:
    """`piece`'s units and notes into `host` (whose wording stays)."""
    host.sources += piece.sources
    host.changes += [c for c in piece.changes if c not in host.changes]
    host.ambiguous += [c for c in piece.ambiguous if c not in host.ambiguous]
    host.government = host.government or piece.government
    host.contradicted += piece.contradicted
    host.restated += [r for r in piece.restated if r not in host.restated]


class _Merger:
    """Kept pieces, indexed under their rarest bigrams; pieces of one shape (the same words, other numbers)
    are indexed once, through the first of them."""

    def __init__(self, pieces: list[Piece], names: Names, threshold: float) -> None:
        self.threshold = threshold
        self.names = names
        self.signature_of = {id(p): p.signature for p in pieces}
        frequency = Counter(b for s in self.signature_of.values() for b in s)
        self.rank = {b: (n, b) for b, n in frequency.items()}
        self.kept: list[Piece] = []
        self.signatures: list[frozenset[str]] = []
        self.facts: dict[int, frozenset[str]] = {}
        self.shapes: dict[str, list[int]] = {}  # shape → kept pieces of that shape, the first indexed
        self.exact: dict[tuple[str, frozenset[str]], int] = {}  # (shape, facts) → the kept piece
        self.index: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, piece: Piece) -> None:
        signature = self.signature_of[id(piece)]
        self.facts[id(piece)] = facts(piece.template, self.names)
        target = self._target(piece, signature)
        if target is None:
            self._keep(piece, signature)
            return
        host = self.kept[target]
        fuller = _lossless(piece, host, self.facts)
        _fold(host, piece)
        if fuller is piece:  # the fuller wording stays, found from now on by its own words and shape
            host.template = piece.template
            self.facts[id(host)] = self.facts[id(piece)]
            self.signatures[target] = signature
            self._register(target)

    def _target(self, piece: Piece, signature: frozenset[str]) -> int | None:
        form = shape(piece.template)
        if form in self.shapes:  # the same words: only the same facts merge
            return self.exact.get((form, self.facts[id(piece)]))
        for j in sorted({j for b in self._prefix(signature) for j in self.index[b]}):
            if len(signature & self.signatures[j]) < self.threshold * len(signature | self.signatures[j]):
                continue
            group = self.shapes[shape(self.kept[j].template)][:_GROUP_CHECKS]
            found = next((k for k in group if _lossless(piece, self.kept[k], self.facts) is not None), None)
            if found is not None:
                return found
        return None

    def _keep(self, piece: Piece, signature: frozenset[str]) -> None:
        self.kept.append(piece)
        self.signatures.append(signature)
        self._register(len(self.kept) - 1)

    def _register(self, j: int) -> None:
        form = shape(self.kept[j].template)
        group = self.shapes.setdefault(form, [])
        if j not in group:
            group.append(j)
        self.exact.setdefault((form, self.facts[id(self.kept[j])]), j)
        if group[0] == j:
            for b in self._prefix(self.signatures[j]):
                self.index[b].append(j)

    def _prefix(self, signature: frozenset[str]) -> list[str]:
        ordered = sorted(signature, key=self.rank.__getitem__)
        return ordered[: len(ordered) - math.ceil(self.threshold * len(ordered)) + 1]


_GROUP_CHECKS = 20  # pieces of a similar shape tried for a lossless merge (not merging loses nothing)


def merge(pieces: list[Piece], names: Names = NO_NAMES, threshold: float = THRESHOLD) -> list[Piece]:
    """Pieces with near-duplicates folded into the first of them (keeping the fuller wording and every
    unit); similar pieces that state different facts both stay. Order of first appearance is kept."""
    merger = _Merger(pieces, names, threshold)
    for piece in pieces:
        merger.add(piece)
    return merger.kept
