"""Contradiction metrics.

contradiction.question_recall: a question with an expected contradiction is
recalled when the response surfaces it citing both sides. With labelled
``sides`` (quote pairs), strictly: a reported contradiction with one claim
overlapping each quote of a pair, in the quote's source. Without them: a
reported contradiction whose claims come from at least two of the expected
sources (for a single expected source: two distinct claims from it), or an
answer sentence that says the sources disagree and cites them the same way.

contradiction.question_recall_documents: the same questions, matched by documents
only (questions with labelled ``sides``): a reported contradiction whose claims
come from the two documents of one labelled pair (for a pair inside one document,
two distinct claims from it). It shows how often an answer finds the right
disagreement between the right reports even when it quotes other sentences.

A contradiction may list more than two claims; when its claims say which side
they are on (``side``), the two claims that match a labelled pair must be on
opposite sides: two voices on one side do not make a disagreement.

contradiction.pairs: the corpus-wide contradictions (GET /contradictions)
against the labelled pairs. A pair is recovered by a reported contradiction
with one claim from a's source whose quote overlaps a's quote, and another
claim from b's source overlapping b's quote. The labels are not exhaustive, so
precision is measured on labelled pairs only: TP = contradiction pairs
recovered, FP = consistent pairs reported as contradictions; reported
contradictions that match no labelled pair are counted as "unlabelled".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from eval.claims import split_sentences
from eval.dataset import ExpectedContradiction, LabelledPair, SourceQuote
from eval.matching import quotes_overlap, source_name
from eval.responses import EvalCitation, EvalClaim, EvalContradiction, EvalResponse

DISAGREEMENT = re.compile(
    r"\b(?:disagree\w*|contradict\w*|conflict\w*|disput\w*|den(?:y|ies|ied)|however|whereas|on the other hand|"
    r"differ\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Side:
    source: str
    quote: str
    span: tuple[int, int]


def _sides_of(cited: Iterable[EvalClaim | EvalCitation]) -> list[_Side]:
    return [_Side(source_name(c.source), c.quote, (c.start, c.end)) for c in cited]


def _cites_both_sides(sides: Sequence[_Side], expected: Sequence[str]) -> bool:
    wanted = {source_name(s) for s in expected}
    present = {s.source for s in sides if s.source in wanted}
    if len(wanted) >= 2:
        return len(present) >= 2
    distinct = {(s.quote, s.span) for s in sides if s.source in wanted}
    return len(distinct) >= 2


def question_recalled(response: EvalResponse, expected: ExpectedContradiction) -> tuple[bool, str]:
    if expected.sides:
        return _quoted_sides_recalled(response, expected.sides)
    for i, conflict in enumerate(response.contradictions):
        sides = _sides_of(conflict.claims)
        if _cites_both_sides(sides, expected.sources):
            return True, f"contradictions[{i}] cites both sides"
    for sentence in split_sentences(response.answer):
        if not DISAGREEMENT.search(sentence.text):
            continue
        cited = [response.citation(n) for n in sentence.citations]
        sides = _sides_of(c for c in cited if c is not None)
        if _cites_both_sides(sides, expected.sources):
            return True, f"the sentence “{sentence.text[:80]}” says they disagree, citing both sides"
    return False, "no reported contradiction or disagreeing sentence cites both expected sides"


def _quoted_sides_recalled(
    response: EvalResponse, sides: Sequence[tuple[SourceQuote, SourceQuote]]
) -> tuple[bool, str]:
    """Strict form: a reported contradiction quotes both sides of one labelled pair."""
    for i, conflict in enumerate(response.contradictions):
        for a, b in sides:
            if _claims_match(conflict.claims, a, b):
                return True, f"contradictions[{i}] quotes both sides: “{a.quote[:50]}” / “{b.quote[:50]}”"
    reported = "; ".join(
        " vs ".join(f"{source_name(c.source)} “{c.quote[:40]}”" for c in conflict.claims)
        for conflict in response.contradictions
    )
    return False, f"no reported contradiction quotes both sides of a labelled pair (reported: {reported or 'none'})"


def documents_recalled(response: EvalResponse, expected: ExpectedContradiction) -> bool | None:
    """A reported contradiction cites the documents of one labelled pair; None without labelled sides."""
    if not expected.sides:
        return None
    return any(
        _any_opposed_pair(conflict.claims, _from_documents_of(a, b))
        for conflict in response.contradictions
        for a, b in expected.sides
    )


def _from_documents_of(a: SourceQuote, b: SourceQuote) -> Callable[[EvalClaim, EvalClaim], bool]:
    def test(x: EvalClaim, y: EvalClaim) -> bool:
        return _from(x, a) and _from(y, b)

    return test


def _from(claim: EvalClaim, quote: SourceQuote) -> bool:
    return source_name(claim.source) == source_name(quote.source)


def _matches(claim: EvalClaim, quote: SourceQuote) -> bool:
    return _from(claim, quote) and quotes_overlap(claim.quote, quote.quote)


def recovers(conflict: EvalContradiction, pair: LabelledPair) -> bool:
    return _claims_match(conflict.claims, pair.a, pair.b)


def _claims_match(claims: Sequence[EvalClaim], a: SourceQuote, b: SourceQuote) -> bool:
    """Two different claims on opposite sides, one overlapping each quote (in either order)."""
    return _any_opposed_pair(claims, lambda x, y: _matches(x, a) and _matches(y, b))


def _any_opposed_pair(claims: Sequence[EvalClaim], test: Callable[[EvalClaim, EvalClaim], bool]) -> bool:
    """Whether ``test`` holds for two distinct claims (distinct spans too) that are not on one side."""
    return any(
        test(x, y)
        for i, x in enumerate(claims)
        for j, y in enumerate(claims)
        if i != j and _distinct(x, y) and not _same_side(x, y)
    )


def _distinct(x: EvalClaim, y: EvalClaim) -> bool:
    return (source_name(x.source), x.quote, x.start, x.end) != (source_name(y.source), y.quote, y.start, y.end)


def _same_side(x: EvalClaim, y: EvalClaim) -> bool:
    return x.side is not None and x.side == y.side


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int
    reported: int
    unlabelled: int
    recovered: tuple[str, ...]  # ids of labelled pairs (of either label) that were reported


def score_pairs(pairs: Sequence[LabelledPair], reported: Sequence[EvalContradiction]) -> PairScores:
    recovered = [p for p in pairs if any(recovers(c, p) for c in reported)]
    tp = sum(p.label == "contradiction" for p in recovered)
    fp = sum(p.label == "consistent" for p in recovered)
    fn = sum(p.label == "contradiction" for p in pairs) - tp
    unlabelled = sum(not any(recovers(c, p) for p in pairs) for c in reported)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(
        round(precision, 4),
        round(recall, 4),
        round(f1, 4),
        tp,
        fp,
        fn,
        len(reported),
        unlabelled,
        tuple(p.id for p in recovered),
    )
