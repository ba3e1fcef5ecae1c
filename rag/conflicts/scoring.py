"""Score contradictions against labelled data: map pairs (precision/recall/F1) and answers to questions.

A labelled pair counts as found when some reported conflict has one claim
overlapping each quote's span, in the right documents (either order). A
"consistent" pair found that way is a false alarm. This is the measure the
issue states for ``GET /contradictions``, and the eval harness can reuse it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class SpanLike(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class Quote:
    source: str
    quote: str


@dataclass(frozen=True)
class LabelledPair:
    id: str
    label: str  # "contradiction" | "consistent"
    a: Quote
    b: Quote


@dataclass
class PairScores:
    true_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    true_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        flagged = len(self.true_positives) + len(self.false_positives)
        return len(self.true_positives) / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        labelled = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / labelled if labelled else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
            "found": len(self.true_positives), "missed": self.false_negatives,
            "false_alarms": self.false_positives,
            "consistent_pairs": len(self.false_positives) + len(self.true_negatives),
        }


def load_pairs(path: Path) -> list[LabelledPair]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            pairs.append(LabelledPair(row["id"], row["label"], Quote(**row["a"]), Quote(**row["b"])))
    return pairs


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(quote)
    while start >= 0:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def _overlaps(claim: SpanLike, quote: Quote, texts: dict[str, str]) -> bool:
    if claim.source != quote.source:
        return False
    return any(claim.start < end and start < claim.end for start, end in quote_spans(texts[quote.source], quote.quote))


def _found(pair: LabelledPair, conflicts: Sequence[Sequence[SpanLike]], texts: dict[str, str]) -> bool:
    for claims in conflicts:
        for first in claims:
            for second in claims:
                if first is not second and _overlaps(first, pair.a, texts) and _overlaps(second, pair.b, texts):
                    return True
    return False


def score_pairs(
    conflicts: Iterable[Sequence[SpanLike]], pairs: Sequence[LabelledPair], texts: dict[str, str]
) -> PairScores:
    """``conflicts``: each reported conflict as its claims (anything with source, start, end)."""
    reported = [list(claims) for claims in conflicts]
    scores = PairScores()
    for pair in pairs:
        found = _found(pair, reported, texts)
        if pair.label == "contradiction":
            (scores.true_positives if found else scores.false_negatives).append(pair.id)
        else:
            (scores.false_positives if found else scores.true_negatives).append(pair.id)
    return scores


def cites_both_sides(claim_sources: Iterable[Sequence[str]], expected: Sequence[str]) -> bool:
    """Some contradiction's claims come from every expected source; one expected source: two claims from it."""
    wanted = set(expected)
    for sources in claim_sources:
        if not wanted <= set(sources):
            continue
        if len(wanted) > 1 or sum(1 for s in sources if s in wanted) >= 2:
            return True
    return False
