"""The numbers and dates a sentence gives for what a question asks, and whether two of them disagree.

"How many people were killed?" is answered by 471 in "the ministry said the strike had
killed 471 Palestinians and wounded 314 others", not by 314, which counts the wounded.
A value answers the question when the words it is attached to in the parse (its noun,
and the verb above that noun) include a word of the question.

Two values disagree when they cannot both be right: different numbers for the same count
(beyond rounding; ``rag.figures`` reads each as a range: "nearly 500" and "471" agree, "at least
471" and "500" agree, "several dozen" and "471" do not),
or dates that differ in a year, month or day that both give, where both or neither give a year.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeGuard

from core.lexicon import (
    ACTING_BODIES,
    COUNTRY_OF,
    GIVING_VERBS,
    HAPPENING_VERBS,
    HARM_KINDS,
    KINDS_OF,
    PERSON_NOUNS,
    REPORTING_VERBS,
    TELLING_VERBS,
    UNIT_WORDS,
    UNITS_OF,
)
from rag.figures import CLOCK, Figure, clock_minutes, read_date, read_figure
from rag.nlp import parse, phrase_of
from rag.question import (
    COUNT_LABELS,
    DATE_LABELS,
    FIGURE_NOUNS,
    MEASURE_LABELS,
    NUMBER_LABELS,
    PERSON_LABELS,
    QUESTION_AUXILIARIES,
    SIZE_LABELS,
    SIZES,
    TIME_LABELS,
    AskedPart,
    QuestionAnalysis,
    acts,
    gives,
)
from rag.text import mentions_name, stem, weekdays_named, with_event_synonyms

# Figures within this share of each other are one figure written two ways ("1,000" and "1000.5");
# "around 15,000" against "around 15,400" are two counts.
_ROUNDING = 0.02


@dataclass(frozen=True)
class Value:
    text: str                      # as the sentence writes it ("100 to 300", "June 5th, 1997")
    kind: str                      # "number" | "date" | "time" (of day, in minutes: low to high)
    low: float = 0.0               # numbers: the range the text gives
    high: float = 0.0
    date: tuple[int | None, int | None, int | None] = (None, None, None)   # year, month, day
    unit: str = ""                 # numbers: "money", "percent", or "" for a count or a measure
    # The kinds of harm the figure counts (indices into ``HARM_KINDS``): "two captured" counts the
    # captured, "155 fighting" no harm at all, so the two are not rival answers to one count.
    harm: frozenset[int] = frozenset()
    projected: bool = False        # what a count might come to ("it can reach 20,000"), not a count

    @property
    def precise(self) -> bool:
        """A number reported as such ("471"), not a vague one ("hundreds"); every date counts."""
        return self.kind != "number" or Figure(self.low, self.high).precise

    @property
    def approximate(self) -> bool:
        """A number given as a range with two ends ("about 100", "100 to 300"), not a count or a bound."""
        return self.kind == "number" and self.low != self.high and math.isfinite(self.high)

    @property
    def bound(self) -> bool:
        """A number given as one end only ("at least 23", "more than 5,000")."""
        return self.kind == "number" and not math.isfinite(self.high)


def values_for(part: AskedPart, sentence: str, analysis: QuestionAnalysis) -> list[Value]:
    """The values of the kind ``part`` asks for that ``sentence`` gives about the question.

    A count must count what the question counts: "how many packages" is not answered by
    "474 developers". People may be counted by who they are ("471 Palestinians" for "how many
    people"), so a group name counts for a question about people.
    """
    dimension = asked_dimension(part)
    question_stems = _question_stems(analysis)
    question = parse(analysis.text)
    question_lemmas = {t.lemma_.lower() for t in question}
    outside_circumstances = question_lemmas - _circumstance_lemmas(question)
    asked = _harm_asked_of(part, question) or _harm_asked(
        outside_circumstances - _partitive_lemmas(question) - _describing_lemmas(question))
    act = not asked and _asks_of_an_act(question)
    # "How many of the wounded were children?" counts among the harmed, though it asks of no harm itself
    # (every harm asked is one of these).
    among_the_harmed = bool(_harm_asked(outside_circumstances))
    asks_of_attempts = bool(question_lemmas & _ATTEMPT_VERBS)
    one_group = _asks_for_one_group_of_people(part, analysis)
    names_a_length = _asks_a_length(question)
    people = _peoples_counted(question, part)
    doc = parse(sentence)
    found: list[Value] = []
    for ent, label in _typed_spans(doc):
        if label in DATE_LABELS and part.labels & DATE_LABELS:
            value = (_clock(ent.text) if label == "TIME" else None) or _date(ent.text)
        elif label in DATE_LABELS and part.labels & NUMBER_LABELS and _a_span_of(part.noun, ent.text):
            value = _number(ent.text, part.noun)   # "worked for 14 years" answers "how many years"
        elif label in NUMBER_LABELS and part.labels & NUMBER_LABELS and (
                not part.labels & DATE_LABELS or (label == "QUANTITY" and names_a_length)):
            value = None if names_a_version(ent) or numbers_a_name(ent) else _number(ent.text, _unit_of(ent, label))
        else:
            continue
        if value is None or _one_not_a_count(ent) or not _counts_the_same(ent, part, one_group):
            continue
        if people and not _of_the_asked_people(ent, people):
            continue   # "How many Pakistani pilgrims …?" is not answered by "1.8 million pilgrims"
        if value.kind == "number" and _projected(ent):
            value = replace(value, low=0.0, projected=True)   # "it can reach 20,000": at most that
        if dimension is not None and not (label == "QUANTITY" and _of_the_asked_dimension(ent, part)):
            continue   # "how far" is answered by "about 13 km", never by "two dams" or "20 million cubic metres"
        if part.labels == COUNT_LABELS and (_a_measure_before_a_noun(ent) or _numbers_a_second_name(ent)):
            continue
        harm = _harm_counted(ent)
        if asked and harm and not harm & asked:
            continue   # "471 were killed" does not answer "how many were wounded"
        if harm and (act or not among_the_harmed):
            # "18 migrants died" does not answer "how many migrants were pushed back", nor "the bodies of
            # four people were found" "how many people were on board".
            continue
        if asked and not harm and _counts_doers_of_another_act(ent):
            continue   # "2,000 people tried to climb the fence" does not answer "how many died"
        if not asks_of_attempts and _counts_an_attempt(ent):
            continue   # nor "how many got through": those who tried are not those who made it
        if not _about_question(ent, question_stems) and not harm & asked:
            continue   # "342 injured" is about "how many were hurt": one kind of harm, in other words
        found.append(replace(value, harm=harm))
    return found


_POSSIBILITY = frozenset({"can", "could", "may", "might"})


def _projected(ent) -> bool:  # type: ignore[no-untyped-def]
    """Is the figure what the count might come to ("It can reach 18,000 to 20,000 deaths", "could be as
    high as 6,000"), under a modal of possibility? Such a figure bounds the count from above: a count
    below it is no rival to it, a count above it is."""
    token = ent.root
    while token.head.i != token.i and token.pos_ not in {"VERB", "AUX"}:
        token = token.head
    return any(c.tag_ == "MD" and c.lower_ in _POSSIBILITY for c in token.children)


def _one_not_a_count(ent) -> bool:  # type: ignore[no-untyped-def]
    """"by one's own means": the pronoun "one", which counts nobody; "one of the divers": a member of a
    group, which does not say how many it has."""
    following = ent.doc[ent.end : ent.end + 1]
    return ent.text.lower() == "one" and (ent.root.dep_ == "poss" or any(
        t.lower_ in {"'s", "’s", "of"} for t in following))


_HYPHENATED_MEASURE = re.compile(r"^\d[\d,.]*-[A-Za-z]+$")


def _a_measure_before_a_noun(ent) -> bool:  # type: ignore[no-untyped-def]
    """"the 1,200-kilometer pipelines", "a 15-metre yacht": a size of each, not how many there are."""
    return _HYPHENATED_MEASURE.match(ent.text) is not None


def _numbers_a_second_name(ent) -> bool:  # type: ignore[no-untyped-def]
    """"Nord Stream 1 and 2 pipelines": the number after "and" numbers a second name, like the first."""
    doc, start = ent.doc, ent.start
    if start < 2 or doc[start - 1].lower_ not in {"and", "or", ","}:
        return False
    before = doc[start - 2]
    return before.like_num and before.ent_type_ in {"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW"}


def names_a_version(ent) -> bool:  # type: ignore[no-untyped-def]
    """Is the number part of a name, right after the capitalised word it numbers ("Debian 2.1", "Windows
    95", "Garpiya 3")? It names a release or a model; it counts nothing."""
    first = ent[0]
    head = first.head
    return first.dep_ in {"nummod", "compound", "appos"} and head.i == first.i - 1 and head.text[:1].isupper()


def numbers_a_name(ent) -> bool:  # type: ignore[no-untyped-def]
    """Is the number part of a name, before the singular name it numbers ("collided with 12841
    Shalimar-Chennai Coromandel Express")? A count modifies a common noun, a people ("471
    Palestinians") or the plural of a body's members ("49 Civil Guards")."""
    root = ent.root
    head = root.head
    return (root.dep_ in {"nummod", "compound"} and head.i > root.i and head.tag_ == "NNP"
            and head.ent_type_ not in {"NORP", ""} and head.text[:1].isupper())


def _typed_spans(doc):  # type: ignore[no-untyped-def]
    """The entities, and each number the recogniser left untagged ("ground 900 sacks"), as CARDINAL;
    a time of day is a TIME whatever the recogniser called it ("about 6.30pm" is often a CARDINAL)."""
    clocks = [span for match in CLOCK.finditer(doc.text)
              if (span := doc.char_span(match.start(), match.end(), alignment_mode="expand")) is not None]
    timed = {t.i for span in clocks for t in span}
    spans = [(ent, ent.label_) for ent in doc.ents if not any(t.i in timed for t in ent)]
    spans += [(span, "TIME") for span in clocks]
    tagged = {t.i for ent in doc.ents for t in ent} | timed
    spans += [(doc[t.i : t.i + 1], "CARDINAL") for t in doc if t.like_num and t.i not in tagged]
    return spans


def _clock(text: str) -> Value | None:
    minutes = clock_minutes(text)
    return Value(text, "time", low=minutes[0], high=minutes[1]) if minutes is not None else None


def _peoples_counted(question, part: AskedPart) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """The nationalities that qualify the counted noun of a count part ("pakistani" in "How many Pakistani
    pilgrims …?"): a count must be of them."""
    if not part.labels & NUMBER_LABELS or part.noun is None:
        return frozenset()
    return frozenset(word.lower_ for noun, _ in _counted_nouns(question) if noun.lemma_.lower() == part.noun
                     for word in _peoples_on(noun))


def _peoples_on(noun) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The words on a noun that say whose people it counts: "Indian" in "Indian pilgrims", "U.S." in "U.S.
    soldiers"."""
    return [c for c in noun.children if c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"}]


def _same_people(word: str, people: frozenset[str]) -> bool:
    """Does ``word`` name one of ``people``: the same word ("Indian", "Indians") or the same country
    ("U.S." and "American")?"""
    lowered = word.lower()
    country = COUNTRY_OF.get(lowered)
    return any(stem(lowered) == stem(other) or (country is not None and country == COUNTRY_OF.get(other))
               for other in people)


def _of_the_asked_people(ent, people: frozenset[str]) -> bool:  # type: ignore[no-untyped-def]
    """Is the figure a count of the asked people: its noun is theirs ("35 Pakistanis", "80,000 Pakistani
    pilgrims"), or, when its noun names no people, its sentence names them? A noun of another people
    ("300 Indian pilgrims") is not."""
    counted = _counted_noun(ent) or _elided_noun(ent.root)
    if counted is not None:
        if _same_people(counted.text, people):
            return True
        named = _peoples_on(counted)
        if named:
            return any(_same_people(word.text, people) for word in named)
    return mentions_name(people, ent.doc.text)


def _partitive_lemmas(question) -> set[str]:  # type: ignore[no-untyped-def]
    """The words of a "how many of the …" phrase: "How many of the injured guards were taken to hospital?"
    counts those taken to hospital; "injured" only says among whom."""
    return {t.lemma_.lower() for many in question if many.lower_ in {"many", "much"}
            for of in many.children if of.dep_ == "prep" and of.lower_ == "of" for t in of.subtree}


def _circumstance_lemmas(question) -> set[str]:  # type: ignore[no-untyped-def]
    """The words of a phrase that says on whom or where another act was done: "How many surgeons were
    operating on the wounded?" counts surgeons, not the wounded. A phrase on a verb of harm stays ("killed
    in the attack", "died of their wounds"): it says more of the harm asked about."""
    return {t.lemma_.lower() for prep in question
            if prep.dep_ == "prep" and prep.head.pos_ == "VERB" and not _is_harm(prep.head.lemma_.lower())
            for t in prep.subtree}


def _is_harm(lemma: str) -> bool:
    return any(lemma in kind for kind in HARM_KINDS)


# Verbs that say nothing of what was done: being and having, giving or saying a figure ("How many people
# did the ministry say …", "put the toll at 37").
_NOT_AN_ACT = frozenset({"be", "have", "do", "count", "estimate", "put", "total", "number"}) | REPORTING_VERBS \
    | GIVING_VERBS


def _asks_of_an_act(question) -> bool:  # type: ignore[no-untyped-def]
    """Does the question count those who did or underwent something ("pushed back", "crossed"), rather
    than ask for a figure someone gave? Then a figure of dead or wounded counts other people."""
    return any(t.pos_ == "VERB" and _another_act(t.lemma_.lower()) for t in question)


def _another_act(lemma: str) -> bool:
    """Is the verb one of doing something other than coming to harm or giving a figure?"""
    return lemma not in _NOT_AN_ACT and not _is_harm(lemma)


def _counts_doers_of_another_act(ent) -> bool:  # type: ignore[no-untyped-def]
    """Does the figure count those who did something other than come to harm: its first verb above is
    no harm and no verb of saying ("2,000 people tried …", "hundreds of migrants crossed …")?"""
    verb = next((t for t in [ent.root, *ent.root.ancestors] if t.pos_ == "VERB"), None)
    if verb is None:
        return False
    return _another_act(verb.lemma_.lower())


# Verbs of trying: "2,000 people tried to climb" counts attempts, not what was achieved.
_ATTEMPT_VERBS = frozenset({"try", "attempt", "seek"})


def _counts_an_attempt(ent) -> bool:  # type: ignore[no-untyped-def]
    """Is the figure the subject of a verb of trying ("about 2,000 people tried to climb the fence")?"""
    verb = next((t for t in ent.root.ancestors if t.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and verb.lemma_.lower() in _ATTEMPT_VERBS


def _harm_asked(question_lemmas: set[str]) -> frozenset[int]:
    return frozenset(i for i, kind in enumerate(HARM_KINDS) if kind & question_lemmas)


def _harm_asked_of(part: AskedPart, question) -> frozenset[int]:  # type: ignore[no-untyped-def]
    """The harm one count of a two-count question asks about: "How many children died, and how many
    people were wounded?" asks the dead of the first count and the wounded of the second. Read from
    the verb above the counted noun; empty when the question asks one count, or its clause names no
    harm (then the whole question says which harm)."""
    counted = _counted_nouns(question)
    if len(counted) < 2 or part.noun is None:
        return frozenset()
    noun, verb = next(((n, v) for n, v in counted if part.noun in {n.lemma_.lower(), n.lower_}), (None, None))
    if noun is None or verb is None:
        return frozenset()
    lemmas = {verb.lemma_.lower(), *(c.lemma_.lower() for c in verb.children if c.dep_ in {"acomp", "xcomp"})}
    if verb.lemma_.lower() in _NOT_AN_ACT:
        lemmas |= {c.lemma_.lower() for c in noun.children if c.dep_ in {"amod", "acl"}}
    return _harm_asked(lemmas)


def _describing_lemmas(question) -> set[str]:  # type: ignore[no-untyped-def]
    """The words that say who is counted, not what they underwent: "How many injured passengers were
    discharged?" counts the discharged among the injured, as "How many of the injured …" does. Only
    under a verb of another act: "How many injured people were there?" asks for the injured."""
    described = set()
    for noun, verb in _counted_nouns(question):
        if verb is not None and _another_act(verb.lemma_.lower()):
            described |= {c.lemma_.lower() for c in noun.children if c.dep_ in {"amod", "acl", "compound"}}
    return described


def _counted_nouns(question) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Each noun a question counts ("How many *people* were wounded"), with the verb above it (or None)."""
    nouns = [t.head for t in question if t.lower_ == "many" and t.head.pos_ in {"NOUN", "PROPN"}]
    return [(noun, next((t for t in noun.ancestors if t.pos_ in {"VERB", "AUX"}), None)) for noun in nouns]


def _words_above(token) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The token and its heads, past the noun it is coordinated with: in "ten bodies and the two flight
    recorders were recovered", "two" is below "recorders" and "recovered", not below "bodies"."""
    above = [token]
    while token.head.i != token.i:   # the root is its own head
        skips_a_sibling = token.dep_ == "conj" and token.head.pos_ in {"NOUN", "PROPN"}
        token = token.head
        if not skips_a_sibling:
            above.append(token)
    return above


def _harm_counted(ent) -> frozenset[int]:  # type: ignore[no-untyped-def]
    """The kinds of harm a figure counts, read from the words above it up to the first verb, and
    from what qualifies the nouns on the way: "500 deaths", "were killed", "the capture of two
    nationals", "300 people killed"."""
    lemmas: set[str] = set()
    for token in _words_above(ent.root):
        lemmas.add(token.lemma_.lower())
        if token.pos_ in {"NOUN", "PROPN"}:   # "100 to 300 people killed": the harm hangs off the noun
            lemmas.update(c.lemma_.lower() for c in token.children if c.dep_ in {"acl", "relcl", "amod"})
        if token.pos_ == "VERB":
            if token.lemma_ == "lose" and any(c.lemma_ == "life" for c in token.children):
                lemmas.add("die")   # "lost their lives"
            # "the toll stood at 471", "put the death toll at 37": the figure is the toll's. ("49 guards
            # sustained injuries" is no toll: the figure hangs off the guards, not off a figure noun.)
            for noun in (c for c in token.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}
                         and c.lemma_.lower() in FIGURE_NOUNS and c.i != ent.root.i):
                lemmas.update(t.lemma_.lower() for t in noun.subtree if t.pos_ in {"NOUN", "ADJ"})
            # "49 Civil Guards sustained minor injuries", "suffered wounds": what they underwent is the
            # harm the figure counts (injured, not dead).
            lemmas.update(c.lemma_.lower() for c in token.children if c.dep_ == "dobj" and c.pos_ == "NOUN")
            # "leaving 19 students dead", "confirmed dead as 18 students": the state the verb leaves them in.
            lemmas.update(c.lemma_.lower() for c in token.children if c.dep_ in {"oprd", "acomp"})
            break
    return frozenset(i for i, kind in enumerate(HARM_KINDS) if kind & lemmas)


@dataclass(frozen=True)
class SentenceContext:
    """What a sentence may lean on: the sentence before, where it refers back to it, and its document's
    title and file name."""

    before: str = ""
    title: str = ""
    # The sentences before it in its document, nearest first: where "it added" finds who "it" is.
    earlier: tuple[str, ...] = ()


_NO_CONTEXT = SentenceContext()


def supplies(part: AskedPart, sentence: str, analysis: QuestionAnalysis,
             context: SentenceContext = _NO_CONTEXT) -> bool:
    """Does ``sentence`` give ``part``? A count must count what was asked ("1500 packages"), not
    merely be a number ("Debian 2.0", "the Motorola 68000 series"): ``values_for`` reads that.
    Amounts ("how much trade"), names and dates as ``rag.question.gives``. A figure asked of a named
    giver must be the giver's, named or described in a document that names it ("the NGO")."""
    of_the_giver = part.labels <= NUMBER_LABELS or analysis.asks_within_a_partys_words
    if (of_the_giver and analysis.giver and not from_the_giver(analysis, sentence)
            and not _giver_described(analysis, sentence, context)):
        return False
    if part.labels == COUNT_LABELS:
        # "It can reach 20,000 deaths" bounds the count; it does not give it.
        return any(not v.projected for v in values_for(part, sentence, analysis))
    if part.noun in _CALENDAR_NOUNS and not _gives_a_calendar_date(sentence, analysis):
        return False
    if part.labels == DATE_LABELS and len(analysis.parts) == 1 and not _names_the_subject(sentence, analysis):
        return False
    if part.labels == TIME_LABELS and not _speaks_of_the_act(sentence, parse(analysis.text)):
        return False   # "What time did the police arrive?" is not answered by when the migrants approached
    if part.labels == MEASURE_LABELS and _asks_how_long(analysis.text):
        # "How long had the jet been flying?" is answered by a span of time ("in the air for about
        # half-an-hour"), which need not name the jet, or by a length; not by "ten people on board the jet".
        return DURATION.search(sentence) is not None or (
            about_the_measured(sentence, analysis, context)
            and any(e.label_ == "QUANTITY" for e in parse(sentence).ents))
    if part.labels in (MEASURE_LABELS, SIZE_LABELS) and not about_the_measured(sentence, analysis, context):
        return False
    if part.labels == SIZE_LABELS and not _measures_the_asked_dimension(part, sentence):
        return False
    return gives(part, sentence, analysis)


# What a size question measures, and the units that measure it: "How tall is the fence?" is not answered
# by "12 square kilometres", nor "At what depth?" by "150,000 tons".
_DIMENSION_OF = {
    **dict.fromkeys("height depth width length distance altitude thickness range diameter elevation".split(),
                    "length"),
    **dict.fromkeys(("weight", "payload"), "mass"),
    "speed": "speed", "area": "area", "volume": "volume", "capacity": "volume",
}


def _names_the_subject(sentence: str, analysis: QuestionAnalysis) -> bool:
    """For "When did the Chinese embassy comment?": does the sentence name the embassy? A date in "The
    UK defence ministry said in March …" is of another party's act. Read for a question that asks only
    when: in "How many packages did the release named after the piggy bank have, and when did it ship?"
    the subject is described, not named, and on dev the rule refused it. True when no subject is read."""
    nouns = _subject_nouns(parse(analysis.text))
    if not nouns:
        return True
    said = {stem(t.lemma_.lower()) for t in parse(sentence)} | {stem(t.lower_) for t in parse(sentence)}
    return bool(nouns & said)


def _subject_nouns(question) -> set[str]:  # type: ignore[no-untyped-def]
    """Stems of the nouns right after a question's inverted auxiliary ("did the Karvian embassy comment"
    -> embassy, comment), read by word order: the parser often takes the verb after them for a noun."""
    words = list(question)
    auxiliary = next((t for t in words[1:] if t.lower_ in QUESTION_AUXILIARIES), None)
    if auxiliary is None:
        return set()
    nouns: set[str] = set()
    for token in words[auxiliary.i + 1 :]:
        if token.pos_ in {"NOUN", "PROPN"}:
            nouns.update(stem(word) for word in with_event_synonyms({token.lemma_.lower()}))
        elif nouns or token.pos_ not in {"DET", "ADJ", "NUM"}:
            break   # the subject ends with its nouns; before them only determiners and modifiers
    return nouns


def asked_dimension(part: AskedPart) -> str | None:
    """What the part measures, when it is a dimension read here: "the distance" -> "length"."""
    return _DIMENSION_OF.get(_measured_noun(part))


def _measured_noun(part: AskedPart) -> str:
    """The noun of what is measured: "depth" for "How deep …?" (asked as "the depth")."""
    return (part.noun or part.missing.split()[-1]).lower()


def _measures_the_asked_dimension(part: AskedPart, sentence: str) -> bool:
    """Does the sentence give a quantity in a unit of what is asked (a length for "how tall")? True when
    the question's dimension is not one read here ("the size")."""
    dimension = asked_dimension(part)
    if dimension is None:
        return True
    # A quantity whose unit measures nothing known ("2,000 migrants", which the recogniser may call one)
    # gives no height.
    return any(_of_the_asked_dimension(ent, part) for ent in parse(sentence).ents if ent.label_ == "QUANTITY")


def _of_the_asked_dimension(ent, part: AskedPart) -> bool:  # type: ignore[no-untyped-def]
    """Does the quantity measure what is asked: its unit's dimension, and, for a measure before a noun,
    the dimension its adjective names? "a 3.2-meter-wide alley" gives the alley's width; "the
    1,200-kilometer pipelines" and "a 40-meter back alley" give a length, not a width or a depth."""
    measured = dimension_of(_with_its_rate(ent))
    if measured != asked_dimension(part):
        return False
    if not _a_measure_before_a_noun(ent) or measured != "length":
        return True   # "a 40-mph wind" is a speed, "a 95,000-ton ship" a weight, whatever follows
    return _dimension_named_after(ent) == _measured_noun(part)


# The adjective after a measure before a noun ("3.2-meter-wide") and the dimension it names: those a
# question asks a size with ("how wide"), and "long" and "broad", which it does not.
_DIMENSION_ADJECTIVES = {adjective: asked.removeprefix("the ") for adjective, asked in SIZES.items()} | {
    "long": "length", "broad": "width"}


def _dimension_named_after(ent) -> str:  # type: ignore[no-untyped-def]
    """The dimension of length a measure before a noun gives: the one its adjective names, else the length."""
    following = [t.lower_ for t in ent.doc[ent.end : ent.end + 2] if t.lower_ != "-"]
    return _DIMENSION_ADJECTIVES.get(following[0] if following else "", "length")


def _with_its_rate(ent) -> str:  # type: ignore[no-untyped-def]
    """A quantity with the rate the recogniser leaves after it: "128 km" + "/h", "100 kilometres" + "an
    hour" measure speeds, not lengths."""
    after = ent.doc[ent.end:ent.end + 2].text
    return f"{ent.text} {after}" if _PER_HOUR.match(after) else ent.text


_PER_HOUR = re.compile(r"\b(?:per|an?)\s+hour\b|/\s*hr?\b", re.IGNORECASE)


def dimension_of(quantity: str) -> str | None:
    """The dimension a quantity's unit measures, or None when it cannot be told."""
    if _PER_HOUR.search(quantity):
        return "speed"   # "80 miles an hour", "128 km per hour", "128 km/h"
    words = re.findall(r"[a-z/]+", quantity.lower())
    if "square" in words or "sq" in words:
        return "area"
    if "cubic" in words:
        return "volume"
    if "per" in words and "hour" in words:
        return "speed"
    return next((dimension for dimension, units in UNITS_OF.items() if units & set(words)), None)


# "On what date …?" asks for a day of the calendar: "last year" or "recently" dates an event without
# giving its date, though the recogniser tags both as dates.
_CALENDAR_NOUNS = frozenset({"date", "dates"})


def _gives_a_calendar_date(sentence: str, analysis: QuestionAnalysis) -> bool:
    """Does the sentence date what is asked with a day the question does not already name?

    A date is a day: "the 2022 bombing" gives the year of the bombing, not the date of a warrant. The
    date of a statement ("…, prosecutors said Tuesday, September 30") dates the saying, not the act
    reported, unless the question asks when something was said. And the sentence must speak of the
    act: "… killed … on October 17, 2023" does not date when Israel would publish its investigation."""
    question = analysis.text.lower()
    question_doc = parse(analysis.text)
    asks_of_saying = any(t.lemma_.lower() in REPORTING_VERBS for t in question_doc)
    dated = [ent for ent in parse(sentence).ents if ent.label_ == "DATE" and _names_a_day(ent.text)]
    return _speaks_of_the_act(sentence, question_doc) and any(
        ent.text.lower() not in question
        and (asks_of_saying or ent.root.head.lemma_.lower() not in REPORTING_VERBS) for ent in dated)


def _names_a_day(text: str) -> bool:
    value = _date(text)
    return (value is not None and value.date[2] is not None) or bool(weekdays_named(text))


def _speaks_of_the_act(sentence: str, question_doc) -> bool:  # type: ignore[no-untyped-def]
    """Does the sentence share a word of what the question says was done: its words less the names,
    the verbs of saying and the calendar words ("date", "day")?"""
    act = {t.lemma_.lower() for t in question_doc
           if t.pos_ in {"NOUN", "VERB", "ADJ"} and t.lemma_.lower() not in REPORTING_VERBS | HAPPENING_VERBS
           and t.lemma_.lower() not in _CALENDAR_WORDS and not t.is_stop and not t.ent_type_}
    if not act:
        return True
    return bool({stem(word) for word in with_event_synonyms(act)} & {stem(t.lemma_.lower()) for t in parse(sentence)})


_CALENDAR_WORDS = frozenset({"date", "day", "month", "year", "time", "hour", "exact", "exactly", "precise"})


_HOW_LONG = re.compile(r"\bhow\s+long\b", re.IGNORECASE)
# A span of time: "six years", "about half-an-hour", "an hour and a half", "90 minutes".
DURATION = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|"
    r"half)[\s-]+(?:an?[\s-]+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b",
    re.IGNORECASE)


_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})


def _a_span_of(noun: str | None, text: str) -> TypeGuard[str]:
    """Is ``text`` a span of time in the unit a count asks for: "14 years" for "how many years …?", which
    the recogniser tags as a date, not as a number?"""
    if noun is None or noun not in _TIME_UNITS:
        return False
    span = DURATION.fullmatch(text.strip())
    return span is not None and span.group(0).lower().rstrip("s").endswith(noun)


def _asks_how_long(question: str) -> bool:
    return _HOW_LONG.search(question) is not None


def about_the_measured(sentence: str, analysis: QuestionAnalysis, context: SentenceContext = _NO_CONTEXT) -> bool:
    """Is the sentence about what "how big / how long / how far …?" measures? It, or the sentence it leans
    on, must name one of the question's nouns: "How big was the crater?" is not answered by "the low end
    of the 100-to-300 spectrum" of deaths, while "the war lasted six years" answers "How long was the
    war?", and "It was travelling at about eight knots" answers "How fast was the Dali going?" after a
    sentence that names the Dali."""
    nouns = {stem(t.lemma_.lower()) for t in parse(analysis.text) if t.pos_ in {"NOUN", "PROPN"}}
    if not nouns:
        return True
    around = f"{sentence} {context.before}"
    return bool(nouns & {stem(t.lemma_.lower()) for t in parse(around)})


def from_the_giver(analysis: QuestionAnalysis, sentence: str) -> bool:
    """Does the figure come from the person, organisation or country the question names as its giver?

    "What toll did Human Rights Watch arrive at?": Human Rights Watch must act in the sentence, not
    merely be named ("… blamed an Israeli airstrike" names Israel in another role). "How many people did
    Israel say were killed?": Israel, or someone of Israel's, must be the one who says it ("…, an Israeli
    official said"); a figure of Israel's own doing ("Israel responded to a rampage that killed 1,400")
    is not what it said."""
    question_root = next((t for t in parse(analysis.text) if t.dep_ == "ROOT"), None)
    # "Who does Ukraine say destroyed the dam?" asks what Ukraine says, however the parser hangs "say".
    says = analysis.asks_within_a_partys_words or (
        question_root is not None and question_root.lemma_.lower() in REPORTING_VERBS)
    if says:
        doc = parse(sentence)
        return any(_says(verb, analysis.giver) for verb in doc if verb.lemma_.lower() in GIVING_VERBS) or any(
            t.lower_ == "according" and mentions_name(analysis.giver, phrase_of(t))
            for t in doc)
    return acts(analysis.giver, sentence)


# Descriptions by which a report refers to any organisation it named before: "a statement released by the
# NGO". A more specific noun ("the ministry") describes only a giver whose name holds it.
_ANY_PARTY_NOUNS = frozenset("ngo group organisation organization association charity watchdog body".split())


def _giver_described(analysis: QuestionAnalysis, sentence: str, context: SentenceContext) -> bool:
    """Does the sentence refer to the question's giver by description ("the NGO", "the group"), in a
    document whose title or preceding sentence names the giver ("Amnesty puts toll at 37"), or by a
    pronoun that stands for the giver ("…, it added")?"""
    giver_words = {word for name in analysis.giver for word in name.split()}
    doc = parse(sentence)
    if _told_by_a_pronoun(doc) and _pronoun_is_the_giver(analysis, giver_words, context.earlier):
        return True
    return mentions_name(analysis.giver, f"{context.title} {context.before}") and _describes_the_giver(doc, giver_words)


def _describes_the_giver(doc, giver_words: set[str]) -> bool:  # type: ignore[no-untyped-def]
    return any((t.lemma_.lower() in _ANY_PARTY_NOUNS or t.lower_ in giver_words)
               and t.pos_ in {"NOUN", "PROPN"} and any(c.lower_ == "the" for c in t.children) for t in doc)


def _told_by_a_pronoun(doc) -> bool:  # type: ignore[no-untyped-def]
    """"As a result of the strike, it added, …": a verb of telling whose subject is a pronoun."""
    return any(t.lemma_.lower() in TELLING_VERBS and any(c.dep_ == "nsubj" and c.lower_ in _SPEAKING_PRONOUNS
                                                          for c in t.children) for t in doc)


_SPEAKING_PRONOUNS = frozenset({"it", "he", "she", "they"})


def _pronoun_is_the_giver(analysis: QuestionAnalysis, giver_words: set[str], earlier: Sequence[str]) -> bool:
    """Does the pronoun speaker stand for the giver? The nearest earlier sentence with a speaker decides:
    one that names the giver ("Russia's Defence Ministry said …"), or describes it ("…, the ministry
    said"), when a sentence before that names it; a pronoun there passes the question further back."""
    described = False
    for sentence in earlier:
        doc = parse(sentence)
        if described and any(t.dep_ == "nsubj" and mentions_name(analysis.giver, phrase_of(t)) for t in doc):
            return True   # "Russia's Defense Ministry published a list …" before "The ministry announced …"
        subjects = [c for t in doc if t.lemma_.lower() in TELLING_VERBS for c in t.children if c.dep_ == "nsubj"]
        if not subjects:
            continue
        if any(mentions_name(analysis.giver, phrase_of(s)) for s in subjects):
            return True
        if any(s.lower_ in _SPEAKING_PRONOUNS for s in subjects):
            continue
        if not described and _describes_the_giver(doc, giver_words | _INSTITUTION_WORDS):
            described = True   # "the ministry said": whose ministry, a sentence further back says
            continue
        return False   # someone else speaks there
    return False


# What a report calls a party's body or voice once it has named the party: "the ministry", "the spokesman".
_INSTITUTION_WORDS = ACTING_BODIES | frozenset({"spokesman", "spokeswoman", "spokesperson", "government"})


def _says(verb, giver: frozenset[str]) -> bool:  # type: ignore[no-untyped-def]
    """Is the subject of this verb of saying the giver, or someone of theirs ("a spokesperson for the
    Israeli Ministry of Foreign Affairs")?"""
    # "Russia denied the strike and claimed …", "…, accusing Ukraine of staging it": a verb joined to
    # another, or a participle clause on it, has that verb's subject.
    while verb.dep_ in {"conj", "advcl"} and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        verb = verb.head
    return any(c.dep_ in {"nsubj", "nsubjpass"} and mentions_name(giver, phrase_of(c))
               for c in verb.children)


def _counts_the_same(ent, part: AskedPart, one_group: bool) -> bool:  # type: ignore[no-untyped-def]
    # Whom "130 were injured" counts after "40 soldiers were killed and": read here only, so that the
    # borrowed noun says what is counted, not that the figure is about the question.
    counted = _counted_noun(ent) or _elided_noun(ent.root)
    if part.noun is None or part.noun in FIGURE_NOUNS:
        return True   # "the death toll" says what it counts in other words: read by the kind of harm
    if _a_parent_of(ent):
        return part.noun in {"child", "kid", *KINDS_OF["child"]}   # "a father of three" has three children
    if counted is None:
        # "officials say hundreds were killed" may count people, not Israelis: a figure that does not
        # say what it counts does not answer a question about one group of people. Other figures
        # ("put the death toll at 100") are read as the parse places them.
        # Nor does "38 were killed" answer "How many children died?" unless the sentence speaks of children.
        return not one_group and (part.noun not in _KINDS_OF_PEOPLE or _mentions_noun(ent.doc, part.noun))
    if any(stem(word.lemma_.lower()) == stem(part.noun) for word in _with_compounds(counted, ent)):
        return True   # "150,000 tons of methane gas" is an amount of methane
    if counted.lemma_.lower() in _MEMBER_NOUNS and _members_of(counted, part.noun):
        return True   # "three crew members" counts crew, "49 police officers" police
    if counted.lemma_.lower() in KINDS_OF.get(part.noun, ()):
        return True   # "four cars" counts vehicles
    if _of_a_named_people(counted, frozenset({part.noun})):
        return True   # "175,000 Indian pilgrims" are Indians
    counts_people = part.labels & PERSON_LABELS or part.noun in PERSON_NOUNS   # "155 Chinese" are nationals
    if not counts_people:
        return False
    if counted.ent_type_ in {"NORP", "PERSON"} or counted.pos_ == "PROPN":
        return True
    # "How many people …?" is answered by a count of any kind of people ("hundreds of civilians").
    return part.noun in _PEOPLE_IN_GENERAL and counted.lemma_.lower() in PERSON_NOUNS | _KINDS_OF_PEOPLE


# Nouns for the members of a group that the word before them names: "crew members", "police officers".
_MEMBER_NOUNS = frozenset({"member", "officer", "personnel", "staff", "staffer"})


def _of_a_named_people(counted, people: frozenset[str]) -> bool:  # type: ignore[no-untyped-def]
    """Does a nationality on the counted noun name one of ``people``: "Indian pilgrims" are Indians,
    "Karvian soldiers" Karvians?"""
    return any(_same_people(word.text, people) for word in _peoples_on(counted))


def _a_parent_of(ent) -> bool:  # type: ignore[no-untyped-def]
    """"a father of three", "a mother of two": the figure counts the parent's children."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in _PARENTS


_PARENTS = frozenset({"father", "mother", "parent"})


def _members_of(member, noun: str) -> bool:  # type: ignore[no-untyped-def]
    """Does the member noun count the group ``noun`` names ("crew members" the crew, "service members" troops)?"""
    named = _GROUPS_OF_MEMBERS.get(noun, frozenset())
    return any(stem(group.lemma_.lower()) == stem(noun) or group.lemma_.lower() in named
               for group in _groups_of(member))


# The word before a member noun that makes its members one of these groups: "12 US service members" are
# troops.
_GROUPS_OF_MEMBERS = {"troop": frozenset({"service"}), "soldier": frozenset({"service"})}


def _groups_of(member):  # type: ignore[no-untyped-def]
    """The nouns that may name the group a member noun counts: "crew members", "a 21-member crew", "a crew of
    22 members", "22 members of the crew"."""
    groups = [c for c in member.children if c.dep_ == "compound"]
    groups += [g for c in member.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"]
    head = member.head
    if member.dep_ == "compound":
        groups.append(head)
    elif member.dep_ == "pobj" and head.lower_ == "of":
        groups.append(head.head)
    return groups


def _mentions_noun(doc, lemma: str) -> bool:  # type: ignore[no-untyped-def]
    return any(stem(t.lemma_.lower()) == stem(lemma) for t in doc)


def _asks_for_one_group_of_people(part: AskedPart, analysis: QuestionAnalysis) -> bool:
    """"How many Israelis …?", "How many soldiers …?": a count of one group of people, not of people in
    general ("How many people …?") nor of things."""
    if part.noun is None or part.noun in _PEOPLE_IN_GENERAL:
        return False
    if part.noun in PERSON_NOUNS:
        return True
    return any(t.ent_type_ == "NORP" and part.noun in {t.lower_, t.lemma_.lower()} for t in parse(analysis.text))


# The asked noun, as the question reading keeps it (a lemma, or a proper noun as written).
_PEOPLE_IN_GENERAL = frozenset({"people", "person", "persons", "individual", "individuals", "victim", "victims",
                                "casualty", "casualties"})
_KINDS_OF_PEOPLE = frozenset("civilian resident child adult patient worker staff member employee passenger "
                             "student refugee migrant prisoner hostage".split())


def _counted_noun(ent):  # type: ignore[no-untyped-def]
    """What a figure counts: the noun it modifies ("471 Palestinians"), or the noun of its "of" phrase
    ("hundreds of Palestinians", "dozens of people"); None when the parse does not say."""
    root = ent.root
    if root.dep_ in {"nummod", "quantmod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return root.head
    of = [g for c in root.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if any(g.lower_ == "whom" for g in of):
        return _antecedent_person(ent.doc, root.i)   # "155 Chinese … – two of whom were captured"
    return next((g for g in of if g.pos_ in {"NOUN", "PROPN"}), None)


def _elided_noun(root):  # type: ignore[no-untyped-def]
    """The noun a bare figure leaves out because the clause before it gave it: in "40 soldiers were killed
    and 130 were injured", 130 counts soldiers. Only for a bare figure that is the subject of a verb
    joined by "and" to a verb whose own subject is a counted noun."""
    if root.dep_ not in {"nsubj", "nsubjpass"} or root.head.dep_ != "conj" or any(root.children):
        return None
    first = root.head.head
    if not any(c.dep_ == "cc" and c.lower_ == "and" for c in first.children):
        return None
    subject = next((c for c in first.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"} \
            or not any(c.dep_ in {"nummod", "quantmod"} for c in subject.children):
        return None
    return subject


def _antecedent_person(doc, before: int):  # type: ignore[no-untyped-def]
    """The people "whom" stands for: the nearest earlier word for people ("155 Chinese were fighting
    with the Russian army – two of whom …" counts Chinese, not the army). The parse does not reliably
    hang the relative clause on it."""
    return next((t for t in reversed(doc[:before]) if t.pos_ in {"NOUN", "PROPN"} and (
        t.ent_type_ in {"NORP", "PERSON"} or t.lemma_.lower() in PERSON_NOUNS | _KINDS_OF_PEOPLE)), None)


def _with_compounds(noun, ent):  # type: ignore[no-untyped-def]
    """What a measurement measures: the noun and the nouns compounded before it ("methane" and "gas" in
    "150,000 tons of methane gas"). A plain count counts the noun alone: "one of the methane leaks"
    counts leaks."""
    if ent.label_ not in {"QUANTITY", "MONEY"}:
        return [noun]
    return [noun, *(c for c in noun.children if c.dep_ == "compound")]


def comparable(a: Value, b: Value) -> bool:
    """Do the two values answer one question? "$100 million" and "1,000 drones" do not, nor "155
    fighting" and "two captured", nor a date and a time of day."""
    return a.kind == b.kind and a.unit == b.unit and a.harm == b.harm


def agree(a: Value, b: Value) -> bool:
    return comparable(a, b) and not disagree(a, b)


def disagree(a: Value, b: Value) -> bool:
    if not comparable(a, b):
        return False
    if a.kind == "number":
        return not Figure(a.low, a.high).overlaps(Figure(b.low, b.high), _ROUNDING)
    if a.kind == "time":
        return a.high < b.low or b.high < a.low
    # "July 29" and "July 28" differ though neither gives its year. A date with a year and one without
    # may be of different years, so of different events ("a Debian Day on 7 July" is not "August 16th,
    # 1993"); "2022" and "July 28" are not compared at all. Within one month, though, the year left out
    # is the year given: "March 22" against "March 23, 2024" are two days for one deed.
    if (a.date[0] is None) != (b.date[0] is None):
        return _same_month_other_day(a.date, b.date)
    return any(x is not None and y is not None and x != y for x, y in zip(a.date, b.date, strict=True))


def _same_month_other_day(a: tuple[int | None, int | None, int | None],
                          b: tuple[int | None, int | None, int | None]) -> bool:
    """Two days of one month, whatever years they leave out: "March 22" and "March 23, 2024"."""
    (_, month_a, day_a), (_, month_b, day_b) = a, b
    return None not in (month_a, day_a, month_b, day_b) and month_a == month_b and day_a != day_b


def _question_stems(analysis: QuestionAnalysis) -> set[str]:
    doc = parse(analysis.text)
    lemmas = {t.lemma_.lower() for t in doc if t.pos_ in {"NOUN", "VERB", "PROPN", "ADJ"} and not t.is_stop}
    if lemmas & HAPPENING_VERBS:
        lemmas |= HAPPENING_VERBS   # "When did it happen?" is answered by "it occurred on …"
    lemmas |= {kind for lemma in lemmas for kind in KINDS_OF.get(lemma, ())}   # "How many kids" -> "six children"
    return {stem(word) for word in with_event_synonyms(lemmas)}


def _about_question(ent, question_stems: set[str]) -> bool:  # type: ignore[no-untyped-def]
    """Is the value attached to a word of the question: its noun ("470 migrants", or partitive: "470 of
    the migrants"), or the verb that governs the noun?"""
    token = ent.root
    if any(t.lower_ in UNIT_WORDS and stem(t.lemma_.lower()) in question_stems for t in ent):
        return True   # "eight knots" for "How many knots …?", "a 985-foot-long ship" for "… 948 or 985 feet?"
    of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
    if any(stem(w.lemma_.lower()) in question_stems
           for p in of for n in p.children if n.dep_ == "pobj" for w in _with_compounds(n, ent)):
        return True
    counted = _counted_noun(ent)
    if counted is not None and (stem(counted.lemma_.lower()) in question_stems
                                or _of_a_named_people(counted, frozenset(question_stems))):
        return True   # "the migrants, 11 of whom were transferred to hospital" counts migrants
    if counted is not None and counted.lemma_.lower() in _MEMBER_NOUNS and any(
            stem(group.lemma_.lower()) in question_stems for group in _groups_of(counted)):
        return True   # "21 crew members" counts the crew
    steps = 0
    while steps < 3:
        head = token.head
        if head.i == token.i:
            break
        # A preposition is no step away: "on the night of July 29, an explosion occurred".
        steps += head.pos_ != "ADP"
        if stem(head.lemma_.lower()) in question_stems or stem(head.lower_) in question_stems:
            return True
        if head.pos_ in {"VERB", "AUX"}:
            # Stop at the first verb: "killed 471 … and wounded 314": 314 belongs to "wounded". A date
            # dates the verb's deed, named by its subject or object: "on July 28, they staged an explosion"
            # (a name there, "Debian", says who acted, not what was done).
            if ent.label_ == "QUANTITY" and _reaches(head, ent, question_stems):
                return True
            return ent.label_ in DATE_LABELS and any(
                c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.pos_ == "NOUN"
                and stem(c.lemma_.lower()) in question_stems for c in head.children)
        token = head
    return False


def _reaches(verb, ent, question_stems: set[str]) -> bool:  # type: ignore[no-untyped-def]
    """Is a measure the reach of what the question measures: the verb's subject, or the noun the verb
    describes, is a word of the question ("temperatures reached 48 degrees", "with temperatures reaching
    48 degrees")? Not the figure's own noun: "roughly 2,000 migrants approached" counts who acted."""
    if verb.lemma_.lower() not in _REACHING_VERBS:
        return False   # "The ship carried 4,700 tonnes of cargo" is no weight of the ship
    measured = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if verb.dep_ == "acl":
        measured.append(verb.head)
    return any(n.pos_ == "NOUN" and not ent.start <= n.i < ent.end and stem(n.lemma_.lower()) in question_stems
               for n in measured)


# Verbs by which a measure is its subject's: the copula ("the Dali is a 948-ft ship"), "measure", and the
# verbs by which a measure reaches a level (Levin's 1993 "calibratable change of state" verbs and their kin).
_REACHING_VERBS = frozenset("be measure reach hit rise climb soar top peak exceed surpass touch stand fall drop"
                            .split())

_UNITS = {"MONEY": "money", "PERCENT": "percent"}
# A temperature in Fahrenheit is no rival to one in Celsius: "51.8 degrees Celsius (125 degrees Fahrenheit)".
_FAHRENHEIT = re.compile(r"\bfahrenheit\b|°\s*F\b|\b\d+\s*F\b|\bdegrees?\s+F\b", re.IGNORECASE)


def _unit_of(ent, label: str) -> str:  # type: ignore[no-untyped-def]
    """What the figure is counted in, as far as two figures must agree on it to be compared. The scale
    may follow the entity the parse found ("125 degrees" then "Fahrenheit")."""
    following = ent.doc[ent.end].text if ent.end < len(ent.doc) else ""
    if label == "QUANTITY" and _FAHRENHEIT.search(f"{ent.text} {following}"):
        return "fahrenheit"
    return _UNITS.get(label, "")


def _number(text: str, unit: str = "") -> Value | None:
    figure = read_figure(text)
    if figure is None:
        return None
    return Value(text, "number", low=figure.low, high=figure.high, unit=unit)


def figures_offered(question: str) -> list[Value]:
    """The figures a question offers as its possible answers ("948 or 985 feet?"), as values; empty unless it
    offers two or more joined by "or". A figure that only says what is asked about ("How many of the 300
    passengers died?") is no answer offered."""
    if _OFFERED_FIGURES.search(question) is None:
        return []
    return [value for ent in parse(question).ents if ent.label_ in NUMBER_LABELS
            for value in [_number(ent.text, _unit_of(ent, ent.label_))] if value is not None]


_OFFERED_FIGURES = re.compile(r"\d[\d,.]*\s*(?:[a-z]+\s+)?or\s+\d", re.IGNORECASE)


def _asks_a_length(question) -> bool:  # type: ignore[no-untyped-def]
    """Does a "how long" question ask a length rather than a span of time? When it asks in a unit of length
    ("how long, in feet, …") or offers lengths as its answers ("how long is the Dali, 948 or 985 feet?"),
    not when a length only describes its subject ("How long was the 5 km traffic jam?")."""
    offered = _OFFERED_FIGURES.search(question.text) is not None
    return any(t.lower_ in UNITS_OF["length"] and (offered or t.i == 0 or not t.nbor(-1).like_num)
               for t in question)


def _date(text: str) -> Value | None:
    date = read_date(text)
    return Value(text, "date", date=date) if date is not None else None
