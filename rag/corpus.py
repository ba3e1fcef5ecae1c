"""An in-memory, read-only view of one collection: live chunks, titles and a BM25 index.

Built from the document table and swapped atomically when the collection's
generation changes, so queries never rebuild BM25 and never see a half-applied
change. Several API processes sharing a data directory each refresh from the
same table.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter
import time
from dataclasses import dataclass, field

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

from index.doctable import DocTable
from rag.schemas import Chunk
from rag.text import content_terms

log = logging.getLogger(__name__)


@dataclass
class CorpusSnapshot:
    collection: str
    generation: int
    chunks: list[Chunk]
    titles: dict[str, str | None]
    # Words that name a document without being in its chunks: title and author.
    doc_names: dict[str, str] = field(default_factory=dict)
    chunk_index: dict[str, int] = field(init=False)
    idf: dict[str, float] = field(init=False, repr=False)
    _by_doc: dict[str, list[Chunk]] = field(init=False, repr=False)
    _vocab: dict[str, int] = field(init=False, repr=False)
    _bm25: bm25s.BM25 | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.chunk_index = {chunk.id: i for i, chunk in enumerate(self.chunks)}
        self._by_doc = {}
        for chunk in self.chunks:
            self._by_doc.setdefault(chunk.doc_id, []).append(chunk)
        self._vocab = {}
        corpus_ids = [[self._vocab.setdefault(t, len(self._vocab)) for t in content_terms(c.text)] for c in self.chunks]
        frequencies = Counter(term for ids in corpus_ids for term in set(ids))
        words_by_id = {i: t for t, i in self._vocab.items()}
        total = len(corpus_ids)
        self.idf = {words_by_id[i]: math.log((total + 1) / (df + 0.5)) for i, df in frequencies.items()}
        self._bm25 = None
        if self.chunks:
            self._bm25 = bm25s.BM25()
            self._bm25.index(Tokenized(ids=corpus_ids, vocab=self._vocab), show_progress=False)

    def term_weight(self, term: str) -> float:
        """IDF of a term; a word the corpus never uses weighs as much as the rarest one."""
        return self.idf.get(term, math.log(len(self.chunks) + 2))

    def __len__(self) -> int:
        return len(self.chunks)

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return self._by_doc.get(doc_id, [])

    def chunk(self, chunk_id: str) -> Chunk | None:
        index = self.chunk_index.get(chunk_id)
        return self.chunks[index] if index is not None else None

    def bm25(self, query: str, k: int, sources: set[str] | None = None) -> list[tuple[Chunk, float]]:
        if self._bm25 is None:
            return []
        ids = [self._vocab[t] for t in dict.fromkeys(content_terms(query)) if t in self._vocab]
        if not ids:
            return []
        mask = None
        if sources:
            mask = np.array([c.source in sources for c in self.chunks], dtype=np.float32)
        k = min(k, len(self.chunks))
        docs, scores = self._bm25.retrieve(
            Tokenized(ids=[ids], vocab=self._vocab), k=k, show_progress=False, n_threads=1, weight_mask=mask
        )
        return [(self.chunks[int(i)], float(s)) for i, s in zip(docs[0], scores[0], strict=True) if s > 0]


class CorpusCache:
    """Hands out the current snapshot of a collection, rebuilding only when it changed."""

    def __init__(self, doctable: DocTable) -> None:
        self._doctable = doctable
        self._snapshots: dict[str, CorpusSnapshot] = {}
        self._lock = threading.Lock()

    def get(self, collection: str) -> CorpusSnapshot:
        generation = self._doctable.generation(collection)
        current = self._snapshots.get(collection)
        if current is not None and current.generation == generation:
            return current
        with self._lock:
            current = self._snapshots.get(collection)
            if current is not None and current.generation == generation:
                return current
            started = time.perf_counter()
            generation, documents, chunks = self._doctable.read_collection(collection)
            titles = {d.id: d.metadata.title for d in documents}
            names = {d.id: " ".join(filter(None, (d.metadata.title, d.metadata.author))) for d in documents}
            snapshot = CorpusSnapshot(collection, generation, chunks, titles, names)
            self._snapshots[collection] = snapshot
            log.info(
                "corpus snapshot collection=%s generation=%d chunks=%d seconds=%.2f",
                collection, generation, len(snapshot), time.perf_counter() - started,
            )
            return snapshot
