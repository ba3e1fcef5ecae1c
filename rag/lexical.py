"""BM25 over a corpus snapshot: vectorised, and rebuilt incrementally when the corpus changes.

Why not ``bm25s.BM25.index``: every change to a collection rebuilds the snapshot,
and rebuilding with bm25s re-tokenised every chunk and ran Python loops over all
of them: about 15 s at 11k chunks on this machine under load, so about two
minutes at 100k, paid by the first query after any upload, in every API process.
Here the content terms of a chunk are cached by chunk id (ids are derived from the
content, so a cached entry never goes stale) and the BM25 weights are computed for
the whole corpus in a few numpy/scipy operations. The scoring is bm25s's default
("lucene" idf and term-frequency saturation, k1=1.5, b=0.75), so rankings are the
ones the bm25s index gave.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from core.documents import Chunk
from rag.text import content_terms

K1 = 1.5
B = 0.75


class TermIds:
    """A growing vocabulary and each chunk's content-term ids, cached across snapshots."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._by_chunk: dict[str, np.ndarray] = {}

    def of(self, chunk: Chunk) -> np.ndarray:
        ids = self._by_chunk.get(chunk.id)
        if ids is None:
            vocab = self.vocab
            ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in content_terms(chunk.text)), dtype=np.int32)
            self._by_chunk[chunk.id] = ids
        return ids

    def retain(self, chunk_ids: Iterable[str]) -> None:
        """Forget chunks that are no longer live (their words stay in the vocabulary)."""
        live = set(chunk_ids)
        self._by_chunk = {cid: ids for cid, ids in self._by_chunk.items() if cid in live}

    def query(self, text: str) -> list[int]:
        """Ids of the distinct query terms the corpus has ever seen, in query order."""
        return [self.vocab[t] for t in dict.fromkeys(content_terms(text)) if t in self.vocab]

    def words(self) -> list[str]:
        by_id = [""] * len(self.vocab)
        for word, index in self.vocab.items():
            by_id[index] = word
        return by_id


@dataclass(frozen=True)
class Bm25Index:
    """Precomputed BM25 weight of every (chunk, term): a query sums its terms' columns."""

    weights: sparse.csc_matrix  # chunks x vocabulary
    document_frequency: np.ndarray  # per term id, over the chunks of this index

    @classmethod
    def build(cls, term_ids: Sequence[np.ndarray], vocabulary_size: int) -> Bm25Index:
        count = len(term_ids)
        lengths = np.fromiter((len(ids) for ids in term_ids), dtype=np.int64, count=count)
        columns = np.concatenate(term_ids) if count else np.zeros(0, dtype=np.int32)
        rows = np.repeat(np.arange(count, dtype=np.int64), lengths)
        counts = sparse.csr_matrix(
            (np.ones(len(columns), dtype=np.float32), (rows, columns)), shape=(count, vocabulary_size)
        )
        counts.sum_duplicates()  # term frequencies
        df = np.bincount(counts.indices, minlength=vocabulary_size)
        average = float(lengths.mean()) if count and lengths.any() else 1.0
        idf = np.log(1.0 + (count - df + 0.5) / (df + 0.5))
        row_of_entry = np.repeat(np.arange(count), np.diff(counts.indptr))
        tf = counts.data
        saturation = tf / (K1 * ((1 - B) + B * lengths[row_of_entry] / average) + tf)
        counts.data = (idf[counts.indices] * saturation).astype(np.float32)
        return cls(counts.tocsc(), df)

    def search(self, term_ids: Sequence[int], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(row, score) of the ``k`` best chunks with a positive score, best first."""
        width = self.weights.shape[1]
        usable = [t for t in term_ids if t < width]  # words first seen after this index was built
        if not usable or k <= 0:
            return []
        scores = np.asarray(self.weights[:, usable].sum(axis=1)).ravel()
        if mask is not None:
            scores = scores * mask
        k = min(k, scores.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def idf_by_word(self, words: Sequence[str], chunk_count: int) -> dict[str, float]:
        """log((N + 1) / (df + 0.5)) of every word present, the weight evidence scoring uses."""
        present = np.flatnonzero(self.document_frequency)
        values = np.log((chunk_count + 1) / (self.document_frequency[present] + 0.5))
        return {words[i]: float(v) for i, v in zip(present.tolist(), values.tolist(), strict=True)}


def unseen_term_weight(chunk_count: int) -> float:
    """A word the corpus never uses weighs as much as the rarest one."""
    return math.log(chunk_count + 2)
