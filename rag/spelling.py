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
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from core.lexicon import COUNTRY_OF
from rag.corpus import CorpusSnapshot
from rag.text import stem

log = logging.getLogger(__name__)

# A capitalised word, or hyphenated name, followed by a possessive or by no more of a word.
_NAME = re.compile(r"(?<![\w'’-])([A-Z][a-z]+(?:-[A-Z][a-z]+)*)(?=['’]s\b|(?![\w'’-]))")
_SHORTEST = 5        # shorter names are too often another real name one letter away ("Biden"/"Bider")
_LONG_NAME = 9       # from this length, two edits are still one name ("Zelenskiy"/"Zelenskyy")


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
    if not replacements:
        return question
    log.info("question names read as the collection spells them: %s",
             ", ".join(f"{asked} -> {written}" for asked, written in replacements.items()))
    return _NAME.sub(lambda m: replacements.get(m.group(1), m.group(1)), question)


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
