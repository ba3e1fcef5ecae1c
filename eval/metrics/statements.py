"""From a response to what gets judged: its answer sentences and claims, and the passages they cite."""

from __future__ import annotations

from collections.abc import Sequence

from eval.claims import Statement, atomic_claims, is_disagreement_frame, is_refusal, split_sentences
from eval.matching import source_name
from eval.metrics.support import Passage
from eval.responses import EvalCitation, EvalResponse


def answer_sentences(response: EvalResponse) -> list[Statement]:
    """The sentences that make claims. An uncited sentence of a refusal (``answerable: false``), or one that
    says the documents do not answer, is not a claim; nor is a sentence that only announces a disagreement
    ("The sources disagree on whether …"), which the contradiction metrics judge. Every other cited
    sentence is."""
    return [
        s for s in split_sentences(response.answer)
        if not is_disagreement_frame(s.text)
        and (s.citations or (response.answerable and not is_refusal(s.text)))
    ]


def answer_claims(response: EvalResponse) -> list[Statement]:
    return [claim for sentence in answer_sentences(response) for claim in atomic_claims(sentence)]


def _labels(citation: EvalCitation, response: EvalResponse) -> tuple[str, ...]:
    """Names a sentence may use for this citation: its title and file name, and the speakers that the
    response's contradictions attribute to the same cited span."""
    name = source_name(citation.source)
    labels = [citation.title or "", citation.source, name, name.rsplit(".", 1)[0]]
    for conflict in response.contradictions:
        for claim in conflict.claims:
            same_span = (claim.source, claim.start, claim.end) == (
                citation.source,
                citation.start,
                citation.end,
            )
            if claim.speaker and (claim.citation == citation.id or same_span):
                labels.append(claim.speaker)
    return tuple(label for label in labels if label)


def as_passage(citation: EvalCitation, response: EvalResponse) -> Passage:
    return Passage(citation.quote, _labels(citation, response))


def cited_passages(response: EvalResponse, numbers: Sequence[int]) -> list[Passage]:
    """The quotes of the citations that ``numbers`` refer to; markers with no such citation are dropped."""
    found = (response.citation(n) for n in numbers)
    return [as_passage(c, response) for c in found if c is not None]


def context_passages(response: EvalResponse) -> list[Passage]:
    """Everything the system retrieved (``passages``), or, for systems that do not report it, its citations."""
    return [as_passage(c, response) for c in (response.passages or response.citations)]
