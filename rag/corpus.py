"""An in-memory, read-only view of one collection: live chunks, titles and a BM25 index.

Built from the document table and swapped atomically when the collection's
generation changes, so queries never rebuild BM25 and never see a half-applied
change. Several API processes sharing a data directory each refresh from the
same table.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from core.documents import Chunk
from index.doctable import DocTable
from rag.lexical import Bm25Index, TermIds, unseen_term_weight
from rag.schemas import RetrievedChunk
from rag.text import named_in_full

log = logging.getLogger(__name__)


@dataclass
class CorpusSnapshot:
    collection: str
    generation: int
    chunks: list[Chunk]
    titles: dict[str, str | None]
    # Words that name a document without being in its chunks: title and author.
    doc_names: dict[str, str] = field(default_factory=dict)
    # Content-term ids cached by chunk id; the cache hands it from snapshot to snapshot.
    terms: TermIds = field(default_factory=TermIds, repr=False)
    authors: dict[str, str] = field(default_factory=dict)   # by document id, where a byline was read
    chunk_index: dict[str, int] = field(init=False)
    source_of_doc: dict[str, str] = field(init=False)
    idf: dict[str, float] = field(init=False, repr=False)
    _by_doc: dict[str, list[Chunk]] = field(init=False, repr=False)
    _bm25: Bm25Index = field(init=False, repr=False)
    _source_codes: np.ndarray = field(init=False, repr=False)
    _source_ids: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.chunk_index = {chunk.id: i for i, chunk in enumerate(self.chunks)}
        self._by_doc = {}
        self.source_of_doc = {}
        for chunk in self.chunks:
            self._by_doc.setdefault(chunk.doc_id, []).append(chunk)
            self.source_of_doc[chunk.doc_id] = chunk.source
        # Source filters become one integer comparison per chunk, not a Python loop per query.
        self._source_ids = {}
        self._source_codes = np.fromiter(
            (self._source_ids.setdefault(c.source, len(self._source_ids)) for c in self.chunks),
            dtype=np.int32, count=len(self.chunks),
        )
        self._bm25 = Bm25Index.build([self.terms.of(c) for c in self.chunks], len(self.terms.vocab))
        self.idf = self._bm25.idf_by_word(self.terms.words(), len(self.chunks))

    def term_weight(self, term: str) -> float:
        """IDF of a term; a word the corpus never uses weighs as much as the rarest one."""
        return self.idf.get(term, unseen_term_weight(len(self.chunks)))

    def __len__(self) -> int:
        return len(self.chunks)

    @cached_property
    def full_names(self) -> dict[str, str]:
        """The collection's names of three or more words by their initials, where the initials name one
        only: {"iiss": "International Institute for Strategic Studies"}. Read once per snapshot, on the
        first question that asks by an acronym the collection never writes."""
        names: dict[str, set[str]] = {}
        for chunk in self.chunks:
            for name, initials in named_in_full(chunk.text):
                if len(initials) >= 3:
                    names.setdefault(initials, set()).add(name)
        return {initials: next(iter(full)) for initials, full in names.items() if len(full) == 1}

    def chunks_with_term(self, term: str, limit: int = 5) -> list[Chunk]:
        """Up to ``limit`` chunks whose content terms hold ``term`` (a stemmed word)."""
        term_id = self.terms.vocab.get(term)
        if term_id is None or term_id >= self._bm25.weights.shape[1]:
            return []
        rows = self._bm25.weights[:, term_id].nonzero()[0][:limit]
        return [self.chunks[int(row)] for row in rows]

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return self._by_doc.get(doc_id, [])

    def chunk(self, chunk_id: str) -> Chunk | None:
        index = self.chunk_index.get(chunk_id)
        return self.chunks[index] if index is not None else None

    def passage(self, chunk_id: str) -> RetrievedChunk | None:
        """The chunk as a passage read for another reason than retrieval (score 0), or None if it is gone."""
        chunk = self.chunk(chunk_id)
        if chunk is None:
            return None
        return RetrievedChunk(chunk=chunk, score=0.0, title=self.titles.get(chunk.doc_id),
                              author=self.authors.get(chunk.doc_id))

    def bm25(self, query: str, k: int, sources: set[str] | None = None) -> list[tuple[Chunk, float]]:
        if not self.chunks:
            return []
        mask = None
        if sources:
            wanted = [self._source_ids[s] for s in sources if s in self._source_ids]
            mask = np.isin(self._source_codes, wanted).astype(np.float32)
        hits = self._bm25.search(self.terms.query(query), k, mask)
        return [(self.chunks[row], score) for row, score in hits]


class CorpusCache:
    """Hands out the current snapshot of a collection, rebuilding only when it changed."""

    def __init__(self, doctable: DocTable) -> None:
        self._doctable = doctable
        self._snapshots: dict[str, CorpusSnapshot] = {}
        # Per collection, kept across rebuilds: only chunks new since the last snapshot are tokenised.
        self._terms: dict[str, TermIds] = {}
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
            terms = self._terms.setdefault(collection, TermIds())
            authors = {d.id: d.metadata.author for d in documents if d.metadata.author}
            snapshot = CorpusSnapshot(collection, generation, chunks, titles, names, terms, authors)
            terms.retain(snapshot.chunk_index)
            self._snapshots[collection] = snapshot
            log.info(
                "corpus snapshot collection=%s generation=%d chunks=%d seconds=%.2f",
                collection, generation, len(snapshot), time.perf_counter() - started,
            )
            return snapshot
