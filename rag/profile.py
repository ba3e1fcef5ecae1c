"""What a question wants, read with cheap patterns: a quantity, a date, a person, a name.

Used to score candidate sentences (``rag.ranking``) and to decide whether the next
sentence of a document supplies what the best one lacks (``rag.evidence``). The
finer reading, with a parse, is ``rag.question``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.lexicon import SPEECH_CUE_FORMS
from rag.text import content_terms, entities, number_words, numbers

_QUANTITY_Q = re.compile(r"\b(how (much|many|often|large|big)|what (share|percentage|amount|number|value)|"
                         r"worth|cost|figure|total|increase|percent)\b", re.I)
_WHO_Q = re.compile(r"\b(who|whom|which (official|person|spokesperson|expert|minister|company|newspaper))\b", re.I)
_MONEY_Q = re.compile(r"\b(dollars?|value|worth|cost|costs|spent|money|price|paid)\b", re.I)
_MONEY = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(million|billion|trillion|dollars?|euros?|pounds?)\b", re.I)
_WHEN_Q = re.compile(r"\b(when|what (year|date|month)|since when)\b", re.I)
_NAME_Q = re.compile(r"\b(which|what) (\w+ ){0,2}(company|companies|newspaper|paper|firm|agency|organi[sz]ation|"
                     r"ministry|official|spokes(man|person|woman)|minister|ambassador|expert|think tank|country|"
                     r"city|model|name|names|outlet|publication)\b|\bwho\b|\bwhat is the name\b|"
                     r"\bwhat are the names\b|\bname (of|the)\b", re.I)
SPEECH = re.compile(rf"\b({SPEECH_CUE_FORMS})\b", re.I)
DATE_LIKE = re.compile(r"\b(19|20)\d\d\b|\b(January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)\b")


@dataclass(frozen=True)
class QuestionProfile:
    text: str
    terms: frozenset[str]
    names: frozenset[str]
    wants_quantity: bool
    wants_person: bool
    wants_date: bool
    wants_name: bool

    @classmethod
    def of(cls, question: str) -> QuestionProfile:
        # Sentence-initial question words are capitalised but are not names.
        names = {n for n in entities(question) if n.split()[0] not in {"what", "who", "how", "which", "when",
                                                                          "where", "why", "did", "does", "is",
                                                                          "are", "was", "were", "has", "have",
                                                                          "according", "do", "can"}}
        return cls(
            text=question,
            terms=frozenset(content_terms(question)),
            names=frozenset(names),
            wants_quantity=bool(_QUANTITY_Q.search(question)),
            wants_person=bool(_WHO_Q.search(question)),
            wants_date=bool(_WHEN_Q.search(question)),
            wants_name=bool(_NAME_Q.search(question)),
        )


def has_answer_type(profile: QuestionProfile, text: str) -> bool:
    """Does ``text`` hold the kind of thing the question asks for (a number, a name, a date)?"""
    if profile.wants_quantity and _MONEY_Q.search(profile.text):
        return bool(_MONEY.search(text))
    if profile.wants_quantity:
        return bool(numbers(text) or number_words(text))
    if profile.wants_name:
        question = profile.text.lower()
        return any(name not in question for name in entities(text))
    if profile.wants_date:
        return bool(DATE_LIKE.search(text))
    return True
