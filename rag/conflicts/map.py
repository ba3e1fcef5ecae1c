"""The corpus-wide contradiction map, kept up to date as documents come and go.

``ContradictionMap`` is an ingest ``ChangeListener``: after each published
document it extracts the document's claims, embeds them once, pairs them with
the claims already mapped (``pairs``), judges the pairs (``judges``) and stores
claims and conflicts (``store``). Deleting a document deletes its claims and
every conflict they were part of. ``reconcile`` repairs the map against the
document table at start-up: after a crash between publishing and mapping, or
when the judge or its calibration changed (the map records a version).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict

from index.chunk import chunk_document
from index.clean import content_regions
from index.doctable import DocTable
from index.embed import Embedder
from index.sentences import split_sentences
from rag.conflicts.claims import Claim, extract_claims
from rag.conflicts.judges import ClaimPair, ConflictJudge, Judgement
from rag.conflicts.pairs import PairFinder, PairLimits, VectorClaim, index_keys
from rag.conflicts.stance import stance_of
from rag.conflicts.store import MappedClaim, MapStore, NewConflict, StoredConflict
from rag.schemas import Span, StoredDocument
from rag.text import STOPWORDS, display_text, stem

log = logging.getLogger(__name__)

# Bump when claim extraction, stance signals or pairing change in ways that alter the map.
MAP_VERSION = "6"
_TOPIC_WORDS = 8


def topic_of(pair: ClaimPair) -> str:
    """The words of the first claim that both claims use, in its order: what they disagree about."""
    words = re.findall(r"[A-Za-z0-9][\w’'\-]*", display_text(pair.a.claim.text))
    shared = [w for w in words if w.lower() not in STOPWORDS and stem(w.lower().strip("'’")) in pair.shared_terms]
    chosen = list(dict.fromkeys(shared))[:_TOPIC_WORDS]
    if len(chosen) < 2:
        chosen = [w for w in words if w.lower() not in STOPWORDS][:_TOPIC_WORDS]
    return " ".join(chosen)


def sentence_contexts(document: StoredDocument, claims: Sequence[Claim]) -> list[str]:
    """For each claim, the whole sentence (or sentences) it was cut from."""
    regions = list(document.keep_spans) or content_regions(document.text)
    sentences = split_sentences(document.text, regions)
    contexts = []
    for claim in claims:
        around = [s for s in sentences if s.start < claim.end and claim.start < s.end] or [Span(claim.start, claim.end)]
        span = Span(min(s.start for s in around), max(s.end for s in around))
        contexts.append(display_text(document.text[span.start : span.end]))
    return contexts


class ContradictionMap:
    def __init__(
        self,
        store: MapStore,
        embedder: Callable[[], Embedder],
        judge: ConflictJudge,
        chunk_size: int,
        chunk_overlap: int,
        limits: PairLimits | None = None,
    ) -> None:
        self.store = store
        self.judge = judge
        self.finder = PairFinder(store, judge.calibration, limits)
        self._embedder = embedder
        self._chunking = (chunk_size, chunk_overlap)
        self._lock = threading.RLock()  # one map update at a time in this process

    @property
    def version(self) -> str:
        return f"{MAP_VERSION}|{self.judge.name}|{sorted(asdict(self.judge.calibration).items())}"

    # -- ChangeListener ----------------------------------------------------------
    def document_added(self, document: StoredDocument) -> None:
        try:
            self.add(document)
        except Exception:  # the document is published already; a later reconcile maps it
            log.exception("contradiction map update failed doc_id=%s", document.id)

    def document_removed(self, collection: str, doc_id: str) -> None:
        with self._lock:
            if self.store.remove_document(collection, doc_id):
                log.info("contradiction map removed doc_id=%s collection=%s", doc_id, collection)

    # -- updates -----------------------------------------------------------------
    def add(self, document: StoredDocument) -> int:
        """Map one document; returns the number of conflicts it brought."""
        started = time.perf_counter()
        with self._lock:
            if self.store.is_mapped(document.collection, document.id):
                self.store.remove_document(document.collection, document.id)  # re-mapping: start clean
            claims = self._vector_claims(document)
            pairs = self.finder.pairs_for(document.collection, claims)
            verdicts = self.judge.judge_many(pairs)
            rowids = self.store.add_document(
                document.collection, document.id, document.source,
                [(c.claim, c.vector, c.context, index_keys(c)) for c in claims],
            )
            by_id = {c.claim.id: rowid for c, rowid in zip(claims, rowids, strict=True)}
            by_id.update(self._stored_rowids(document.collection, pairs, by_id))
            conflicts = [
                self._conflict(pair, verdict, by_id)
                for pair, verdict in zip(pairs, verdicts, strict=True)
                if verdict.label == "contradicts"
            ]
            self.store.add_conflicts(document.collection, conflicts, document.id, document.source, len(claims))
        log.info(
            "contradiction map added doc_id=%s source=%s claims=%d candidates=%d conflicts=%d seconds=%.2f",
            document.id, document.source, len(claims), len(pairs), len(conflicts), time.perf_counter() - started,
        )
        return len(conflicts)

    def _vector_claims(self, document: StoredDocument) -> list[VectorClaim]:
        regions = list(document.keep_spans) or content_regions(document.text)
        size, overlap = self._chunking
        chunks = chunk_document(document.id, document.source, document.text, regions, size, overlap)
        claims = extract_claims(document, chunks)
        if not claims:
            return []
        texts = [display_text(c.text) for c in claims]
        contexts = sentence_contexts(document, claims)
        unique = list(dict.fromkeys(texts + contexts))
        vectors = dict(zip(unique, self._embedder().embed(unique), strict=True))
        return [
            VectorClaim(claim, stance_of(claim.text), vectors[text], vectors[context])
            for claim, text, context in zip(claims, texts, contexts, strict=True)
        ]

    def _stored_rowids(self, collection: str, pairs: Sequence[ClaimPair], known: dict[str, int]) -> dict[str, int]:
        wanted = {c.claim.id for p in pairs for c in (p.a, p.b) if c.claim.id not in known}
        return self.store.rowids_of(collection, wanted)

    @staticmethod
    def _conflict(pair: ClaimPair, verdict: Judgement, rowids: dict[str, int]) -> NewConflict:
        return NewConflict(
            a=rowids[pair.a.claim.id], b=rowids[pair.b.claim.id], topic=topic_of(pair),
            explanation=verdict.explanation, judge=verdict.judge, confidence=verdict.confidence,
            similarity=pair.similarity,
        )

    def reconcile(self, doctable: DocTable) -> int:
        """Bring the map in line with the live documents; returns how many documents changed."""
        with self._lock:
            if self.store.meta("version") != self.version:
                if self.store.meta("version") is not None:
                    log.info("contradiction map version changed; rebuilding")
                self.store.clear()
                self.store.set_meta("version", self.version)
            changed = 0
            collections: list[str] = list(doctable.collections())  # type: ignore[attr-defined]  # DocTable.list
            for collection in collections:
                live = {d.id: d for d in doctable.list(collection)}
                mapped = self.store.mapped_documents(collection)
                for doc_id in set(mapped) - set(live):
                    self.store.remove_document(collection, doc_id)
                    changed += 1
                for doc_id in sorted(set(live) - set(mapped), key=lambda d: live[d].created_at):
                    self.add(live[doc_id])
                    changed += 1
            if changed:
                log.info("contradiction map reconciled documents=%d", changed)
            return changed

    # -- reads -------------------------------------------------------------------
    def conflicts(self, collection: str, source: str | None = None) -> list[StoredConflict]:
        found = self.store.conflicts(collection)
        if source is not None:
            found = [c for c in found if source in (c.a.source, c.b.source)]
        return found

    def conflicts_among(self, collection: str, doc_ids: Sequence[str]) -> list[StoredConflict]:
        """Conflicts whose two claims both come from ``doc_ids``."""
        return self.store.conflicts(collection, list(dict.fromkeys(doc_ids)))

    def conflicts_with(self, collection: str, claims: Iterable[MappedClaim]) -> list[StoredConflict]:
        """The conflicts any of ``claims`` takes part in, anywhere in the collection."""
        return self.store.conflicts_of_claims(collection, [c.rowid for c in claims])

    def opponents(self, collection: str, claims: Iterable[MappedClaim]) -> dict[int, set[int]]:
        """Who disagrees with whom around ``claims``, by claim rowid: cheaper than ``conflicts_with``."""
        return self.store.opponents(collection, [c.rowid for c in claims])

    def mapped_claims(self, collection: str, doc_ids: Iterable[str]) -> list[MappedClaim]:
        return self.store.claims_of(collection, doc_ids)

    def mapped_claims_by_id(self, collection: str, claim_ids: Iterable[str]) -> list[MappedClaim]:
        return self.store.claims(list(self.store.rowids_of(collection, claim_ids).values()))
