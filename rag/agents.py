"""Who did it, by each source's account: the doers the sources name for the question's deed.

"Who blew up the Kakhovka dam?" is answered by "Russia blew up the Kakhovka HPP" in one report and
"The Kremlin accuses Kyiv of sabotaging the hydroelectric dam" in another. Each names a doer of the
same deed: the subject of the deed's verb, or the one accused of it. When two sources name different
doers, the answer is disputed, and the two doers' accounts are its sides. Countries are one doer by
any of their names ("Kyiv", "Ukrainian", "Ukraine"). Read from the parse, per sentence; the corpus-wide
contradiction map is not needed, so a dispute the map has not paired is still found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from core.lexicon import (
    COUNTRY_OF,
    DESTRUCTION_NOUNS,
    DESTRUCTION_VERBS,
    REPORTING_VERBS,
    RESPONSIBILITY_WORDS,
)
from rag.nlp import parse, phrase_of
from rag.question import WH_WORDS, QuestionAnalysis
from rag.roles import blamed_by, blames, doers_of
from rag.schemas import Evidence, FoundConflict
from rag.text import content_terms, stem
from rag.units import is_clean_unit, points_back
from rag.voices import is_negated_verb


@dataclass(frozen=True)
class AskedDeed:
    verbs: frozenset[str]        # lemmas that name the deed ("blow", or every verb of destroying)
    objects: frozenset[str]      # stems of what it was done to ("dam")


@dataclass(frozen=True)
class NamedDoer:
    evidence: Evidence
    doer: str                    # the key: a country, or the doer's name in lower case
    accused: bool                # named as accused by another, not as the doer


def asked_deed(analysis: QuestionAnalysis) -> AskedDeed | None:
    """The deed of "Who blew up the dam?", "Which country sabotaged the pipelines?": a verb of doing
    whose subject is the question word. Also a deed named by its noun: "Who carried out the strike on the
    station?", "Who was behind the Nord Stream explosions?". Not "Who said …", "Who is …", nor a yes/no
    question."""
    if analysis.form != "wh":
        return None
    about_blame, blamed_for = _deed_blamed_for(parse(analysis.text))
    if about_blame:
        return blamed_for
    for verb in parse(analysis.text):
        if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() in REPORTING_VERBS | {"have", "do"}:
            continue
        if not _asks_the_doer(verb):
            continue
        named = _deed_noun(verb)
        if named is not None:
            # A deed of destroying, done to what its noun names, or to what hangs on the verb ("carried out
            # the strike on the station").
            targets = [named, *(c for c in verb.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPOSITIONS)]
            objects = frozenset(stem(t) for target in targets for t in content_terms(phrase_of(target))
                                if stem(t) not in _DEED_NOUN_TERMS)
            # "Who was behind the sabotage?" names no object: the sentences must speak of the deed itself.
            return AskedDeed(DESTRUCTION_VERBS, objects or frozenset({stem(named.lemma_.lower())}))
        lemma = verb.lemma_.lower()
        if lemma == "be":
            continue
        verbs = DESTRUCTION_VERBS if lemma in DESTRUCTION_VERBS else frozenset({lemma})
        objects = frozenset(stem(t) for c in verb.children if c.dep_ in {"dobj", "prt"}
                            for t in content_terms(phrase_of(c)))
        return AskedDeed(verbs, objects) if objects else None
    return None


def _deed_blamed_for(doc) -> tuple[bool, AskedDeed | None]:  # type: ignore[no-untyped-def]
    """The deed of "Who is responsible for the dam breach?", "Who was blamed for the destruction of the
    dam?", "Which group was responsible for the attack on the station?": a deed of destroying, named by its
    noun after "for", and what it was done to. Not "Who did the ministry blame …?", one party's position
    ("Who do the reports blame …?" is asked as "Who was to blame …?", ``rag.restate``).
    Whether the question asks who is held responsible for a deed comes first: such a question has no
    other deed, even when it names nothing the deed was done to."""
    for word in doc:
        if word.lemma_.lower() not in RESPONSIBILITY_WORDS and not blames(word):
            continue
        if not _asks_who_is_held(word):
            continue
        # "bears responsibility for the blast at the hospital" may hang its phrases on the verb.
        holders = [word, word.head] if word.dep_ in {"dobj", "attr"} else [word]
        for deed in (g for holder in holders for c in holder.children if c.dep_ == "prep" and c.lower_ == "for"
                     for g in c.children if g.dep_ == "pobj"):
            if deed.lemma_.lower() not in DESTRUCTION_NOUNS | DESTRUCTION_VERBS:
                continue
            targets = [deed, *(c for holder in holders for c in holder.children
                               if c.dep_ == "prep" and c.lower_ in _TARGET_PREPOSITIONS)]
            objects = frozenset(stem(t) for target in targets for t in content_terms(phrase_of(target))
                                if stem(t) not in _DEED_NOUN_TERMS)
            return True, (AskedDeed(DESTRUCTION_VERBS, objects) if objects else None)
    return False, None


def _asks_who_is_held(word) -> bool:  # type: ignore[no-untyped-def]
    """Is the question word the one held responsible: the subject of the question ("Who is responsible",
    "Who was blamed", "Who bears responsibility")?"""
    return any(t.dep_ in {"nsubj", "nsubjpass"} and t.head.i in {word.i, word.head.i}
               and (t.lower_ in WH_WORDS or any(c.lower_ in {"which", "what"} and c.dep_ == "det" for c in t.children))
               for t in word.doc)


def _asks_the_doer(verb) -> bool:  # type: ignore[no-untyped-def]
    """Is the verb's subject the question word ("Who …", "Which country …")?"""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (
        subject.lower_ == "who" or any(c.lower_ in {"which", "what"} for c in subject.children))


def asks_who_did_a_named_deed(analysis: QuestionAnalysis) -> bool:
    """"Who carried out the attack on the hospital?", "Who was behind the explosions?": who is responsible
    for an event named by its noun, which the sources may give to a cause as well as to a doer."""
    if analysis.form != "wh":
        return False
    return any(_deed_noun(verb) is not None and _asks_the_doer(verb)
               for verb in parse(analysis.text) if verb.pos_ in {"VERB", "AUX"})


_TARGET_PREPOSITIONS = frozenset({"on", "at", "against", "of"})
# Verbs by which a deed is done that its noun names: "carried out the strike", "was behind the explosions".
_DOING_A_DEED = frozenset("carry conduct stage commit perpetrate orchestrate mount cause order".split())
# The stems of the verbs of destroying ("sabotag", "blow"), and with the deeds' nouns, those a question
# names the deed by rather than what it was done to.
DESTROYING = frozenset(stem(verb) for verb in DESTRUCTION_VERBS)
_DEED_NOUN_TERMS = DESTROYING | frozenset(stem(noun) for noun in DESTRUCTION_NOUNS | {"strikes"})


def _deed_noun(verb):  # type: ignore[no-untyped-def]
    """The noun of destroying that the verb does ("carried out the strike"), or that the doer is behind
    ("was behind the explosions"); None when there is none."""
    if verb.lemma_.lower() == "be":
        held = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "behind"
                for g in c.children if g.dep_ == "pobj"]
    elif verb.lemma_.lower() in _DOING_A_DEED:
        held = [c for c in verb.children if c.dep_ == "dobj"]
    else:
        return None
    return next((n for n in held if n.lemma_.lower() in DESTRUCTION_NOUNS | DESTRUCTION_VERBS), None)


def named_doers(deed: AskedDeed, ranked: Sequence[Evidence], floor: float, depth: int) -> list[NamedDoer]:
    """Each relevant sentence that names a doer of the deed, best first."""
    deed = replace(deed, objects=deed.objects | _equated_objects(deed, ranked[:depth]))
    found: list[NamedDoer] = []
    for evidence in ranked[:depth]:
        if evidence.score < floor or not is_clean_unit(evidence.text) or points_back(evidence.text):
            continue
        if not deed.objects & {stem(t) for t in content_terms(evidence.text)}:
            continue   # another deed's doer: "Russia shelled Kherson" is not about the dam
        named = _doer_in(deed, evidence)
        if named is not None:
            found.append(named)
    return found


def _equated_objects(deed: AskedDeed, ranked: Sequence[Evidence]) -> frozenset[str]:
    """What the sentences call the asked object otherwise: "the dam at the power station", "the power
    station's dam", "the Kakhovka power plant (HPP)" make "dam" and "HPP" names of "the power station"
    too, so "Russia blew up the dam" answers "Who wrecked the power station?"."""
    equated: set[str] = set()
    for evidence in ranked:
        if not deed.objects & {stem(t) for t in content_terms(evidence.text)}:
            continue
        for token in parse(evidence.text):
            if token.pos_ in {"NOUN", "PROPN"} and token.dep_ != "compound" and stem(token.lower_) in deed.objects:
                equated.update(stem(other.lower_) for other in _same_thing(token)
                               if other.pos_ in {"NOUN", "PROPN"} and stem(other.lower_) not in _DEED_NOUN_TERMS)
    return frozenset(equated)


def _same_thing(noun) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The nouns the parse sets beside this one as the same thing or a part of it: its apposition, the
    noun it owns ("the station's dam"), the noun that stands at it ("the dam at the station")."""
    same = [c for c in noun.children if c.dep_ == "appos"]
    if noun.dep_ in {"appos", "poss"}:
        same.append(noun.head)
    if noun.dep_ == "pobj" and noun.head.lower_ == "at" and noun.head.head.pos_ == "NOUN":
        same.append(noun.head.head)
    return same


def _doer_in(deed: AskedDeed, evidence: Evidence) -> NamedDoer | None:
    doc = parse(evidence.text)
    for token in doc:
        if blames(token):
            accused, _ = blamed_by(token)
            if accused and _of_the_deed(token, deed):
                key = _doer_key(accused)
                if key:
                    return NamedDoer(evidence, key, accused=True)
        if token.pos_ == "VERB" and _does_the_deed(token, deed) and not is_negated_verb(token):
            for doer in doers_of(token):
                phrase = phrase_of(doer)
                if doer.pos_ == "PRON" or deed.objects & {stem(t) for t in content_terms(phrase)}:
                    continue   # "it"; or what the deed was done to, as the subject of "breached"
                key = _doer_key(phrase)
                if key:
                    return NamedDoer(evidence, key, accused=False)
    return None


def _does_the_deed(verb, deed: AskedDeed) -> bool:  # type: ignore[no-untyped-def]
    """The deed's own verb ("blew up the dam"), or a verb of doing a deed named by its noun ("has committed
    sabotage at the plant") where the deed is one of destroying."""
    lemma = verb.lemma_.lower()
    if lemma in deed.verbs:
        return True
    # "committed sabotage", and in the passive "the sabotage was carried out by …".
    return lemma in _DOING_A_DEED and deed.verbs >= DESTRUCTION_VERBS and any(
        c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in DESTRUCTION_NOUNS for c in verb.children)


def _of_the_deed(blame, deed: AskedDeed) -> bool:  # type: ignore[no-untyped-def]
    """Is the accusation one of the deed: "accuses Kyiv of sabotaging the dam", "blamed Russia for the attack"?
    An accusation about the object answers for a deed of destroying only: "accuses Russia of blowing up the
    dam" says nothing of who controlled the dam."""
    of_an_attack = deed.verbs >= DESTRUCTION_VERBS
    return any(t.lemma_.lower() in deed.verbs or (of_an_attack and stem(t.lower_) in deed.objects)
               for c in blame.children if c.dep_ == "prep" for t in c.subtree)


def _doer_key(phrase: str) -> str | None:
    """A country by any of its names, else the phrase's capitalised words; None for no name at all."""
    words = phrase.replace("’s", "").replace("'s", "").split()
    for word in words:
        lowered = word.lower().strip(",.\"“”")
        country = COUNTRY_OF.get(lowered) or COUNTRY_OF.get(lowered.removesuffix("s"))   # "the Russians"
        if country is not None:
            return country
    names = [w for w in words if w[:1].isupper() and w.lower() not in WH_WORDS and w.lower() != "the"]
    return " ".join(names).lower() or None


def doer_dispute(analysis: QuestionAnalysis, ranked: Sequence[Evidence], voices_per_side: int, floor: float,
                 depth: int) -> FoundConflict | None:
    """The two doers the sources name most prominently, when they differ, as the two sides."""
    deed = asked_deed(analysis)
    if deed is None:
        return None
    by_doer: dict[str, list[NamedDoer]] = {}
    for named in named_doers(deed, ranked, floor, depth):
        by_doer.setdefault(named.doer, []).append(named)
    if len(by_doer) < 2:
        return None
    first, second = list(by_doer)[:2]   # in the order of their best sentence
    sides = [_voices(by_doer[first], voices_per_side, "affirms"), _voices(by_doer[second], voices_per_side, "denies")]
    if {e.doc_id for e in sides[0]} == {e.doc_id for e in sides[1]} == {sides[0][0].doc_id}:
        return None   # one report weighing two suspects is not two sources disagreeing
    topic = analysis.text.strip().rstrip("?").strip()
    return FoundConflict(
        topic=topic[:1].lower() + topic[1:],
        explanation="The sources name different parties as the ones who did it.",
        sides=(sides[0][0], sides[1][0]),
        judge="doers",
        confidence=round(min(sides[0][0].score, sides[1][0].score), 3),
        allies=(tuple(sides[0][1:]), tuple(sides[1][1:])),
        proposition=None,
    )


def _voices(named: list[NamedDoer], limit: int, stance: str) -> list[Evidence]:
    chosen: list[Evidence] = []
    for item in named:
        if len(chosen) == limit:
            break
        if all(e.doc_id != item.evidence.doc_id for e in chosen) or len(named) <= limit:
            chosen.append(replace(item.evidence, stance=stance))  # type: ignore[arg-type]
    return chosen
