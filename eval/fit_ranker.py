"""Fit the sentence ranker (``rag.ranking``) on the dev splits of the evaluation suite.

For every answerable dev question of every corpus, the question is retrieved as the
answer pipeline retrieves it, and each candidate sentence gets the ranker's features
and a label: 1 when it overlaps a gold quote of the question's source document or
holds one of its must-mention facts (one the question itself does not already say), else 0.
A logistic regression is fitted to all of them.

Before the final fit, each corpus is left out in turn and ranked by a model fitted on
the others: that figure, how often the leave-one-corpus-out top 3 holds a must-mention
fact, says how the weights carry to a corpus they never saw, and is written to the
weights file beside them. The test splits are never read here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eval.dataset import Question, Split, in_split, load_questions
from eval.matching import contains, quotes_overlap
from eval.metrics.answer import mention_recall
from eval.suite import DATASETS, SUITE, indexed_engine
from rag.ranking import DEFAULT_WEIGHTS, FEATURES
from rag.schemas import AskRequest, Evidence

log = logging.getLogger(__name__)

_TOP = 3   # how many leading sentences the leave-one-corpus-out check reads


@dataclass
class RankedQuestion:
    corpus: str
    question: Question
    candidates: list[Evidence]
    features: np.ndarray
    labels: np.ndarray


def is_answer_sentence(question: Question, evidence: Evidence) -> bool:
    for gold in question.gold:
        if gold.source == evidence.source and quotes_overlap(gold.quote, evidence.text):
            return True
    return any(
        contains(evidence.text, alternative) and not contains(question.question, alternative)
        for group in question.must_mention
        for alternative in group
    )


def collect(settings: Any, split: Split, progress: bool = True) -> list[RankedQuestion]:
    from index.embed import Embedder

    embedder = Embedder.from_settings(settings)
    collected: list[RankedQuestion] = []
    for entry in SUITE:
        engine = indexed_engine(settings, entry, embedder, progress)
        questions = [q for q in in_split(load_questions(DATASETS / f"{entry.name}.jsonl"), split) if q.answerable]
        for question in questions:
            request = AskRequest(question=question.question)
            retrieval = engine.retriever.retrieve(question.question, entry.corpus, engine.pipeline.depth(request))
            candidates, features, _ = engine.pipeline.selector.features(
                question.question, retrieval.query_vector, retrieval.passages, retrieval.snapshot
            )
            labels = np.array([is_answer_sentence(question, c) for c in candidates], dtype=np.int8)
            if labels.any():
                collected.append(RankedQuestion(entry.corpus, question, candidates, features, labels))
    return collected


def fit(rows: Sequence[RankedQuestion]) -> tuple[np.ndarray, float]:
    """A pointwise logistic regression over every candidate sentence. (A pairwise one, on feature
    differences within each question, was tried too: it ranked worse on corpora left out.)"""
    from sklearn.linear_model import LogisticRegression

    features = np.vstack([r.features for r in rows])
    labels = np.concatenate([r.labels for r in rows])
    # Mild regularisation: about 5,000 sentences for 21 weights.
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(features, labels)
    return model.coef_[0], float(model.intercept_[0])


def legacy_score(features: np.ndarray) -> np.ndarray:
    """The hand-set score the ranker replaces, from the same features: the scale the thresholds were set on."""
    column = {name: features[:, i] for i, name in enumerate(FEATURES)}
    return (0.55 * np.maximum(column["similarity"], column["similarity_in_context"]) + 0.30 * column["term_overlap"]
            + 0.15 * column["name_overlap"] + 0.10 * column["number_for_quantity"] + 0.08 * column["date_for_when"]
            + 0.05 * column["speech_for_who"] - 0.12 * column["not_clean_unit"])


def calibrate(rows: Sequence[RankedQuestion], weights: np.ndarray, bias: float) -> tuple[float, float]:
    """``offset + scale * logit`` fitted to the legacy score by least squares."""
    features = np.vstack([r.features for r in rows])
    logit = features @ weights + bias
    scale, offset = np.polyfit(logit, legacy_score(features), 1)
    return float(scale), float(offset)


def top_recall(rows: Sequence[RankedQuestion], weights: np.ndarray, bias: float, top: int = _TOP) -> float:
    """Mean share of must-mention facts held by the ``top`` best-ranked sentences."""
    shares = []
    for row in rows:
        if not row.question.must_mention:
            continue
        order = np.argsort(-(row.features @ weights + bias), kind="stable")[:top]
        text = " ".join(row.candidates[i].text for i in order)
        score = mention_recall(text, row.question.must_mention).score
        shares.append(score if score is not None else 0.0)
    return float(np.mean(shares)) if shares else 0.0


def leave_one_corpus_out(rows: Sequence[RankedQuestion], baseline: tuple[np.ndarray, float]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for corpus in sorted({r.corpus for r in rows}):
        held = [r for r in rows if r.corpus == corpus]
        weights, bias = fit([r for r in rows if r.corpus != corpus])
        figures[corpus] = {
            "questions": len(held),
            f"top{_TOP}_fitted_elsewhere": round(top_recall(held, weights, bias), 3),
            f"top{_TOP}_before": round(top_recall(held, *baseline), 3),
        }
    return figures


def run(settings: Any, split: Split, out: Path, progress: bool = True) -> dict[str, Any]:
    rows = collect(settings, split, progress)
    before = json.loads(DEFAULT_WEIGHTS.read_text(encoding="utf-8"))
    baseline = (np.array(before["weights"], dtype=np.float64), float(before["bias"]))
    weights, bias = fit(rows)
    scale, offset = calibrate(rows, weights, bias)
    fitted = {
        "features": list(FEATURES),
        "weights": [round(float(w), 5) for w in weights],
        "bias": round(bias, 5),
        "scale": round(scale, 5),
        "offset": round(offset, 5),
        "fitted": {
            "date": dt.date.today().isoformat(),
            "split": split,
            "corpora": sorted({r.corpus for r in rows}),
            "questions": len(rows),
            "sentences": int(sum(len(r.labels) for r in rows)),
            "answer_sentences": int(sum(int(r.labels.sum()) for r in rows)),
            f"top{_TOP}_in_sample": round(top_recall(rows, weights, bias), 3),
            f"top{_TOP}_before": round(top_recall(rows, *baseline), 3),
            "leave_one_corpus_out": leave_one_corpus_out(rows, baseline),
        },
    }
    out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    return fitted
