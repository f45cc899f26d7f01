"""Near-duplicate items merged into one sentence naming their units.

Two items are the same thing said twice when their character pairs mostly agree (Jaccard index at least
THRESHOLD), or when the shorter lies almost wholly inside the longer (CONTAINED of its pairs): 「组织执法人员参加线上
集中执法培训……」 inside a longer item saying that and more. They merge without loss when the wording kept states
every number and name of the other; almost the same words (ALIKE of the shorter's pairs) merge even so, the facts
not written kept for the 审阅稿. Candidates come from indexes of each piece's rarest pairs (every piece that could
pass is among them), and items of one shape (the same words with other numbers, as when every unit reports its own
count) are indexed once, so the work grows with the number of items, not with its square.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import chain

from annual_report.drafting.facts import facts, shape
from annual_report.drafting.model import SCOPES, Piece
from annual_report.drafting.names import NO_NAMES, Names

THRESHOLD = 0.6
CONTAINED = 0.8  # share of the shorter piece's pairs found in the longer: the same thing, said shorter
ALIKE = 0.9  # so nearly the same words that they merge even when the shorter adds a fact (kept for review)


def _lossless(piece: Piece, host: Piece, facts_of: dict[int, frozenset[str]]) -> Piece | None:
    """The wording to keep when `piece` folds into `host`: the longer, when it states every number and
    name of the other (the host's on a tie, so a group keeps its first wording); else None."""
    if len(host.template) >= len(piece.template) and facts_of[id(piece)] <= facts_of[id(host)]:
        return host
    if len(piece.template) > len(host.template) and facts_of[id(host)] <= facts_of[id(piece)]:
        return piece
    return None


def _fold(host: Piece, piece: Piece, lost: frozenset[str] = frozenset()) -> None:
    """`piece`'s units and notes into `host` (whose wording stays); `lost`: its facts the wording does not state."""
    host.sources += piece.sources
    host.merged += [f for f in sorted(lost) if f not in host.merged]
    host.significance = max(host.significance, piece.significance)
    host.stated |= piece.stated
    host.foreign += [f for f in piece.foreign if f not in host.foreign]
    if SCOPES.index(piece.scope) < SCOPES.index(host.scope):  # the region's work, whoever else reported it
        host.scope, host.attribution = piece.scope, piece.attribution
    host.changes += [c for c in piece.changes if c not in host.changes]
    host.ambiguous += [c for c in piece.ambiguous if c not in host.ambiguous]
    host.government = host.government or piece.government
    host.contradicted += piece.contradicted
    host.restated += [r for r in piece.restated if r not in host.restated]
    host.unreported += [u for u in piece.unreported if u not in host.unreported]


class _Merger:
    """Kept pieces, indexed under their rarest bigrams; pieces of one shape (the same words, other numbers)
    are indexed once, through the first of them."""

    def __init__(self, pieces: list[Piece], names: Names, threshold: float) -> None:
        self.threshold = threshold
        self.names = names
        self.shape_of = {id(p): shape(p.template) for p in pieces}
        firsts: dict[str, Piece] = {}  # each shape's first piece
        for piece in pieces:
            firsts.setdefault(self.shape_of[id(piece)], piece)
        self.signature_of = {id(p): p.signature for p in firsts.values()}  # the others' made on first use
        # Pairs ordered by how many shapes have them, rarest first: any one order finds the same pieces, this
        # one through few candidates. A pair that only later pieces of a shape have (their numbers) comes first.
        frequency = Counter(chain.from_iterable(self.signature_of.values()))
        self.rank = {b: (n, b) for b, n in frequency.items()}
        self.kept: list[Piece] = []
        self.signatures: dict[int, frozenset[int]] = {}  # of the kept pieces that are indexed
        self.form_of: dict[int, str] = {}  # kept piece → its shape
        self.facts: dict[int, frozenset[str]] = {}
        self.shapes: dict[str, list[int]] = {}  # shape → kept pieces of that shape, the first indexed
        self.exact: dict[tuple[str, frozenset[str]], int] = {}  # (shape, facts) → the kept piece
        self.index: defaultdict[int, list[int]] = defaultdict(list)
        self.rare: defaultdict[int, list[int]] = defaultdict(list)  # under the pairs containment must share
        self.every: defaultdict[int, list[int]] = defaultdict(list)  # under all their pairs
        self.registered: set[tuple[str, int]] = set()  # (shape, kept piece) pairs in self.shapes

    def _signature(self, piece: Piece) -> frozenset[int]:
        """The piece's pairs, made on first use (a piece whose shape is known needs none to find its match)."""
        signature = self.signature_of.get(id(piece))
        if signature is None:
            signature = self.signature_of[id(piece)] = piece.signature
            self.rank.update((b, (0, b)) for b in signature - self.rank.keys())
        return signature

    def add(self, piece: Piece) -> None:
        self.facts[id(piece)] = facts(piece.template, self.names)
        target = self._target(piece)
        if target is None:
            self.kept.append(piece)
            self._register(len(self.kept) - 1, piece)
            return
        host = self.kept[target]
        fuller = _lossless(piece, host, self.facts)
        if fuller is None:  # almost the same words: the longer stays, the other's extra facts kept for review
            fuller = piece if len(piece.template) > len(host.template) else host
        other = host if fuller is piece else piece
        _fold(host, piece, self.facts[id(other)] - self.facts[id(fuller)])
        if fuller is piece:  # the fuller wording stays, found from now on by its own words and shape
            host.template = piece.template
            self.facts[id(host)] = self.facts[id(piece)]
            self.signatures[target] = self._signature(piece)
            self._register(target, piece)

    def _target(self, piece: Piece) -> int | None:
        form = self.shape_of[id(piece)]
        if form in self.shapes:  # the same words: only the same facts merge
            return self.exact.get((form, self.facts[id(piece)]))
        signature = self._signature(piece)
        for j in sorted({j for b in self._prefix(signature) for j in self.index[b]}):
            if len(signature & self.signatures[j]) < self.threshold * len(signature | self.signatures[j]):
                continue
            group = self.shapes[self.form_of[j]][:_GROUP_CHECKS]
            found = next((k for k in group if _lossless(piece, self.kept[k], self.facts) is not None), None)
            if found is not None:
                return found
        return self._inside(piece, signature)

    def _inside(self, piece: Piece, signature: frozenset[int]) -> int | None:
        """A kept piece that holds this one (or that this one holds). Either way the smaller shares one of its
        rarest pairs with the larger (prefix filtering), so looking those up finds every such piece."""
        found = {j for b in self._contained(signature) for j in self.every[b]}
        found |= {j for b in signature for j in self.rare.get(b, ())}
        for j in sorted(found):
            small, large = sorted((signature, self.signatures[j]), key=len)
            shared = len(small & large)
            if shared >= ALIKE * len(small) or (
                    shared >= CONTAINED * len(small) and _lossless(piece, self.kept[j], self.facts) is not None):
                return j
        return None

    def _contained(self, signature: frozenset[int]) -> list[int]:
        """The rarest pairs of which a piece lying CONTAINED inside another shares at least one with it."""
        ordered = sorted(signature, key=self.rank.__getitem__)
        return ordered[: len(ordered) - math.ceil(CONTAINED * len(ordered)) + 1]

    def _register(self, j: int, wording: Piece) -> None:
        """Kept piece `j`, now worded as `wording`, under its shape; indexed when the shape is new."""
        form = self.form_of[j] = self.shape_of[id(wording)]
        group = self.shapes.setdefault(form, [])
        if (form, j) not in self.registered:  # (a set: a shape's group can hold thousands)
            self.registered.add((form, j))
            group.append(j)
        self.exact.setdefault((form, self.facts[id(self.kept[j])]), j)
        if group[0] == j:
            signature = self.signatures[j] = self._signature(wording)
            for b in self._prefix(signature):
                self.index[b].append(j)
            for b in self._contained(signature):
                self.rare[b].append(j)
            for b in signature:
                self.every[b].append(j)

    def _prefix(self, signature: frozenset[int]) -> list[int]:
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
