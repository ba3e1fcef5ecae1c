"""retrieval.recall@k and retrieval.mrr: are the gold quotes among the retrieved passages?

A gold quote is recalled when the top-k passages of its source together cover
at least half of its characters (a quote may straddle two chunks). The
reciprocal rank is 1/rank of the first passage that alone covers half of some
gold quote. Passages come from the response's ``passages`` (everything
retrieved), or from its citations when the system does not report them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eval.dataset import SourceQuote
from eval.matching import coverage, source_name
from eval.responses import EvalCitation, EvalResponse

COVERED = 0.5


@dataclass(frozen=True)
class RetrievalResult:
    recall: float | None  # None when the question has no gold quotes
    reciprocal_rank: float | None
    basis: str  # "passages" | "citations"
    k: int
    recalled: tuple[bool, ...]  # per gold quote


def _covers(quote: SourceQuote, passages: Sequence[EvalCitation]) -> float:
    same_source = [p.quote for p in passages if source_name(p.source) == source_name(quote.source)]
    return coverage(quote.quote, same_source)


def score_retrieval(gold: Sequence[SourceQuote], response: EvalResponse, k: int | None = None) -> RetrievalResult:
    basis = "passages" if response.passages else "citations"
    ranked = list(response.passages or response.citations)[: k or None]
    if not gold:
        return RetrievalResult(None, None, basis, len(ranked), ())
    recalled = tuple(_covers(quote, ranked) >= COVERED for quote in gold)
    rank = next((i for i, p in enumerate(ranked, start=1) if any(_covers(q, [p]) >= COVERED for q in gold)), None)
    return RetrievalResult(sum(recalled) / len(gold), 1.0 / rank if rank else 0.0, basis, len(ranked), recalled)
