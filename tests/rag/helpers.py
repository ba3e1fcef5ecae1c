"""Evidence sentences written in a test, and what the answer's disagreement finder makes of them."""

from __future__ import annotations

import string

from rag.disagreement import QuestionDisagreement, value_dispute
from rag.evidence import EvidenceSelection
from rag.question import analyse
from rag.schemas import Evidence, FoundConflict


def figure_dispute(question: str, texts: list[str], scores: tuple[float, ...]) -> FoundConflict | None:
    """The figure dispute over ``texts``, one per document "a", "b", … with these scores, two voices a side."""
    documents = string.ascii_lowercase[: len(texts)]
    ranked = [said(doc, text, score) for doc, text, score in zip(documents, texts, scores, strict=True)]
    return value_dispute(analyse(question), ranked, 2)


def said(doc: str, text: str, score: float, start: int = 0) -> Evidence:
    """One evidence sentence of document ``doc`` at ``start``, as the selector would score it."""
    return Evidence(doc, f"{doc}.txt", None, f"{doc}:0", start, start + len(text), text, score)


def disagreements(question: str, ranked: list[Evidence]) -> list[FoundConflict]:
    """The disagreements an answer to ``question`` reports over these sentences, ranked best first, with
    the first two selected as its evidence and two voices a side."""
    selection = EvidenceSelection(ranked, ranked[:2], ranked[0].score, 1.0, None, analyse(question))
    return QuestionDisagreement(voices_per_side=2).for_answer(question, selection, [], "default")
