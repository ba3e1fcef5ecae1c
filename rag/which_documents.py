"""Questions whose answer is a set of the collection's own documents.

"Which of the reports say it was Border Patrol that killed the gunman?", "Which documents give a
number of Jordanian deaths?": the answer is the documents themselves, each with the sentence that
says it. So the answer takes one sentence from each document that speaks to the question, best
first, and names the document it comes from (``rag.compose``); a reader cannot tell which report
said what from citation numbers alone.

Not "Which news organisations do the articles rely on?" (``rag.question.asks_about_the_sources``):
there the sources are those the documents cite, named in their text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.question import NUMBER_LABELS, QuestionAnalysis, gives
from rag.schemas import Evidence
from rag.text import mentions_name, numbers

# "which of the reports", "which documents", "what articles": a question word before a noun for the
# collection's own documents. Not "files" or "texts", which technical documentation asks about as its
# subject ("Which files does tempfile create?").
_WHICH_DOCUMENTS = re.compile(
    r"\b(?:which|what)\s+(?:of\s+the\s+|of\s+these\s+)?(?:\w+\s+)?"
    r"(?:reports|articles|documents|pieces|stories)\b", re.IGNORECASE)


def asks_which_documents(question: str) -> bool:
    """Does the question ask which of the documents say something?"""
    return _WHICH_DOCUMENTS.search(question) is not None


def one_per_document(
    analysis: QuestionAnalysis, candidates: Sequence[Evidence], floor: float, count: int, max_chars: int
) -> list[Evidence]:
    """The best sentence of each document that speaks to the question, best first, at most ``count``
    of them and ``max_chars`` together (the first is taken whatever its length).

    A sentence speaks to it when it scores at least ``floor``, names what the question names, gives
    a figure the question asks for (or, when the question states a figure, "put the toll at 156",
    that figure)."""
    asked_figures = numbers(analysis.text)
    figure_parts = [part for part in analysis.parts if part.labels & NUMBER_LABELS]
    chosen: list[Evidence] = []
    seen: set[str] = set()
    used = 0
    for evidence in candidates:
        if len(chosen) >= count:
            break
        if evidence.doc_id in seen or evidence.score < floor or (chosen and used + len(evidence.text) > max_chars):
            continue
        if analysis.names and not mentions_name(analysis.names, evidence.text):
            continue
        if figure_parts and not any(gives(part, evidence.text, analysis) for part in figure_parts):
            continue
        if not figure_parts and asked_figures and not asked_figures & numbers(evidence.text):
            continue
        chosen.append(evidence)
        seen.add(evidence.doc_id)
        used += len(evidence.text)
    return chosen
