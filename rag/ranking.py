"""Rank the candidate sentences of an answer with a small learned model.

Every candidate sentence of the retrieved passages is described by a few general
features: how close its embedding is to the question's (alone, and read after the
sentence before it), how many of the question's rarer words and names it holds,
whether it gives the kind of thing the question asks for (a name, a number, a date;
see ``rag.question``), how well its passage ranked, and whether it reads as a whole
sentence. A logistic regression weighs them. The weights are fitted by
``crosscheck eval fit-ranker`` on the *dev* splits of every corpus of the evaluation
suite, where a sentence counts as a good answer sentence when it overlaps a gold quote
or holds a must-mention fact, and are then frozen in ``rag/ranker.json``; the test
splits are scored with them untouched. Hand-set weights before this were fitted by eye
to the demo articles.

The logit is mapped onto the scale of the older hand-weighted score (``offset + scale
* logit``, fitted alongside), so that margins such as "within 0.18 of the best" keep
their meaning for the answerability check, the plan and the disagreement finder.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.profile import DATE_LIKE, SPEECH, QuestionProfile
from rag.question import QuestionAnalysis, gives
from rag.schemas import Evidence, RetrievedChunk
from rag.text import content_terms, entities, number_words, numbers
from rag.units import is_clean_unit, leans_on_context

DEFAULT_WEIGHTS = Path(__file__).with_name("ranker.json")

_OPENING_CHARS = 600   # the lead paragraph of an article states its main facts

FEATURES: tuple[str, ...] = (
    "similarity",               # cosine of sentence and question embeddings
    "similarity_in_context",    # ... with the sentence read after the one before it
    "similarity_rank",          # 1 / (1 + rank by the better of the two)
    "similarity_gap",           # the better of the two, minus the best of any candidate (<= 0)
    "term_overlap",             # IDF-weighted share of the question's content words in the sentence
    "term_overlap_in_context",  # ... in the sentence and the one before it
    "term_overlap_gap",         # term overlap in context, minus the best of any candidate (<= 0)
    "title_overlap",            # ... in the document's title and file name
    "name_overlap",             # share of the question's names in the sentence or the document name
    "gives_asked_part",         # holds an entity of a kind the question asks for
    "lacks_asked_part",         # the question asks for a kind the sentence does not hold
    "number_for_quantity",      # a "how many / how much" question, and the sentence has a number
    "date_for_when",            # a "when" question, and the sentence has a date
    "speech_for_who",           # a "who" question, and the sentence reports speech
    "not_clean_unit",           # heading, fragment, list item, question
    "leans_on_context",         # opens with "This", "They", ...
    "passage_rank",             # 1 / (1 + rank of its passage after fusion)
    "passage_dense_rank",       # 1 / rank in the dense list, 0 when absent
    "passage_bm25_rank",        # 1 / rank in the BM25 list, 0 when absent
    "opening",                  # within the first few hundred characters of its document
    "length",                   # log length, capped
)


@dataclass(frozen=True)
class SentenceRanker:
    weights: np.ndarray
    bias: float
    scale: float
    offset: float

    @classmethod
    def load(cls, path: Path | None = None) -> SentenceRanker:
        return _load(str(path or DEFAULT_WEIGHTS))

    def score(self, features: np.ndarray) -> np.ndarray:
        if not len(features):
            return np.zeros(0)
        logit = features @ self.weights + self.bias
        return self.offset + self.scale * logit


@lru_cache(maxsize=8)
def _load(path: str) -> SentenceRanker:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    names = tuple(data["features"])
    if names != FEATURES:
        raise ValueError(f"{path} was fitted for features {names}, this code computes {FEATURES}; refit it")
    return SentenceRanker(np.array(data["weights"], dtype=np.float64), float(data["bias"]),
                          float(data["scale"]), float(data["offset"]))


def sentence_features(
    profile: QuestionProfile,
    analysis: QuestionAnalysis,
    candidates: Sequence[Evidence],
    texts: Sequence[str],
    similarity: np.ndarray,
    similarity_in_context: np.ndarray,
    passages: Sequence[RetrievedChunk],
    weight: Callable[[str], float],
    doc_names: dict[str, str],
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate sentence."""
    best_similarity = np.maximum(similarity, similarity_in_context)
    similarity_rank = np.empty(len(candidates))
    similarity_rank[np.argsort(-best_similarity)] = np.arange(len(candidates))
    passage_of = {p.chunk.id: (i, p) for i, p in enumerate(passages)}
    total_weight = sum(weight(t) for t in profile.terms)
    rows = []
    context_overlaps: list[float] = []
    previous_terms: set[str] = set()
    for i, (evidence, text) in enumerate(zip(candidates, texts, strict=True)):
        terms = set(content_terms(text))
        same_chunk_as_previous = i > 0 and candidates[i - 1].chunk_id == evidence.chunk_id
        context_terms = terms | (previous_terms if same_chunk_as_previous else set())
        previous_terms = terms
        rank, passage = passage_of[evidence.chunk_id]
        title = f"{evidence.title or ''} {doc_names.get(evidence.doc_id, '')}"
        context_overlaps.append(_weighted_share(profile.terms, context_terms, weight, total_weight))
        rows.append([
            float(similarity[i]),
            float(similarity_in_context[i]),
            1.0 / (1.0 + similarity_rank[i]),
            float(best_similarity[i] - best_similarity.max()),
            _weighted_share(profile.terms, terms, weight, total_weight),
            context_overlaps[-1],
            0.0,   # term_overlap_gap, once every overlap is known
            _weighted_share(profile.terms, set(content_terms(title)), weight, total_weight),
            _name_share(profile.names, f"{text} {title}".lower()),
            *_asked_part_features(analysis, text),
            float(profile.wants_quantity and bool(numbers(text) or number_words(text))),
            float(profile.wants_date and bool(DATE_LIKE.search(text))),
            float(profile.wants_person and bool(SPEECH.search(text) or len(entities(text)) >= 2)),
            float(not is_clean_unit(text)),
            float(leans_on_context(text)),
            1.0 / (1.0 + rank),
            1.0 / passage.dense_rank if passage.dense_rank else 0.0,
            1.0 / passage.bm25_rank if passage.bm25_rank else 0.0,
            float(evidence.start < _OPENING_CHARS),
            min(float(np.log1p(len(text))) / np.log1p(400), 1.0),
        ])
    features = np.array(rows, dtype=np.float64).reshape(len(candidates), len(FEATURES))
    if len(candidates):
        features[:, FEATURES.index("term_overlap_gap")] = np.array(context_overlaps) - max(context_overlaps)
    return features


def _weighted_share(wanted: frozenset[str], found: set[str], weight: Callable[[str], float], total: float) -> float:
    # Rare words ("invoices", "Garpiya") say more about relevance than "China" or "Russia".
    return sum(weight(t) for t in wanted & found) / total if total else 0.0


def _name_share(names: frozenset[str], lowered: str) -> float:
    return sum(1 for name in names if name in lowered) / len(names) if names else 0.0


def _asked_part_features(analysis: QuestionAnalysis, text: str) -> tuple[float, float]:
    if not analysis.parts:
        return 0.0, 0.0
    given = any(gives(part, text, analysis) for part in analysis.parts)
    return float(given), float(not given)
