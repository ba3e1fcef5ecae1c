"""Passages that answer back: where the contradiction map says the leading evidence is disputed.

Retrieval finds the passages that read like the question. The voice that denies a claim often
does not: "The Ministry of Health in Gaza said Israel was responsible for the explosion" shares
few words with "Who was to blame for the blast at the hospital?", and its passage may rank below
those that repeat the question's words. The map (``rag.conflicts``) already paired such claims at
ingest, by actor, action and the NLI model. So for a question whose answer may be disputed, the
passages holding the map's opponents of the leading sentences' claims are read as well, and the
disagreement is found over both.

One hop only: the opponents of claims that lie in the leading sentences, not the whole dispute.
Whether an opponent becomes a voice is still decided by its stance toward the question's own
proposition (``rag.disagreement``); the map only says where to look.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from rag.corpus import CorpusSnapshot
from rag.schemas import Evidence, RetrievedChunk

if TYPE_CHECKING:
    from rag.conflicts.store import MappedClaim, StoredConflict


class MapOfClaims(Protocol):
    """What this needs of the map's store (``rag.conflicts.store.MapStore``)."""

    def claims_of(self, collection: str, doc_ids: Iterable[str]) -> list[MappedClaim]: ...

    def conflicts_of_claims(self, collection: str, rowids: Sequence[int]) -> list[StoredConflict]: ...


class MapOpponents:
    def __init__(self, store: MapOfClaims, leading: int = 12, most: int = 6) -> None:
        self.store = store
        self.leading = leading      # how many of the best sentences are looked up in the map
        self.most = most            # most passages added

    def passages(
        self, ranked: Sequence[Evidence], retrieved: Sequence[RetrievedChunk], snapshot: CorpusSnapshot,
        collection: str, sources: Sequence[str] | None = None,
    ) -> list[RetrievedChunk]:
        """The passages, not yet retrieved, that hold claims the map sets against claims of the leading
        sentences, only from ``sources`` when given; the most confident conflicts first."""
        leading = list(ranked[: self.leading])
        if not leading or self.most == 0:
            return []
        inside = [m for m in self.store.claims_of(collection, sorted({e.doc_id for e in leading}))
                  if any(_holds(e, m.claim.doc_id, m.claim.start) for e in leading)]
        if not inside:
            return []
        own = {m.claim.id for m in inside}
        have = {p.chunk.id for p in retrieved}
        wanted: list[str] = []
        for conflict in self.store.conflicts_of_claims(collection, [m.rowid for m in inside]):
            for claim in (conflict.a, conflict.b):
                if claim.id in own or claim.chunk_id in have or claim.chunk_id in wanted:
                    continue
                if not sources or claim.source in sources:
                    wanted.append(claim.chunk_id)
        return [p for chunk_id in wanted[: self.most] if (p := snapshot.passage(chunk_id)) is not None]


def _holds(evidence: Evidence, doc_id: str, start: int) -> bool:
    return evidence.doc_id == doc_id and evidence.start <= start < evidence.end
