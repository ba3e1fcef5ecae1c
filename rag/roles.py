"""Does a name in a sentence stand in the role the question asks about?

"Which company made the munition?" is not answered by every organisation a sentence about the munition
names: "a munition that Human Rights Watch has not been able to identify" names the one who could not
identify it, "spoke to Reuters about the scenes" the one spoken to. A name answers only where the parse
puts it in the asked role: in the clause of a word of the question, or as the subject of the question's
act. Who only speaks of, judges or perceives an event is no party to it, and a place that acts stands
for its government. ``rag.question.given_names`` asks these questions of each candidate name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core.lexicon import RESPONSIBILITY_WORDS, STANCE_VERBS
from rag.nlp import parse, phrase_of
from rag.text import mentioned, mentions_name, stem
from rag.voices import demands

if TYPE_CHECKING:
    from rag.question import AskedPart, QuestionAnalysis


def speaks_of_it(ent, question) -> bool:  # type: ignore[no-untyped-def]
    """Is the entity the subject of a verb by which it speaks of, judges or perceives the event, when the
    question asks of no such act? "Which company made the munition?" is not answered by "a munition that
    Human Rights Watch has not been able to identify", nor "Who is the spokesperson …?" by "Pedro Sánchez
    condemned …". "Who condemned the attack?" asks for just such a subject."""
    if ent.root.dep_ != "nsubj":
        return False
    verbs = [ent.root.head]
    while (complement := next((c for c in verbs[-1].children if c.dep_ in {"xcomp", "acomp"}), None)) is not None:
        verbs.append(complement)   # "has not been able to identify": the act is the last complement
    if not any(v.lemma_.lower() in STANCE_VERBS and not demands(v) for v in verbs):
        return False
    return not any(t.pos_ == "VERB" and t.lemma_.lower() in STANCE_VERBS for t in question)


def names_a_facility(ent, noun: str, kinds: frozenset[str] = frozenset()) -> bool:  # type: ignore[no-untyped-def]
    """"Which airport …?" is answered by a building or site ("Sheremetyevo International Airport"), not by
    the city it serves; nor by a site the sentence calls another of the ``kinds`` of place ("the Wadi
    Derna, a river" for "Which hospital …?")."""
    if noun in ent.text.lower():
        return True
    described = [c for c in ent.root.children if c.dep_ == "appos"]
    if ent.root.dep_ in {"appos", "compound"}:
        described.append(ent.root.head)   # "the port, X", "the X dam"
    described += _described_after(ent)
    if any(t.lemma_.lower() in kinds and t.lemma_.lower() != noun for t in described):
        return False
    # "the Port of Fuzhou" is a port, not the shipyard asked for; "Club Fame" may be the nightclub.
    head = _SPELLINGS.get(ent.root.lower_, ent.root.lower_)
    asked = _SPELLINGS.get(noun, noun)
    return ent.label_ == "FAC" and not (head in kinds and head not in asked and asked not in head)


_SPELLINGS = {"theatre": "theater", "harbour": "harbor", "centre": "center"}


def _described_after(ent) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The noun of a description right after a name, however the parser attached it: "the Wadi Derna,
    a river flowing …" -> river."""
    doc, i = ent.doc, ent.end
    if i >= len(doc) or doc[i].text != ",":
        return []
    i += 1
    while i < len(doc) and doc[i].pos_ in {"DET", "ADJ", "ADV"}:
        i += 1
    return [doc[i]] if i < len(doc) and doc[i].pos_ == "NOUN" else []


def locates_the_asked(ent, part: AskedPart, analysis: QuestionAnalysis) -> bool:  # type: ignore[no-untyped-def]
    """May this place be where what the question asks about is, or happened? Not when the sentence uses a
    word of the question but the place sits in another clause or phrase (``_in_the_asked_clause``):
    "Which city is the drone factory in?" is not answered by "… made the comment at a news conference in
    Kyiv, days after he said that drones …". Nor when the place is no place there: a people's adjective,
    or a subject that stands for its government."""
    anchors = _anchor_stems(analysis, part)
    if not anchors:
        return True
    if ent.root.dep_ == "amod":
        return False   # "Ukrainian forces": a people's adjective places nothing
    if ent.root.dep_ == "nsubj":
        # "… for Beijing to see how its partners are working", "Beijing was part of the supply chain": a
        # place that acts, or is said to be something, stands for its government, unless that is what the
        # question asks of it ("Which city hosted the talks?").
        verb = ent.root.head
        said = [verb, *(c for c in verb.children if c.dep_ in {"attr", "acomp", "dobj"})]
        return any(_is_anchor(t, anchors, analysis) for t in said)
    return _in_the_asked_clause(ent, anchors, analysis)


def amounts_to_the_asked(ent, part: AskedPart, analysis: QuestionAnalysis) -> bool:  # type: ignore[no-untyped-def]
    """May this sum of money be what the question asks the amount of? "How much did the cabinet set aside
    for the families?" is not answered by "damages range between 3 and 5 billion dollars, he said" in a
    sentence that speaks of families elsewhere: the sum must stand in the clause of a word of the question,
    where the sentence uses any."""
    anchors = _anchor_stems(analysis, part) - _MONEY_WORDS
    return not anchors or _in_the_asked_clause(ent, anchors, analysis)


# Words for money itself, which every sum is of and so places none.
_MONEY_WORDS = frozenset(stem(w) for w in ("money", "amount", "sum", "dollar", "fund", "cash", "much"))


def asks_for_a_destination(analysis: QuestionAnalysis) -> bool:
    """"Where was the jet headed?", "Where were the evacuees going?": where a journey ends; not "Where did
    the flight come from?" nor "Where did the jet crash?"."""
    doc = parse(analysis.text)
    if not any(t.lower_ == "where" for t in doc) or any(t.lower_ == "from" for t in doc):
        return False
    return any(t.lemma_.lower() in _GOING_VERBS and t.pos_ in {"VERB", "AUX", "ADJ"} for t in doc)


# Verbs of a journey toward somewhere: its end is where the question asks for.
_GOING_VERBS = frozenset("head go bound fly travel sail drive move flee return bind".split())


def is_a_destination(ent) -> bool:  # type: ignore[no-untyped-def]
    """Is the place where something goes: "to St. Petersburg", "bound for Minsk", "towards the coast"?"""
    return _governing_preposition(ent) in {"to", "for", "towards", "toward", "into"}


def asks_for_both_ends(analysis: QuestionAnalysis) -> bool:
    """"Where was the train travelling from and to?", "… to and from?": where a journey began and ended,
    not where it passed."""
    return _BOTH_ENDS.search(analysis.text) is not None


_BOTH_ENDS = re.compile(r"\bwhere\b.*\b(?:from\s+and\s+to|to\s+and\s+from)\b", re.IGNORECASE)


def is_an_end(ent) -> bool:  # type: ignore[no-untyped-def]
    """Is the place where something came from or went: "from Illinois", "to Pennsylvania"?"""
    return is_a_destination(ent) or _governing_preposition(ent) == "from"


def _governing_preposition(ent) -> str | None:  # type: ignore[no-untyped-def]
    root = ent.root
    while root.dep_ in {"conj", "appos", "compound"} and root.head.i != root.i:
        root = root.head
    return root.head.lower_ if root.dep_ == "pobj" else None


def acts_in_the_asked(ent, part: AskedPart, analysis: QuestionAnalysis) -> bool:  # type: ignore[no-untyped-def]
    """"Which company made the munition?" is not answered by "another doctor spoke to Reuters about the
    scenes at the hospital": an organisation named in another clause of a sentence about the question's
    subject has another role. Nor by "The United Nations called for an investigation into the blast at
    the hospital": a subject's act must be the question's, or be done to what the question names ("IEMZ
    Kupol developed a new drone model" for "Which company built the drone?")."""
    anchors = _anchor_stems(analysis, part)
    if not anchors:
        return True
    # "AFP correspondents saw …": a name that only says whose the subject is has the subject's role.
    role = ent.root.head if ent.root.dep_ in {"compound", "amod", "poss"} else ent.root
    if role.dep_ in {"nsubj", "nsubjpass"}:
        verb = role.head
        # What the act is done to is the object and the words that make up its name ("a new drone model"),
        # not a clause inside it: "investigators mentioned studies showing the spacing of bearing
        # detectors" is done to studies, not bearings.
        done_to = [t for v in [verb, *(c for c in verb.children if c.dep_ == "conj")]
                   for c in v.children if c.dep_ in {"dobj", "attr"} for t in _named_thing(c)]
        return any(_is_anchor(t, anchors, analysis) for t in [verb, *done_to])
    # "A Ukrainian official told Fox News Digital it was an execution" says nothing of who made the
    # rockets: an organisation that does not act must stand in a clause of the question's words.
    return _in_the_asked_clause(ent, anchors, analysis, unknown_role=False)


def _named_thing(noun) -> list:  # type: ignore[no-untyped-def, type-arg]
    """A noun with its compounds, modifiers and conjuncts: "a new drone model", "drones and tanks"."""
    parts = [noun, *(c for c in noun.children if c.dep_ in {"compound", "amod", "nmod", "poss"})]
    return parts + [t for c in noun.children if c.dep_ == "conj" for t in _named_thing(c)]


def _in_the_asked_clause(ent, anchors: set[str], analysis: QuestionAnalysis,  # type: ignore[no-untyped-def]
                         unknown_role: bool = True) -> bool:
    """Is the entity in the clause of a question's word? In a sentence that uses none, its role cannot be
    told, and ``unknown_role`` is the answer. The words above the entity, up to its clause's verb, and
    what hangs off them, are looked at."""
    inside = range(ent.start, ent.end)
    if not any(_is_anchor(t, anchors, analysis) for t in ent.doc if t.i not in inside):
        return unknown_role
    if any(_is_anchor(t, anchors, analysis) for t in ent.root.children if t.i not in inside):
        return True   # "Moscow's Sheremetyevo International Airport"
    token = ent.root
    for _ in range(_PLACE_CLIMB):
        token = token.head
        if any(_is_anchor(t, anchors, analysis) for t in [token, *token.children, *_of_complement(token)]
               if t.i not in inside):
            return True
        # The clause ends at its verb: a name further out belongs to another clause. A reduced relative
        # ("a plant located in Izhevsk") goes on to the noun it describes.
        if (token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"acl", "relcl"}) or token.head is token:
            return False
    return False


def _of_complement(noun) -> list:  # type: ignore[no-untyped-def, type-arg]
    """What a quantity or a part is of: "thousands of vests and helmets made by X" speaks of the helmets,
    though the parser hangs "made" on "thousands"."""
    return [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj" for t in _named_thing(g)]


def _is_anchor(token, anchors: set[str], analysis: QuestionAnalysis) -> bool:  # type: ignore[no-untyped-def]
    if stem(token.lemma_.lower()) in anchors or stem(token.lower_) in anchors:
        return True
    return token.ent_iob_ != "O" and any(mentioned(name, _entity_of(token)) for name in analysis.specific_names)


def _entity_of(token) -> str:  # type: ignore[no-untyped-def]
    return next((ent.text for ent in token.doc.ents if ent.start <= token.i < ent.end), token.text)


# How far above a place its clause's words are looked for: "in the eastern city of Kramatorsk" is four
# steps below "station".
_PLACE_CLIMB = 5


def _anchor_stems(analysis: QuestionAnalysis, part: AskedPart) -> set[str]:
    """The question's content words, less the asked-for noun ("city", "region") and words of asking."""
    asked = {part.noun, part.named} - {None}
    return {stem(t.lemma_.lower()) for t in parse(analysis.text)
            if t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"} and t.lemma_.lower() not in _LIGHT_VERBS
            and t.lemma_.lower() not in asked | _PLACE_KINDS | _ASKING_WORDS}


# Verbs that carry no content of their own (spaCy's stop words would drop "made" and "give" too).
_LIGHT_VERBS = frozenset({"be", "have", "do", "get", "can", "will", "would", "could", "should", "may", "might"})


# Kinds of place, which the asked-for place is and the sentence need not repeat; "factory" or "station"
# is what the question asks the place of, and stays.
_PLACE_KINDS = frozenset("city town country region province state place location village capital area".split())
# Words by which a question asks rather than says what it is about.
_ASKING_WORDS = frozenset({"say", "report", "document", "article", "source", "accord", "name", "tell", "give",
                           "mention", "state", "describe", "locate", "base", "situate", "find", "take"})


def blames(verb) -> bool:  # type: ignore[no-untyped-def]
    """"blamed", "accused"; "put the blame", "laid the blame", "pointed the finger": not "points to"."""
    lemma = verb.lemma_.lower()
    if lemma in {"blame", "accuse"}:
        return True
    return lemma in {"put", "lay", "point"} and any(
        c.dep_ == "dobj" and c.lemma_.lower() in {"blame", "finger"} for c in verb.children)


def doers_of(verb) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Who does what the verb says: its subject, the agent of a passive ("blown up by Russia"), or who is
    said to be responsible for it ("British navy personnel were responsible for blowing up …")."""
    return [c for c in verb.children if c.dep_ == "nsubj"] + [
        g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"] + _held_responsible(verb)


def _held_responsible(verb) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The subject of "… were responsible for <verb>ing": a verb with no subject of its own."""
    preposition = verb.head
    if verb.dep_ != "pcomp" or preposition.lower_ != "for":
        return []
    if preposition.head.lemma_.lower() not in RESPONSIBILITY_WORDS:
        return []
    holder = preposition.head
    clause = holder.head if holder.dep_ in {"acomp", "attr", "amod"} else holder
    return [c for c in clause.children if c.dep_ == "nsubj"]


def blamed_by(verb):  # type: ignore[no-untyped-def]
    """Who is blamed and who blames, by a verb that ``blames``: ("Kyiv", "Putin's spokesman Dmitry
    Peskov") for "Putin's spokesman Dmitry Peskov accuses Kyiv of …", ("Ukraine", "Russia") for "Russia
    put the blame on Ukraine", and for a passive ("Israel was blamed by Hamas") the same. Either is None
    where the sentence does not say."""
    def phrase(token) -> str | None:  # type: ignore[no-untyped-def]
        return phrase_of(token) if token is not None else None

    children = list(verb.children)
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if passive is not None:
        return phrase(passive), phrase(agent)
    target = next((c for c in children if c.dep_ == "dobj" and c.lemma_.lower() not in {"blame", "finger"}
                   and c.lower_ not in _WH), None)
    if target is None:   # "put the blame on Ukraine", "pointed the finger at Israel"
        holders = [verb, *(c for c in children if c.dep_ == "dobj")]
        target = next((g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in {"on", "at"}
                       for g in c.children if g.dep_ == "pobj" and g.lower_ not in _WH), None)
    return phrase(target), phrase(subject)


_WH = frozenset({"who", "whom", "which", "what"})   # a misparsed question word is no party


def accused_by(token) -> str | None:  # type: ignore[no-untyped-def]
    """Whom a verb of blaming blames ("accused the UK of …"); None for any other word, and for "each
    other": parties that blame each other hold nobody responsible."""
    if not blames(token):
        return None
    accused, _ = blamed_by(token)
    if accused is None or {"other", "another"} & set(accused.lower().split()):
        return None
    return accused


def is_accused(names: frozenset[str], sentence: str) -> bool:
    """Is one of ``names`` the party the sentence blames or accuses ("Hersh has accused the United States
    of sabotaging the pipelines")? Such a sentence says, in its speaker's voice, that the party did it."""
    return any(accused is not None and mentions_name(names, accused)
               for accused in map(accused_by, parse(sentence)))
