"""Small lexical helpers shared by BM25, evidence scoring, verification and contradiction signals.

Kept in one place so every stage agrees on what a "content word", a "number"
or a "negation" is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from core.lexicon import COUNTRIES, COUNTRY_OF, EVENT_SYNONYMS

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself nor of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves according said says say tell told did does much many whether according
    documents document sources source article articles report reported reports""".split()
)

# A dotted number is one word: "Debian 3.0", "Python 3.11", "2.5 million" (split, "3" and "0" are too
# short to count, and the version a question names would go unread).
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*(?:\.\d+)*")
_NUMBER = re.compile(
    r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|per cent))?(?:\s(?:million|billion|thousand|trillion))?",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "hundred": 100, "thousand": 1000, "dozen": 12, "double": 2, "doubled": 2, "tripled": 3,
}
_NAME_WORD = r"(?:[A-Z][a-zA-Z\-]*[a-zA-Z0-9]|[A-Z]{2,})"
_ENTITY = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:(?:of|de|al)\s+)?{_NAME_WORD})*")
_POSSESSIVE = re.compile(r"['’]s?$")
NEGATION_CUES = re.compile(
    r"\b(not|no|never|none|nothing|neither|nor|without|cannot|can't|won't|didn't|doesn't|don't|isn't|"
    r"aren't|wasn't|weren't|hasn't|haven't|hadn't|deny|denies|denied|denying|refute[sd]?|reject(?:s|ed)?|"
    r"false(?:ly)?)\b|n['’]t\b",
    re.IGNORECASE,
)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)")


def words(text: str) -> list[str]:
    """Lower-cased words, accents dropped: "Sánchez" and "Sanchez" are one word to every overlap and to BM25."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(without_accents(text))]


_ACT_STEM = 5


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately light suffix stripper: 'drones'/'drone' -> 'dron', 'supplied'/'supplying' -> 'supply'."""
    for suffix, replacement in (("ies", "y"), ("ying", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                                ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    # An act and its noun meet: "evacuated"/"evacuation", "investigate"/"investigation". Only where five
    # letters stay, so that "station" does not become "state"; and not "-sion", whose stem would end in an
    # "s" that stemming it again would strip.
    if word.endswith("ion") and len(word) - 3 >= _ACT_STEM and not word.endswith("sion"):
        word = word[:-3]
    # "produce"/"produced" and "drone"/"drones" must meet: drop a final e.
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_terms(text: str) -> list[str]:
    """Stemmed, lower-cased words minus stop words: what BM25 and overlap scores compare."""
    # "Russia's" is about Russia: the possessive goes before stemming.
    found = (w.removesuffix("'s").strip("'") for w in words(text))
    return [stem(w) for w in found if w not in STOPWORDS and len(w) > 1]


def with_event_synonyms(lemmas: set[str]) -> set[str]:
    """``lemmas`` and the other words for the same kind of event ("blast" -> "explosion", "detonation")."""
    return lemmas.union(*(kind for kind in EVENT_SYNONYMS if kind & lemmas))


def numbers(text: str) -> set[str]:
    """Numbers normalised for comparison ("1,000" -> "1000", "$2.5 million" -> "2.5 million")."""
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        value = match.group(0).lower().replace(",", "").replace("$", "").replace("per cent", "%")
        value = value.replace("percent", "%").replace(" %", "%").strip()
        if re.fullmatch(r"(19|20)\d\d", value):  # years are dates, not quantities
            continue
        found.add(value)
    return found


def number_words(text: str) -> set[int]:
    return {_NUMBER_WORDS[w] for w in words(text) if w in _NUMBER_WORDS}


def entities(text: str) -> set[str]:
    """Capitalised names ("Lin Jian", "NATO", "IEMZ Kupol"), lower-cased; sentence-initial words included."""
    found = set()
    for match in _ENTITY.finditer(text):
        name = _POSSESSIVE.sub("", match.group(0).strip())
        if name.lower() not in STOPWORDS and len(name) > 1:
            found.add(name.lower())
    return found


def is_negated(text: str) -> bool:
    return NEGATION_CUES.search(text) is not None


def negation_count(text: str) -> int:
    return len(NEGATION_CUES.findall(text))


def display_text(text: str) -> str:
    """Markdown links and emphasis removed, whitespace collapsed: for answer prose, never for quotes."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text.replace("\\*", "*")).strip()


def quoted(text: str) -> str:
    """A claim as an answer quotes it inside “…”: whole, so no negation or number is cut off. Its
    own double quotation marks become single ones, so the nesting reads right, and its final full
    stop goes, because the answer's sentence ends after the closing mark."""
    inner = display_text(text).strip().rstrip(".").strip()
    inner = re.sub(r'"([^"]*)"', "‘\\1’", inner)
    return inner.replace("“", "‘").replace("”", "’").replace('"', "’")


def overlap(query_terms: set[str], text_terms: set[str]) -> float:
    """Share of ``query_terms`` found in ``text_terms``."""
    if not query_terms:
        return 0.0
    return len(query_terms & text_terms) / len(query_terms)


_CAPITALISED_RUN = re.compile(r"(?:[A-Z][a-z]+(?:\s+(?:for|of|and|the)\s+|\s+))+[A-Z][a-z]+")


def acronyms(text: str) -> set[str]:
    """Initials of capitalised runs: "International Institute for Strategic Studies" -> "iiss"."""
    return {initials for _, initials in named_in_full(text)}


def named_in_full(text: str) -> list[tuple[str, str]]:
    """Each capitalised run of the text with its initials: ("World Meteorological Organization", "wmo")."""
    found = []
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group(0).split()
        if len(words) > 1 and words[0].lower() in {"the", "a", "an"}:
            words = words[1:]   # "The World Meteorological Organization" opening a sentence is the WMO
        found.append((" ".join(words), "".join(word[0] for word in words if word[0].isupper()).lower()))
    return found


# Words that deny or disown a proposition without a plain "not": used with NEGATION_CUES by the
# contradiction signals ("China denied providing weapons", "the claim has been disproven").
DENIAL_CUES = re.compile(
    r"\b(disprov(?:e|es|ed|en|ing)|denials?|untrue|baseless|groundless|unfounded|fabricat(?:ed|ion)|"
    r"disinformation|misinformation|avoid(?:s|ed|ing)?|refrain(?:s|ed|ing)?|fail(?:s|ed)?\s+to)\b",
    re.IGNORECASE,
)
_NOT_A_NEGATION = re.compile(
    r"\bnot\s+only\b|\bno\s+doubt\b|\bnothing\s+but\b|\bnone\s+other\s+than\b", re.IGNORECASE
)


def polarity_cue_positions(text: str) -> list[tuple[str, int]]:
    """Every word that flips the polarity of ``text`` ("never", "denied", "falsely", "disproven"), in order."""
    text = _NOT_A_NEGATION.sub(lambda m: " " * len(m.group(0)), text)  # same length: positions stay valid
    found = [(m.start(), m.group(0)) for m in NEGATION_CUES.finditer(text)]
    found += [(m.start(), m.group(0)) for m in DENIAL_CUES.finditer(text)]
    return [(cue.lower(), position) for position, cue in sorted(found)]


_NAME_PREFIX = 4   # "China"/"Chinese", "Russia"/"Russian": a demonym shares its country's first letters


_POSSESSIVE = re.compile(r"['’]s\b")


def mentions_name(names: frozenset[str], text: str) -> bool:
    """Each word of a name, or its first letters (a demonym: 'Chinese' for 'China'), is in ``text``;
    a short name ('US', 'UN') must appear as a word of its own. A country may be named by another of
    its names or its capital ('Beijing' for 'China', 'Kyiv' for 'Ukraine')."""
    words = _NAME_PARTS.findall(without_accents(text.lower()))
    prefixes = {w[:_NAME_PREFIX] for w in words if len(w) >= 3 and w.isalpha()}
    short = set(words)
    for name in with_country_aliases(names):
        # "Russia's defence ministry" is named by "the Russian defence ministry": a possessive is no word.
        parts = _NAME_PARTS.findall(without_accents(_POSSESSIVE.sub("", name)))
        if parts and all((p[:_NAME_PREFIX] in prefixes) if len(p) >= 3 and p.isalpha() else (p in short)
                         for p in parts):
            return True
    pattern = _abbreviation_pattern(names)
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=4096)
def _abbreviation_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """A country's abbreviations ("US", "U.S.", "UK") for those of ``names`` that name a country, matched
    in capitals only: "US service members" names the United States, "told us" does not."""
    abbreviations = {alias.upper() for name in names if name in COUNTRY_OF
                     for alias in COUNTRIES[COUNTRY_OF[name]] if len(alias) <= 3 or "." in alias}
    if not abbreviations:
        return None
    alternatives = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z.])(?:{alternatives})(?![A-Za-z])")


# The words of a name, and its numbers whole: "Debian 2.1" is not named by "Debian 0.91".
_NAME_PARTS = re.compile(r"[a-z]+|\d+(?:\.\d+)*")


def without_accents(text: str) -> str:
    """'Sánchez' as 'Sanchez': outlets spell the same name with and without its accents."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)   # on the hot path: every sentence is matched against the question's names
def with_country_aliases(names: frozenset[str]) -> frozenset[str]:
    """``names`` and, for each that names a country, its other names (``core.lexicon.COUNTRIES``).
    Abbreviations are left out: "us" would match the pronoun once the text is lower-cased."""
    aliases = {alias for name in names if name in COUNTRY_OF
               for alias in COUNTRIES[COUNTRY_OF[name]] if len(alias) > 3 and "." not in alias}
    return names | aliases if aliases else names


_LOWER_WORD = re.compile(r"[a-z0-9]+")


def mentioned(name: str, retrieved: str) -> bool:
    """Is ``name`` in the retrieved text: its words (a demonym counts for its country), or as an acronym?"""
    lowered = without_accents(retrieved.lower())
    prefixes = {w[:4] for w in _LOWER_WORD.findall(lowered)}
    words = set(content_terms(retrieved))
    name_terms = [t for term in content_terms(name) for t in term.split("-") if t]
    if name_terms and all(t in words or t[:4] in prefixes for t in name_terms):
        return True
    compact = name.replace(".", "").replace(" ", "")
    if compact.isalpha() and len(compact) <= 6:
        # An acronym ("IISS", "UN") is mentioned when a capitalised run starts with those initials.
        return any(run.startswith(compact.lower()) for run in acronyms(retrieved))
    return _named_the_other_way(name, lowered)


# The head of an institution's name, which may also come first: "Foreign Ministry", "Ministry of Foreign
# Affairs"; "State Department", "Secretary of State".
_INSTITUTION_HEADS = frozenset({"department", "ministry", "office", "agency", "service"})
_HEADS_OF_FULL_NAMES = r"(?:department|ministry|minister|secretary|office|agency|service)"


def _named_the_other_way(name: str, lowered: str) -> bool:
    """Is a name of several words written as another form of it: a website's compact name ("jpost",
    "nytimes", "washingtonpost" in a file name or link) or the full form of an institution ("the
    Ministry of Defence" for "the Defence Ministry")?"""
    name_words = [w for w in _LOWER_WORD.findall(without_accents(name.lower())) if w != "the"]
    if len(name_words) < 2:
        return False
    tokens = set(re.findall(r"[a-z0-9]+", lowered))
    initials = "".join(w[0] for w in name_words[:-1])
    if {"".join(name_words), initials + name_words[-1]} & tokens:
        return True
    if len(name_words) == 2 and name_words[1] in _INSTITUTION_HEADS:
        pattern = rf"\b{_HEADS_OF_FULL_NAMES}\s+(?:of|for)\s+(?:the\s+)?{re.escape(name_words[0])}"
        return re.search(pattern, lowered) is not None
    return False


_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)


def weekdays_named(text: str) -> set[str]:
    """The days of the week a text names, lower-cased ("the toll on Saturday" -> {"saturday"})."""
    return {day.lower() for day in _WEEKDAY.findall(text)}
