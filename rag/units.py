"""Which spans of text can stand alone as a sentence of an answer.

An answer is read sentence by sentence, so each must be a whole sentence: not a
heading, a list marker, a caption, a fragment cut from the middle of a sentence,
a sentence that opens or closes a quotation it does not contain, or a question.
A sentence that leans on the one before ("That allegation …", "This is …") is
understood only with its context, so it may support but not lead.
"""

from __future__ import annotations

import re

from rag.nlp import parse

_MIN_CHARS = 25
_LIST_OR_HEADING = re.compile(r"^\s*(#{1,6}\s|[-*•·▪–—]\s|\d{1,3}[.)]\s|[a-z][.)]\s|>)")
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_ANAPHORIC_OPENING = re.compile(
    r"^(this|that|these|those|it|such|the latter|the former|they|he|she|his|her|its|their)\b", re.IGNORECASE
)
_DEMONSTRATIVE_OPENING = re.compile(r"^(this|that|these|those|it|such|the latter|the former)\b", re.IGNORECASE)
_DOUBLE_QUOTES = re.compile(r"[\"“”]")


def balanced_quotes(text: str) -> bool:
    opening, closing = text.count("“"), text.count("”")
    if opening or closing:
        return opening == closing
    return len(_DOUBLE_QUOTES.findall(text)) % 2 == 0


def is_clean_unit(text: str) -> bool:
    """A whole, self-standing sentence that states something."""
    stripped = text.strip()
    if len(stripped) < _MIN_CHARS or _LIST_OR_HEADING.match(stripped):
        return False
    if stripped.endswith("?") or not _ENDS_LIKE_A_SENTENCE.search(stripped):
        return False
    first = next((c for c in stripped if c.isalnum()), "")
    if not first or first.islower():
        return False
    return balanced_quotes(stripped) and stripped.count("(") == stripped.count(")")


def leans_on_context(text: str) -> bool:
    """Does the sentence open with a word that points back to an earlier sentence?"""
    return _ANAPHORIC_OPENING.match(text.strip(" \"“‘'")) is not None


def points_back(text: str) -> bool:
    """Does the sentence open with a demonstrative ("That allegation …", "This …", "It …") whose
    referent is only in an earlier sentence? A sentence about "he" or "they" still says who
    does what; one about "that allegation" says nothing on its own."""
    return _DEMONSTRATIVE_OPENING.match(text.strip(" \"“‘'")) is not None


def continued(text: str) -> str:
    """A sentence written to follow "On one side, " or "whether ": its first word in lower case, unless
    it is a name ("China", "Lin Jian"), an acronym ("US") or "I", as the parse reads it."""
    doc = parse(text)
    first = doc[0] if len(doc) else None
    if first is None or first.pos_ == "PROPN" or first.text == "I" or (first.text.isupper() and len(first.text) > 1):
        return text
    return text[:1].lower() + text[1:]
