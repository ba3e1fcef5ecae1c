"""Parse answer prose: sentences with their [n] markers, atomic claims, quotations, refusals.

The answer text is what a reader sees, so it is what is scored; the response's
``sentences`` field is not trusted to match it. A sentence's citations are the
markers inside it or right after its final punctuation ("... high. [1]" and
"... high [1]." both cite 1). A sentence without markers cites nothing, as in
ALCE: text is not credited with a citation that follows a later sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.lexicon import ABBREVIATIONS
from rag.text import content_terms

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MARKERS_ANYWHERE = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
# A candidate sentence end: final punctuation (+ closing quotes) with optional markers, or markers alone.
_CANDIDATE_END = re.compile(
    r"(?:[.!?…]+[\"”’')\]]*(?:\s*\[\d+(?:\s*,\s*\d+)*\])*[.!?]?"
    r"|(?:\s*\[\d+(?:\s*,\s*\d+)*\])+[.!?]?)(?=\s|$)"
)
_INITIALS = re.compile(r"^(?:(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z])$")  # "U.S", "J"
_SENTENCE_START = re.compile(r"[A-Z0-9\"“‘'(•\-]")
_CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?=(?:while|whereas|but|although|though|and)\s)")
_CLAUSE_SUBJECT = re.compile(
    r"^(?:the|a|an|he|she|it|they|we|i|this|that|these|those|there|its|their|his|her|[A-Z][\w’'\-]*)\b"
)
_LEADING_CONJUNCTION = re.compile(r"^(?:while|whereas|but|although|though|and)\s+", re.IGNORECASE)
MIN_CLAUSE_TERMS = 3
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_DOCS = r"(?:documents?|sources?|passages?|context|texts?|articles?)"
REFUSAL = re.compile(
    rf"\b{_DOCS}\s+(?:do|does|did)\s*(?:not|n[’']t)\s+"
    r"(?:say|answer|mention|contain|specify|state|provide|include|cover|address|tell)"
    rf"|\bnone\s+of\s+the\s+(?:\w+\s+)?{_DOCS}\s+(?:answers?|says?|mentions?|contains?|address(?:es)?|states?)"
    rf"|\b(?:not|never)\s+(?:mentioned|stated|specified|answered|covered)\s+in\s+the\s+(?:\w+\s+)?{_DOCS}"
    rf"|\bno\s+(?:information|mention|answer)\b.{{0,40}}\b{_DOCS}"
    r"|\bI\s+(?:do\s+not|don[’']t)\s+know\b|\bcannot\s+(?:answer|find)\b|\bunable\s+to\s+(?:answer|find)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Statement:
    """A sentence or claim of an answer, markers removed, with the citation numbers it carries."""

    text: str
    citations: tuple[int, ...]


def citation_numbers(text: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for group in _MARKER.findall(text):
        for part in group.split(","):
            if int(part) not in numbers:
                numbers.append(int(part))
    return tuple(numbers)


def strip_citation_markers(text: str) -> str:
    return re.sub(r"\s+([.!?,;:])", r"\1", _MARKERS_ANYWHERE.sub("", text)).strip()


def _inside_open_quote(segment: str, rest: str) -> bool:
    """Is a candidate end inside a quotation that closes later? Unbalanced quotes never block a split."""
    if segment.count("“") > segment.count("”") and "”" in rest:
        return True
    return segment.count('"') % 2 == 1 and '"' in rest


def _is_sentence_end(text: str, start: int, match: re.Match[str]) -> bool:
    rest = text[match.end() :].lstrip()
    if not rest:
        return True
    marked = "[" in match.group(0)
    punctuated = bool(re.search(r"[.!?…]", match.group(0)))
    if marked and punctuated:
        return True  # the contract puts markers at the end of a sentence
    if not _SENTENCE_START.match(rest):
        return False
    if marked:
        return True
    if _inside_open_quote(text[start : match.end()], rest):
        return False
    before = text[start : match.start()].split()
    return not (before and _is_abbreviation(before[-1].lstrip('("“')))


def _is_abbreviation(word: str) -> bool:
    """The document splitter's list (``core.lexicon``), plus initials: one splitter's idea of a stop."""
    return bool(_INITIALS.match(word)) or word.lower() in ABBREVIATIONS


def split_sentences(answer: str) -> list[Statement]:
    """The answer's sentences, each with the citation numbers it carries."""
    sentences: list[Statement] = []
    start = 0
    for match in _CANDIDATE_END.finditer(answer):
        if match.end() <= start or not _is_sentence_end(answer, start, match):
            continue
        _append(sentences, answer[start : match.end()])
        start = match.end()
    _append(sentences, answer[start:])
    return sentences


def _append(sentences: list[Statement], raw: str) -> None:
    text = strip_citation_markers(raw)
    if text:
        sentences.append(Statement(text, citation_numbers(raw)))


def _in_quotation(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def split_clauses(text: str) -> list[str]:
    """Split on ';' and on clause-joining ', while/whereas/but/although/and <subject>' where both sides
    are clauses of their own (3+ content words), never inside a quotation."""
    parts: list[str] = []
    start = 0
    for match in _CLAUSE_SPLIT.finditer(text):
        if _in_quotation(text, match.start()):
            continue
        left, right = text[start : match.start()], text[match.end() :]
        # "while"/"whereas"/"although" join clauses; "but"/"and" also join noun phrases, so need a subject.
        needs_subject = match.group(0).startswith(",") and right.startswith(("but ", "and "))
        if needs_subject and not _CLAUSE_SUBJECT.match(right.split(" ", 1)[1]):
            continue
        if len(content_terms(left)) < MIN_CLAUSE_TERMS or len(content_terms(_next_clause(right))) < MIN_CLAUSE_TERMS:
            continue
        parts.append(left)
        start = match.end()
    parts.append(text[start:])
    return [_LEADING_CONJUNCTION.sub("", p.strip(" ,;")).strip() for p in parts if p.strip(" ,;")]


def _next_clause(right: str) -> str:
    match = _CLAUSE_SPLIT.search(right)
    return right[: match.start()] if match else right


def atomic_claims(sentence: Statement) -> list[Statement]:
    """A sentence's atomic claims: its clauses, each citing what the sentence cites."""
    return [Statement(clause, sentence.citations) for clause in split_clauses(sentence.text)]


def quoted_fragments(text: str) -> list[str]:
    """Quotations in a sentence, trailing ellipses and full stops removed."""
    fragments = [a or b for a, b in _QUOTED.findall(text)]
    return [f.strip().rstrip(".…").strip() for f in fragments if f.strip().rstrip(".…").strip()]


# Only a sentence that announces the disagreement and quotes nobody: "The sources disagree on whether X."
_DISAGREEMENT_FRAME = re.compile(r"^\s*the\s+sources\s+(?:disagree|differ)\s+(?:on|about|over)\b[^“”\":]*$", re.I)


def is_disagreement_frame(text: str) -> bool:
    """Does the sentence only announce that the sources disagree ("The sources disagree on whether …",
    "The sources disagree on the number of people.")?"""
    return _DISAGREEMENT_FRAME.search(text) is not None


def is_refusal(text: str) -> bool:
    """Does this text say the documents do not answer the question?"""
    return REFUSAL.search(text) is not None
