"""Who says what, and which way: a sentence's speaker and its stance, read from its dependency parse.

- **Speaker.** The subject of a reporting verb ("Foreign Ministry spokesman Lin Jian said …"),
  or the object of "according to". A pronoun is no name, so it gives none.
- **Polarity.** A sentence *denies* when the clause it reports (or its main clause) is negated
  ("has never provided"), when its main verb is a verb of denial ("China denied sending …"),
  or when its main verb is a negative implicative ("refrained from sending", "avoided accusing");
  it reports *no evidence* when an evidence noun is negated ("had not seen any evidence",
  "there is no proof"); otherwise it *affirms*.
- **Discredited reports.** "The West has falsely claimed that X": the writer says X is false.
  Whether that denies the proposition or affirms it depends on the proposition: it denies
  "China arms Russia" and affirms "the West accused China" (``Voice.discredits_report``).
- **Conceded positions.** "Despite its claim of neutrality, China …", "for all its claims that it
  is neutral": a position conceded only to be argued against is denied.
- **Hedged.** A modal ("may", "might", "could") or a hearsay adverb ("reportedly") on its
  predicate: still a claim, but a weaker one.

The word lists live in ``core.lexicon``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.lexicon import (
    CONCESSIVE_PREPOSITIONS,
    DENIAL_VERBS,
    DIRECTIVE_VERBS,
    EVIDENCE_NOUNS,
    FALSITY_WORDS,
    HEDGE_ADVERBS,
    HEDGE_MODALS,
    HEDGE_VERBS,
    NEGATIVE_IMPLICATIVES,
    NEGATORS,
    POSITION_NOUNS,
    REPORTING_VERBS,
    VERIFYING_VERBS,
)
from rag.nlp import parse
from rag.schemas import Stance
from rag.text import stem, words

Polarity = Stance

_PRONOUNS = frozenset("i we you he she it they this that these those who which one someone".split())


@dataclass(frozen=True)
class Voice:
    polarity: Polarity
    speaker: str | None
    hedged: bool
    # For a plain negation ("files will not match"): stems of the negated predicate and its own
    # arguments, not of the conditions or side clauses around it ("if the pattern …"). Empty when
    # the polarity comes from a denial verb or missing evidence, whose object may be worded freely.
    negated_scope: frozenset[str] = frozenset()
    # The main verb reports a claim that the writer calls false ("has falsely claimed that …").
    discredits_report: bool = False


def read_voice(sentence: str, focus: frozenset[str] = frozenset(), head: frozenset[str] = frozenset()) -> Voice:
    """``focus``: stems of the words the reader cares about ("crater"): a sentence that affirms
    something else but negates one of them ("… and no impact craters") denies it. ``head``: the
    stems of the proposition's own predicate ("neutral" in "China is neutral"): a sentence that
    concedes it only to assert against it ("despite its claim of neutrality, …") denies it."""
    doc = parse(sentence)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return Voice("affirms", None, False)
    speaker = _speaker(doc, root)
    clause = _reported_clause(root)
    predicate = clause or root
    if predicate.lemma_.lower() in NEGATIVE_IMPLICATIVES and is_negated_verb(predicate):
        return Voice("affirms", speaker, _hedged(predicate))   # "did not fail to report it": it was reported
    withheld = _implicated_complement(predicate)
    if withheld is not None:
        # "avoided accusing China of arming Russia" denies only the accusing: a speech act left
        # undone says nothing of what would have been said. Other complements are denied whole.
        scope = frozenset({stem(withheld.lemma_.lower())}) if _is_speech(withheld) else _scope(withheld)
        return Voice("denies", speaker, _hedged(predicate), scope)
    polarity = _polarity(doc, root, clause)
    plain_negation = polarity == "denies" and root.lemma_.lower() not in DENIAL_VERBS
    scope = _scope(predicate) if plain_negation else frozenset()
    if polarity == "affirms" and focus and _negates_focus(doc, focus, head):
        polarity = "denies"
    discredited = _is_speech(root) and any(
        c.dep_ == "advmod" and c.lower_ in FALSITY_WORDS for c in root.children
    )
    caveat = any(c.dep_ == "conj" and _unverified_caveat(c) for verb in (root, predicate) for c in verb.children)
    return Voice(polarity, speaker, _hedged(predicate) or _guessed(root) or caveat, scope, discredited)


def _is_speech(verb) -> bool:  # type: ignore[no-untyped-def]
    return verb.lemma_.lower() in REPORTING_VERBS


def _implicated_complement(predicate):  # type: ignore[no-untyped-def]
    """The verb a negative implicative leaves undone ("refrained from *disclosing*"), or None.

    Not when a second main verb carries the sentence's claim ("He refrained from disclosing the
    company, but asserted that …")."""
    if predicate.lemma_.lower() not in NEGATIVE_IMPLICATIVES:
        return None
    if any(c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} for c in predicate.children):
        return None
    for child in predicate.children:
        if child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"}:
            return child
        if child.dep_ == "prep":
            verb = next((g for g in child.children if g.dep_ == "pcomp" and g.pos_ == "VERB"), None)
            if verb is not None:
                return verb
    return None


_SIDE_CLAUSES = frozenset({"advcl", "mark", "parataxis", "conj", "cc", "punct"})


# The subject is outside what a negation negates: "the government may not want to admit it" says
# nothing against the government's doing anything else.
_OUTSIDE_SCOPE = _SIDE_CLAUSES | {"nsubj", "nsubjpass", "expl"}


def _scope(predicate) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Stems of the predicate and of its objects and complements, without its subject or the side
    clauses hung on it."""
    words = {predicate.lemma_.lower()}
    for child in predicate.children:
        if child.dep_ not in _OUTSIDE_SCOPE:
            words.update(t.lemma_.lower() for t in child.subtree)
            words.update(t.lower_ for t in child.subtree)
    return frozenset(stem(w) for w in words)


def _negates_focus(doc, focus: frozenset[str], predicate_head: frozenset[str]) -> bool:  # type: ignore[no-untyped-def]
    for token in doc:
        if predicate_head and _in_focus(token, predicate_head) and _conceded(token):
            return True
        if not _in_focus(token, focus):
            continue
        if any(c.lower_ in {"no", "neither"} and c.dep_ in {"det", "neg"}
               for noun in _governing_nouns(token) for c in noun.children):
            return True   # "no damage or cratering": the determiner of the first conjunct covers the others
        if token.pos_ in {"VERB", "AUX"} and is_negated_verb(token) and not _wished(token):
            return True
        head = token.head
        if head.i != token.i and head.pos_ in {"VERB", "AUX"} and (
            (is_negated_verb(head) and not _wished(head)) or head.lemma_.lower() in DENIAL_VERBS
        ):
            return True
    return False


def _wished(verb) -> bool:  # type: ignore[no-untyped-def]
    """Is the verb inside what someone asks for or wishes ("urged it to ensure its firms do not sell
    arms")? Such a clause is not asserted, so its negation denies nothing."""
    return any(ancestor.lemma_.lower() in DIRECTIVE_VERBS for ancestor in verb.ancestors)


def _governing_nouns(token):  # type: ignore[no-untyped-def]
    """The token, the first conjunct of its list and, for a conjunct, the noun whose prepositional phrase
    holds that list: in "no damage to the facility or large cratering" the parser hangs "cratering" on
    "facility", so "no", which governs "damage", covers it. One level only: "no casualties among the
    staff of the hospital" says nothing against the hospital."""
    first = _first_conjunct(token)
    found = [token, first]
    prep = first.head
    if token.dep_ == "conj" and first.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ in {"NOUN", "PROPN"}:
        found.append(_first_conjunct(prep.head))
    return found


def _first_conjunct(token):  # type: ignore[no-untyped-def]
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _in_focus(token, focus: frozenset[str]) -> bool:  # type: ignore[no-untyped-def]
    return stem(token.lower_) in focus or stem(token.lemma_.lower()) in focus or shares_root(stem(token.lower_), focus)


def shares_root(term: str, terms: frozenset[str] | set[str]) -> bool:
    """A derived form of one of ``terms``: "neutrality" of "neutral", "supplier" of "suppli"."""
    return any(len(t) >= _ROOT_CHARS and term.startswith(t) for t in terms)


_ROOT_CHARS = 5


def uses_a_word_of(terms: frozenset[str] | set[str], text: str) -> bool:
    """Does ``text`` use one of the stemmed ``terms``, as written or in its dictionary form ("blew" for
    "blow": the parse's lemma), or in a derived form ("neutrality" for "neutral")? The last part of a
    closed compound is no match: "guidelines" would be "lines" as much as "pipelines" is."""
    return tokens_use_a_word_of(terms, parse(text))


def tokens_use_a_word_of(terms: frozenset[str] | set[str], tokens) -> bool:  # type: ignore[no-untyped-def]
    """``uses_a_word_of`` for tokens of a parse already made (a clause of a parsed sentence)."""
    tokens = list(tokens)
    written = " ".join(token.text for token in tokens)
    lemmas = " ".join(token.lemma_ for token in tokens)
    for word in {*words(written), *words(lemmas)}:
        term = stem(word.removesuffix("'s"))
        if term in terms or shares_root(term, terms):
            return True
    return False


def _conceded(token) -> bool:  # type: ignore[no-untyped-def]
    """Is the token inside a position the sentence concedes only to assert against it ("despite its
    claim of neutrality", "for all its claims that it is neutral", "in spite of its stance")?"""
    for word in (token, *token.ancestors):
        if word.lemma_.lower() not in POSITION_NOUNS or word.dep_ != "pobj":
            continue
        preposition = word.head
        if preposition.lower_ in CONCESSIVE_PREPOSITIONS:
            return True
        if preposition.lower_ == "for" and any(c.lower_ == "all" for c in word.children):
            return True
        if preposition.lower_ == "of" and preposition.head.lower_ == "spite":
            return True
    return False


def flip(polarity: Polarity) -> Polarity:
    """The stance toward a proposition that is itself negated ("Has China denied …?")."""
    return "affirms" if polarity != "affirms" else "denies"


def _reported_clause(root):  # type: ignore[no-untyped-def]
    """The clause a reporting verb reports ("… said that X"), if the main verb reports one."""
    if root.lemma_.lower() not in REPORTING_VERBS | DENIAL_VERBS:
        return None
    for child in root.children:
        if child.dep_ in {"ccomp", "xcomp"} and child.pos_ in {"VERB", "AUX"}:
            return child
    return None


def is_negated_verb(token) -> bool:  # type: ignore[no-untyped-def]
    """Does the word carry a negation of its own ("did not", "never", "didn’t")?"""
    # "n’t" with a typographic apostrophe is sometimes parsed as punctuation; it is a negation all the same.
    return any(c.dep_ == "neg" or c.lower_ in NEGATORS and c.dep_ in {"advmod", "neg"} or c.lower_ == "n’t"
               for c in token.children)


def _polarity(doc, root, clause) -> Polarity:  # type: ignore[no-untyped-def]
    for token in doc:
        if token.lemma_.lower() in EVIDENCE_NOUNS and _evidence_negated(token):
            return "no_evidence"
    if root.lemma_.lower() in DENIAL_VERBS and not is_negated_verb(root):
        return "denies"
    predicate = clause if clause is not None else root
    negated = is_negated_verb(predicate) or any(
        is_negated_verb(c) for c in predicate.children
        if c.dep_ in {"xcomp", "conj"} and c.pos_ == "VERB" and not _unverified_caveat(c)
    )
    if clause is not None and is_negated_verb(root):
        negated = not negated  # "did not say that X": a silence about X, not a denial of it
        if negated:
            return "no_evidence"
    return "denies" if negated else "affirms"


def _unverified_caveat(verb) -> bool:  # type: ignore[no-untyped-def]
    """Is the verb the reporter's caveat that a report was not checked: a negated, passive verb of
    verifying with no one named as the checker ("…, but the figure could not immediately be confirmed")?
    It hedges the report; it does not deny it, and the reporter is no second party."""
    return verb.lemma_.lower() in VERIFYING_VERBS and is_negated_verb(verb) \
        and any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) \
        and not any(c.dep_ == "agent" for c in verb.children)   # "not confirmed by the army": a second party


def _evidence_negated(noun) -> bool:  # type: ignore[no-untyped-def]
    """'no evidence', 'not … any evidence', 'haven't seen evidence of X being …', 'without evidence'."""
    if any(c.lower_ in {"no", "without"} for c in noun.children):
        return True
    if noun.head.lower_ in {"without", "lack", "lacking", "absence"}:
        return True
    # The parser may hang the noun under a verb of its own clause ("evidence of systems being
    # delivered"); the negation sits on the nearest verbs above it.
    verbs = [a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}][:2]
    return any(is_negated_verb(verb) for verb in verbs)


def _hedged(predicate) -> bool:  # type: ignore[no-untyped-def]
    return any(
        (c.dep_ == "aux" and c.lower_ in HEDGE_MODALS) or (c.dep_ == "advmod" and c.lower_ in HEDGE_ADVERBS)
        for c in predicate.children
    )


def _guessed(root) -> bool:  # type: ignore[no-untyped-def]
    """Is what the sentence reports a belief or a guess, however deep it is reported: "Two officials told
    Reuters Washington believed a missile likely shot down the plane"?"""
    verb = root
    for _ in range(4):
        reported = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}), None)
        if reported is None:
            return False
        if verb.lemma_.lower() in HEDGE_VERBS or _hedged(reported):
            return True
        verb = reported
    return False


_CONTRAST_MARKS = frozenset({"while", "whereas"})
_CONTRAST_CONJUNCTIONS = frozenset({"but", "whereas"})


def speaks_for_two_parties(sentence: str) -> bool:
    """Does the sentence set two parties' positions against each other ("Gaza's health ministry blamed
    an Israeli air strike, while Israel said the blast was caused by a failed rocket")? Such a sentence
    is the disagreement itself: quoted as one side's voice, it would also say what the other side says.

    Read from the parse: a clause joined by "while", "whereas" or "but" to another, each with its own
    subject, the two subjects different, and one of the two verbs a verb of saying, denying or blaming."""
    doc = parse(sentence)
    if _RECIPROCAL.search(sentence) and any(t.lemma_.lower() in _TAKING_SIDES for t in doc):
        return True   # "Ukraine and Russia have blamed each other": both positions in one clause
    if any(t.lemma_.lower() == "trade"
           and any(c.dep_ == "dobj" and c.lemma_.lower() in _BLAME_NOUNS for c in t.children) for t in doc):
        return True   # "Moscow and Kyiv traded blame"
    for verb in doc:
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        contrasted = any(c.dep_ == "cc" and c.lower_ in _CONTRAST_CONJUNCTIONS for c in verb.children)
        for other in verb.children:
            joined = (other.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONTRAST_MARKS
                                                    for m in other.children)) or (
                other.dep_ == "conj" and other.pos_ in {"VERB", "AUX"} and contrasted)
            if _unverified_caveat(verb) or _unverified_caveat(other):
                continue   # "X reported 27 dead, but the figure could not be confirmed": one party, hedged
            if joined and _different_subjects(verb, other) and (_takes_a_position(verb) or _takes_a_position(other)):
                return True
    return False


_RECIPROCAL = re.compile(r"\b(?:each other|one another)\b", re.IGNORECASE)
_TAKING_SIDES = frozenset({"blame", "accuse", "deny", "dispute", "contradict", "trade"})
_BLAME_NOUNS = frozenset({"blame", "accusation", "charge", "recrimination"})


def _different_subjects(first, second) -> bool:  # type: ignore[no-untyped-def]
    a, b = (next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}), None) for v in (first, second))
    if a is None or b is None or a.pos_ == "PRON" or b.pos_ == "PRON":
        return False   # "he said …, but he added …": one party
    # The whole phrases: "Israeli officials" and "Palestinian officials" are two parties.
    return _phrase_of(a) != _phrase_of(b)


def _phrase_of(token) -> str:  # type: ignore[no-untyped-def]
    return " ".join(t.lemma_.lower() for t in token.subtree if not t.is_punct)


def _takes_a_position(verb) -> bool:  # type: ignore[no-untyped-def]
    lemma = verb.lemma_.lower()
    return lemma in REPORTING_VERBS or lemma in DENIAL_VERBS or lemma in _POSITION_VERBS


# Verbs by which a party takes a side on who did something or how much: "blamed", "put the figure at".
_POSITION_VERBS = frozenset({"blame", "put", "estimate", "attribute"})


def speaker_tokens(sentence: str) -> set[int]:
    """Indices of the tokens that name who says the sentence ("Human Rights Watch said …"). A relative
    clause on the speaker says something of them, and is no part of their name: in "Kassam Abozeed, who
    lives in Germany, said …", Germany is where he lives."""
    doc = parse(sentence)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return set()
    head = _speaker_head(doc, root)
    if head is None:
        return set()
    told = {t.i for clause in head.children if clause.dep_ == "relcl" for t in clause.subtree}
    return {t.i for t in head.subtree} - told


def _speaker_head(doc, root):  # type: ignore[no-untyped-def]
    for token in doc:
        # "according to X", "as per X"
        if token.lower_ in {"according", "as"} and token.i + 1 < len(doc) \
                and doc[token.i + 1].lower_ == _ATTRIBUTING_PREPOSITION[token.lower_]:
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    candidates = [root] if root.lemma_.lower() in REPORTING_VERBS | DENIAL_VERBS else []
    candidates += [t for t in doc if t.dep_ in {"parataxis", "advcl", "ccomp"} and t.lemma_.lower() in REPORTING_VERBS]
    for verb in (v for v in candidates if not demands(v)):
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            return subject
    if candidates and candidates[0] is root:
        return _named_between_quote_and_verb(doc, root)
    return None


_ATTRIBUTING_PREPOSITION = {"according": "to", "as": "per"}
_CLOSING_QUOTES = {"”", '"', "’", "'", "»"}


def _named_between_quote_and_verb(doc, verb):  # type: ignore[no-untyped-def]
    """"The “sea is dumping bodies”, Hichem Abu Chkiouat, minister of …, said.": the parser hangs the name
    on the quoted verb, leaving "said" with no subject. The one phrase between the closing quote and the
    verb, if it is headed by a name, is the speaker."""
    closing = [t.i for t in doc[: verb.i] if t.text in _CLOSING_QUOTES]
    if not closing:
        return None
    span = range(closing[-1] + 1, verb.i)
    heads = [doc[i] for i in span if doc[i].head.i not in span and not doc[i].is_punct]
    if len(heads) != 1 or heads[0].pos_ != "PROPN":
        return None
    return heads[0]


def demands(verb) -> bool:  # type: ignore[no-untyped-def]
    """"called for an investigation": a demand, which is the act a sentence reports, not a report of
    someone's words; who calls for it is what the sentence is about, not who vouches for it."""
    return verb.lemma_.lower() == "call" and any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children)


def _speaker(doc, root) -> str | None:  # type: ignore[no-untyped-def]
    head = _speaker_head(doc, root)
    return _name_phrase(doc, head) if head is not None else None


def _name_phrase(doc, head) -> str | None:  # type: ignore[no-untyped-def]
    if head.lower_ in _PRONOUNS:
        return None
    # The subject with its modifiers, minus a trailing relative clause or long apposition.
    keep = [t for t in head.subtree if t.dep_ not in {"relcl", "acl", "punct"} or t.i == head.i]
    start, end = min(t.i for t in keep), max(t.i for t in keep) + 1
    phrase = doc[start:end].text.strip(" ,")
    if len(phrase) > 90:
        phrase = doc[head.left_edge.i : head.i + 1].text
    return phrase or None
