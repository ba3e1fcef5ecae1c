"""Conflicts for one answer, looked up in the contradiction map.

The map has judged every pair at ingest time, so answering costs SQLite reads,
one embedding of the question, and no model call. A conflict qualifies when
both claims come from retrieved documents and at least one lies in a retrieved
passage (the other may sit elsewhere in its document: a denial is worth citing
even when retrieval only found the accusation's paragraph), and when both claims
are about the question (cosine of question and claim, or its sentence, >= 0.5).

At most ``max_conflicts`` are reported: the best, then the best of the other kind
(inside one report / between reports), never two sharing a claim. So the answer
names the disagreements that matter, not every difference of emphasis.

Ranking (``_score``): how much both sides are about the question, how sure the
judges are (the NLI model's probability is part of the confidence), and whether
both sides are sentences the answer itself is built from: a disagreement about
what the answer says is the one a reader needs. Measured on the 18 conflict
questions of eval/datasets/demo.jsonl, it reports a labelled pair (a conflict
overlapping both quotes) for 6/18 questions, against 5/18 for the previous
ranking (relevance first, a bonus for conflicts inside one report, at most two),
and cites both expected sources for 10/18. Both are well short of what a reader
should get; the map holds many weak conflicts that compete with the labelled ones.
The relevance floor: anywhere from 0.3 to 0.6 changed nothing measurable; 0.5
leaves most unrelated factoid answers free of conflicts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.embed import Embedder
from rag.conflicts.map import ContradictionMap
from rag.conflicts.store import MappedClaim, StoredConflict
from rag.evidence import EvidenceSelection
from rag.schemas import Evidence, FoundConflict, RetrievedChunk

log = logging.getLogger(__name__)

_IN_PASSAGES_BONUS = 0.05
_IN_EVIDENCE_BONUS = 0.1   # both sides are sentences the answer is built from
_CONFIDENCE_WEIGHT = 0.3


@dataclass(frozen=True)
class _Side:
    claim: MappedClaim
    chunk_id: str
    title: str | None
    relevance: float
    retrieved: bool
    in_evidence: bool


class AnswerConflicts:
    """The ``ConflictFinder`` of the answer pipeline, backed by the contradiction map."""

    def __init__(self, contradiction_map: ContradictionMap, embedder: Callable[[], Embedder],
                 max_conflicts: int = 3, min_relevance: float = 0.5) -> None:
        self.map = contradiction_map
        self._embedder = embedder
        self.max_conflicts = max_conflicts
        self.min_relevance = min_relevance

    def for_answer(
        self, question: str, selection: EvidenceSelection, passages: Sequence[RetrievedChunk], collection: str
    ) -> list[FoundConflict]:
        passages = _stable_passages(selection, passages)
        if not passages:
            return []
        # Both sides come from the retrieved documents (so a sources filter holds), at least one
        # of them from a retrieved passage; the other may be elsewhere in its document.
        anchored = self.map.conflicts_among(collection, [p.chunk.doc_id for p in passages])
        if not anchored:
            return []
        query = self._embedder().embed_query(question)
        claims = {m.claim.id: m for m in self.map.mapped_claims(
            collection, {c.a.doc_id for c in anchored} | {c.b.doc_id for c in anchored})}
        evidence = selection.selected
        scored: list[tuple[float, StoredConflict, _Side, _Side]] = []
        for conflict in anchored:
            a = _side(claims.get(conflict.a.id), passages, evidence, query)
            b = _side(claims.get(conflict.b.id), passages, evidence, query)
            if a is None or b is None or not (a.retrieved or b.retrieved):
                continue
            if min(a.relevance, b.relevance) < self.min_relevance:
                continue
            scored.append((_score(a, b, conflict), conflict, a, b))
        scored.sort(key=lambda item: -item[0])
        chosen = self._distinct(scored)
        log.debug("answer conflicts anchored=%d relevant=%d reported=%d", len(anchored), len(scored), len(chosen))
        return chosen

    def _distinct(self, scored: list[tuple[float, StoredConflict, _Side, _Side]]) -> list[FoundConflict]:
        """The best conflict, then the best of the other kind (inside one report / between reports)."""
        chosen: list[FoundConflict] = []
        used: set[str] = set()
        kinds: set[bool] = set()
        for _, conflict, a, b in scored:
            if conflict.a.id in used or conflict.b.id in used:
                continue  # one claim, one disagreement: the next one must add something
            same_report = conflict.a.doc_id == conflict.b.doc_id
            if same_report in kinds and len(kinds) < 2 and any(
                (c.a.doc_id == c.b.doc_id) != same_report for _, c, _, _ in scored
                if c.a.id not in used and c.b.id not in used
            ):
                continue  # a disagreement of the other kind is still on offer: show both kinds
            used.update((conflict.a.id, conflict.b.id))
            kinds.add(same_report)
            chosen.append(_found(conflict, a, b))
            if len(chosen) == self.max_conflicts:
                break
        return chosen


_LEADING_PASSAGES = 4


def _stable_passages(selection: EvidenceSelection, passages: Sequence[RetrievedChunk]) -> list[RetrievedChunk]:
    """The passages a conflict may be anchored on: the leading ones and those the answer's evidence comes from.

    The tail of a retrieval is near-tied and shifts whenever any document is added; anchoring on it
    made an unrelated upload change which disagreement an answer reported.
    """
    evidence_chunks = {e.chunk_id for e in selection.selected}
    return [p for i, p in enumerate(passages) if i < _LEADING_PASSAGES or p.chunk.id in evidence_chunks]


def _score(a: _Side, b: _Side, conflict: StoredConflict) -> float:
    """How much both sides are about the question and how sure the judges are; then prefer
    conflicts between the answer's own evidence, and in retrieved passages.

    The mean, not the minimum, of the two relevances: a denial rarely uses the question's words
    ("has never provided lethal weapons" against "supplying weapons and gunpowder"), and the map
    already made sure the two claims are about one point.
    """
    score = (a.relevance + b.relevance) / 2 + _CONFIDENCE_WEIGHT * conflict.confidence
    if a.retrieved and b.retrieved:
        score += _IN_PASSAGES_BONUS
    if a.in_evidence and b.in_evidence:
        score += _IN_EVIDENCE_BONUS
    return score


def _side(
    claim: MappedClaim | None, passages: Sequence[RetrievedChunk], evidence: Sequence[Evidence], query: np.ndarray
) -> _Side | None:
    if claim is None:
        return None
    c = claim.claim
    holder = next(
        (p for p in passages if p.chunk.doc_id == c.doc_id and p.chunk.start <= c.start and c.end <= p.chunk.end),
        None,
    )
    in_evidence = any(e.doc_id == c.doc_id and e.start < c.end and c.start < e.end for e in evidence)
    # A clause cut from its sentence ("we haven't seen evidence of entire systems") is judged with it.
    relevance = float(max(claim.vector @ query, claim.context @ query))
    if holder is not None:
        return _Side(claim, holder.chunk.id, holder.title, relevance, True, in_evidence)
    return _Side(claim, c.chunk_id, c.title, relevance, False, in_evidence)


def _evidence(side: _Side) -> Evidence:
    c = side.claim.claim
    return Evidence(
        doc_id=c.doc_id, source=c.source, title=side.title or c.title, chunk_id=side.chunk_id,
        start=c.start, end=c.end, text=c.text, score=round(side.relevance, 4), speaker=c.speaker,
    )


def _found(conflict: StoredConflict, a: _Side, b: _Side) -> FoundConflict:
    return FoundConflict(
        topic=conflict.topic,
        explanation=conflict.explanation,
        sides=(_evidence(a), _evidence(b)),
        judge=conflict.judge,
        confidence=conflict.confidence,
    )
