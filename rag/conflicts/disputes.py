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

from rag.conflicts.align import AlignLimits
from rag.conflicts.claims import Claim
from rag.conflicts.frames import frames_in
from rag.conflicts.store import StoredConflict
from rag.figures import Figure
from rag.nlp import parse


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

    Read from each voice's own figures: side 0 ("affirms") gives the figure the most speakers give,
    side 1 ("denies") gives none of it. Only a voice whose figures cannot be read ("Eighteen migrants
    die") takes its side from a two-colouring of the pairs (each pair joins two voices with different
    figures), which chains: with three figures, 23 and 37 could fall on one side."""
    coloured = _two_colouring(pairs)
    claims = {c.id: c for pair in pairs for c in (pair.a, pair.b)}
    figures = {cid: _figures_of(claim.text) for cid, claim in claims.items()}
    speakers: defaultdict[tuple[float, float, bool], set[str]] = defaultdict(set)
    for cid, values in figures.items():
        for value in values:
            speakers[value].add(claims[cid].speaker_key)
    if not speakers:
        return coloured
    anchor = max(sorted(speakers), key=lambda value: len(speakers[value]))

    def side_of(cid: str, coloured_side: str) -> str:
        if not figures.get(cid):
            return coloured_side
        agrees = any(_same_figure(value, anchor) for value in figures[cid])
        return "affirms" if agrees else "denies"

    sides = {cid: side_of(cid, side) for cid, side in coloured.items()}
    if len(set(sides.values())) < 2:
        # A claim's figures include those of its other events ("63 were killed and 3,000 injured" beside
        # "the wounded exceed 5,000"), so both can meet the anchor: each pair still joins two figures
        # that differ, and its colouring keeps them apart.
        return coloured
    return sides


# Figures within this share of each other are one figure ("some 23" and "23"), as the map aligns them.
_SAME_FIGURE = AlignLimits().number_tolerance


def _figures_of(text: str) -> set[tuple[float, float, bool]]:
    """The figures the claim's events give, each as the range it allows ("put the toll at 37" -> (37, 37);
    "some 23" -> about 16 to 30, which meets 23), and whether it is a day, which only the same day meets."""
    doc = parse(text)
    return {(low, high, label.startswith("DATE")) for frame in frames_in(doc, 0, len(text))
            for label, low, high, _ in frame.quantities if not label.startswith("TIME")}


def _same_figure(a: tuple[float, float, bool], b: tuple[float, float, bool]) -> bool:
    if a[2] or b[2]:
        return a == b   # July 28 is not "within a tenth" of July 29
    return Figure(a[0], a[1]).overlaps(Figure(b[0], b[1]), _SAME_FIGURE)


def _two_colouring(pairs: Sequence[StoredConflict]) -> dict[str, str]:
    """Each pair's two voices on opposite sides, the larger side "affirms"."""
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
