"""faithfulness and faithfulness_any_context: the share of atomic claims their evidence supports.

``faithfulness`` judges each claim against the passages it cites (a claim that
cites nothing is unsupported); ``faithfulness_any_context`` against everything
the system retrieved, which separates "made up" from "cited the wrong passage".
"""

from __future__ import annotations

from dataclasses import dataclass

from eval.metrics.statements import answer_claims, cited_passages, context_passages
from eval.metrics.support import check_statement
from eval.responses import EvalResponse
from rag.judging import SupportJudge


@dataclass(frozen=True)
class ClaimVerdict:
    text: str
    citations: tuple[int, ...]
    supported: bool
    label: str
    reason: str
    supported_by_context: bool
    context_reason: str


@dataclass(frozen=True)
class Faithfulness:
    claims: tuple[ClaimVerdict, ...]
    score: float | None  # None when the answer makes no claims (a refusal)
    any_context: float | None


def score_faithfulness(response: EvalResponse, judge: SupportJudge) -> Faithfulness:
    context = context_passages(response)
    verdicts: list[ClaimVerdict] = []
    for claim in answer_claims(response):
        cited = cited_passages(response, claim.citations)
        verdict = check_statement(claim.text, cited, judge)
        reason = verdict.reason
        if claim.citations and not cited:
            reason = f"cites {list(claim.citations)}, which the response's citations do not contain"
        anywhere = verdict if verdict.supported else check_statement(claim.text, context, judge)
        verdicts.append(
            ClaimVerdict(
                claim.text,
                claim.citations,
                verdict.supported,
                verdict.label,
                reason,
                anywhere.supported,
                anywhere.reason,
            )
        )
    if not verdicts:
        return Faithfulness((), None, None)
    return Faithfulness(
        tuple(verdicts),
        sum(v.supported for v in verdicts) / len(verdicts),
        sum(v.supported_by_context for v in verdicts) / len(verdicts),
    )
