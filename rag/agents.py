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

from core.lexicon import COUNTRY_OF, DESTRUCTION_NOUNS, DESTRUCTION_VERBS, REPORTING_VERBS
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
            return AskedDeed(DESTRUCTION_VERBS, objects) if objects else None
        lemma = verb.lemma_.lower()
        if lemma == "be":
            continue
        verbs = DESTRUCTION_VERBS if lemma in DESTRUCTION_VERBS else frozenset({lemma})
        objects = frozenset(stem(t) for c in verb.children if c.dep_ in {"dobj", "prt"}
                            for t in content_terms(phrase_of(c)))
        return AskedDeed(verbs, objects) if objects else None
    return None


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


def _doer_in(deed: AskedDeed, evidence: Evidence) -> NamedDoer | None:
    doc = parse(evidence.text)
    for token in doc:
        if blames(token):
            accused, _ = blamed_by(token)
            if accused and _of_the_deed(token, deed):
                key = _doer_key(accused)
                if key:
                    return NamedDoer(evidence, key, accused=True)
        if token.pos_ == "VERB" and token.lemma_.lower() in deed.verbs and not is_negated_verb(token):
            for doer in doers_of(token):
                phrase = phrase_of(doer)
                if doer.pos_ == "PRON" or deed.objects & {stem(t) for t in content_terms(phrase)}:
                    continue   # "it"; or what the deed was done to, as the subject of "breached"
                key = _doer_key(phrase)
                if key:
                    return NamedDoer(evidence, key, accused=False)
    return None


def _of_the_deed(blame, deed: AskedDeed) -> bool:  # type: ignore[no-untyped-def]
    """Is the accusation one of the deed: "accuses Kyiv of sabotaging the dam", "blamed Russia for the attack"?"""
    return any(t.lemma_.lower() in deed.verbs or stem(t.lower_) in deed.objects
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
