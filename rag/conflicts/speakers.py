"""Who is speaking: attribution of a clause or a quotation to the speaker the text names.

News text signals its speakers in a few recurring shapes, and each is matched
here with a small pattern rather than a parser (nothing heavier is available
offline, and these shapes cover reporting prose well):

- leading attribution: "Lin Jian said on Friday, ...", "Insiders claim that ...";
- trailing attribution: "..., a NATO spokesperson added.", "..., Politico reported.";
- "the Times quoted Hinz" (the quoted person speaks, not the newspaper);
- "according to X", "as per X";
- "X denied ..." (a denial is the denier's claim);
- personal pronouns ("he said") refer back to the last named speaker.

Everything returned is a label for display plus a normalised key used to tell
speakers apart; offsets are handled by ``claims``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.lexicon import NOUN_LIKE_SPEECH_FORMS, SPEECH_VERB_FORMS
from rag.text import STOPWORDS

_SPEECH = re.compile(
    rf"\b(?:(?:{SPEECH_VERB_FORMS})\b(?!\s+to\s+be\b)|(?:{NOUN_LIKE_SPEECH_FORMS})(?=\s+(?:that\b|:)))"
)
# "The West has falsely claimed": the writer judges the claim, so the sentence is the writer's own.
_EVALUATIVE_BEFORE = re.compile(r"\b(?:falsely|wrongly|mistakenly|baselessly|dishonestly|erroneously)\s+$", re.I)
# "X was said to", "it's alleged": passives name no speaker.
_PASSIVE_BEFORE = re.compile(r"(?:\b(?:is|was|were|are|be|been|being)|['’]s)\s+(?:\w+ly\s+)?$", re.I)
_QUOTED_PERSON = re.compile(r"\bquoted\s+(?P<name>[A-Z][\w’'\-.]+(?:\s+[A-Z][\w’'\-.]+){0,3})")
_ACCORDING = re.compile(r"\b(?:according to|as per)\s+(?P<np>[^,.;:!?]{2,80})", re.I)
_TRAILING = re.compile(
    rf"[,”\"]\s*[”\"]?\s*(?P<np>(?:the\s+|a\s+|an\s+)?[^,“”\"]{{1,60}}?)\s+(?:{SPEECH_VERB_FORMS})(?:\s+on\s+\w+)?\s*[.!]?\s*[”\"]?$"
)
_TRAILING_INVERTED = re.compile(
    rf"[,”\"]\s*[”\"]?\s*(?:{SPEECH_VERB_FORMS})\s+(?P<np>[A-Z][^,.;:]{{1,60}}?)\s*[.!]?$"
)
_SUBORDINATORS = re.compile(
    r"\b(?:after|before|when|since|because|as|that|while|whereas|which|who|whom|whose|where|if|but|and|or|so|yet|"
    r"though|although|despite|however)\s+",
    re.I,
)
_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|will|would|could|may|might|did|does|do|also|already|previously|"
    r"repeatedly|recently|reportedly|strongly|staunchly|firmly|publicly|again|now|then|last\s+\w+|thus\s+far|"
    r"\w+ly))+$",
    re.I,
)
_LEADING_JUNK = re.compile(r"^(?:and|but|so|or|yet|also|then|recently|however|meanwhile|likewise|still)\b[\s,]*", re.I)
# Only singular personal pronouns are resolved: "they" and "we" too often refer to non-speakers.
_PRONOUNS = {"he", "she"}
_NOT_SPEAKERS = {"it", "this", "that", "what", "which", "who", "there", "these", "those", "here", "one", "you",
                 "they", "we", "i"}
_NAME = re.compile(r"^[A-Z][\w’'\-.]*(?:\s+(?:[A-Z][\w’'\-.]*|of|de|al|van|von|der|la|le)){0,5}$")
_MAX_SPEAKER_WORDS = 12
_MAX_LABEL_CHARS = 60


@dataclass(frozen=True)
class Speaker:
    label: str
    key: str

    @classmethod
    def named(cls, label: str) -> Speaker:
        label = _clean(label)
        return cls(label=label, key=speaker_key(label))


def speaker_key(label: str) -> str:
    """Lower-cased words without articles and punctuation: "the “Times”" and "Times" are one speaker."""
    words = re.findall(r"[a-z0-9]+", label.lower())
    return " ".join(w for w in words if w not in {"the", "a", "an"})


def _clean(label: str) -> str:
    label = re.sub(r"[“”\"*_\[\]]|\(#\)", "", label)
    label = re.sub(r"\s+", " ", label).strip(" ,:;.-–—")
    if len(label) > _MAX_LABEL_CHARS:
        label = label[:_MAX_LABEL_CHARS].rsplit(" ", 1)[0]
    return label


def _noun_phrase(prefix: str) -> str | None:
    """The subject just before a speech verb: "At the start of this month, the outgoing ... Stoltenberg"."""
    prefix = _AUXILIARIES.sub("", prefix.strip()).strip(" ,“”\"")
    parts = [p.strip() for p in prefix.split(",") if p.strip()]
    if not parts:
        return None
    # "Helena Legarda, an expert in ..., told": the name comes first, the apposition after it.
    if len(parts) > 1 and _NAME.match(parts[0]) and parts[1][:1].islower():
        return parts[0]
    for part in reversed(parts):
        candidate = _SUBORDINATORS.split(part)[-1].strip()
        candidate = _AUXILIARIES.sub("", _LEADING_JUNK.sub("", candidate)).strip()
        if candidate:
            break
    else:
        candidate = parts[0]
    words = candidate.split()
    if words and words[0].lower() in _PRONOUNS:
        return words[0]  # "He refrained from ..., but asserted": the subject is the pronoun
    if not candidate or len(words) > _MAX_SPEAKER_WORDS:
        return None
    return candidate


def _resolve(candidate: str | None, previous: Speaker | None) -> Speaker | None:
    if candidate is None:
        return None
    lowered = candidate.lower()
    if lowered in _PRONOUNS:
        return previous
    if lowered.split()[0] in _PRONOUNS:
        return None
    if lowered.split()[0] in _NOT_SPEAKERS or not re.search(r"[A-Za-z]", candidate):
        return None
    if lowered in STOPWORDS:
        return None   # "As reported, …": a word of grammar names nobody
    return Speaker.named(candidate)


def quoted_person(text: str) -> Speaker | None:
    match = _QUOTED_PERSON.search(text)
    return Speaker.named(match.group("name")) if match else None


def trailing_speaker(text: str, previous: Speaker | None = None) -> Speaker | None:
    """'"...," the official added.' / '..., Politico reported.' / '..., said Lin Jian.'"""
    stripped = text.rstrip()
    person = quoted_person(stripped[-80:])
    if person is not None:
        return person
    for pattern in (_TRAILING, _TRAILING_INVERTED):
        match = pattern.search(stripped)
        if match:
            candidate = _LEADING_JUNK.sub("", match.group("np").strip())
            if candidate and len(candidate.split()) <= 8:
                return _resolve(candidate, previous)
    return None


def according_to(text: str) -> Speaker | None:
    match = _ACCORDING.search(text)
    if not match:
        return None
    candidate = match.group("np").strip()
    if candidate.lower().startswith(("recent ", "some ", "many ", "reports")):
        return None  # "according to recent reports" names nobody
    return Speaker.named(candidate)


def leading_speaker(text: str, previous: Speaker | None = None) -> Speaker | None:
    """'Lin Jian said ...', 'Insiders claim that ...', 'China has repeatedly denied ...'."""
    for match in _SPEECH.finditer(text):
        prefix = text[: match.start()]
        if not prefix.strip() or _PASSIVE_BEFORE.search(prefix):
            continue
        if _EVALUATIVE_BEFORE.search(prefix):
            return None
        if len(prefix.split()) > 2 * _MAX_SPEAKER_WORDS:
            return None
        return _resolve(_noun_phrase(prefix), previous)
    return None


_POSSESSIVE_STANCE = re.compile(
    r"\b(?:the\s+)?(?P<np>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,5})['’]s?(?:\s+\([^)]{1,20}\))?\s+(?:\w+\s+){0,2}?"
    r"(?:claims?|stance|position|denials?|insistence|assertions?|view)\b"
)


def possessive_speaker(text: str) -> Speaker | None:
    """"despite the Chinese Communist Party’s (CCP) official claim of neutrality": the party's claim."""
    match = _POSSESSIVE_STANCE.search(text)
    if not match:
        return None
    candidate = match.group("np").strip()
    return Speaker.named(candidate) if candidate and candidate.lower() not in _NOT_SPEAKERS else None


def attribute(text: str, previous: Speaker | None = None) -> Speaker | None:
    """The speaker a clause names, trying the most specific shapes first."""
    return (trailing_speaker(text, previous) or leading_speaker(text, previous) or according_to(text)
            or possessive_speaker(text))


def caption_speaker(line: str) -> Speaker | None:
    """A standalone caption line after a quotation, e.g. "Volodymyr Zelenskyy"."""
    line = line.strip().strip("*_#-–— ")
    if not line or line[-1] in ".!?:;,\"”" or len(line.split()) > 5:
        return None
    return Speaker.named(line) if _NAME.match(line) else None
