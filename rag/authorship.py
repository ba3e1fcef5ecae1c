"""'Who wrote the piece arguing Beijing is neutral?': the author of a document, in its own words.

No passage is about who wrote the piece it belongs to, so ranking sentences by the question does
not find the answer. Instead: pick the document the question describes (the one whose best
sentence and title match it best), take its author from the document's metadata (the byline the
loader read), and quote the document's own sentence that names the author, usually the byline's
biography ("Andrew Korybko is an American Moscow-based political analyst …"). A citation must
quote the document, and metadata alone has no place in the text to point at, so a document
whose text never names its author gives no lead here: the question is answered as any other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from index.sentences import split_sentences
from rag.corpus import CorpusSnapshot
from rag.schemas import Evidence
from rag.text import content_terms
from rag.units import is_clean_unit, leading_marks

_ASKS_FOR_AUTHOR = re.compile(
    r"\bwho\s+(?:wrote|authored|penned|is\s+the\s+author\s+of|was\s+the\s+author\s+of)\b"
    r"|\b(?:author|writer)\s+of\s+the\s+(?:\w+\s+){0,2}(?:piece|article|op-?ed|column|commentary|essay|report|post)\b",
    re.IGNORECASE,
)


def asks_for_author(question: str) -> bool:
    return _ASKS_FOR_AUTHOR.search(question) is not None


def author_sentence(question: str, ranked: Sequence[Evidence], snapshot: CorpusSnapshot) -> Evidence | None:
    """The sentence of the described document that names its author, as evidence; None when the
    question does not ask for an author, the document has none, or its text never names them."""
    if not ranked or not asks_for_author(question):
        return None
    document = _described_document(question, ranked, snapshot)
    author = _person_name(snapshot.authors.get(document.doc_id) or "")
    if not author:
        return None
    return naming_sentence(document, author, snapshot)


def _person_name(byline: str) -> str:
    """'By Jane Doe' -> 'Jane Doe'; 'Doe, Jane' -> 'Jane Doe'; a trailing 'Jr.' is not the surname."""
    name = re.sub(r"^\s*by\s+", "", byline.strip(), flags=re.IGNORECASE)
    if name.count(",") == 1 and len(name.split(",")[1].split()) == 1:
        surname, given = (part.strip() for part in name.split(","))
        name = f"{given} {surname}"
    words = [w for w in name.split() if w.rstrip(".").lower() not in {"jr", "sr", "ii", "iii", "phd", "dr"}]
    return " ".join(words)


def _described_document(question: str, ranked: Sequence[Evidence], snapshot: CorpusSnapshot) -> Evidence:
    """The best sentence of the document that the question describes best."""
    asked = set(content_terms(question))
    best: dict[str, Evidence] = {}
    for evidence in ranked:
        best.setdefault(evidence.doc_id, evidence)

    def fit(evidence: Evidence) -> tuple[int, float]:
        # A question describes a piece by its title's words ("the article about Chinese drones for
        # Ukraine"); its best sentence only breaks a tie, since another piece may say more of the rest.
        title = set(content_terms(snapshot.titles.get(evidence.doc_id) or ""))
        return len(asked & title), evidence.score

    return max(best.values(), key=fit)


def naming_sentence(document: Evidence, author: str, snapshot: CorpusSnapshot) -> Evidence | None:
    """The first whole sentence of the document that names the author; one that starts with the name
    (a biography: "X is …") comes before one that only mentions it."""
    # The surname as a word ("Li" is not in "Libya"); a one-word byline (an agency) must be named whole.
    surname = re.compile(rf"\b{re.escape(author.split()[-1])}\b")
    found: list[tuple[bool, int, Evidence]] = []
    for chunk in snapshot.chunks_of(document.doc_id):
        for span in split_sentences(chunk.text):
            # Without its markdown emphasis or list marker ("*Andrew Korybko is …*"), as evidence is quoted.
            first = span.start + leading_marks(chunk.text[span.start : span.end])
            text = chunk.text[first : span.end]
            if not surname.search(text) or not is_clean_unit(text):
                continue
            start = chunk.start + first
            found.append((not text.startswith(author), start, replace(
                document, chunk_id=chunk.id, start=start, end=chunk.start + span.end, text=text,
                speaker=None, stance=None)))
    if not found:
        return None
    return min(found, key=lambda item: (item[0], item[1]))[2]
