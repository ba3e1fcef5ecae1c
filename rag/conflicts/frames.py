"""Propositions read off a dependency parse: who does what to what, and the claim's stance toward it.

A claim is worth comparing only when it asserts an event with a known actor. For each
event verb inside a claim (a verb with an object, a recipient, or a source: "supplying
Russia with military equipment", "shipped from China to Russia"), the parse gives:

- the **actor**: the verb's subject (or the subject of the verb that controls it: "China
  denied providing weapons"; "from X" for an agentless passive transfer), normalised to a
  key that keeps the state apart from its companies and its people (see ``actor_key``);
- the **action and object**: the verb's lemma and object phrase, compared by embedding
  in ``align``, and the recipient ("to Russia", "supplying Russia with ...");
- the **stance**: the verb's own negation, flipped by a governing denial verb or a
  falsity adverb ("has falsely claimed that ..."), or turned into "no evidence" when the
  governing noun is a negated "evidence" ("had not seen any evidence that ...");
- **hedged**: a hearsay adverb or verb governs it ("reportedly", "it seems");
- **time**: the DATE entities of its sentence, and the years they name.

Events that are not asserted are skipped: under a modal ("may have obtained", "should"),
under "if"/"whether"/"unless", in a question, under a negated speech act ("did not say",
"avoided accusing": a silence, not a denial), and events whose subject is an unresolved
anaphor ("that allegation", "this", "they"). An "it" subject is resolved only to the
subject of the clause that governs it ("the Chinese state knew that it wasn't arming").

The word lists below are small closed classes, each with the source it follows.
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from core.lexicon import (
    COUNTRIES,
    COUNTRY_OF,
    FALSITY_WORDS,
    HARM_KINDS,
    HEDGE_ADVERBS,
    HEDGE_VERBS,
    NEGATIVE_IMPLICATIVES,
    PERSON_NOUNS,
    REPORTING_VERBS,
)
from rag.figures import SCALE_WORDS, clock_minutes, read_date, read_figure
from rag.nlp import nlp, phrase_of

log = logging.getLogger(__name__)

Stance = Literal["affirms", "denies", "no_evidence"]


# Verbs whose complement they deny: the negative implicatives and "deny"-class verbs of Nairn,
# Condoravdi & Karttunen (2006), "Computing relative polarity for textual inference", ICoS-5.
_DENIAL_VERBS = frozenset({"deny", "refute", "reject", "dismiss", "disprove", "rebut", "dispute", "debunk",
                           "contradict", "disavow"})
# Evidence nouns: "no evidence that X" is reported as absence of evidence, not as a denial.
_EVIDENCE = frozenset({"evidence", "proof", "sign", "indication", "trace"})
# Hedge cues, from the CoNLL-2010 shared task on hedge detection (Farkas et al. 2010), cue list of
# the BioScope/Wikipedia weasel annotation: hearsay and epistemic adverbs and verbs.
_HEDGES = HEDGE_ADVERBS | HEDGE_VERBS | frozenset({"seem", "appear", "rumour", "rumor"})
# Subordinators that make a clause unasserted: conditionals and embedded questions (closed class).
_UNASSERTING_MARKS = frozenset({"if", "whether", "unless"})
# Modal auxiliaries (tag MD) that still assert: future "will" states what the speaker holds true.
_ASSERTING_MODALS = frozenset({"will"})
# Nouns for a country in the role of its government or its population: the GPE roles of the ACE
# 2005 entity guidelines (LDC, "ACE (Automatic Content Extraction) English Annotation Guidelines for
# Entities" v5.6.6, section 5: GPE.ORG and GPE.PER). A country name itself is its government.
_STATE_NOUNS = frozenset({"state", "government", "side", "administration", "leadership", "authority",
                          "regime", "official", "ministry", "embassy", "party", "leader", "president",
                          "spokesman", "spokesperson", "diplomat", "beijing"})
_PEOPLE_NOUNS = frozenset({"citizen", "national", "people", "volunteer", "soldier", "mercenary", "worker",
                           "person", "resident", "individual", "civilian", "fighter", "troop"})
# Determiners that make a recipient universal ("any party", "either of the participants").
_UNIVERSAL = frozenset({"any", "either", "all", "every", "each", "no"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})
_ANAPHORS = frozenset({"it", "they", "this", "that", "these", "those", "he", "she", "them", "which", "who",
                       "one", "we", "i", "you"})
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Frame:
    """One asserted event of a claim, with the claim's stance toward it."""

    actor: str                  # normalised key: "china", "china|people", "china|company", "nato"
    actor_text: str             # as written: "the Chinese side"
    action: str                 # verb lemma: "provide"
    predicate: str              # verb lemma + object, for embedding: "provide lethal weapons"
    obj: str                    # object head lemma ("weapon"), "" if none
    recipient: str              # normalised key of the recipient, "*" for "any party", "" if none
    stance: Stance
    hedged: bool
    proposition: str            # the event clause as written, for display: "China was supplying ..."
    years: tuple[int, ...]      # years named by DATE entities of the sentence
    time: str                   # the DATE entities of the sentence, as written ("" if none)
    quantities: tuple[tuple[str, float, float, str], ...]  # (entity label, low, high, counted head lemma)
    period: tuple[str, str] = ("", "")  # ("before" | "after", event lemma): "before Putin's invasion"
    obj_entity: str = ""        # the object when it is a named place or thing ("gaza"), lower-cased
    state: bool = False         # the actor is a state: a known country, or a place the text names as one
    place: str = ""             # where a count was made, when the clause names a place ("in ukraine")

    @property
    def affirms(self) -> bool:
        return self.stance == "affirms"


def pipeline() -> Any:
    """The process's spaCy pipeline (``rag.nlp``; ``CROSSCHECK_SPACY_MODEL`` names another)."""
    return nlp()


def parse(text: str) -> Any:
    """A whole claim or document, parsed uncached (``rag.nlp.parse`` caches sentences and questions)."""
    return pipeline()(text)


_WINDOW_CHARS = 50_000  # spaCy refuses texts over ``nlp.max_length``; long documents parse in windows


class ParsedDocument:
    """A document parsed in windows cut at line breaks, so a claim's span lies inside one window
    (claims never cross a line) and a very long page neither fails nor holds one huge parse.

    With ``spans`` (the claims), only the lines that hold them are parsed, in runs of adjacent
    lines: the parse is the map's largest cost at ingest, and a page's code, tables and captions
    hold no claim."""

    def __init__(self, text: str, window: int = _WINDOW_CHARS, spans: Sequence[tuple[int, int]] | None = None) -> None:
        regions = _line_runs(text, spans) if spans is not None else [(0, len(text))]
        cut: list[tuple[int, int]] = []
        for start, end in regions:
            cuts = [start]
            while end - cuts[-1] > window:
                at = text.rfind("\n", cuts[-1] + 1, cuts[-1] + window)
                cuts.append(at + 1 if at > cuts[-1] else cuts[-1] + window)
            cuts.append(end)
            cut.extend(zip(cuts, cuts[1:], strict=False))
        docs = pipeline().pipe(text[a:b] for a, b in cut)
        self.windows = [(a, b, doc) for (a, b), doc in zip(cut, docs, strict=True)]
        self._starts = [a for a, _, _ in self.windows]

    def _window(self, start: int, end: int) -> tuple[int, Any] | None:
        index = bisect_right(self._starts, start) - 1
        if index < 0:
            return None
        a, b, doc = self.windows[index]
        return (a, doc) if a <= start and end <= b else None

    def frames(self, start: int, end: int) -> list[Frame]:
        found = self._window(start, end)
        return frames_in(found[1], start - found[0], end - found[0]) if found else []

    def verdict(self, start: int, end: int) -> Stance | None:
        found = self._window(start, end)
        return anaphoric_verdict(found[1], start - found[0], end - found[0]) if found else None


# ---------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------


def _line_runs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The whole lines that hold ``spans``, adjacent lines joined into one run, in text order."""
    runs: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if runs and line_start <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], line_end))
        else:
            runs.append((line_start, line_end))
    return runs


def country_of(text: str) -> str | None:
    cleaned = re.sub(r"^the\s+", "", text.strip().lower()).rstrip("'’s").strip()
    return COUNTRY_OF.get(cleaned)


def _entity_country(token: Any) -> str | None:
    if token.ent_type_ in ("GPE", "NORP") or token.pos_ in ("PROPN", "ADJ"):
        found = country_of(token.text)
        if found:
            return found
        if token.ent_type_ in ("GPE", "NORP"):
            span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            if span is not None:
                return country_of(span.text)
    return None


def actor_key(head: Any) -> str | None:
    """"China", "Beijing", "the Chinese state/side/government" -> "china"; "Chinese citizens",
    "155 Chinese" -> "china|people"; "Chinese companies" -> "china|company"; "NATO" -> "nato";
    an anaphor or a demonstrative phrase ("that allegation") -> None (unresolved)."""
    lemma = head.lemma_.lower()
    if lemma in _ANAPHORS or head.pos_ == "PRON":
        return None
    if any(child.dep_ == "det" and child.lower_ in _DEMONSTRATIVES for child in head.children):
        return None
    own = _entity_country(head)
    if own is not None:
        # A nationality used as a noun ("155 Chinese") is the people; a country's name is its state.
        return f"{own}|people" if head.ent_type_ == "NORP" else own
    modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    for child in modifiers:
        country = _entity_country(child)
        if country is not None:
            if lemma in _STATE_NOUNS:
                return country
            if lemma in _PEOPLE_NOUNS:
                return f"{country}|people"
            return f"{country}|{lemma}"
    span = _entity_of(head)
    if span is not None and span.label_ in ("ORG", "PERSON", "GPE", "NORP", "LOC"):
        return _entity_key(span)
    if head.pos_ == "PROPN":
        return _compound_name(head)
    # "the Islamic State group": a group named by the proper noun before it.
    named = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if named:
        return _compound_name(named[-1])
    return None  # a common noun with no entity ("insiders", "the gear"): too vague to compare


def counted_place(verb: Any, *heads: Any) -> str:
    """Where a count was made, when its clause says so: "29 people have died in Russian-controlled
    territory", "the toll in Derna rose to 11,300" -> "russian-controlled territory", "derna". Only a place
    the text names (a place or nationality entity in the phrase) counts: "in the blast" names none."""
    for holder in (verb, *heads):
        for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ in ("in", "across", "throughout")):
            for place in (g for g in prep.children if g.dep_ == "pobj"):
                if any(t.ent_type_ in ("GPE", "LOC", "FAC", "NORP") for t in place.subtree):
                    words = [t.text.lower() for t in place.subtree if t.dep_ != "det" and not t.is_punct]
                    return " ".join(words)
    return ""


def _compound_name(name: Any) -> str:
    """A proper noun with the proper nouns compounded before it: "Islamic State" -> "islamic state"."""
    parts = [name]
    while (before := next((c for c in parts[0].children if c.dep_ == "compound" and c.pos_ == "PROPN"
                           and c.i < parts[0].i), None)) is not None:
        parts.insert(0, before)
    return " ".join(t.text.lower() for t in parts)


def _phrase(head: Any) -> str:
    """The noun phrase of ``head`` without clauses hanging off it."""
    tokens = [t for t in head.subtree if t.dep_ not in ("relcl", "acl", "punct", "appos")
              and not any(a.dep_ in ("relcl", "acl", "appos") and a != head for a in t.ancestors
                          if a.i in range(head.left_edge.i, head.right_edge.i + 1) and head in a.ancestors)]
    return " ".join(t.text for t in tokens).strip()


_OBJECT_PARTS = frozenset({"compound", "amod", "nummod", "conj", "cc", "det", "quantmod", "poss", "case", "nmod",
                           "advmod", "npadvmod"})


def _object_phrase(head: Any) -> str:
    """The object's noun phrase: its head, modifiers and conjuncts, without prepositional tails
    ("military resources to Russian military contractors amid ..." -> "military resources")."""
    keep = {head.i}
    frontier = [head]
    while frontier:
        token = frontier.pop()
        for child in token.children:
            if child.dep_ in _OBJECT_PARTS and child.pos_ != "PUNCT":
                keep.add(child.i)
                frontier.append(child)
            elif child.dep_ == "prep" and child.lower_ == "of" and token.pos_ == "NOUN":
                keep.add(child.i)  # "the provision of lethal aid", "a batch of drones"
                frontier.append(child)
            elif child.dep_ == "pobj" and token.dep_ == "prep":
                keep.add(child.i)
                frontier.append(child)
    return " ".join(t.text for t in head.doc if t.i in keep)


RESPONSIBLE = "be responsible"  # the action of every frame that holds a party responsible for an event
AGENTLESS = "~"  # actor key of an agentless passive event that gives a figure ("300 people were killed")


def _has_figure(token: Any) -> bool:
    if token.like_num and _counted_noun_of(token):
        return True   # "Eleven of the cars", "Of the 50 cars …, 20 were carrying …"
    totalled = _totalled(token)
    if totalled is not None:
        return _has_figure(totalled)   # "A total of 40 people were killed"
    return any(c.dep_ == "nummod" and (c.like_num or c.ent_type_ == "CARDINAL") for c in token.children)


_TOTAL_NOUNS = frozenset({"total", "tally", "sum"})


def _totalled(token: Any) -> Any | None:
    """What "a total of 40 people" counts: the people; None for any other noun."""
    if token.lemma_.lower() not in _TOTAL_NOUNS:
        return None
    return next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                 if g.dep_ == "pobj"), None)


def _counted_things_do(verb: Any) -> bool:
    """"38 train cars derailed", "Eleven of the cars were carrying hazardous materials": a verb whose subject
    counts things, not people (whose counts the map reads as deaths or a passive), gives a figure of what
    was done. Another report's other figure for the same deed is a rival count."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _NOT_A_DEED:
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not _has_figure(subject) or not (subject.like_num or subject.pos_ == "NOUN"):
        return False   # "date 2022-08-02 Ukraine still has not received …": a stamp before a name counts nothing
    if any(t.like_num and (t.ent_type_ not in ("", "CARDINAL") or _numbers_a_section(t)) for t in subject.subtree):
        return False   # a date, or a list's numbering ("3.1. Powers … 1. make any decision")
    counted = _counted_noun_of(subject)
    return bool(counted) and counted not in PEOPLE_WORDS and not any(
        t.ent_type_ in ("NORP", "PERSON") for t in subject.subtree)


def _counted_by_first_conjunct(number: Any) -> str:
    """"At least 50 people were killed and 73 were wounded": a bare number as the subject of a second,
    conjoined clause counts what the first clause's subject counts (an ellipsis of its noun)."""
    verb = number.head
    if number.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "conj":
        return ""
    first = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if first is None or first.like_num:
        return ""
    return str(first.lemma_.lower()) if _has_figure(first) else ""


def _numbers_a_section(number: Any) -> bool:
    doc = number.doc
    return number.text.endswith(".") or (number.i + 1 < len(doc) and doc[number.i + 1].text == ".")


def _counted_noun_of(subject: Any) -> str:
    """What a counted subject counts: "train cars" -> "car", "Eleven of the cars" -> "car", "Of the 50
    cars …, 20 were …" -> "car" (the "of" phrase put first hangs on the verb)."""
    if not subject.like_num:
        totalled = _totalled(subject)
        return str((totalled if totalled is not None else subject).lemma_.lower())
    counted = _counted(subject) or _counted_by_first_conjunct(subject)
    if counted or subject.dep_ != "nsubj":
        return counted
    fronted = [c for c in subject.head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i < subject.i]
    return next((str(g.lemma_.lower()) for p in fronted for g in p.children if g.dep_ == "pobj"), "")


# Verbs that do no deed of their own: a count of what "is", "has" or "says" is no count of an event.
_NOT_A_DEED = frozenset({"be", "have", "say", "include", "remain", "seem", "appear", "become"}) | REPORTING_VERBS
# People are counted by the map as the dead or the harmed, or in a passive: "2,000 people tried to climb the
# fence" and "133 people reached Spain" count attempts and arrivals, which reports rarely give alike.
PEOPLE_WORDS = PERSON_NOUNS | frozenset(
    "migrant migrants men women child children civilian troop prisoner pow refugee protester demonstrator "
    "resident".split())
GENERIC_PEOPLE = frozenset({"people", "person"})   # counts any of the others


# Verbs that say people died without naming who killed them: "50 people died", "dozens lost their
# lives". They report the same count as an agentless "50 people were killed", so they are read as it.
_DEATH_VERBS = frozenset({"die", "perish"})


def _reports_deaths(verb: Any) -> bool:
    if verb.lemma_ in _DEATH_VERBS:
        return True
    return verb.lemma_ == "lose" and any(c.dep_ == "dobj" and c.lemma_ == "life" for c in verb.children)


def _passive_count(verb: Any) -> bool:
    """"300 people were killed", "100 to 300 people killed": a counted passive subject, no agent."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and _has_figure(verb.head):
        return True
    return any(c.dep_ == "nsubjpass" and _has_figure(c) for c in verb.children)


def _subject(verb: Any) -> tuple[Any, bool] | None:
    """The verb's subject token (following control and relative clauses), and whether it is a
    passive subject."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and _has_figure(verb.head):
        return verb.head, True
    current = verb
    for _ in range(6):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("which", "that", "who") and current.dep_ == "relcl":
                    return current.head, False
                if child.lower_ == "it" and current.dep_ == "ccomp":
                    governing = _subject(current.head)
                    if governing is not None and governing[0].pos_ != "PRON":
                        return governing
                return child, child.dep_ == "nsubjpass" and current is verb
        if current.dep_ in ("xcomp", "pcomp", "advcl", "conj") and current.head != current:
            came_from = current
            current = current.head
            if current.dep_ == "prep":
                current = current.head
                accused = _accused_of(current) if came_from.dep_ == "pcomp" else None
                if accused is not None:
                    return accused, False
            continue
        return None
    return None


# "Russia accused the UK of directing the explosions": the one accused of it is who does the deed.
_ACCUSING_VERBS = frozenset({"accuse", "blame", "suspect", "charge"})


def _accused_of(verb: Any) -> Any | None:
    if verb.lemma_.lower() not in _ACCUSING_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------


def _objects(verb: Any) -> tuple[list[Any], list[Any], Any | None]:
    """(objects, recipients, source) of an event verb."""
    objects: list[Any] = []
    recipients: list[Any] = []
    source = None
    for child in verb.children:
        if child.dep_ == "dobj":
            objects.append(child)
        elif child.dep_ == "dative":
            recipients.extend([child] if child.pos_ != "ADP" else [c for c in child.children if c.dep_ == "pobj"])
        elif child.dep_ in ("prep", "agent"):
            pobjs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            word = child.lower_
            if word == "to":
                recipients.extend(pobjs)
            elif word in ("with", "of"):
                objects.extend(pobjs)
            elif word == "from":
                source = pobjs[0] if pobjs else None
            elif word == "by" and pobjs:
                source = pobjs[0]
    # "wasn't arming either of the direct participants": a universal pronoun object is a recipient.
    for o in [o for o in objects if o.pos_ == "PRON" and o.lower_ in _UNIVERSAL]:
        objects.remove(o)
        recipients.append(o)
    # "supplying Russia with equipment": the direct object is the recipient when "with" gives the thing.
    if any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
        named = [o for o in objects if o.dep_ == "dobj" and _entity_country(o)]
        for o in named:
            objects.remove(o)
            recipients.append(o)
    return objects, recipients, source


def _recipient_key(token: Any) -> str:
    if token.lower_ in _UNIVERSAL or any(c.dep_ == "det" and c.lower_ in _UNIVERSAL for c in token.children):
        return "*"
    return actor_key(token) or ""


def _negated(token: Any) -> bool:
    """A ``neg`` dependent, or governed by a negative implicative ("avoided accusing")."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    head = token.head.head if token.head.dep_ == "prep" else token.head
    return head.i != token.i and head.lemma_ in NEGATIVE_IMPLICATIVES and token.dep_ in ("xcomp", "pcomp")


def _governs_a_clause(verb: Any) -> bool:
    """A speech or attitude verb ("told media that ...", "accusing X of supplying ..."): its content
    clause holds the event, not the verb itself."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
            return True
        if child.dep_ == "prep" and any(g.dep_ == "pcomp" and g.pos_ == "VERB" for g in child.children):
            return True
    return False


def _backshifted(modal: Any, verb: Any) -> bool:
    """"He estimated the toll would be about 50": in a clause reported by a past-tense verb, "would"
    is "will" shifted back (Quirk et al. 1985, §14.31), and asserts as "will" does."""
    return modal.lower_ == "would" and verb.dep_ == "ccomp" and verb.head.tag_ == "VBD" and (
        verb.head.lemma_.lower() in REPORTING_VERBS | {"estimate"})


def _polarity(verb: Any, sentence: Any) -> tuple[Stance, bool] | None:
    """The stance toward the event and whether it is hedged; None when it is not asserted."""
    negated = _negated(verb)
    hedged = False
    evidence_negated: bool | None = None
    chain = [verb, *verb.ancestors]
    for index, token in enumerate(chain):
        children = list(token.children)
        if any(c.dep_ == "mark" and c.lower_ in _UNASSERTING_MARKS for c in children):
            return None
        if token.pos_ in ("VERB", "AUX") and any(c.tag_ == "MD" and c.lower_ not in _ASSERTING_MODALS
                                                   and not _backshifted(c, token) for c in children):
            return None
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in children if token.dep_ == "ROOT" and c.i > verb.i):
            return None
        if any(c.lower_ in _HEDGES for c in children if c.dep_ == "advmod") or token.lemma_ in _HEDGES:
            hedged = True
        if index == 0:
            continue
        if token.lemma_ in _EVIDENCE:
            governing = token.head
            evidence_negated = any(c.dep_ == "det" and c.lower_ == "no" for c in children) or any(
                c.dep_ == "neg" for c in governing.children)
            continue
        if token.lemma_ in _DENIAL_VERBS or token.lemma_ in ("denial", "lie"):
            negated = not negated
            continue
        if any(c.lower_ in FALSITY_WORDS for c in children if c.dep_ in ("advmod", "amod", "acomp")):
            negated = not negated
            continue
        if token.pos_ == "VERB" and _negated(token) and evidence_negated is None:
            return None  # "did not say that ...", "avoided ...": a silence, not a denial
    if sentence.text.rstrip("”\"’' ").endswith("?"):
        return None
    if evidence_negated:
        return ("denies" if negated else "no_evidence"), hedged
    return ("denies" if negated else "affirms"), hedged


_NUMERIC = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})


def _quantities(tokens: Sequence[Any]) -> tuple[tuple[str, float, float, str], ...]:
    """Figures as (entity label, low, high, counted head lemma), each read as the range it allows
    (``rag.figures``): "at least 471 people" -> (471, inf, "people"), "dozens of drones" -> (24, 99,
    "drone"), "100 to 300" -> (100, 300)."""
    if not tokens:
        return ()
    indices = {t.i for t in tokens}
    found = []
    for entity in tokens[0].doc.ents:  # in text order, each once however many of its tokens are given
        if entity.label_ not in _NUMERIC or not any(i in indices for i in range(entity.start, entity.end)):
            continue
        figure = read_figure(entity.text)
        if figure is not None and not _counts_the_rest(entity.root):
            root = entity.root
            found.append((entity.label_, figure.low, figure.high,
                          _counted_noun_of(root) if root.like_num else _counted(root)))
    for token in tokens:
        # "Eleven of the cars …", "Eleven people were detained": a number the recogniser left untagged.
        figure = read_figure(token.text) if token.is_alpha and token.like_num and not token.ent_type_ \
            and token.dep_ in ("nsubj", "nummod") and not _counts_the_rest(token) else None
        counted = _counted_noun_of(token) if figure is not None else ""
        if figure is not None and counted:
            found.append(("CARDINAL", figure.low, figure.high, counted))
    return tuple(found)


def _counts_the_rest(root: Any) -> bool:
    """"38,222 minnows died, along with 5,550 other fish": a figure of the others, or of more of them
    ("12 more bodies"), counts a part beside another, not the whole a rival counts."""
    noun = root.head if root.dep_ in ("nummod", "quantmod") else root
    marks = [c for c in noun.children if c.dep_ in ("amod", "det", "advmod")] + [
        c for c in root.children if c.dep_ in ("amod", "advmod", "quantmod", "det")]
    # "more than 1,450 people" is a bound on a whole, not more of them.
    if any(c.lower_ in _THE_REST and not _before_than(c) for c in marks):
        return True
    # "Eleven people were detained, including the four gunmen": a count of a part of those counted;
    # "61 people from her state have died": those of one origin, a part of all the dead.
    if any(a.lower_ in ("including", "among") for a in root.ancestors):
        return True
    if noun.lemma_.lower() in PEOPLE_WORDS and any(c.dep_ == "prep" and c.lower_ == "from" for c in noun.children):
        return True
    # "The storm also killed about 170 people elsewhere": the count of another place.
    verb = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass") else noun
    return any(c.lower_ == "elsewhere" for c in (*noun.children, *verb.children))


def _before_than(token: Any) -> bool:
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "than"


# Words by which a figure counts some beside others already counted.
# Not "another": "17 died and another 36 were injured" counts a different harm, the whole of it.
_THE_REST = frozenset({"other", "more", "additional", "further"})


def _counted(root: Any) -> str:
    """What a figure counts: the noun it modifies ("471 people"), or the noun after "of" ("dozens of
    people")."""
    if root.dep_ in ("nummod", "quantmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return str(root.head.lemma_.lower())
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            noun = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
            if noun is not None and any(c.dep_ == "poss" and (c.pos_ == "PRON" or c.ent_type_ in ("NORP", "GPE"))
                                        for c in noun.children):
                # "three of its nationals": a part of one party's people, not what another figure counts
                # ("Eleven of the wagons" and "20 were carrying" still count one set of wagons).
                return ""
            if noun is not None:
                return str(noun.lemma_.lower())
    return ""


def frames_in(doc: Any, start: int, end: int) -> list[Frame]:
    """The asserted events inside the character span [start, end) of a parsed document."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    frames: list[Frame] = []
    no_recipients: list[Any] = []   # responsibility has a party and an event, no recipient
    for verb in span:
        dated = _incident_date_frame(doc, verb)
        if dated is not None:
            frames.append(dated)
        magnitude = _magnitude_frame(doc, verb)
        if magnitude is not None:
            frames.append(magnitude)
            continue
        timed = _clock_frame(doc, verb)
        if timed is not None:
            frames.append(timed)
            continue
        read, frame = _count_or_cause(doc, verb)
        if read:
            if frame is not None:
                frames.append(frame)
            continue
        attribute = _attribute(verb)
        blamed = _blamed(verb)
        owned = _owned_deed(verb)
        denied = owned is not None and verb.lemma_.lower() in _DENIAL_VERBS
        if attribute is not None:
            objects, recipients, source = _attribute_objects(attribute), no_recipients, None
        elif owned is not None:
            if denied and _negated(verb):
                continue  # "did not deny involvement": a silence, not an admission
            objects, recipients, source = owned, no_recipients, None
        elif blamed is not None:
            if _negated(verb):
                continue  # "did not blame China": a silence, not a denial that China was responsible
            objects, recipients, source = _blamed_for(verb, blamed), no_recipients, None
        elif verb.pos_ != "VERB" or verb.lemma_ in _DENIAL_VERBS or verb.lemma_ in NEGATIVE_IMPLICATIVES:
            continue  # "denied involvement": the denial is a stance toward an event, not an event
        elif _governs_a_clause(verb):
            continue
        else:
            objects, recipients, source = _objects(verb)
        deaths = _reports_deaths(verb)
        things = _counted_things_do(verb)
        if not objects and not recipients and source is None and not _passive_count(verb) and not deaths \
                and not things and attribute is None and blamed is None and owned is None:
            continue
        if any(o.lemma_ in _EVIDENCE for o in objects):
            continue  # "had not seen any evidence": the stance of the clause it governs
        found = _subject(verb)
        if found is None:
            continue
        subject, passive = found
        if deaths and not _has_figure(subject):
            continue  # "he died in 2001": no count to compare, and no event the map weighs
        counted_subject = (passive or deaths or things) and source is None and _has_figure(subject)
        if counted_subject and deaths:
            objects = [subject]  # "dozens lost their lives": read as "dozens were killed"
        elif counted_subject:
            objects = [subject, *objects]  # "471 people were killed in the blast": no agent, a figure
        elif passive and owned is None:
            # "helicopters were shipped from China to Russia": the source acts, the subject is the thing.
            if source is None:
                continue
            objects, subject = [found[0], *objects], source
        elif source is not None and source.dep_ == "pobj" and source.head.lower_ == "by":
            continue
        actor = AGENTLESS if counted_subject else actor_key(subject)
        if actor is None and _harm_done_by_an_incident(verb, subject, objects):
            actor = AGENTLESS   # "the explosion killed at least 200 people": a count, as "200 were killed"
        if blamed is not None:
            # The speaker blames; the blamed party is who the claim says was responsible.
            # The parser often hangs "from" on the verb: "blamed a rocket from another group, Islamic Jihad".
            actor, subject = _party_of(blamed) or _party_of_phrase(verb, "from"), blamed
        if actor is None:
            continue
        polarity = _polarity(verb, verb.sent)
        if polarity is None:
            continue
        stance, hedged = polarity
        if denied:
            # "Ukraine denied any involvement": the denial verb is the event's negation ("did not deny
            # involvement" is dropped above, as a silence).
            stance = "affirms" if stance == "denies" else "denies"
        obj_text = " ".join(_object_phrase(o) for o in objects)
        recipient_keys = sorted({_recipient_key(r) for r in recipients} - {""})
        years, time_text = _dates(doc, verb.sent)
        dropped = _joined_clauses(verb, ("conj", "cc", "relcl", "advcl"), trailing_punctuation=True)
        proposition = _proposition(subject, _own_clause(doc, verb, dropped))
        action = "kill" if deaths and counted_subject else verb.lemma_.lower()
        if attribute is not None:
            action = f"be {attribute.lemma_.lower()}"
        elif blamed is not None or owned is not None:
            action = RESPONSIBLE
        frames.append(Frame(
            actor=actor,
            actor_text=_phrase(subject),
            action=action,
            predicate=f"{action} {obj_text}".strip(),
            obj=objects[0].lemma_.lower() if objects else "",
            recipient=",".join(recipient_keys),
            stance=stance,
            hedged=hedged,
            proposition=proposition,
            years=years,
            time=time_text,
            # A figure in a clause joined to this one is that clause's ("…, while sources put it at 500").
            quantities=_quantities(sorted({t for o in (verb, *objects) for t in o.subtree if t.i not in dropped},
                                          key=lambda t: t.i)),
            period=_period(verb),
            obj_entity=_named(objects[0]) if objects else "",
            state=is_state(actor, subject),
            place=counted_place(verb, *objects) if actor == AGENTLESS else "",
        ))
    return frames


def _joined_clauses(verb: Any, roles: tuple[str, ...], trailing_punctuation: bool = False) -> set[int]:
    """Token indices of the clauses joined to the verb in ``roles`` (and, with ``trailing_punctuation``,
    of the punctuation after it): what the event's own clause leaves out."""
    return {t.i for c in verb.children
            if c.dep_ in roles or (trailing_punctuation and c.dep_ == "punct" and c.i > verb.i) for t in c.subtree}


def _own_clause(doc: Any, verb: Any, dropped: set[int]) -> Any:
    """The event's own clause: without its subordinator and without the ``dropped`` clauses."""
    tokens = [t for t in verb.subtree if t.dep_ != "mark" and t.i not in dropped]
    return doc[tokens[0].i : tokens[-1].i + 1] if tokens else verb


def is_state(key: str, phrase: Any) -> bool:
    """Is the party ``key``, read from ``phrase``, a state: a known country ("an Israeli airstrike"), or
    a place the parser takes for a country or city ("Karvia was responsible")? A nationality alone
    ("a Palestinian rocket") is not: it may be a state, its people or a group of theirs."""
    if key in COUNTRIES:
        return True
    return any(e.label_ == "GPE" and _without_article(e.text) == key
               for e in phrase.doc.ents if phrase.left_edge.i <= e.start and e.end <= phrase.right_edge.i + 1)


# Adjectives that assign a part in an event to the subject: "Israel was not responsible for the blast".
_ATTRIBUTIONS = frozenset({"responsible", "guilty", "complicit", "culpable", "liable", "innocent"})


# A count of the dead as the subject of a copula or of a verb of movement: "the death toll would be
# about 50", "the toll rose to 471", "the number of dead reached 200". Verbs that take the figure as
# their object are listed; any verb that moves the count "to" or "past" a figure ("soared to 11,300",
# "surged past 11,300") is one of movement, whatever its word.
_TOLL_VERBS = frozenset({"be", "stand", "rise", "climb", "reach", "jump", "increase", "hit", "top", "exceed"})
_TOLL_MOVES = frozenset({"at", "to", "past", "above", "beyond"})
_DEATH_COUNTS = frozenset({"toll", "death", "fatality"})
_DEAD = frozenset({"dead", "death", "fatality", "casualty"})
_DEATH_WORDS = HARM_KINDS[0]


def _death_toll(verb: Any) -> Any | None:
    """The figure a sentence gives for a count of the dead, or None."""
    left = _left_dead(verb)
    if left is not None:
        return left
    placed = _placed_toll(verb)
    if placed is not None or verb.lemma_.lower() in _PLACING_VERBS:
        return placed
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not _counts_the_dead(subject):
        return None
    return _figure_moved_to(verb)


def _figure_moved_to(verb: Any) -> Any | None:
    """The figure a count "is", "stands at" or "rose to": the verb's complement or the object of its
    "to", "at" or "past"."""
    places = [c for c in verb.children if c.dep_ in ("attr", "dobj") and verb.lemma_.lower() in _TOLL_VERBS]
    places += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in _TOLL_MOVES for g in c.children
               if g.dep_ == "pobj"]
    # "rose to 471 people": the figure counts the noun it modifies.
    places += [c for t in places for c in t.children if c.dep_ == "nummod"]
    return next((t for t in places if t.like_num or t.ent_type_ in _NUMERIC), None)


# The action of a count of the missing: "up to 500 people are still missing".
MISSING = "go missing"
# Counts of the harmed other than the dead, by the word "the number of …" counts them with, and the
# action they are read as: "the number of injured rose to 1,175" meets "1,100 people were injured".
_HARMED_COUNTED = {"injure": frozenset({"injured", "wounded", "hurt"}), MISSING: frozenset({"missing"})}


def _harmed_count(verb: Any) -> tuple[Any, str] | None:
    """The figure and action of "the number of injured rose to N" or "put the number of wounded at N"."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    counted = next((c for c in verb.children if c.dep_ == "dobj"), None)
    for action, words in _HARMED_COUNTED.items():
        if subject is not None and _number_of(subject, words):
            figure = _figure_moved_to(verb)
        elif counted is not None and _number_of(counted, words):
            figure = _figure_placed_at(verb)
        else:
            continue
        return (figure, action) if figure is not None else None
    return None


def _number_of(noun: Any, words: frozenset[str]) -> bool:
    """"the number of (the) injured": a count of those the words name."""
    return noun.lemma_.lower() == "number" and any(
        g.lower_ in words for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children if g.dep_ == "pobj")


def _left_dead(verb: Any) -> Any | None:
    """The figure of what an event left dead: "the tragedy left 78 people dead", "capsized, leaving at
    least 79 people dead", "the blast left 137 dead". The people must be people in general ("left 12
    soldiers dead" counts a part of the dead), and "dead" the only thing they were left: in "left 300
    people homeless and 20 dead", 300 are the homeless."""
    if verb.lemma_.lower() != "leave" or verb.pos_ != "VERB":
        return None
    left_as = [c for c in verb.children if c.dep_ == "oprd"]
    said_dead = [c for c in left_as if c.lower_ == "dead"]
    # "left 137 dead": the figure hangs on "dead" itself.
    figures = [g for c in said_dead for g in c.children if g.dep_ == "nummod"]
    # "left 78 people dead" / "leaving 79 people dead": on the people, who are said to be dead.
    only_dead = bool(said_dead) and len(said_dead) == len(left_as)
    figures += [g for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in GENERIC_PEOPLE
                and (only_dead or any(a.dep_ == "amod" and a.lower_ == "dead" for a in c.children))
                for g in c.children if g.dep_ == "nummod"]
    return next((t for t in figures if t.like_num or t.ent_type_ in _NUMERIC), None)


def _deaths_of(noun: Any) -> tuple[Any, Any] | None:
    """"led to the deaths of 125 people", "an inquiry into the deaths of 23 people": a count of the dead
    as a noun phrase, with the verb that asserts it. Only people in general, unqualified: "the deaths of
    17 children" counts a part of the dead, and so do "the deaths of two people who were trampled at
    gate 13" and "the deaths of 3 people in hospital"."""
    if noun.lemma_.lower() != "death" or noun.tag_ != "NNS":
        return None
    counted = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj" and g.lemma_.lower() in GENERIC_PEOPLE
               and not any(q.dep_ in _NARROWING for q in g.children)]
    figure = next((n for g in counted for n in g.children
                   if n.dep_ == "nummod" and (n.like_num or n.ent_type_ in _NUMERIC)), None)
    verb = next((t for t in noun.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return (figure, verb) if figure is not None and verb is not None else None


# What narrows the people a count is of: a relative clause, a participle, a place or time ("in hospital").
_NARROWING = frozenset({"relcl", "acl", "prep"})


def _count_or_cause(doc: Any, token: Any) -> tuple[bool, Frame | None]:
    """Whether the token reads as a count of the dead, the harmed or the missing, or as a cause, and the
    frame it gives (None when it reads as one but asserts nothing); (False, None) when it is none of them."""
    toll = _death_toll(token)
    if toll is not None:
        return True, _toll_frame(doc, token, toll)
    named_deaths = _deaths_of(token)
    if named_deaths is not None:
        return True, _deaths_of_frame(doc, token, *named_deaths)
    missing = _missing_count(token)
    harmed = (missing, MISSING) if missing is not None else _harmed_count(token)
    if harmed is not None:
        return True, _toll_frame(doc, token, *harmed)
    caused = _cause(token)
    if caused is not None:
        return True, _cause_frame(doc, token, *caused)
    return False, None


def _deaths_of_frame(doc: Any, noun: Any, figure: Any, verb: Any) -> Frame | None:
    """The toll "the deaths of N people" gives, under the verb that asserts it. The deaths are taken as
    given, whatever the clause's stance ("denied causing the deaths of 40 people" denies a cause), unless
    they are what is reported: "denied reports of the deaths of 40 people" denies the deaths."""
    frame = _toll_frame(doc, verb, figure)
    if frame is None:
        return None
    reported = noun.dep_ == "pobj" and noun.head.head.lemma_.lower() in _REPORT_NOUNS
    if not reported:
        return replace(frame, stance="affirms", hedged=False)
    return replace(frame, stance="denies") if verb.lemma_ in _DENIAL_VERBS else frame


_REPORT_NOUNS = frozenset({"report", "claim", "allegation", "rumour", "rumor", "account", "story"})


def _missing_count(verb: Any) -> Any | None:
    """The figure of "N people are (still) missing" / "N remain missing": the people, counted, as the
    subject of "missing". Only people: "three aircraft remain missing", "$2 million is missing" and
    "3,000 homes are missing roofs" (a verb with an object) count no one missing."""
    if verb.lower_ != "missing" or any(c.dep_ == "dobj" for c in verb.children):
        return None
    # The parse makes "missing" the head of its subject, or the complement of the verb that has it:
    # "are / remain missing", "are reported / feared missing", "were listed as missing".
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    holder = verb.head.head if verb.dep_ == "pcomp" and verb.head.lower_ == "as" else verb.head
    if subject is None and verb.dep_ in {"acomp", "xcomp", "oprd", "pcomp"}:
        subject = next((c for c in holder.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.ent_type_ in _NOT_HEADS:
        return None
    if subject.like_num:
        # "about 1,000 remain missing"; "two of the boats" are boats.
        of = [g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        return subject if all(g.lemma_.lower() in PEOPLE_WORDS | GENERIC_PEOPLE for g in of) else None
    if subject.lemma_.lower() not in PEOPLE_WORDS | GENERIC_PEOPLE:
        return None
    return next((g for g in subject.children if g.dep_ == "nummod" and (g.like_num or g.ent_type_ == "CARDINAL")),
                None)


_NOT_HEADS = frozenset({"MONEY", "PERCENT", "QUANTITY"})   # amounts, shares and measures count no one


# "Health ministry sources put the figure at 500", "officials estimated the toll at 40".
_PLACING_VERBS = frozenset({"put", "place", "estimate", "set"})
_COUNT_NOUNS = frozenset({"figure", "number", "count", "tally"})


def _placed_toll(verb: Any) -> Any | None:
    """The figure of "put the toll at N" or "revised the death toll to N" (any verb whose object counts
    the dead); "the figure" or "the number" counts the dead only after a verb of placing, in a sentence
    that reports deaths, and without an "of" phrase of its own ("put the number of injured at 1,175")."""
    counted = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if counted is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    reports_deaths = any(t.lemma_.lower() in _DEATH_WORDS for t in verb.sent)
    counts_of_its_own = any(c.dep_ == "prep" and c.lower_ == "of" for c in counted.children)
    figure_noun = (verb.lemma_.lower() in _PLACING_VERBS and counted.lemma_.lower() in _COUNT_NOUNS
                   and not counts_of_its_own and reports_deaths)
    if not (_counts_the_dead(counted) or figure_noun):
        return None
    return _figure_placed_at(verb)


def _figure_placed_at(verb: Any) -> Any | None:
    """The figure a count is put "at" or revised "to"."""
    at = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("at", "to") for g in c.children
          if g.dep_ == "pobj"]
    return next((t for t in at if t.like_num or t.ent_type_ in _NUMERIC), None)


def _counts_the_dead(noun: Any) -> bool:
    lemma = noun.lemma_.lower()
    if lemma == "toll":
        return not _of_a_group(noun)
    if lemma in _DEATH_COUNTS and noun.tag_ == "NNS":
        return True   # "deaths rose to 50"
    if lemma == "number":
        return any(g.lemma_.lower() in _DEAD for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj")
    return False


def _of_a_group(toll: Any) -> bool:
    """"The death toll of foreigners", "the toll among children": a count of a part of the dead, which no
    count of all of them contradicts. Not "the toll of the disaster"."""
    return any(g.lemma_.lower() in _SUBGROUPS or g.ent_type_ == "NORP"
               for c in toll.children if c.dep_ == "prep" and c.lower_ in ("of", "among")
               for g in c.children if g.dep_ == "pobj")


# People a toll may count apart from the rest of the dead; not "victims" or "passengers", who may be all of them.
_SUBGROUPS = frozenset("foreigner national citizen child kid woman man student tourist soldier civilian".split())


def _toll_frame(doc: Any, verb: Any, figure: Any, action: str = "kill") -> Frame | None:
    """A count of the dead read as an agentless "N people were killed", so that it meets the
    figures other sentences give for the same deaths. Only the figure itself counts: "about 50,
    rather than 500" gives 50 (the alternative it rejects is a conjunct). The count of the missing
    is read the same way, as its own action ("go missing")."""
    polarity = _polarity(verb, verb.sent)
    if polarity is None:
        return None
    stance, hedged = polarity
    rejected = {t.i for c in figure.children if c.dep_ in ("conj", "cc", "prep") for t in c.subtree}
    tokens = [t for t in figure.subtree if t.i not in rejected]
    beyond = _passed_beyond(verb, figure)
    quantities = tuple((label, low, math.inf if beyond else high, "people")
                       for label, low, high, _ in _quantities(tokens))
    if not quantities:
        return None
    years, time_text = _dates(doc, verb.sent)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), verb)
    return Frame(
        actor=AGENTLESS, actor_text="", action=action, predicate=f"{action} people", obj="people", recipient="",
        stance=stance, hedged=hedged, proposition=verb.sent.text.strip(), years=years, time=time_text,
        quantities=quantities, period=_period(verb), place=counted_place(verb, subject, figure, figure.head),
    )


def _passed_beyond(verb: Any, figure: Any) -> bool:
    """"The toll exceeded 125", "surged past 860": more than the figure, which is the least it says."""
    counted = figure.head if figure.dep_ == "nummod" else figure   # "past 860 people"
    return verb.lemma_.lower() in _PASSING_VERBS or (counted.dep_ == "pobj" and counted.head.lower_ in _BEYOND)


_PASSING_VERBS = frozenset({"exceed", "top", "surpass", "pass"})
_BEYOND = frozenset({"past", "above", "beyond", "over"})


def _clock_frame(doc: Any, verb: Any) -> Frame | None:
    """The time of day an incident happened: "the blast took place at about 6.30pm", "At 6:59 p.m. a
    munition hit the compound", "the impact … occurring at 6.59pm". Read as an agentless event, as a
    death toll is, so that it meets the other times given for the same incident. A time given in a
    named zone ("18:00 GMT") meets only times in that zone."""
    if verb.pos_ != "VERB":
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    incident = next((t for t in (subject, verb.head if verb.dep_ == "acl" else None)
                     if t is not None and t.lemma_.lower() in _INCIDENT_NOUNS), None)
    if incident is None and verb.lemma_.lower() not in _INCIDENT_VERBS:
        return None
    if subject is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children):
        return None   # "no rocket hit the hospital at 7pm": nothing happened then
    minutes = next((m for c in verb.children if c.dep_ in ("prep", "npadvmod")
                    for m in [clock_minutes(phrase_of(c))] if m is not None), None)
    if minutes is None:
        # "At 6:59 p.m. that day, a munition … hit …": an opening time sets the scene of the whole
        # sentence, wherever the parser hangs it.
        opening = _OPENING_TIME.match(verb.sent.text)
        minutes = clock_minutes(opening.group(0)) if opening else None
    if minutes is None:
        return None
    polarity = _polarity(verb, verb.sent)
    if polarity is None or polarity[0] != "affirms":
        return None
    zone = next((t.text.upper() for t in verb.sent if t.text.upper() in _TIME_ZONES), "")
    years, time_text = _dates(doc, verb.sent)
    clause = _own_clause(doc, verb, _joined_clauses(verb, ("conj", "cc", "relcl"), trailing_punctuation=True))
    return Frame(
        actor=AGENTLESS, actor_text="", action=INCIDENT_TIME, predicate=INCIDENT_TIME, obj="incident",
        recipient="", stance="affirms", hedged=polarity[1], proposition=" ".join(clause.text.split())[:240],
        years=years, time=time_text, quantities=((f"TIME{zone}", minutes[0], minutes[1], "incident"),),
        period=_period(verb),
    )


def _incident_date_frame(doc: Any, verb: Any) -> Frame | None:
    """The day an incident happened: "on the night of July 29, an explosion occurred", "on July 28,
    the armed forces staged a thermobaric explosion". Read as the time of day is: an agentless event
    that meets the other days given for the same incident. A day with its year and one without are
    different quantities, since the year left out may be another."""
    if verb.pos_ != "VERB":
        return None
    arguments = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if not any(a.lemma_.lower() in _INCIDENT_NOUNS for a in arguments) and verb.lemma_.lower() not in _INCIDENT_VERBS:
        return None
    if any(c.dep_ == "det" and c.lower_ == "no" for a in arguments for c in a.children):
        return None
    day = next((date for ent in verb.sent.ents if ent.label_ == "DATE" and _verb_of(ent.root) == verb
                and (date := read_date(ent.text)) is not None and date[1] is not None and date[2] is not None), None)
    polarity = _polarity(verb, verb.sent)
    if day is None or polarity is None or polarity[0] != "affirms":
        return None
    year, month, date_of_month = day
    ordinal = float((year or 0) * 400 + (month or 0) * 31 + (date_of_month or 0))
    years, time_text = _dates(doc, verb.sent)
    clause = _own_clause(doc, verb, _joined_clauses(verb, ("conj", "cc", "relcl"), trailing_punctuation=True))
    return Frame(
        actor=AGENTLESS, actor_text="", action=INCIDENT_DATE, predicate=INCIDENT_DATE, obj="incident",
        recipient="", stance="affirms", hedged=polarity[1], proposition=" ".join(clause.text.split())[:240],
        years=years, time=time_text,
        quantities=(("DATE" if year is None else "DATE+YEAR", ordinal, ordinal, "incident"),),
        period=_period(verb),
    )


# A reading on a named scale: "a 3.5 magnitude earthquake", "magnitude-3.3", "4.1 on the Richter scale".
_SCALE_READING = re.compile(
    r"(?:\bmagnitude[\s-]+(?P<after>\d{1,2}(?:\.\d)?)\b|\b(?P<before>\d{1,2}(?:\.\d)?)[\s-]+"
    r"(?:magnitude\b|on\s+the\s+richter\s+scale\b))",
    re.IGNORECASE,
)
INCIDENT_MAGNITUDE = "measure magnitude"   # the action of every frame that gives a seismic reading


def _names_a_scale(token: Any) -> bool:
    return token.lower_.split("-")[0] in ("magnitude", "richter")   # "magnitude-3.6" may be one token


def _magnitude_frame(doc: Any, token: Any) -> Frame | None:
    """The magnitude an incident registered: "the blast struck with the force of a 3.5 magnitude
    earthquake", "seismic waves equivalent of a magnitude 3.3 earthquake". Read as the day of an incident
    is: an agentless event that meets the other readings given for the same incident, once a sentence."""
    if not _names_a_scale(token) or token.i != min((t.i for t in token.sent if _names_a_scale(t)), default=token.i):
        return None
    sentence = token.sent
    reading = _SCALE_READING.search(sentence.text)
    verb = _verb_of(token) or sentence.root
    polarity = _polarity(verb, sentence)
    if reading is None or polarity is None or polarity[0] != "affirms":
        return None
    value = float(reading.group("after") or reading.group("before"))
    # What registered it: "a 4.9 magnitude aftershock" is no other reading of "a 6.8 magnitude earthquake".
    end = sentence.start_char + reading.end()
    following = next((t for t in sentence if t.idx >= end), None)
    measured = following.lemma_.lower() if following is not None and following.pos_ == "NOUN" else "magnitude"
    years, time_text = _dates(doc, sentence)
    return Frame(
        actor=AGENTLESS, actor_text="", action=INCIDENT_MAGNITUDE, predicate=INCIDENT_MAGNITUDE, obj="incident",
        recipient="", stance="affirms", hedged=polarity[1], proposition=" ".join(sentence.text.split())[:240],
        years=years, time=time_text, quantities=(("MAGNITUDE", value, value, measured),), period=_period(verb),
    )


def _verb_of(token: Any) -> Any | None:
    """The nearest verb above a token: the event a date or a place belongs to."""
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


INCIDENT_DATE = "happen on"   # the action of every frame that gives the day of an incident
INCIDENT_TIME = "happen at"   # the action of every frame that gives the time of day of an incident
# Nouns for an incident whose time reports give, and verbs that are the incident when a weapon is
# their subject ("a munition hit a paved area").
_INCIDENT_NOUNS = frozenset("blast explosion strike airstrike impact attack bombing shelling detonation crash "
                            "shooting".split())
_INCIDENT_VERBS = frozenset("hit strike explode detonate land crash".split())
# What harms people with no one named as its agent: the incidents above, and natural and technological
# disasters (after the hazard types of the EM-DAT disaster database: flood, storm, earthquake, fire, …).
_HARMFUL_EVENTS = _INCIDENT_NOUNS | frozenset(
    "flood flooding storm earthquake quake tremor tsunami landslide mudslide avalanche fire blaze wildfire "
    "hurricane cyclone typhoon tornado collision derailment stampede collapse eruption heatwave".split())
_HARM_VERBS = HARM_KINDS[0] | HARM_KINDS[1]   # kill, wound, injure, …


def _harm_done_by_an_incident(verb: Any, subject: Any, objects: Sequence[Any]) -> bool:
    """"The explosion killed at least 200 people", "the attack also injured 75 prisoners": an incident
    as the subject of a verb of harm, with a count of those harmed."""
    return (verb.lemma_.lower() in _HARM_VERBS and subject.lemma_.lower() in _HARMFUL_EVENTS
            and any(_has_figure(o) for o in objects))
_TIME_ZONES = frozenset({"GMT", "UTC", "CET", "CEST", "EST", "EDT", "PST", "PDT", "BST"})
_OPENING_TIME = re.compile(r"\W*(?:At|By|Around|About)\s+[^,]{1,30},")


def _cause(verb: Any) -> tuple[Any, Any] | None:
    """The event and what the verb says caused it: "the explosion resulted from an Islamic Jihad
    rocket" -> (explosion, rocket); "the blast was caused by a failed rocket launch" -> (blast,
    launch); "a misfired rocket caused the explosion" -> (explosion, rocket)."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if lemma in _CAUSED_FROM:
        event = next((c for c in children if c.dep_ == "nsubj"), None)
        cause = next((g for c in children if c.dep_ == "prep" and c.lower_ == "from"
                      for g in c.children if g.dep_ == "pobj"), None)
    elif lemma == "cause":
        event = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if event is not None:
            cause = next((g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        else:
            event = next((c for c in children if c.dep_ == "dobj"), None)
            cause = next((c for c in children if c.dep_ == "nsubj"), None)
    else:
        return None
    return (event, cause) if event is not None and cause is not None else None


# Verbs whose "from" phrase names the cause of their subject: "the explosion resulted from …".
_CAUSED_FROM = frozenset({"result", "stem"})


def _cause_frame(doc: Any, verb: Any, event: Any, cause: Any) -> Frame | None:
    """"The explosion resulted from an Islamic Jihad rocket" read as "Islamic Jihad was responsible
    for the explosion": the same event as "X blamed Y for the explosion" and "Y was not responsible",
    so that it meets them, and meets a claim that holds another party responsible (``align``)."""
    party = _party_of(cause)
    polarity = _polarity(verb, verb.sent)
    if party is None or polarity is None:
        return None
    stance, hedged = polarity
    years, time_text = _dates(doc, verb.sent)
    event_text = "" if event.pos_ == "PRON" else _object_phrase(event)
    # The relative clause stays: "an Islamic Jihad rocket that misfired".
    clause = _own_clause(doc, verb, _joined_clauses(verb, ("conj", "cc", "advcl")))
    return Frame(
        actor=party, actor_text=_phrase(cause), action=RESPONSIBLE,
        predicate=f"{RESPONSIBLE} {event_text}".strip(), obj="" if event.pos_ == "PRON" else event.lemma_.lower(),
        recipient="", stance=stance, hedged=hedged,
        proposition=" ".join(clause.text.split())[:240],
        years=years, time=time_text, quantities=(), period=_period(verb), state=is_state(party, cause),
        obj_entity="" if event.pos_ == "PRON" else _named(event),
    )


def _party_of(thing: Any) -> str | None:
    """Whose doing a cause is: the party it is "by" or "from" ("a launch by the Palestinian Islamic
    Jihad group", "a rocket fired by Hezbollah", "a rocket from another group, Islamic Jihad"), the
    country whose forces use it ("an Israeli airstrike"), or the organisation named in it ("an Islamic
    Jihad rocket")."""
    agent = _party_of_phrase(thing, "by", "from") or next(
        (p for c in thing.children if c.dep_ == "acl" for p in [_party_of_phrase(c, "by")] if p), None)
    return agent or _named_in(thing, _APPOSITION) or _responsible_party(thing) or _named_in(thing, _MODIFIERS)


_APPOSITION = ("appos",)
_MODIFIERS = ("compound", "amod", "nmod", "poss")
# A country's armed forces act for the country: "a strike by the Israeli army" is Israel's.
_FORCES = frozenset({"army", "military", "force", "navy", "troop", "soldier", "police"})


def _party_of_phrase(head: Any, *prepositions: str) -> str | None:
    """The party named by a "by …" or "from …" phrase of ``head``: the agent itself, not a country it
    belongs to ("a Syrian militia" is not Syria), unless it is the country's forces ("the Israeli
    army"). "From" a place that is no country ("a rocket from Gaza") names where, not who."""
    for child in head.children:
        if child.dep_ not in ("prep", "agent") or child.lower_ not in prepositions:
            continue
        for obj in (g for g in child.children if g.dep_ == "pobj"):
            place = _entity_of(obj)
            if child.lower_ == "from" and place is not None and place.label_ in ("GPE", "LOC") \
                    and country_of(place.text) is None:
                continue
            party = _named_in(obj, _APPOSITION) or actor_key(obj) or _named_in(obj, _MODIFIERS)
            if party is not None:
                country, _, kind = party.partition("|")
                return country if kind in _FORCES else party
    return None


def _named_in(head: Any, roles: tuple[str, ...]) -> str | None:
    """The first organisation, group, place or person named by a child of ``head`` in one of ``roles``."""
    for child in head.children:
        span = _entity_of(child) if child.dep_ in roles else None
        if span is not None and span.label_ in ("ORG", "NORP", "GPE", "PERSON"):
            return _entity_key(span)
    return None


def _entity_of(token: Any) -> Any | None:
    """The named entity the token is part of, if any."""
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _entity_key(span: Any) -> str:
    """An entity as an actor key: its country ("Chinese" -> "china"), else its words in lower case."""
    return country_of(span.text) or _without_article(span.text)


def _without_article(text: str) -> str:
    return re.sub(r"^the\s+", "", text.lower())


def _dates(doc: Any, sentence: Any) -> tuple[tuple[int, ...], str]:
    """The years the sentence's DATE entities name, and those entities as written ("" if none)."""
    dates = [e for e in doc.ents if e.label_ == "DATE" and sentence.start <= e.start < sentence.end]
    return tuple(sorted({int(y) for e in dates for y in _YEAR.findall(e.text)})), "; ".join(e.text for e in dates)


def _attribute(token: Any) -> Any | None:
    """The adjective of "X was (not) responsible (for Y)": the copula stands in for the event verb,
    so its subject, its negation and the clause above it are read as for any event."""
    if token.lemma_ != "be":
        return None
    return next((c for c in token.children if c.dep_ == "acomp" and c.lemma_.lower() in _ATTRIBUTIONS), None)


# "X claimed responsibility for Y", "X took credit for Y": X says X did Y.
_OWNING_VERBS = frozenset({"claim", "take", "accept", "admit", "acknowledge"})
_OWNED = frozenset({"responsibility", "credit"})


# "X denied any involvement in Y", "X rejected any role in Y": a denial that X did Y, in a noun.
_PART_NOUNS = frozenset({"involvement", "role", "part", "responsibility", "complicity", "hand"})


def _owned_deed(verb: Any) -> list[Any] | None:
    """What a party is said to be responsible for, in idioms the attribution adjectives miss: "X claimed
    responsibility for the attack", "X was behind the attack", "X was involved in the attack", and, as a
    denial verb's own event, "X denied any involvement in the attack". None for any other verb."""
    lemma = verb.lemma_.lower()
    if lemma in _DENIAL_VERBS:
        part = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _PART_NOUNS), None)
        deeds = [g for c in (part.children if part is not None else ()) if c.dep_ == "prep"
                 and c.lower_ in ("in", "for") for g in c.children if g.dep_ == "pobj"]
        return deeds or None
    if lemma == "involve" and any(c.dep_ == "nsubjpass" for c in verb.children):
        deeds = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
                 if g.dep_ == "pobj"]
        return deeds or None
    if lemma in _OWNING_VERBS:
        owned = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _OWNED), None)
        if owned is None:
            return None
        deeds = [g for holder in (owned, verb) for c in holder.children if c.dep_ == "prep" and c.lower_ == "for"
                 for g in c.children if g.dep_ == "pobj"]
        return deeds or None
    if lemma == "be":
        deeds = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "behind" for g in c.children
                 if g.dep_ == "pobj"]
        return deeds or None
    return None


def _attribute_objects(adjective: Any) -> list[Any]:
    """"responsible for the explosion": the explosion."""
    return [g for c in adjective.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]


def _blamed(verb: Any) -> Any | None:
    """Who "X blamed Y for Z" and "X blamed Z on Y" hold responsible: Y."""
    if verb.lemma_.lower() != "blame":
        return None
    on = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
    if on:
        return on[0]
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _blamed_for(verb: Any, blamed: Any) -> list[Any]:
    """What the party is blamed for: "for the explosion", or the object of "blamed the blast on Y"."""
    held = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
            if g.dep_ == "pobj"]
    return held or [c for c in verb.children if c.dep_ == "dobj" and c.i != blamed.i]


def _responsible_party(token: Any) -> str | None:
    """"an Israeli airstrike" is Israel's doing: a thing a country's forces use is the country's act,
    whereas its people or its companies are parties of their own."""
    key = actor_key(token)
    if key is None or "|" not in key:
        return key
    country, kind = key.split("|", 1)
    return key if kind in {"people", "company"} else country


def _named(token: Any) -> str:
    """The object's entity text when it names a place, facility or organisation, else ""."""
    span = _entity_of(token)
    if span is not None and span.label_ in ("GPE", "LOC", "FAC", "ORG"):
        return _without_article(span.text)
    return ""


_BEFORE = frozenset({"before", "prior"})
_AFTER = frozenset({"after", "since", "during", "amid", "following"})


def _period(verb: Any) -> tuple[str, str]:
    """Whether the event is placed before or after/during another event ("before Vladimir Putin's
    invasion", "since it launched its full-scale invasion"), and that event's lemma."""
    for child in (c for t in (verb, *verb.ancestors) for c in t.children):
        word = child.lower_
        if child.dep_ == "advcl":  # "since it launched its full-scale invasion"
            word = next((m.lower_ for m in child.children if m.dep_ == "mark"), "")
        if child.dep_ in ("prep", "mark", "advmod", "advcl") and (word in _BEFORE or word in _AFTER):
            anchors = [t for t in child.subtree if t.pos_ in ("NOUN", "VERB") and t != verb]
            if anchors:
                lemma = anchors[-1].lemma_.lower() if anchors[-1].pos_ == "NOUN" else anchors[0].lemma_.lower()
                nouns = [t.lemma_.lower() for t in child.subtree if t.pos_ == "NOUN"]
                lemma = nouns[-1] if nouns else lemma
                return ("before" if word in _BEFORE else "after", lemma)
    return ("", "")


# Nouns that name a report of a proposition, so that "that allegation" points back at one
# (nominalised reporting verbs; closed class).
_REPORT_NOUNS = frozenset({"allegation", "claim", "accusation", "charge", "report", "assertion", "rumour", "rumor"})
_CONFIRMING = frozenset({"confirm", "corroborate", "prove", "verify", "substantiate"})


def anaphoric_verdict(doc: Any, start: int, end: int) -> Stance | None:
    """"That allegation has now been disproven": the claim judges a report named just before it.
    Returns "denies" or "affirms" for that report's content, None for any other claim."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for token in span:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.lemma_.lower() not in _REPORT_NOUNS:
            continue
        if not any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in token.children):
            continue
        head = token.head
        for word in [head, *(c for c in head.children if c.dep_ in ("acomp", "attr", "xcomp"))]:
            lemma, text = word.lemma_.lower(), word.lower_
            if lemma in _DENIAL_VERBS or text in FALSITY_WORDS or text.startswith(("disprov", "refut", "debunk")):
                return "denies"
            if lemma in _CONFIRMING or text.startswith(("confirm", "corroborat", "verif")):
                return "denies" if _negated(head) or _negated(word) else "affirms"
    return None


def _proposition(subject: Any, clause: Any) -> str:
    """The event as a claim: its clause, with the actor in front when the clause has no subject
    of its own ("denied providing weapons" -> "China ... providing weapons")."""
    text = re.sub(r"^(?:that|whether)\s+", "", " ".join(clause.text.split()))
    if subject.i < clause.start or subject.i >= clause.end:
        text = f"{_phrase(subject)} {text}" if subject.i < clause.start else text
    return text[:240]


# Irregular past participles of verbs that events with a count commonly use; the rest follow the rules.
_PARTICIPLES = {
    "send": "sent", "sell": "sold", "make": "made", "give": "given", "buy": "bought", "build": "built",
    "find": "found", "lose": "lost", "take": "taken", "bring": "brought", "hold": "held", "shoot": "shot",
    "hit": "hit", "cut": "cut", "hurt": "hurt", "put": "put", "set": "set", "shut": "shut", "get": "got",
    "pay": "paid", "say": "said", "lay": "laid", "beat": "beaten", "flee": "fled", "lead": "led",
    "leave": "left", "keep": "kept", "feed": "fed", "catch": "caught", "teach": "taught", "seek": "sought",
    "steal": "stolen", "fly": "flown", "write": "written", "drive": "driven", "fight": "fought",
    "see": "seen", "know": "known", "throw": "thrown", "spend": "spent", "strike": "struck", "win": "won",
    "run": "run", "break": "broken", "choose": "chosen", "hide": "hidden", "seize": "seized",
}
_VOWELS = "aeiou"
_IRREGULAR_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}


def _participle(lemma: str) -> str:
    if lemma in _PARTICIPLES:
        return _PARTICIPLES[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ied"
    # One short syllable opening with two consonants doubles its last one: "ship" -> "shipped".
    if len(lemma) == 4 and lemma[0] not in _VOWELS and lemma[1] not in _VOWELS and lemma[2] in _VOWELS \
            and lemma[3] not in _VOWELS + "wxy":
        return lemma + lemma[3] + "ed"
    return lemma + "ed"


def _plural(noun: str) -> str:
    if noun in _IRREGULAR_PLURALS.values() or noun.endswith("s"):
        return noun
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    if noun.endswith(("x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count_topic(frame: Frame) -> str:
    """What a dispute over figures is about, without either side's figure: "how many people were
    killed", not "kill at least 471 people"; "what time it happened" for the time of an incident."""
    if frame.action == INCIDENT_TIME:
        return "what time it happened"
    if frame.action == INCIDENT_DATE:
        return "on what day it happened"
    counted = next((q[3] for q in frame.quantities if q[3] and q[3] not in SCALE_WORDS), "")
    if not counted:
        return frame.predicate
    if frame.action in _DEATH_VERBS:
        return f"how many {_plural(counted)} died"
    return f"how many {_plural(counted)} were {_participle(frame.action)}"

