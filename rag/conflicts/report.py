"""The contract's view of the map: disputes as ``Contradiction`` objects, with their pairwise evidence.

Shared by ``GET /contradictions`` and ``crosscheck contradictions --json`` so the two
cannot drift. Corpus-wide disputes belong to no answer, so ``citation`` is null. A
dispute's ``claims`` are its voices (side 0 affirms the proposition; side 1 denies it
or reports no evidence), and ``pairs`` lists the judged pairs behind it, each with
both quotes and offsets.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from rag.conflicts.claims import Claim
from rag.conflicts.disputes import Dispute, Voice
from rag.conflicts.store import StoredConflict
from rag.schemas import Contradiction, ContradictionClaim


class PairEvidence(BaseModel):
    """One judged pair behind a dispute: two claims that cannot both hold, and why."""

    claims: list[ContradictionClaim] = Field(description="The two claims, in the order they were judged.")
    explanation: str
    judge: str
    confidence: float
    kind: str = Field(description="'polarity': one affirms, one denies; 'numbers': different figures.")


class DisputeSources(BaseModel):
    affirms: int = Field(description="Independent sources (distinct speakers) on side 0.")
    denies: int = Field(description="Independent sources on side 1 (denials and 'no evidence').")


class DisputeItem(Contradiction):
    """A ``Contradiction`` (the answer contract) plus what the corpus map knows about it."""

    actor: str = Field(description="Who the disputed action is about, as a normalised key (e.g. 'china').")
    sources: DisputeSources
    pairs: list[PairEvidence]


def _claim(claim: Claim, side: int, stance: str | None) -> ContradictionClaim:
    return ContradictionClaim(
        text=claim.text, citation=None, source=claim.source, doc_id=claim.doc_id, speaker=claim.speaker,
        quote=claim.text, start=claim.start, end=claim.end, side=side,
        stance=stance if stance in ("affirms", "denies", "no_evidence") else None,  # type: ignore[arg-type]
    )


def _voice(voice: Voice) -> ContradictionClaim:
    return _claim(voice.claim, voice.side, voice.stance)


def _pair(pair: StoredConflict, stances: dict[str, str]) -> PairEvidence:
    def side(claim: Claim) -> int:
        return 0 if stances.get(claim.id, "affirms") == "affirms" else 1

    return PairEvidence(
        claims=[_claim(pair.a, side(pair.a), stances.get(pair.a.id)),
                _claim(pair.b, side(pair.b), stances.get(pair.b.id))],
        explanation=pair.explanation, judge=pair.judge, confidence=round(pair.confidence, 3),
        kind=pair.kind or "polarity",
    )


def _explanation(dispute: Dispute) -> str:
    yes, no = dispute.sources(0), dispute.sources(1)
    deniers = [v for v in dispute.voices if v.side == 1]
    verb = "report no evidence for it" if deniers and all(v.stance == "no_evidence" for v in deniers) else \
        "deny it or report no evidence"
    if dispute.kind == "numbers":
        return f"{yes} source(s) give one figure, {no} another."
    return f"{yes} source(s) say so; {no} {verb}."


def to_dispute(dispute: Dispute) -> DisputeItem:
    stances = {v.claim.id: v.stance for v in dispute.voices}
    return DisputeItem(
        topic=dispute.topic,
        explanation=_explanation(dispute),
        proposition=dispute.proposition,
        judge=dispute.pairs[0].judge if dispute.pairs else None,
        confidence=round(dispute.confidence, 3),
        claims=[_voice(v) for v in dispute.voices],
        actor=dispute.actor,
        sources=DisputeSources(affirms=dispute.sources(0), denies=dispute.sources(1)),
        pairs=[_pair(p, stances) for p in dispute.pairs],
    )


def to_contradiction(conflict: StoredConflict) -> Contradiction:
    """One pair as a two-claim ``Contradiction`` (kept for callers that report pairs)."""
    a_stance = conflict.a_stance or None
    b_stance = conflict.b_stance or None
    return Contradiction(
        topic=conflict.topic,
        explanation=conflict.explanation,
        proposition=conflict.proposition or None,
        judge=conflict.judge,
        confidence=round(conflict.confidence, 3),
        claims=[_claim(conflict.a, 0 if a_stance in (None, "affirms") else 1, a_stance),
                _claim(conflict.b, 1 if b_stance in (None, "denies", "no_evidence") else 0, b_stance)],
    )
