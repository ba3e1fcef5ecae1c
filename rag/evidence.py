"""Pick the sentences of the retrieved passages that answer the question.

Each candidate sentence is scored by semantic similarity to the question,
overlap of content words and names, and fit to the question type (a "how
much" question wants a number). Evidence, not prose, is what the answer is
built from, so this stage decides answer quality with the small models.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from index.embed import Embedder
from index.sentences import split_sentences
from rag.schemas import Evidence, RetrievedChunk
from rag.text import content_terms, display_text, entities, numbers, number_words

_QUANTITY_Q = re.compile(r"\b(how (much|many|often|large|big)|what (share|percentage|amount|number|value)|"
                         r"worth|cost|figure|total|increase|percent)\b", re.I)
_WHO_Q = re.compile(r"\b(who|whom|which (official|person|spokesperson|expert|minister|company|newspaper))\b", re.I)
_WHEN_Q = re.compile(r"\b(when|what (year|date|month)|since when)\b", re.I)
_SPEECH = re.compile(r"\b(said|says|told|stated|claimed|claims|warned|added|denied|quoted|according to|"
                     r"reported|asserted|stressed|declared|insisted)\b", re.I)
_DATE_LIKE = re.compile(r"\b(19|20)\d\d\b|\b(January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)\b")
_MIN_USEFUL_CHARS = 25


@dataclass(frozen=True)
class QuestionProfile:
    text: str
    terms: frozenset[str]
    names: frozenset[str]
    wants_quantity: bool
    wants_person: bool
    wants_date: bool

    @classmethod
    def of(cls, question: str) -> QuestionProfile:
        # Sentence-initial question words are capitalised but are not names.
        names = {n for n in entities(question) if n.split()[0] not in {"what", "who", "how", "which", "when",
                                                                          "where", "why", "did", "does", "is",
                                                                          "are", "was", "were", "has", "have",
                                                                          "according", "do", "can"}}
        return cls(
            text=question,
            terms=frozenset(content_terms(question)),
            names=frozenset(names),
            wants_quantity=bool(_QUANTITY_Q.search(question)),
            wants_person=bool(_WHO_Q.search(question)),
            wants_date=bool(_WHEN_Q.search(question)),
        )


@dataclass(frozen=True)
class EvidenceSelection:
    ranked: list[Evidence]          # every candidate sentence, best first
    selected: list[Evidence]        # the ones the answer is built from
    best_score: float
    term_coverage: float            # share of the question's content words found in the selection


class _SentenceVectorCache:
    """Sentence embeddings by (chunk-independent) document span; documents are immutable by id."""

    def __init__(self, capacity: int = 50_000) -> None:
        self._items: OrderedDict[tuple[str, int, int], np.ndarray] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def vectors(self, embedder: Embedder, keys: Sequence[tuple[str, int, int]], texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [i for i, key in enumerate(keys) if key not in self._items]
        if missing:
            fresh = embedder.embed([texts[i] for i in missing], batch_size=64)
            with self._lock:
                for i, vector in zip(missing, fresh, strict=True):
                    self._items[keys[i]] = vector
                while len(self._items) > self._capacity:
                    self._items.popitem(last=False)
        with self._lock:
            return np.stack([self._items[key] for key in keys]) if keys else np.zeros((0, embedder.dimension))


class EvidenceSelector:
    def __init__(self, embedder: Embedder, max_evidence: int = 5) -> None:
        self.embedder = embedder
        self.max_evidence = max_evidence
        self._cache = _SentenceVectorCache()

    def candidates(self, passages: Sequence[RetrievedChunk]) -> list[Evidence]:
        """Every distinct sentence of the passages, located in its document."""
        seen: set[tuple[str, int, int]] = set()
        found: list[Evidence] = []
        for passage in passages:
            chunk = passage.chunk
            for span in split_sentences(chunk.text):
                start, end = chunk.start + span.start, chunk.start + span.end
                key = (chunk.doc_id, start, end)
                if key in seen:
                    continue
                seen.add(key)
                found.append(
                    Evidence(
                        doc_id=chunk.doc_id,
                        source=chunk.source,
                        title=passage.title,
                        chunk_id=chunk.id,
                        start=start,
                        end=end,
                        text=chunk.text[span.start : span.end],
                        score=0.0,
                    )
                )
        return found

    def select(
        self, question: str, query_vector: np.ndarray, passages: Sequence[RetrievedChunk]
    ) -> EvidenceSelection:
        profile = QuestionProfile.of(question)
        candidates = self.candidates(passages)
        if not candidates:
            return EvidenceSelection([], [], 0.0, 0.0)
        texts = [display_text(c.text) for c in candidates]
        vectors = self._cache.vectors(self.embedder, [(c.doc_id, c.start, c.end) for c in candidates], texts)
        similarity = vectors @ query_vector
        passage_rank = {p.chunk.id: i for i, p in enumerate(passages)}
        scored = [
            replace(c, score=round(self._score(profile, text, float(sim), passage_rank[c.chunk_id]), 4))
            for c, text, sim in zip(candidates, texts, similarity, strict=True)
        ]
        order = sorted(range(len(scored)), key=lambda i: scored[i].score, reverse=True)
        ranked = [scored[i] for i in order]
        selected = self._pick(ranked, vectors[order])
        covered: set[str] = set()
        for evidence in selected:
            covered.update(content_terms(evidence.text))
        coverage = len(profile.terms & covered) / len(profile.terms) if profile.terms else 0.0
        return EvidenceSelection(ranked, selected, ranked[0].score, coverage)

    @staticmethod
    def _score(profile: QuestionProfile, text: str, similarity: float, passage_rank: int) -> float:
        terms = set(content_terms(text))
        term_overlap = len(profile.terms & terms) / len(profile.terms) if profile.terms else 0.0
        lowered = text.lower()
        name_overlap = (
            sum(1 for name in profile.names if name in lowered) / len(profile.names) if profile.names else 0.0
        )
        score = 0.55 * similarity + 0.30 * term_overlap + 0.15 * name_overlap
        if profile.wants_quantity and (numbers(text) or number_words(text)):
            score += 0.10
        if profile.wants_person and (_SPEECH.search(text) or len(entities(text)) >= 2):
            score += 0.05
        if profile.wants_date and _DATE_LIKE.search(text):
            score += 0.08
        if len(text) < _MIN_USEFUL_CHARS or not re.search(r"[.!?\"”’)]$", text):
            score -= 0.12  # headings, captions and fragments make poor answers
        if text.endswith("?"):
            score -= 0.10  # a question in the source answers nothing
        return score - 0.005 * passage_rank

    def _pick(self, ranked: list[Evidence], vectors: np.ndarray) -> list[Evidence]:
        """Best sentences within reach of the top score, skipping near-duplicates."""
        if not ranked:
            return []
        floor = ranked[0].score - 0.18
        chosen: list[int] = []
        for i, evidence in enumerate(ranked):
            if evidence.score < floor or len(chosen) == self.max_evidence:
                break
            if any(float(vectors[i] @ vectors[j]) > 0.92 for j in chosen):
                continue
            chosen.append(i)
        return [ranked[i] for i in chosen]
