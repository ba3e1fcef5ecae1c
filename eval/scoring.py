"""Score every question, then aggregate into the report's metrics.

Per-question scores are kept (the report drills into them); aggregates are
means over the questions each metric applies to, and each metric's count and,
when it is null, the reason, are reported beside it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from eval.dataset import Question
from eval.judges import LLMGrader
from eval.metrics.answer import MentionRecall, mention_recall
from eval.metrics.citations import CitationCheck, CitationQuality, check_validity, score_citations
from eval.metrics.contradictions import PairScores, documents_recalled, question_recalled
from eval.metrics.faithfulness import Faithfulness, score_faithfulness
from eval.metrics.latency import percentile
from eval.metrics.refusal import refused
from eval.metrics.retrieval import RetrievalResult, score_retrieval
from eval.responses import Answer, EvalResponse
from eval.sources import DocumentTexts
from rag.judging import SupportJudge

log = logging.getLogger(__name__)

METRIC_KEYS = (
    "faithfulness",
    "faithfulness_any_context",
    "citation.precision",
    "citation.recall",
    "citation.validity",
    "answer.mention_recall",
    "answer.correctness",
    "retrieval.recall@k",
    "retrieval.mrr",
    "refusal.accuracy",
    "refusal.false_rate",
    "contradiction.question_recall",
    "contradiction.question_recall_documents",
    "contradiction.pairs",
    "latency",
)
EMPTY_RESPONSE = EvalResponse(answer="")


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answer: Answer
    refused: bool
    faithfulness: Faithfulness
    citations: CitationQuality
    validity: tuple[CitationCheck, ...]
    mention: MentionRecall
    correctness: float | None
    correctness_reason: str | None
    retrieval: RetrievalResult
    contradiction: tuple[bool, str] | None
    contradiction_documents: bool | None = None

    @property
    def response(self) -> EvalResponse:
        return self.answer.response or EMPTY_RESPONSE


@dataclass(frozen=True)
class Scorers:
    judge: SupportJudge
    texts: DocumentTexts
    grader: LLMGrader | None = None
    k: int | None = None


def score_question(question: Question, answer: Answer, scorers: Scorers) -> QuestionResult:
    response = answer.response or EMPTY_RESPONSE
    correctness, reason = None, None
    if scorers.grader is not None and question.answerable and question.reference_answer and answer.response:
        correctness, reason = scorers.grader.grade(question.question, response.answer, question.reference_answer)
    expected = question.expected_contradiction
    return QuestionResult(
        question=question,
        answer=answer,
        refused=answer.response is not None and refused(response),
        faithfulness=score_faithfulness(response, scorers.judge),
        citations=score_citations(response, scorers.judge),
        validity=tuple(check_validity(response.citations, scorers.texts)),
        mention=mention_recall(response.answer, question.must_mention)
        if question.answerable
        else MentionRecall(None, ()),
        correctness=correctness,
        correctness_reason=reason,
        retrieval=score_retrieval(question.gold if question.answerable else (), response, scorers.k),
        contradiction=question_recalled(response, expected) if expected else None,
        contradiction_documents=documents_recalled(response, expected) if expected else None,
    )


def score_all(
    questions: Sequence[Question], answers: Sequence[Answer], scorers: Scorers, progress: bool = True
) -> list[QuestionResult]:
    by_id = {a.id: a for a in answers}
    results = []
    for question in tqdm(questions, desc="score", unit="q", disable=not progress):
        answer = by_id.get(question.id) or Answer(question.id, None, "no answer for this question")
        results.append(score_question(question, answer, scorers))
    return results


# ---------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------


@dataclass
class Aggregate:
    metrics: dict[str, Any]
    counts: dict[str, int]
    notes: dict[str, str]


def _mean(values: Sequence[float | None]) -> tuple[float | None, int]:
    present = [v for v in values if v is not None]
    return (round(sum(present) / len(present), 4) if present else None), len(present)


def _put(agg: Aggregate, key: str, values: Sequence[float | None], why_empty: str) -> None:
    value, count = _mean(values)
    agg.metrics[key], agg.counts[key] = value, count
    if value is None:
        agg.notes[key] = why_empty


def _latency(results: Sequence[QuestionResult]) -> tuple[dict[str, Any], str]:
    measured = [r.answer.latency_ms for r in results if r.answer.latency_ms is not None]
    basis = "client-measured wall time per request"
    if not measured:
        measured = [
            r.response.timings_ms["total"]
            for r in results
            if r.answer.response is not None and "total" in r.response.timings_ms
        ]
        basis = "server-reported timings_ms.total"
    ttft = [r.answer.ttft_ms for r in results if r.answer.ttft_ms is not None]
    latency = {
        "p50_ms": percentile(measured, 50),
        "p95_ms": percentile(measured, 95),
        "ttft_p50_ms": percentile(ttft, 50) if ttft else None,
    }
    return latency, basis if measured else "no latency measured or reported"


def aggregate(results: Sequence[QuestionResult], grader_available: bool) -> Aggregate:
    """Every metric except contradiction.pairs, which is corpus-wide (see ``with_pairs``)."""
    agg = Aggregate({}, {}, {})
    _put(agg, "faithfulness", [r.faithfulness.score for r in results], "no answer made a claim")
    _put(
        agg,
        "faithfulness_any_context",
        [r.faithfulness.any_context for r in results],
        "no answer made a claim",
    )
    _put(agg, "citation.precision", [r.citations.precision for r in results], "no answer made a claim")
    _put(agg, "citation.recall", [r.citations.recall for r in results], "no answer made a claim")
    checks = [c for r in results for c in r.validity if c.valid is not None]
    agg.metrics["citation.validity"] = round(sum(c.valid is True for c in checks) / len(checks), 4) if checks else None
    agg.counts["citation.validity"] = len(checks)
    if not checks:
        agg.notes["citation.validity"] = "no citation could be checked against its document text"
    answerable = [r for r in results if r.question.answerable]
    _put(
        agg,
        "answer.mention_recall",
        [r.mention.score for r in answerable],
        "no answerable question lists must_mention",
    )
    _put(
        agg,
        "answer.correctness",
        [r.correctness for r in answerable],
        "no LLM judge is configured (answer.correctness needs one)"
        if not grader_available
        else "no answerable question has a reference_answer",
    )
    _put(agg, "retrieval.recall@k", [r.retrieval.recall for r in results], "no question has gold quotes")
    _put(agg, "retrieval.mrr", [r.retrieval.reciprocal_rank for r in results], "no question has gold quotes")
    unanswerable = [r for r in results if not r.question.answerable]
    _put(
        agg,
        "refusal.accuracy",
        [float(r.refused) for r in unanswerable],
        "the dataset has no unanswerable question",
    )
    _put(
        agg,
        "refusal.false_rate",
        [float(r.refused) for r in answerable],
        "the dataset has no answerable question",
    )
    _put(
        agg,
        "contradiction.question_recall",
        [float(r.contradiction[0]) for r in results if r.contradiction is not None],
        "no question has an expected_contradiction",
    )
    _put(
        agg,
        "contradiction.question_recall_documents",
        [float(r.contradiction_documents) for r in results if r.contradiction_documents is not None],
        "no expected_contradiction has labelled sides",
    )
    agg.metrics["latency"], agg.notes["latency"] = _latency(results)
    agg.counts["latency"] = sum(1 for r in results if r.answer.latency_ms is not None)
    return agg


def with_pairs(agg: Aggregate, pairs: PairScores | None, note: str) -> Aggregate:
    if pairs is None:
        agg.metrics["contradiction.pairs"] = None
        agg.counts["contradiction.pairs"] = 0
    else:
        agg.metrics["contradiction.pairs"] = {
            "precision": pairs.precision,
            "recall": pairs.recall,
            "f1": pairs.f1,
        }
        agg.counts["contradiction.pairs"] = pairs.tp + pairs.fp + pairs.fn
    agg.notes["contradiction.pairs"] = note
    return agg


def by_type(results: Sequence[QuestionResult], grader_available: bool) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[QuestionResult]] = {}
    for result in results:
        groups.setdefault(result.question.type or "untyped", []).append(result)
    keep: Callable[[str], bool] = lambda key: key not in ("latency", "citation.validity")  # noqa: E731
    return {
        name: {k: v for k, v in aggregate(rs, grader_available).metrics.items() if keep(k)} | {"questions": len(rs)}
        for name, rs in sorted(groups.items())
    }
