"""Which spans of text can stand alone as a sentence of an answer.

An answer is read sentence by sentence, so each must be a whole sentence: not a
heading, a list marker, a caption, a fragment cut from the middle of a sentence,
a sentence that opens or closes a quotation it does not contain, or a question.
A sentence that leans on the one before ("That allegation …", "This is …") is
understood only with its context, so it may support but not lead.
"""

from __future__ import annotations

import re

from core.lexicon import SHELL_NOUNS
from rag.nlp import parse

_MIN_CHARS = 25
_MIN_UNTERMINATED_WORDS = 8   # fewer words without a full stop: a heading, not a sentence
_SHOUTING = 0.6   # share of capital letters above which a line is a caption, credit or heading
_LIST_MARKER = r"(?:[-*•·▪–—]|\d{1,3}[.)])\s+"
_LIST_OR_HEADING = re.compile(rf"^\s*(#{{1,6}}\s|{_LIST_MARKER}|[a-z][.)]\s|>)")
_LEADING_LIST_MARKER = re.compile(rf"^\s*{_LIST_MARKER}(?=\S)")
# "( – China is …": the parenthesised dateline of a wire story whose place name the page lost.
_DATELINE_REMNANT = re.compile(r"^\s*\(\s*[-–—]\s+(?=\S)")
_OPENING_QUOTES = frozenset('"“')
_OPENING_SINGLE_QUOTES = frozenset("'‘")
_CLOSING_SINGLE_QUOTE = re.compile(r"[.,!?…]['’]")
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_PERSONAL_OPENING = re.compile(r"^(it|they|he|she|his|her|its|their|them|him)\b", re.IGNORECASE)
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such", "latter", "former"})
# Quantifying pronouns whose noun is in an earlier sentence when they stand alone ("Another, …").
_ELLIPTICAL = frozenset({"another", "both", "neither", "either"})
_DOUBLE_QUOTES = re.compile(r"[\"“”]")


def balanced_quotes(text: str) -> bool:
    """Is every quotation opened in the text closed in it? A straight mark opens or closes, whichever is
    due, so a page that opens with '"' and closes with '”' ("saying: "To be honest, … numbers.”")
    is read as one whole quotation."""
    inside = False
    for mark in _DOUBLE_QUOTES.findall(text):
        if (mark == "“" and inside) or (mark == "”" and not inside):
            return False
        inside = not inside
    return not inside


def leading_marks(sentence: str) -> int:
    """How many leading characters are not part of what the sentence says: a list marker ("- ",
    "• ", "2. ") or what is left of a dateline ("( – "), an emphasis mark closed only after the
    sentence ("*He is a columnist.*"), then an opening quotation mark closed only
    in a later sentence ("“China has become a key facilitator … technologies." before "… ,” he
    said."). Without them the sentence stands whole, and a quote of the rest is still verbatim."""
    marker = _LEADING_LIST_MARKER.match(sentence)
    remnant = _DATELINE_REMNANT.match(sentence)
    if remnant and sentence.count("(") > sentence.count(")"):
        marker = remnant
    skipped = marker.end() if marker else 0
    rest = sentence[skipped:]
    if rest[:1] in {"*", "_"} and rest.count(rest[0]) % 2 == 1:
        # Markdown emphasis opened around a paragraph ("*Andrew Korybko is …*") and closed after this sentence.
        skipped += 1
        rest = sentence[skipped:]
    if rest[:1] in _OPENING_QUOTES and not balanced_quotes(rest):
        skipped += len(rest) - len(rest[1:].lstrip())
    elif rest[:1] in _OPENING_SINGLE_QUOTES and rest[1:2].isupper() and not _CLOSING_SINGLE_QUOTE.search(rest):
        # A pull quote in single quotes ("'Within days, Zelensky approved the plan, … plot. All …'"): the
        # mark opens a quotation this sentence does not close. Only a mark after a sentence's end closes
        # one; elsewhere it is an apostrophe ("Russia's", "didn't", "the workers' union").
        skipped += len(rest) - len(rest[1:].lstrip())
    return skipped


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
    letters = [c for c in stripped if c.isalpha()]
    if len(stripped.split()) >= 4 and sum(c.isupper() for c in letters) > _SHOUTING * len(letters):
        return False   # "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.": a credit line, not prose
    if _PICTURE_OF.match(stripped) and _names_without_saying(stripped):
        return False   # "Drone photo of a freight train that derailed …, Feb. 4, 2023.": a caption
    return balanced_quotes(stripped) and stripped.count("(") == stripped.count(")")


# A caption opens by naming a picture ("Drone photo of …", "A file image of …"); a sentence may too, and
# then says something of it ("Video footage of the blast showed two flashes").
_PICTURE_OF = re.compile(
    r"^(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}(?:photo|photograph|image|picture|video|footage|screengrab|screenshot)"
    r"s?\s+of\b", re.IGNORECASE)


def _names_without_saying(text: str) -> bool:
    """Is the text a noun phrase, its head no verb (what it holds is in relative clauses at most)?"""
    root = next((t for t in parse(text) if t.dep_ == "ROOT"), None)
    return root is not None and root.pos_ in {"NOUN", "PROPN"}


def reads_as_a_sentence(text: str) -> bool:
    """A clean unit, or one that lacks only its full stop: a paragraph of several words with a verb
    whose last sentence lost its period on the page ("Forensic reviewing of open source videos … have
    given a clearer picture of what happened on Tuesday night"). A heading has too few words or no verb."""
    if is_clean_unit(text):
        return True
    stripped = text.strip()
    if not stripped[-1:].isalnum():
        return False   # it ends in a mark of its own: a question, a colon, a dash
    if len(stripped.split()) < _MIN_UNTERMINATED_WORDS or not is_clean_unit(stripped + "."):
        return False
    return any(token.pos_ in {"VERB", "AUX"} for token in parse(stripped))


def leans_on_context(text: str) -> bool:
    """Does the sentence open with a word that points back to an earlier sentence: a personal
    pronoun ("They …", "It …"), or a demonstrative that stands alone or before a shell noun? A
    quotation attributed by a pronoun ("“…,” he said.") does not count: its words stand on their
    own (on dev, treating it as leaning kept such quotes out of answers and cost key facts)."""
    opening = text.strip(" \"“‘'")
    if _PERSONAL_OPENING.match(opening) is not None:
        return not _dummy_it(opening)
    return points_back(opening)


def _dummy_it(sentence: str) -> bool:
    """Does the sentence open with an "it" that stands for the clause after it, not for anything earlier:
    "It is unclear which missile was fired", "It was reported that …", "It is important to note …"?"""
    first = parse(sentence)[0]
    if first.lower_ != "it" or first.dep_ not in {"nsubj", "nsubjpass", "expl"}:
        return False
    verb = first.head
    if _a_stretch_of_time_or_distance(verb):
        return True
    clause = any(c.dep_ in {"ccomp", "csubj", "xcomp"} and c.i > verb.i for c in verb.children)
    described = first.dep_ == "nsubjpass" or any(c.dep_ == "acomp" for c in verb.children)
    return clause and described


def _a_stretch_of_time_or_distance(verb) -> bool:  # type: ignore[no-untyped-def]
    """"It was 20 miles before the next detector", "It was two hours until help came": an "it" that
    only carries a span up to something the sentence names. Not "It was 500 metres long" (of a thing)."""
    if verb.lemma_ != "be" or any(c.dep_ == "acomp" for c in verb.children):
        return False
    measured = any(t.dep_ in {"attr", "npadvmod"} and any(c.like_num for c in t.children) for t in verb.subtree)
    bounded = any(t.lower_ in _SPAN_ENDS and t.dep_ in {"prep", "mark", "advmod"} for t in verb.subtree)
    return measured and bounded


_SPAN_ENDS = frozenset({"before", "after", "until", "till", "to", "from", "since", "when"})


def quoted_by_a_pronoun(text: str) -> bool:
    """A sentence that quotes someone named only by a pronoun: one that opens with the quotation
    ('“More than a month …,” he said on X.'), or ends with it ('On the toll, he said, “Figures do change
    with time.”')."""
    stripped = text.strip()
    if _PRONOUN_THEN_QUOTATION.search(stripped) is not None:
        return True
    closing = max(stripped.rfind("”"), stripped.rfind('"'))
    if stripped[:1] not in {'"', "“"} or closing <= 0:
        return False
    return _PERSONAL_OPENING.match(stripped[closing + 1 :].strip(" ,")) is not None


# "…, he said, “Figures do change with time.”": a pronoun and a verb of saying, then a quotation that
# runs to the end of the sentence.
_PRONOUN_THEN_QUOTATION = re.compile(
    r"\b(?:he|she|they)\s+(?:said|says|added|adds|stated|explained|noted|wrote|told\s[^“\"]{1,40}?)\s*[,:]?\s*"
    r"[“\"][^“”\"]+[”\"]\W*$", re.IGNORECASE)


def points_back(text: str) -> bool:
    """Does the sentence open with a demonstrative whose referent is only in an earlier sentence?

    "That allegation has been disproven", "This is …", "Such claims …": the demonstrative stands
    alone or determines an abstract shell noun (``SHELL_NOUNS``), whose content is elsewhere. "These
    drones were sent to Russia" and "Such optical sights were sent to 50 companies" still say what
    they are about, and stand on their own. A sentence about "he" or "they" still says who does what.
    """
    doc = parse(text.strip(" \"“‘'"))
    first = next((t for t in doc if t.is_alpha), None)
    if first is None:
        return False
    if first.lower_ == "the" and first.i + 1 < len(doc) and doc[first.i + 1].lower_ in {"latter", "former"}:
        return True
    if first.lower_ in _ELLIPTICAL and first.dep_ not in {"det", "predet", "amod", "preconj"}:
        # "Another, three minutes later, described an attack": another what? Not "Both X and Y said …".
        return True
    if first.lower_ not in _DEMONSTRATIVES:
        return False
    if first.dep_ not in {"det", "amod", "predet"} or first.head.pos_ not in {"NOUN", "PROPN"}:
        return True   # "This is …", "That was …": the demonstrative is the subject itself
    return first.head.lemma_.lower() in SHELL_NOUNS


def continued(text: str) -> str:
    """A sentence written to follow "On one side, " or "whether ": its first word in lower case, unless
    it is a name ("China", "Lin Jian"), an acronym ("US") or "I", as the parse reads it."""
    doc = parse(text)
    first = doc[0] if len(doc) else None
    if first is None or first.pos_ == "PROPN" or first.text == "I" or (first.text.isupper() and len(first.text) > 1):
        return text
    if _bare_singular_subject(first):
        return text   # "Zelenskyy said …": a name the tagger took for a common noun
    if len(doc) > 1 and doc[1].like_num and doc[1].head.i == first.i and any(ch.isdigit() for ch in doc[1].text):
        return text   # "Debian 2.1 was released …": a name with its number
    if first.ent_type_ in {"NORP", "GPE", "PERSON", "ORG"} and first.text[:1].isupper():
        return text   # "Palestinian officials …": a people's adjective keeps its capital
    return text[:1].lower() + text[1:]


def _bare_singular_subject(token) -> bool:  # type: ignore[no-untyped-def]
    """A singular noun that is the subject with no determiner before it: in news prose almost always
    a name the small tagger does not know ("Zelenskyy previously said …"); a common count noun
    there would need "the" or "a"."""
    return token.tag_ == "NN" and token.dep_ in {"nsubj", "nsubjpass"} and not any(
        c.dep_ in {"det", "poss"} for c in token.children)
