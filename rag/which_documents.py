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
from rag.voices import read_voice

# "which of the reports say", "which documents give", "what articles mention": a question word, a noun
# for the collection's own documents, and a verb of saying or giving. Not "What documents were seized?"
# (documents as the subject), nor "What do reports say about …?" (a question about what is said), nor
# "files" or "texts", which technical documentation asks about as its subject.
_WHICH_DOCUMENTS = re.compile(
    r"\b(?:which|what)\s+(?:of\s+(?:the|these|those)\s+)?"
    r"(?:(?!(?:do|does|did|is|are|was|were|has|have|had)\b)[a-z-]+\s+)?"
    r"(?:reports|articles|documents|outlets|sources)\s+(?:\w+\s+)?"
    r"(?:say|says|said|report|reported|mention|mentioned|give|gave|put|state|stated|describe|described|"
    r"claim|claimed|cite|cited|name|named|blame|blamed|quote|quoted|call|called)\b", re.IGNORECASE)
# A question that asks which documents give a figure ("a number of deaths", "the toll"): a document that
# gives none does not answer it.
_ASKS_A_FIGURE = re.compile(r"\b(?:numbers?|figures?|toll|tally|counts?|how\s+many|how\s+much)\b", re.IGNORECASE)


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
    that figure), and does not deny what is asked. Whether it says just what is asked is left to the
    ranking: a sentence on the topic that says something else may be listed."""
    asked_figures = numbers(analysis.text)
    figure_parts = [part for part in analysis.parts if part.labels & NUMBER_LABELS]
    asks_a_figure = _ASKS_A_FIGURE.search(analysis.text) is not None
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
        if asks_a_figure and not numbers(evidence.text):
            continue
        if read_voice(evidence.text).polarity == "denies":
            continue   # "… was killed by a county deputy, not the Tarvik Guard" does not say it was the Guard
        chosen.append(evidence)
        seen.add(evidence.doc_id)
        used += len(evidence.text)
    return chosen
