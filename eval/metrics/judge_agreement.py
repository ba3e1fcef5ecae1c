"""How far to trust an entailment judge: its agreement with the labelled contradiction pairs.

An entailment judge answers "does A support B?", while the pairs are labelled
"contradiction" or "consistent", so agreement is defined on what the labels do
imply. Each pair is judged in both directions (a->b and b->a):
- a contradiction pair agrees when neither direction is judged "supported"
  and at least one is judged "contradicted": the judge must notice the
  conflict, not merely fail to find support;
- a consistent pair agrees when neither direction is judged "contradicted":
  consistent statements need not entail each other, but must not be taken for
  negations of each other.
``false_support`` counts contradiction pairs with a direction judged
"supported", the failure that would inflate faithfulness most.

``claim_agreement`` measures the faithfulness question itself on hand-labelled
(premise, claim, supported/unsupported) rows: ``--judge-claims FILE``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.dataset import LabelledPair
from rag.judging import SupportJudge, SupportVerdict


@dataclass(frozen=True)
class PairJudgement:
    id: str
    label: str
    forward: str
    backward: str
    agrees: bool


@dataclass(frozen=True)
class JudgeAgreement:
    judge: str
    agreement: float
    contradiction_agreement: float | None
    consistent_agreement: float | None
    false_support: int
    pairs: int
    details: tuple[PairJudgement, ...]


def _agrees(label: str, forward: SupportVerdict, backward: SupportVerdict) -> bool:
    labels = {forward.label, backward.label}
    if label == "contradiction":
        return "supported" not in labels and "contradicted" in labels
    return "contradicted" not in labels


def _rate(details: Sequence[PairJudgement], label: str) -> float | None:
    chosen = [d for d in details if d.label == label]
    return round(sum(d.agrees for d in chosen) / len(chosen), 4) if chosen else None


def judge_agreement(judge: SupportJudge, pairs: Sequence[LabelledPair]) -> JudgeAgreement:
    details: list[PairJudgement] = []
    false_support = 0
    for pair in pairs:
        forward = judge.judge(pair.b.quote, pair.a.quote)
        backward = judge.judge(pair.a.quote, pair.b.quote)
        if pair.label == "contradiction" and (forward.supported or backward.supported):
            false_support += 1
        details.append(
            PairJudgement(pair.id, pair.label, forward.label, backward.label, _agrees(pair.label, forward, backward))
        )
    agreement = sum(d.agrees for d in details) / len(details) if details else 0.0
    return JudgeAgreement(
        judge.name,
        round(agreement, 4),
        _rate(details, "contradiction"),
        _rate(details, "consistent"),
        false_support,
        len(details),
        tuple(details),
    )


# ---------------------------------------------------------------------------
# Hand-labelled claims: supported / unsupported by a premise
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    premise: str
    claim: str
    label: str  # "supported" | "unsupported"


@dataclass(frozen=True)
class ClaimAgreement:
    judge: str
    agreement: float
    claims: int
    details: tuple[dict[str, str], ...]


def load_labelled_claims(path: Path) -> list[LabelledClaim]:
    """JSONL of {"id", "premise", "claim", "label": "supported" | "unsupported"}."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("label") not in ("supported", "unsupported"):
            raise ValueError(f"{path}:{number}: label must be 'supported' or 'unsupported'")
        rows.append(LabelledClaim(str(row["id"]), str(row["premise"]), str(row["claim"]), row["label"]))
    return rows


def claim_agreement(judge: SupportJudge, claims: Sequence[LabelledClaim]) -> ClaimAgreement:
    """How often the judge's supported / unsupported matches the hand label (chance: the majority share)."""
    details = []
    for item in claims:
        verdict = judge.judge(item.claim, item.premise)
        got = "supported" if verdict.supported else "unsupported"
        details.append({"id": item.id, "label": item.label, "judged": got, "verdict": verdict.label,
                        "reason": verdict.reason})
    agree = sum(d["label"] == d["judged"] for d in details) / len(details) if details else 0.0
    return ClaimAgreement(judge.name, round(agree, 4), len(details), tuple(details))
