"""Questions that offer two answers ("Was it ammonium nitrate or sodium nitrate?"): do the sources split?

A reader who asks "A or B?" has usually met both. When one source's sentence gives A and another
document's sentence gives B, each about the question's own matter, the answer reports the split
with both sentences quoted. A sentence counts for an alternative when it holds every word that sets
that alternative apart from the other, none of the other's, and a word of the rest of the question
(so "stored for six years" does not answer "confiscated months or years before?" unless it speaks
of the confiscation). A sentence that denies is nobody's alternative.

Read only when no figure, stance or blame dispute was found: those read the claims more closely.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.nlp import parse
from rag.schemas import Evidence, FoundConflict
from rag.text import content_terms
from rag.units import is_clean_unit, points_back
from rag.voices import read_voice, speaks_for_two_parties

# Alternatives are things, names, figures or days: "ammonium nitrate or sodium nitrate", "40 or 50",
# "Sunday night or Monday". Verbs joined by "or" ("whether or not") are not, nor two adjectives ("safe or
# dangerous"); the parse may tag the first of two nouns as one ("ammonium nitrate" after "was").
_ALTERNATIVE_POS = frozenset({"NOUN", "PROPN", "NUM"})
_OR_DESCRIBING = frozenset({"ADJ"})
# A sentence this close to the whole question is about it, whatever words it uses for the rest ("the
# blast was due to ammonium nitrate" for "… that exploded?"); any sentence must be at least _FLOOR close,
# whatever words it shares (the Derna reports that the dams broke "on Sunday night" scored 0.12 against
# "When did the dams give way - …?").
_RELEVANT = 0.35
_FLOOR = 0.1


@dataclass(frozen=True)
class Alternatives:
    first: str            # as the question writes it: "ammonium nitrate"
    second: str           # "sodium nitrate"
    first_marks: frozenset[str]    # the stems that set one apart from the other: {"ammonium"}
    second_marks: frozenset[str]   # {"sodium"}
    rest: frozenset[str]           # the stems of the rest of the question: {"explod"}
    # The question asking for each alone ("Was it ammonium nitrate that exploded?"): what to retrieve
    # each one's sentences with, since a sentence that gives one rarely reads like the whole question.
    wordings: tuple[str, str] = ("", "")


def alternatives_asked(question: str) -> Alternatives | None:
    """The two answers a question offers, joined by "or", if it offers two.

    "Or" offers a choice only where the question sets the two apart as its answer: after a dash or
    comma at its end ("When did the dams give way - Sunday night or Monday?") or as what "it" was
    ("Was it ammonium nitrate or sodium nitrate that exploded?"). Elsewhere it widens what is asked
    ("Which groups or bodies gave tolls?", "in feet or metres"), and every source may answer both.
    """
    doc = parse(question)
    for token in doc:
        conjunction = next((c for c in token.children if c.dep_ == "cc" and c.lower_ == "or"), None)
        other = next((c for c in token.children if c.dep_ == "conj" and conjunction is not None
                      and c.i > conjunction.i), None)
        if conjunction is None or other is None:
            continue
        kinds = {token.pos_, other.pos_}
        if not kinds <= _ALTERNATIVE_POS | _OR_DESCRIBING or kinds <= _OR_DESCRIBING:
            continue
        first = doc[token.left_edge.i:conjunction.i]
        end = other.right_edge.i + 1
        # "ammonium nitrate or sodium nitrate": the parse may hang the second "nitrate" elsewhere.
        first_words = {t.lower_ for t in first}
        while end < len(doc) and doc[end].lower_ in first_words and doc[end].is_alpha:
            end += 1
        second = doc[conjunction.i + 1:end]
        if not (_set_apart_at_the_end(first, second) or _what_it_was(token)):
            continue
        if _names_parties_or_figures(first) or _names_parties_or_figures(second):
            continue
        first_terms, second_terms = _terms(first.text), _terms(second.text)
        first_marks, second_marks = first_terms - second_terms, second_terms - first_terms
        if not first_marks or not second_marks:
            continue
        skipped = set(range(first.start, second.end))
        rest = _terms(" ".join(t.text for t in doc if t.i not in skipped)) - first_terms - second_terms
        first_text, second_text = first.text.strip(" ,;:"), second.text.strip(" ,;:")
        before, after = question[:first.start_char], question[second.end_char:]
        return Alternatives(first_text, second_text, frozenset(first_marks), frozenset(second_marks),
                            frozenset(rest), (f"{before}{first_text}{after}", f"{before}{second_text}{after}"))
    return None


# "Was it Russia or Ukraine that blew up the dam?" asks who did it, which the doers' reading answers
# (``rag.agents``): a sentence that names Russia is far from saying Russia did it. "40 or 50?" asks a
# figure, which the figures' reading answers (``rag.values``). Read from the alternative's head word: "a
# Vesna-2" is a model, not a figure; the small recogniser calls many models organisations, so those pass.
_PARTY_OR_FIGURE = frozenset({"PERSON", "GPE", "NORP", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"})


def _names_parties_or_figures(span) -> bool:  # type: ignore[no-untyped-def]
    root = span.root
    if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in root.children):
        return False   # "a Grom", "an Iskander": a kind of thing, whatever the recogniser calls the name
    return root.ent_type_ in _PARTY_OR_FIGURE or root.like_num


_SETTING_APART = frozenset({",", "-", "–", "—", ":", ";"})


def _set_apart_at_the_end(first, second) -> bool:  # type: ignore[no-untyped-def]
    """"…, a Tochka-U or an Iskander?": the choice follows a dash or comma and ends the question."""
    doc = first.doc
    opened = first.start > 0 and doc[first.start - 1].text in _SETTING_APART
    return opened and all(t.is_punct or t.is_space for t in doc[second.end:])


def _what_it_was(token) -> bool:  # type: ignore[no-untyped-def]
    """"Was it A or B …?": the choice is what "it" was."""
    head = token.head
    return token.dep_ in {"attr", "acomp"} and head.lemma_ == "be" and any(
        c.dep_ == "nsubj" and c.lower_ == "it" for c in head.children)


def gives(asked: Alternatives, first: bool, evidence: Evidence) -> bool:
    """Does the sentence give this alternative and not the other, about the rest of the question? It must
    hold a word of the rest besides the alternatives or be close to the whole question, and not be a
    guess or a denial ("ruled out sodium chlorate", "may have burned")."""
    wanted, other = (asked.first_marks, asked.second_marks) if first else (asked.second_marks, asked.first_marks)
    terms = _terms(evidence.text)
    if not wanted <= terms or other & terms:
        return False
    about = bool(asked.rest & terms) or evidence.score >= _RELEVANT
    return about and evidence.score >= _FLOOR and not _doubts_or_denies(evidence.text)


def _doubts_or_denies(sentence: str) -> bool:
    voice = read_voice(sentence)
    return voice.polarity != "affirms" or voice.hedged or bool(_NEGATING.search(sentence))


_NEGATING = re.compile(r"\b(?:no|not|never|ruled? out|rules out|denie[sd]|deny|unclear|whether)\b|n't\b", re.I)


def alternatives_dispute(question: str, ranked: Sequence[Evidence], voices_per_side: int) -> FoundConflict | None:
    """One document's sentence for each alternative the question offers, if both are given, by different
    documents: a document that gives both is on neither side."""
    asked = alternatives_asked(question)
    if asked is None:
        return None
    usable = [e for e in ranked if is_clean_unit(e.text) and not points_back(e.text)]
    first = [e for e in usable if gives(asked, True, e)]
    second = [e for e in usable if gives(asked, False, e)]
    both = {e.doc_id for e in first} & {e.doc_id for e in second}
    first = [e for e in first if e.doc_id not in both and not speaks_for_two_parties(e.text)]
    second = [e for e in second if e.doc_id not in both and not speaks_for_two_parties(e.text)]
    if not first or not second:
        return None
    side_a = _one_per_document(first, voices_per_side)
    side_b = _one_per_document(second, voices_per_side)
    return FoundConflict(
        topic=f"which it was, {asked.first} or {asked.second}",
        explanation="The sources give different answers among those the question offers.",
        sides=(replace(side_a[0], stance="affirms"), replace(side_b[0], stance="denies")),
        judge="alternatives",
        confidence=round(min(side_a[0].score, side_b[0].score), 3),
        allies=(tuple(replace(e, stance="affirms") for e in side_a[1:]),
                tuple(replace(e, stance="denies") for e in side_b[1:])),
        proposition=None,   # each side affirms its own alternative; no one proposition is denied
    )


def _terms(text: str) -> set[str]:
    """Content stems, hyphenated words in their parts: "Tochka-U" is named by "a Tochka"."""
    return set(content_terms(text.replace("-", " ")))


def _one_per_document(voices: list[Evidence], limit: int) -> list[Evidence]:
    """The best voice of each document, best first, at most ``limit``."""
    kept: list[Evidence] = []
    for voice in voices:
        if all(v.doc_id != voice.doc_id for v in kept):
            kept.append(voice)
    return kept[:limit]
