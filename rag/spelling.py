"""A name in the question as the collection spells it: "Podolyak" asked, "Podoljak" written.

Names from other alphabets reach English in several spellings (Zelensky, Zelenskyy, Zelenskyj;
Podolyak, Podoljak), and users mistype them. A name the collection never uses matches nothing:
BM25 misses its passages, and the answerability gate refuses because "nothing retrieved mentions"
it. So a capitalised question word that no document of the collection uses, and that is one edit
away (two, for long names) from exactly one capitalised word the collection does use, is read as
that word. Only names are corrected: a common word the documents do not use ("boat" against
"boast") is left as asked, and so is a name with two equally near spellings in the collection, and a
country or its people's name (``core.lexicon.COUNTRIES``: "Germany" is not a misspelt "German"). A
place's adjective the lexicon does not know may still be read as the place ("Karvian" as "Karvia").

Users also type names in lower case ("what did norfolk southern say …?"), and a small parser then
reads no name at all. A lower-case question word that the collection writes capitalised wherever it
is not a sentence's first word ("Norfolk", "NTSB"; nine times in ten) is read as the collection
most often writes it (``corpus_case``). Words written both ways ("march"/"March") are left as asked.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from core.lexicon import ACTING_BODIES, COUNTRY_OF, INSTITUTION_NOUNS, PERSON_NOUNS
from rag.corpus import CorpusSnapshot
from rag.text import stem

log = logging.getLogger(__name__)

# A capitalised word, or hyphenated name, followed by a possessive or by no more of a word.
_NAME = re.compile(r"(?<![\w'’-])([A-Z][a-z]+(?:-[A-Z][a-z]+)*)(?=['’]s\b|(?![\w'’-]))")
_SHORTEST = 5        # shorter names are too often another real name one letter away ("Biden"/"Bider")
_LONG_NAME = 9       # from this length, two edits are still one name ("Zelenskiy"/"Zelenskyy")


def as_the_collection_writes(question: str, snapshot: CorpusSnapshot) -> str:
    """The question with its names as the collection writes them: recased first ("norfolk southern"), so
    that a misspelt name is then seen as a name, and acronyms last, once every name is in its form."""
    return corpus_acronyms(corpus_spelling(corpus_case(question, snapshot), snapshot), snapshot)


def corpus_spelling(question: str, snapshot: CorpusSnapshot) -> str:
    """``question`` with each name the collection never uses replaced by the collection's spelling of it."""
    replacements: dict[str, str] = {}
    for match in _NAME.finditer(question):
        word = match.group(1)
        if match.start() == 0 or len(word) < _SHORTEST or word in replacements:
            continue   # the first word is capitalised as a sentence's, not as a name's
        spelling = _collection_spelling(word, snapshot)
        if spelling is not None:
            replacements[word] = spelling
    return _replaced(question, _NAME, replacements, "question names read as the collection spells them")


def _collection_spelling(word: str, snapshot: CorpusSnapshot) -> str | None:
    term = stem(word.lower())
    if term in snapshot.idf or word.lower() in COUNTRY_OF:
        return None   # a country the documents never name is not another name misspelt
    limit = 2 if len(term) >= _LONG_NAME else 1
    # Nor is a country's or its people's name another spelling of one ("Germany" is not "German").
    near = [t for t in snapshot.idf if t[:1] == term[:1] and abs(len(t) - len(term)) <= limit
            and t not in COUNTRY_OF and _edits(t, term, limit) <= limit]
    if len(near) != 1:
        return None
    return _capitalised_form(near[0], snapshot)


def _capitalised_form(term: str, snapshot: CorpusSnapshot) -> str | None:
    """The word as the documents write it, if they write it as a name (capitalised)."""
    pattern = re.compile(rf"\b({re.escape(term[:1].upper())}\w*)\b")
    for chunk in snapshot.chunks_with_term(term):
        for found in pattern.finditer(chunk.text):
            if stem(found.group(1).lower()) == term:
                return found.group(1)
    return None


# A lower-case word of the question, not a function word.
_LOWER_WORD = re.compile(r"(?<![\w'’-])([a-z]{3,})(?![\w'’-])")
_QUESTION_WORD = re.compile(r"(?<![\w'’-])([A-Za-z][\w-]*)")
_CASE_SAMPLE = 20        # chunks read to see how the collection writes a word
_MIN_SEEN = 2            # times it must be written mid-sentence to count
_CAPITALISED_SHARE = 0.9  # of those, the share written capitalised (a web address may hold "ntsb")
_FUNCTION_WORDS = frozenset(
    "the and for are was were has have had did does not but with from that this these those what which who "
    "whom whose when where why how its their his her our your they them she him you any all can could will "
    "would should may might must into onto over under about after before than then also just very more most "
    "some such only other per via".split())


# Words for roles and bodies, which documents capitalise in titles ("Project Leader", "Foreign Ministry")
# and a question uses as common nouns: recased, "who was Project Leader" would read as a name.
_TITLE_WORDS = PERSON_NOUNS | INSTITUTION_NOUNS | ACTING_BODIES


def corpus_case(question: str, snapshot: CorpusSnapshot) -> str:
    """``question`` with each lower-case word that the collection always capitalises mid-sentence written
    as the collection writes it: "norfolk southern" -> "Norfolk Southern", "ntsb" -> "NTSB". A word the
    collection capitalises only inside a longer name ("City" in "Gaza City") is recased only beside that
    name's other words: "which city" stays a common noun."""
    replacements: dict[str, str] = {}
    words = [m.group(1) for m in _QUESTION_WORD.finditer(question)]
    for i, word in enumerate(words):
        if not _LOWER_WORD.fullmatch(word) or word in replacements or word in _FUNCTION_WORDS \
                or word in _TITLE_WORDS:
            continue   # "who was project leader": a title is a common noun, though titles capitalise it
        neighbours = {w.lower() for w in words[max(i - 1, 0) : i] + words[i + 1 : i + 2]}
        written = _written_as(word, snapshot, neighbours)
        if written is not None and written != word:
            replacements[word] = written
    return _replaced(question, _LOWER_WORD, replacements, "question words read as the collection writes them")


# An acronym as a question writes it: "IISS", "the WMO's".
_ACRONYM = re.compile(r"(?<![\w'’-])([A-Z]{2,6})(?=['’]s\b|(?![\w'’-]))")


def corpus_acronyms(question: str, snapshot: CorpusSnapshot) -> str:
    """``question`` with each acronym the collection never writes, but whose full name it does, written in
    full: "Which city hosts the IISS?" over documents that only say "the International Institute for
    Strategic Studies". Neither the embedding nor BM25 can tell the two are one name. An acronym that
    could stand for two of the collection's names is left as asked."""
    replacements: dict[str, str] = {}
    for match in _ACRONYM.finditer(question):
        acronym = match.group(1)
        if stem(acronym.lower()) in snapshot.idf or acronym in replacements:
            continue
        full = snapshot.full_names.get(acronym.lower())
        if full:
            replacements[acronym] = full
    return _replaced(question, _ACRONYM, replacements, "acronyms read as the collection writes them in full")


def _replaced(question: str, words: re.Pattern[str], replacements: dict[str, str], what: str) -> str:
    """``question`` with the words ``words`` matches replaced as ``replacements`` says, logged."""
    if not replacements:
        return question
    log.info("%s: %s", what, ", ".join(f"{asked} -> {written}" for asked, written in replacements.items()))
    return words.sub(lambda m: replacements.get(m.group(1), m.group(1)), question)


def _written_as(word: str, snapshot: CorpusSnapshot, neighbours: set[str]) -> str | None:
    """How the collection writes ``word`` mid-sentence, if nearly always capitalised, and either on its
    own or beside one of the question's ``neighbours`` (lower case); else None."""
    pattern = re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", re.IGNORECASE)
    forms: dict[str, int] = {}
    named_so = False   # written capitalised alone, or in a name with the question's neighbouring word
    for chunk in snapshot.chunks_with_term(stem(word), limit=_CASE_SAMPLE):
        for found in pattern.finditer(chunk.text):
            if _opens_a_sentence(chunk.text, found.start()):
                continue
            forms[found.group(0)] = forms.get(found.group(0), 0) + 1
            beside = _capitalised_neighbours(chunk.text, found.start(), found.end())
            named_so = named_so or not beside or bool({b.lower() for b in beside} & neighbours)
    seen = sum(forms.values())
    capitalised = {form: n for form, n in forms.items() if form[:1].isupper()}
    if seen < _MIN_SEEN or sum(capitalised.values()) < _CAPITALISED_SHARE * seen or not named_so:
        return None
    return max(capitalised, key=lambda form: capitalised[form])


def _capitalised_neighbours(text: str, start: int, end: int) -> list[str]:
    """The capitalised words right before and after a word of ``text``, within its name."""
    before = re.search(r"([A-Z][\w’'-]*)[ \t]+$", text[:start])
    after = re.match(r"[ \t]+([A-Z][\w’'-]*)", text[end:])
    return [m.group(1) for m in (before, after) if m is not None]


def _opens_a_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘([")
    return not before or before[-1] in ".!?:\n"


@lru_cache(maxsize=65536)
def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, given up (``limit + 1``) once it must exceed ``limit``."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
