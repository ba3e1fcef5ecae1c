"""The contract's view of a stored conflict: ``Contradiction`` with verbatim claims and offsets.

Shared by ``GET /contradictions`` and ``crosscheck contradictions --json`` so the two
cannot drift. Corpus-wide conflicts belong to no answer, so ``citation`` is null.
"""

from __future__ import annotations

from rag.conflicts.claims import Claim
from rag.conflicts.store import StoredConflict
from rag.schemas import Contradiction, ContradictionClaim


def _claim(claim: Claim, side: int) -> ContradictionClaim:
    return ContradictionClaim(
        text=claim.text, citation=None, source=claim.source, doc_id=claim.doc_id, speaker=claim.speaker,
        quote=claim.text, start=claim.start, end=claim.end, side=side,
    )


def to_contradiction(conflict: StoredConflict) -> Contradiction:
    return Contradiction(
        topic=conflict.topic,
        explanation=conflict.explanation,
        judge=conflict.judge,
        confidence=round(conflict.confidence, 3),
        claims=[_claim(conflict.a, 0), _claim(conflict.b, 1)],
    )
