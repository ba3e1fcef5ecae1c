"""Hybrid retrieval: dense (Chroma) + BM25 (in memory), fused by reciprocal rank, with source diversity."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.documents import Chunk
from core.settings import Settings
from index.embed import Embedder
from index.store import VectorStore
from rag.corpus import CorpusCache, CorpusSnapshot
from rag.question import search_text
from rag.schemas import RetrievedChunk
from rag.search_terms import answer_search_terms

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retrieval:
    passages: list[RetrievedChunk]
    snapshot: CorpusSnapshot
    query_vector: np.ndarray
    embed_ms: float
    search_ms: float


def reciprocal_rank_fusion(
    rankings: Sequence[tuple[Sequence[str], float]], k: int
) -> dict[str, float]:
    """Score each id by sum(weight / (k + rank)) over the rankings it appears in (rank from 1)."""
    scores: dict[str, float] = defaultdict(float)
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] += weight / (k + rank)
    return scores


def diversify(ranked: Sequence[str], source_of: dict[str, str], limit: int, per_source: int) -> list[str]:
    """Take ids in rank order, at most ``per_source`` from one source until every source had its turn."""
    chosen: list[str] = []
    deferred: list[str] = []
    taken: dict[str, int] = defaultdict(int)
    for item in ranked:
        source = source_of[item]
        if taken[source] < per_source:
            chosen.append(item)
            taken[source] += 1
        else:
            deferred.append(item)
        if len(chosen) == limit:
            return chosen
    # Fewer sources than slots: fill up with the best of the rest rather than return less.
    return chosen + deferred[: limit - len(chosen)]


class HybridRetriever:
    def __init__(self, settings: Settings, embedder: Embedder, store: VectorStore, corpus: CorpusCache) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.corpus = corpus

    def retrieve(
        self,
        query: str,
        collection: str | None = None,
        top_k: int | None = None,
        sources: Sequence[str] | None = None,
    ) -> Retrieval:
        settings = self.settings
        collection = collection or settings.collection
        top_k = top_k or settings.top_k
        source_filter = set(sources) if sources else None

        started = time.perf_counter()
        query = search_text(query)
        vector = self.embedder.embed_query(query)
        embedded = time.perf_counter()

        snapshot = self.corpus.get(collection)
        dense = [
            hit.chunk_id
            for hit in self.store.query(collection, vector, settings.dense_candidates, sources)
            # Vectors of a document being replaced or deleted are not live yet / any more.
            if hit.chunk_id in snapshot.chunk_index
        ]
        searched = f"{query} {answer_search_terms(query)}"
        lexical = [chunk.id for chunk, _ in snapshot.bm25(searched, settings.bm25_candidates, source_filter)]
        fused = reciprocal_rank_fusion(
            [(dense, settings.dense_weight), (lexical, settings.bm25_weight)], settings.rrf_k
        )
        ranked = sorted(fused, key=fused.__getitem__, reverse=True)
        source_of = {cid: self._chunk(snapshot, cid).source for cid in ranked}
        chosen = diversify(ranked, source_of, top_k, settings.max_chunks_per_source)
        dense_rank = {cid: i + 1 for i, cid in enumerate(dense)}
        bm25_rank = {cid: i + 1 for i, cid in enumerate(lexical)}
        passages = [
            RetrievedChunk(
                chunk=(chunk := self._chunk(snapshot, cid)),
                score=round(fused[cid], 6),
                title=snapshot.titles.get(chunk.doc_id),
                dense_rank=dense_rank.get(cid),
                bm25_rank=bm25_rank.get(cid),
                author=snapshot.authors.get(chunk.doc_id),
            )
            for cid in chosen
        ]
        finished = time.perf_counter()
        return Retrieval(
            passages=passages,
            snapshot=snapshot,
            query_vector=vector,
            embed_ms=(embedded - started) * 1000,
            search_ms=(finished - embedded) * 1000,
        )

    @staticmethod
    def _chunk(snapshot: CorpusSnapshot, chunk_id: str) -> Chunk:
        chunk = snapshot.chunk(chunk_id)
        if chunk is None:  # pragma: no cover - ids come from the snapshot itself
            raise KeyError(chunk_id)
        return chunk
