"""Decide whether the evidence answers the question, or the honest answer is "the documents do not say".

Small models never refuse, so refusal is decided here, from the evidence:
- the best evidence must be relevant enough;
- every name the question is about must occur in what was retrieved;
- the kind of thing asked for (a number, a name, a date) must be in the best evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.corpus import CorpusSnapshot
from rag.evidence import EvidenceSelection, has_answer_type
from rag.text import acronyms, content_terms

_TOP_EVIDENCE = 3
# Share of the question's (IDF-weighted) words that typed evidence must contain; calibrated on
# eval/datasets/demo.jsonl, where answerable questions scored >= 0.47 and most unanswerable ones <= 0.41.
MIN_TYPED_OVERLAP = 0.45


@dataclass(frozen=True)
class Assessment:
    answerable: bool
    reason: str


def assess(selection: EvidenceSelection, snapshot: CorpusSnapshot, min_score: float) -> Assessment:
    profile = selection.profile
    if not selection.selected or profile is None:
        return Assessment(False, "no passage was retrieved")
    if selection.best_score < min_score:
        return Assessment(False, f"best evidence score {selection.best_score:.2f} is below {min_score:.2f}")
    retrieved = _term_parts(" ".join(f"{e.text} {snapshot.doc_names.get(e.doc_id, '')}" for e in selection.ranked))
    missing = sorted(name for name in profile.names if not _mentioned(name, retrieved, selection))
    if missing:
        return Assessment(False, f"nothing retrieved mentions {', '.join(missing)}")
    if (profile.wants_quantity or profile.wants_name) and not _typed_answer_on_topic(selection, snapshot):
        return Assessment(False, "no evidence about the question's subject holds the name or number it asks for")
    return Assessment(True, "supported by evidence")


def _typed_answer_on_topic(selection: EvidenceSelection, snapshot: CorpusSnapshot) -> bool:
    """A number or name alone is not an answer: it must sit in evidence about what the question asks.

    "How many Garpiya-3 drones were built?" is not answered by "$100 million in drones".
    A sentence added as the continuation of its predecessor is judged together with it.
    """
    profile = selection.profile
    assert profile is not None
    weight = snapshot.term_weight
    total = sum(weight(t) for t in profile.terms)
    if not total:
        return True
    top = selection.selected[: _TOP_EVIDENCE + 1]
    for index, evidence in enumerate(top):
        if not has_answer_type(profile, evidence.text):
            continue
        context = evidence.text
        previous = top[index - 1] if index else None
        if previous is not None and previous.doc_id == evidence.doc_id and previous.end <= evidence.start:
            context = f"{previous.text} {context}"
        covered = sum(weight(t) for t in profile.terms & set(content_terms(context)))
        if covered / total >= MIN_TYPED_OVERLAP:
            return True
    return False


def _term_parts(text: str) -> set[str]:
    """Content terms with hyphenated compounds also split: "Garpiya-3" matches "garpiya" and "3"."""
    terms = set(content_terms(text))
    return terms | {part for term in terms for part in term.split("-") if part}


def _mentioned(name: str, retrieved_terms: set[str], selection: EvidenceSelection) -> bool:
    parts = {part for term in content_terms(name) for part in term.split("-") if part}
    if parts <= retrieved_terms:
        return True
    if name.isalpha() and len(name) <= 6 and " " not in name:
        # An acronym ("IISS") is mentioned when a capitalised run has those initials.
        text = " ".join(e.text for e in selection.ranked)
        return name.lower() in acronyms(text)
    return False
