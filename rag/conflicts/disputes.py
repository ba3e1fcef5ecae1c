"""Disputes: the map's conflicting pairs grouped by the proposition they are about.

A dispute is one proposition ("China was supplying weapons and gunpowder to Russia"),
the voices that affirm it (side 0), the voices that deny it or report no evidence for it
(side 1), and the pairwise conflicts behind it. Pairs join one dispute when they share a
claim and their events have the same actor: a denial facing five reports is one dispute
with six voices, not five pairs. A claim's stance comes from its own event, never from
chaining pairwise judgements, so two denials can never end up on opposite sides.

Disputes about different figures for one quantity ("numbers") keep the first figure's
voices on side 0 and the voices that give another figure on side 1 (stance "denies").

Ranking: by the confidence of the best pair, then by how many independent sources
(distinct speakers) stand on the smaller side, then on both.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.conflicts.claims import Claim
from rag.conflicts.store import StoredConflict


@dataclass(frozen=True)
class Voice:
    claim: Claim
    stance: str          # "affirms" | "denies" | "no_evidence"
    hedged: bool

    @property
    def side(self) -> int:
        return 0 if self.stance == "affirms" else 1


@dataclass
class Dispute:
    actor: str
    proposition: str
    topic: str
    kind: str
    voices: list[Voice] = field(default_factory=list)
    pairs: list[StoredConflict] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return max((p.confidence for p in self.pairs), default=0.0)

    def sources(self, side: int) -> int:
        """Independent sources on one side: distinct speakers (a document's own voice counts once)."""
        return len({v.claim.speaker_key for v in self.voices if v.side == side})

    @property
    def rank(self) -> tuple[float, int, int]:
        return (round(self.confidence, 2), min(self.sources(0), self.sources(1)), self.sources(0) + self.sources(1))

    def involves(self, source: str) -> bool:
        return any(v.claim.source == source for v in self.voices)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def group(conflicts: Sequence[StoredConflict]) -> list[Dispute]:
    """Disputes from pairwise conflicts, best first."""
    groups = _UnionFind()
    for conflict in conflicts:
        groups.union(_node(conflict, conflict.a), _node(conflict, conflict.b))
    members: defaultdict[str, list[StoredConflict]] = defaultdict(list)
    for conflict in conflicts:
        members[groups.find(_node(conflict, conflict.a))].append(conflict)
    disputes = [_dispute(pairs) for pairs in members.values()]
    disputes.sort(key=lambda d: tuple(-x for x in d.rank))
    return disputes


def _node(conflict: StoredConflict, claim: Claim) -> str:
    # Numbers and polarity disputes about one claim stay apart: their sides mean different things.
    return f"{conflict.kind}|{conflict.actor}|{claim.id}"


def _dispute(pairs: list[StoredConflict]) -> Dispute:
    pairs.sort(key=lambda p: (-p.confidence, p.a.id, p.b.id))
    best = pairs[0]
    stances: defaultdict[str, Counter[str]] = defaultdict(Counter)
    hedged: dict[str, bool] = {}
    claims: dict[str, Claim] = {}
    figures = _figure_sides(pairs) if best.kind == "numbers" else {}
    for pair in pairs:
        a_stance, b_stance = pair.a_stance or "affirms", pair.b_stance or "denies"
        if pair.kind == "numbers":
            a_stance, b_stance = figures.get(pair.a.id, "affirms"), figures.get(pair.b.id, "denies")
        for claim, stance, is_hedged in ((pair.a, a_stance, pair.a_hedged), (pair.b, b_stance, pair.b_hedged)):
            stances[claim.id][stance] += 1
            hedged[claim.id] = hedged.get(claim.id, False) or is_hedged
            claims[claim.id] = claim
    voices = [Voice(claims[cid], stances[cid].most_common(1)[0][0], hedged[cid]) for cid in claims]
    voices.sort(key=lambda v: (v.side, v.hedged, v.claim.source, v.claim.start))
    proposition = _proposition(pairs, figures) if figures else _proposition(pairs)
    return Dispute(actor=best.actor, proposition=proposition, topic=best.topic, kind=best.kind or "polarity",
                   voices=voices, pairs=pairs)


def _figure_sides(pairs: Sequence[StoredConflict]) -> dict[str, str]:
    """Sides of a numbers dispute: voices that give one figure against those that give another.

    Each pair joins two voices with different figures, so the sides are a two-colouring of the
    pairs; the larger side is side 0 ("affirms" its figure), the other side 1 ("denies" it)."""
    neighbours: defaultdict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        neighbours[pair.a.id].add(pair.b.id)
        neighbours[pair.b.id].add(pair.a.id)
    colour: dict[str, int] = {}
    for start in sorted(neighbours):
        if start in colour:
            continue
        colour[start] = 0
        queue = [start]
        while queue:
            node = queue.pop()
            for other in sorted(neighbours[node]):
                if other not in colour:
                    colour[other] = 1 - colour[node]
                    queue.append(other)
    larger = Counter(colour.values()).most_common(1)[0][0]
    return {cid: "affirms" if side == larger else "denies" for cid, side in colour.items()}


def _proposition(pairs: Sequence[StoredConflict], figures: dict[str, str] | None = None) -> str:
    """The affirmed event of the firm (not hedged) affirming voice that takes part in the most pairs;
    ties go to the more confident pair. In a numbers dispute, the claim text of that voice."""
    counts: Counter[str] = Counter()
    chosen: dict[str, StoredConflict] = {}
    for pair in pairs:  # most confident first
        for claim, stance, hedged in ((pair.a, pair.a_stance, pair.a_hedged), (pair.b, pair.b_stance, pair.b_hedged)):
            if figures is not None:
                stance = figures.get(claim.id, stance)
            if stance == "affirms" and not hedged and pair.proposition:
                counts[claim.id] += 1
                chosen.setdefault(claim.id, pair)
    if not counts:
        return pairs[0].proposition or pairs[0].topic
    best = max(counts, key=lambda cid: (counts[cid], chosen[cid].confidence))
    if figures is not None:
        pair = chosen[best]
        return (pair.a if pair.a.id == best else pair.b).text
    return chosen[best].proposition
