"""Citation quality: ALCE's sentence-level recall and precision, and offset validity.

ALCE (Gao et al., 2023), per answer sentence S with citations C:
- recall: S is supported by the concatenation of C (no citations: 0);
- precision, per citation c in C: c is precise unless S is unsupported by C,
  or c alone does not support S while C without c still does (c is then
  superfluous). Answer precision = precise citations / all citations.
Validity is ours: a citation is valid when its quote is exactly the stored
document text at [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass

from eval.metrics.statements import answer_sentences, cited_passages
from eval.metrics.support import check_statement
from eval.responses import EvalCitation, EvalResponse
from eval.sources import DocumentTexts
from rag.judging import SupportJudge


@dataclass(frozen=True)
class SentenceCitations:
    text: str
    citations: tuple[int, ...]
    supported: bool
    reason: str
    imprecise: tuple[int, ...]  # citations that do not help support the sentence


@dataclass(frozen=True)
class CitationQuality:
    sentences: tuple[SentenceCitations, ...]
    recall: float | None  # None when the answer has no claim sentences (a refusal)
    precision: float | None


def _imprecise(text: str, numbers: tuple[int, ...], response: EvalResponse, judge: SupportJudge) -> list[int]:
    superfluous: list[int] = []
    for number in numbers:
        if check_statement(text, cited_passages(response, [number]), judge).supported:
            continue
        rest = [n for n in numbers if n != number]
        if check_statement(text, cited_passages(response, rest), judge).supported:
            superfluous.append(number)
    return superfluous


def score_citations(response: EvalResponse, judge: SupportJudge) -> CitationQuality:
    results: list[SentenceCitations] = []
    for sentence in answer_sentences(response):
        numbers = sentence.citations
        verdict = check_statement(sentence.text, cited_passages(response, numbers), judge)
        if not verdict.supported:
            imprecise = list(numbers)
        elif len(numbers) > 1:
            imprecise = _imprecise(sentence.text, numbers, response, judge)
        else:
            imprecise = []
        results.append(SentenceCitations(sentence.text, numbers, verdict.supported, verdict.reason, tuple(imprecise)))
    if not results:
        return CitationQuality((), None, None)
    total = sum(len(r.citations) for r in results)
    precise = sum(len(r.citations) - len(r.imprecise) for r in results)
    return CitationQuality(
        tuple(results),
        sum(r.supported for r in results) / len(results),
        precise / total if total else 0.0,  # ALCE: an answer that cites nothing has precision 0
    )


@dataclass(frozen=True)
class CitationCheck:
    id: int
    valid: bool | None  # None: the document text could not be obtained
    reason: str


def check_validity(citations: list[EvalCitation], texts: DocumentTexts) -> list[CitationCheck]:
    """Is each quote exactly ``text[start:end]`` of the stored document?"""
    checks: list[CitationCheck] = []
    for citation in citations:
        text = texts.text_for(citation.doc_id, citation.source)
        if text is None:
            checks.append(CitationCheck(citation.id, None, f"document text unavailable ({texts.basis})"))
        elif not 0 <= citation.start <= citation.end <= len(text):
            checks.append(
                CitationCheck(
                    citation.id,
                    False,
                    f"offsets [{citation.start}, {citation.end}) are outside the document ({len(text)} characters)",
                )
            )
        elif text[citation.start : citation.end] != citation.quote:
            checks.append(CitationCheck(citation.id, False, "quote differs from the document text at its offsets"))
        else:
            checks.append(CitationCheck(citation.id, True, "quote == text[start:end]"))
    return checks
