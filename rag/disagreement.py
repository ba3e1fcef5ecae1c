"""Is the answer to this question disputed? If so: who affirms it, and who denies it or sees no evidence.

An answer shows a disagreement only about the question's own proposition. For a
yes/no question ("Has China supplied lethal weapons to Russia?") the proposition is
the question stated as a claim; every evidence sentence about it takes a stance
(``rag.voices``): it affirms the proposition, denies it, or says there is no
evidence. The sides come from those stances directly, never from chains of pairwise
judgements, so two voices that agree cannot land on opposite sides.

A voice counts only when it is about the proposition: close to the question (its
evidence score) and naming the question's actors, when the question names any.
Sides need different speakers: one report quoting both a claim and its denial is a
disagreement between the two speakers it quotes. A sentence that states both positions itself
("X blamed an air strike, while Y said a rocket misfired") is on neither side: quoted as one
side's voice, it would also say what the other side says. At most ``voices_per_side`` voices a
side, the most relevant first.

A question that asks for a figure or a date is disputed when the sources give different
values for it (``rag.values``): the precise value the most documents give, and those that agree
with it, on one side; the best value that cannot be right with it, and its allies, on the other.
A question that asks who is to blame ("Who was responsible for the blast?") is disputed when two of
its relevant sentences form one of the contradiction map's responsibility conflicts ("X blamed
Israel" against "Israel was not responsible"); a sentence that attributes the event to another
cause ("resulted from an Islamic Jihad rocket") joins the denying side.
Other questions that ask for a name get no disagreement block: their answer is that name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

import numpy as np

from core.documents import LocatedText
from core.lexicon import (
    ACTING_BODIES,
    CAUSAL_ATTRIBUTIONS,
    COUNTRY_OF,
    DESTRUCTION_NOUNS,
    DESTRUCTION_VERBS,
    EVIDENCE_NOUNS,
    INSTITUTION_NOUNS,
    PERSON_NOUNS,
    REPORTING_VERBS,
    RESPONSIBILITY_WORDS,
)
from rag.agents import DESTROYING, asks_who_did_a_named_deed, doer_dispute
from rag.alternatives import alternatives_dispute
from rag.answerability import context_for, previous_sentence
from rag.evidence import EvidenceSelection
from rag.nlp import parse, phrase_of
from rag.question import (
    AGENT_LABELS,
    DATE_LABELS,
    NUMBER_LABELS,
    WH_WORDS,
    QuestionAnalysis,
    acts,
    analyse,
    inverted_reporter,
    subject_names,
)
from rag.roles import accused_by, blames, doers_of, is_accused
from rag.schemas import Evidence, FoundConflict, RetrievedChunk, Stance
from rag.text import acronyms, content_terms, mentions_name, stem, weekdays_named
from rag.units import continued, is_clean_unit, leans_on_context, points_back
from rag.values import Value, agree, comparable, disagree, figures_offered, from_the_giver, values_for
from rag.voices import (
    Voice,
    flip,
    is_negated_verb,
    read_voice,
    speaks_for_two_parties,
    tokens_use_a_word_of,
    uses_a_word_of,
)

if TYPE_CHECKING:
    from rag.conflicts.store import StoredConflict

# A voice must score within this much of the best evidence sentence, and above a floor: a
# denial rarely shares the words of the question as closely as the claim it denies does.
_RELEVANCE_MARGIN = 0.45
_RELEVANCE_FLOOR = 0.35
_MAX_CANDIDATES = 48


@dataclass(frozen=True)
class StancedEvidence:
    evidence: Evidence
    voice: Voice
    stance: Stance


class MappedDisputes(Protocol):
    """The contradiction map's stored conflicts among some documents of a collection (``rag.conflicts.store``)."""

    def conflicts(self, collection: str, doc_ids: Sequence[str] | None = None) -> list[StoredConflict]: ...


class QuestionDisagreement:
    """The ``ConflictFinder`` of the answer pipeline: one disagreement about the question, or none."""

    def __init__(self, voices_per_side: int = 3, enabled: bool = True, mapped: MappedDisputes | None = None) -> None:
        self.voices_per_side = voices_per_side
        self.enabled = enabled
        self.mapped = mapped

    def for_answer(
        self, question: str, selection: EvidenceSelection, passages: Sequence[RetrievedChunk], collection: str,
        sources: Sequence[str] | None = None, query_vector: np.ndarray | None = None,
    ) -> list[FoundConflict]:
        analysis = selection.analysis or analyse(question)
        if not self.enabled or not selection.ranked:
            return []
        if analysis.form == "list":
            # "Which groups gave higher tolls, and what numbers?": the list gathers every document's
            # figure; setting two of them against each other would cut it short.
            return []
        if not analysis.is_yes_no:
            dispute = value_dispute(analysis, selection.ranked, self.voices_per_side)
            if dispute is None and analysis.asks_within_a_partys_words and analysis.giver:
                # "Who does Ukraine say destroyed the dam?" asks one party's account: the other side's
                # doer is no rival answer to it (a party's own figures may still differ, read above).
                return []
            if dispute is None and self.mapped is not None and asks_who_is_responsible(analysis):
                dispute = responsibility_dispute(analysis, selection.ranked, collection, self.mapped,
                                                 self.voices_per_side)
            if dispute is None:
                # "Who blew up the dam?": the doers each source names, read per sentence. A sentence that
                # names the deed, what it was done to and a doer is relevant however it ranks: the other
                # side's account rarely shares the question's words ("accuses Kyiv of sabotaging …").
                dispute = doer_dispute(analysis, selection.ranked, self.voices_per_side, 0.0, _MAX_CANDIDATES)
            if dispute is None:
                dispute = alternatives_dispute(question, selection.ranked, self.voices_per_side)
            return [dispute] if dispute is not None else []
        if analysis.proposition is None:
            return []
        ranked = selection.ranked
        # Only voices a reader can understand (on their own, or after the sentence they lean on) and
        # that speak for one side.
        stanced = [s for s in stances(analysis, ranked)
                   if understood(s.evidence, ranked) and not speaks_for_two_parties(s.evidence.text)]
        affirming = distinct_speakers([s for s in stanced if s.stance == "affirms"], self.voices_per_side)
        # A denial answers the question more directly than "no evidence either way": it leads its side.
        against = sorted((s for s in stanced if s.stance != "affirms"), key=lambda s: s.stance == "no_evidence")
        opposing = distinct_speakers(against, self.voices_per_side)
        if not affirming or not opposing or not _independent(affirming, opposing):
            # "Was it ammonium nitrate or sodium nitrate?": no source denies either; they name different ones.
            split = alternatives_dispute(question, ranked, self.voices_per_side)
            return [split] if split is not None else []
        side_a = with_context([s.evidence for s in affirming], ranked)
        side_b = with_context([s.evidence for s in opposing], ranked)
        proposition = analysis.proposition
        return [
            FoundConflict(
                topic=f"whether {continued(proposition)}",
                explanation="The sources take opposite stances on this.",
                sides=(side_a[0], side_b[0]),
                judge="stance",
                confidence=round(min(affirming[0].evidence.score, opposing[0].evidence.score), 3),
                allies=(tuple(side_a[1:]), tuple(side_b[1:])),
                proposition=proposition,
            )
        ]


def value_dispute(
    analysis: QuestionAnalysis, ranked: Sequence[Evidence], voices_per_side: int
) -> FoundConflict | None:
    """Sources that give different figures or dates for what the question asks.

    The leading sentence that gives a value sets side 0 with every sentence that agrees with
    it; side 1 is the best sentence all of whose values disagree with it, with those that agree
    with that one. A third figure, at odds with both, is left out rather than put on a side.
    """
    part = next((p for p in analysis.parts if p.labels & (NUMBER_LABELS | DATE_LABELS)), None)
    if part is None or (analysis.asks_for_a_partys_figure and not analysis.giver):
        # A party's figure, described rather than named ("the health authorities"): which sentences
        # are theirs cannot be told, so no other figure is set against it.
        return None
    if len(weekdays_named(analysis.text)) > 1:
        # "What was the toll on Saturday, and by Sunday?" asks how a figure changed: the two are not rivals.
        return None
    if _counts_several_groups(analysis.text):
        # "How many Spanish and Moroccan officers were hurt?": "140 Moroccan officers" and "49 Civil
        # Guards" count different groups, which the question asks for side by side.
        return None
    floor = max(ranked[0].score - _RELEVANCE_MARGIN, _RELEVANCE_FLOOR)
    subset = _asked_subset(analysis.text)
    # "How long is the Dali, 948 or 985 feet?": a sentence giving a figure the question offers is about it,
    # however far down it ranks (checked below, once its values are read; the score test comes first
    # only to spare reading every candidate when the question offers none).
    named = figures_offered(analysis.text) if part.labels & NUMBER_LABELS else []
    valued = [
        (evidence, found)
        for evidence in ranked[:_MAX_CANDIDATES]
        if (evidence.score >= floor or named) and is_clean_unit(evidence.text) and not points_back(evidence.text)
        # "How many of the dead died in hospital?" counts some of the dead: "the toll rose to 50" counts
        # them all, and is no rival to "12 died in hospital".
        and (not subset or uses_a_word_of(subset, evidence.text))
        # A name the sentence leaves to its document's title ("37 people died in the attempt" under
        # "Amnesty puts Melilla toll at 37") is named all the same. A rival figure is of the same party
        # or place: for "How many migrants were sentenced in Morocco?", "dozens of migrants being
        # beaten" in a film that names no place is no rival to "13 migrants were given jail sentences in
        # Morocco".
        and _names_the_asked(analysis, evidence, ranked)
        # "How many did Israel say were killed?" asks for Israel's figure: others' figures are no rival to it.
        and (not analysis.giver or (from_the_giver(analysis, evidence.text)
                                    and not _another_speaks(analysis.giver, evidence.text)))
        and understood(evidence, ranked)   # a reader must know who "he" is before a figure can lead a side
        and not speaks_for_two_parties(evidence.text)   # "X said 300, while Y put it at 500" is both sides
        # "The Red Crescent denied that the toll had reached 11,300": a figure denied is no one's figure.
        and read_voice(evidence.text).polarity != "denies"
        and in_the_asked_years(analysis, evidence, ranked) and on_the_asked_day(analysis, evidence)
        for found in [values_for(part, evidence.text, analysis)]
        if found and (evidence.score >= floor or any(agree(v, w) for v in found for w in named))
    ]
    if len(valued) < 2:
        return None
    lead, lead_values = _most_reported(valued)
    totals = _totals_of_the_asked_counts(analysis, [e for e, _ in valued])
    agreeing, opposing = [lead], []
    for evidence, found in valued:
        if evidence is lead:
            continue
        if all(v.low == v.high and v.low in totals for v in found):
            continue   # "the 10 passengers" is the whole of "seven passengers and three crew members"
        # A figure that matches one of the lead's is no rival, though it differs from the lead's other
        # figures ("about 13 km" beside "around 12km (eight miles)").
        if _at_odds(found, lead_values):
            opposing.append(evidence)
        elif _allied(found, lead_values):
            agreeing.append(evidence)
    if not opposing:
        return None
    values_of = dict(valued)
    # The other side is the best opposing figure and those that agree with it: "several dozen" and
    # "471" both disagree with "300", but not on one side, since they disagree with each other too.
    # The anchor of side 1 is the best opposing sentence that gives one figure, if any; it stays
    # on its side even when it gives two figures that differ from each other.
    # A figure someone is named as giving comes before one given in passing (``_gives_its_source``).
    opposing.sort(key=lambda e: (len(values_of[e]) != 1, not _gives_its_source(e)))   # stable otherwise
    anchor = values_of[opposing[0]]
    opposing = opposing[:1] + [e for e in opposing[1:]
                               if _allied(values_of[e], anchor) or _beside(values_of[e], anchor, lead_values)]
    agreeing, opposing = _ally_order(agreeing, values_of), _ally_order(opposing, values_of)
    agreeing, opposing = agreeing[:voices_per_side], opposing[:voices_per_side]
    side_a = [replace(e, stance="affirms", speaker=speaker_of(e)) for e in with_context(agreeing, ranked)]
    side_b = [replace(e, stance="denies", speaker=speaker_of(e)) for e in with_context(opposing, ranked)]
    return FoundConflict(
        topic=part.missing.replace("a date", "the date"),
        explanation="The sources give different values for what the question asks.",
        sides=(side_a[0], side_b[0]),
        judge="values",
        confidence=round(min(agreeing[0].score, opposing[0].score), 3),
        allies=(tuple(side_a[1:]), tuple(side_b[1:])),
        proposition=f"{part.missing.replace('a date', 'the date')} is {lead_values[0].text}",
    )


def _totals_of_the_asked_counts(analysis: QuestionAnalysis, sentences: list[Evidence]) -> set[float]:
    """For a question that asks several counts ("How many passengers and how many crew …?"), the sums a
    sentence gives for them together (7 + 3): a figure of the whole, worded loosely ("all 10 passengers"),
    is no rival to its parts."""
    counts = [p for p in analysis.parts if p.labels & NUMBER_LABELS and not p.labels & DATE_LABELS]
    if len(counts) < 2:
        return set()
    totals = set()
    for evidence in sentences:
        firsts = [found[0] for part in counts if (found := values_for(part, evidence.text, analysis))]
        if len(firsts) == len(counts) and len({v.text for v in firsts}) == len(firsts) \
                and all(v.low == v.high and v.low is not None for v in firsts):
            totals.add(sum(v.low for v in firsts if v.low is not None))
    return totals


def _asked_subset(question: str) -> set[str]:
    """The words that single out the counted part of a whole in "How many of the N …?": "hospital" in
    "How many of the dead died in hospital?", "children" in "How many of the wounded were children?".
    The verb is left out: every count of the dead says they died. Empty for any other question."""
    for token in parse(question):
        if token.lower_ == "many" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            clause = token.head
            counted = {t.i for t in token.subtree}
            words = [t.text for t in clause.subtree if t.i not in counted and t is not clause]
            return set(content_terms(" ".join(words)))
    return set()


def in_the_asked_years(analysis: QuestionAnalysis, evidence: Evidence, ranked: Sequence[Evidence]) -> bool:
    """When the question names a year ("How many developers did Debian have in 1999?"), is the figure
    placed in it: the year in the sentence or the one before it? A figure of another period is no
    rival to the asked one ("about sixty developers … in 0.93R6", of 1995)."""
    years = set(_YEAR.findall(analysis.text))
    if not years:
        return True
    before = previous_sentence(evidence, ranked)
    return bool(years & set(_YEAR.findall(f"{before.text if before else ''} {evidence.text}")))


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def on_the_asked_day(analysis: QuestionAnalysis, evidence: Evidence) -> bool:
    """When the question names a day of the week ("How many had died by Saturday?"), a figure the
    sentence places on another day ("50 on Friday") is an earlier or later count, not a rival. A sentence
    that names no day may be of any."""
    asked = weekdays_named(analysis.text)
    named = weekdays_named(evidence.text)
    return not asked or not named or bool(asked & named)


def _names_the_asked(analysis: QuestionAnalysis, evidence: Evidence, ranked: Sequence[Evidence]) -> bool:
    """Does the sentence, its document's title or the sentence just before it name one of the question's
    names, where it has any? "The ship had a 21-member crew" speaks of the Dali when the sentence before
    it does: a definite description refers back to the last thing named."""
    names = analysis.specific_names or analysis.names
    if not names or mentions_name(names, f"{evidence.title or ''} {evidence.text}"):
        return True
    before = previous_sentence(evidence, ranked)
    return before is not None and _described_again(evidence.text, before.text, names)


def _described_again(sentence: str, before: str, names: frozenset[str]) -> bool:
    """Is the sentence's subject a definite description by a noun that the sentence before gives one of
    ``names`` ("Dali, the container ship …", "the Tarvik ferry", "a ship named Dali", then "The ship had a
    21-member crew")? Then it speaks of what that sentence named. A noun the sentence before uses for
    something else ("… while another ship waited nearby") does not refer back to the name."""
    nouns = {stem(noun.lemma_.lower()) for token in parse(before) if mentions_name(names, token.text)
             for noun in _described_by(token) if noun.pos_ == "NOUN"}
    return any(t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ == "NOUN" and stem(t.lemma_.lower()) in nouns
               and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in t.children)
               for t in parse(sentence))


def _described_by(name):  # type: ignore[no-untyped-def]
    """The nouns a sentence gives a name by: its appositive ("Dali, the container ship"), the noun it is in
    apposition or compound to ("the ship Dali", "the Tarvik ferry"), or the noun it is the name of ("a ship
    named Dali")."""
    described = [c for c in name.children if c.dep_ == "appos"]
    if name.dep_ in {"appos", "compound"}:
        described.append(name.head)
    if name.dep_ == "oprd" and name.head.lemma_.lower() in {"name", "call"}:
        described.append(name.head.head)
    return described


_DEFINITE = frozenset({"the", "this", "that"})


def _at_odds(values: Sequence[Value], lead: Sequence[Value]) -> bool:
    """Does every value that answers what one of the lead's answers disagree with it? Values of other
    kinds are passed over: "$5,000 (£3,900)" is at odds with "$4,500 (4,124 euros)", though pounds and an
    amount whose currency the parse missed cannot be compared."""
    compared = [(v, w) for v in values for w in lead if comparable(v, w)]
    return bool(compared) and all(disagree(v, w) for v, w in compared)


def _ally_order(side: list[Evidence], values_of: dict[Evidence, list[Value]]) -> list[Evidence]:
    """A side's first voice, then its allies: those from another document first, then those that give a
    precise figure (stable: rank order otherwise). A second outlet giving the figure says more than the
    same outlet saying it again."""
    return side[:1] + sorted(side[1:], key=lambda e: (e.doc_id == side[0].doc_id,
                                                      not all(v.precise for v in values_of[e])))


def _beside(values: Sequence[Value], anchor: Sequence[Value], lead: Sequence[Value]) -> bool:
    """Does a rival figure stand on the anchor's side of the lead, though it differs from the anchor:
    "several dozen" and "100 to 300" both say fewer died than the lead's 471? Only an estimate of the
    same order as the anchor's: "13 jailed" is no estimate of "450 pushed back", though both are below 470."""
    def below(found: Sequence[Value]) -> bool | None:
        sides = {v.high < w.low for v in found for w in lead if v.kind == w.kind == "number" and disagree(v, w)}
        return sides.pop() if len(sides) == 1 else None

    near = any(v.kind == w.kind == "number" and v.low <= _SAME_ORDER * w.high and w.low <= _SAME_ORDER * v.high
               for v in values for w in anchor)
    return near and below(values) is not None and below(values) == below(anchor)


_SAME_ORDER = 3.0   # two estimates of one count lie within this factor of each other


def _allied(values: Sequence[Value], anchor: Sequence[Value]) -> bool:
    """Does a sentence stand with the side ``anchor`` leads: one of its values answers the same question
    and agrees, and none disagrees? A date does not stand with a time of day, nor a sum with a count."""
    return (any(agree(v, w) for v in values for w in anchor)
            and not any(disagree(v, w) for v in values for w in anchor))


def understood(voice: Evidence, ranked: Sequence[Evidence]) -> bool:
    """Can the voice be quoted so that a reader understands it: on its own, or after the sentence
    it leans on ("He said the blast took place at about 6.30pm" after "Another doctor at the
    hospital, Ibrahim Al-Naqa, spoke to Reuters …")?"""
    return not leans_on_context(voice.text) or context_for(voice, ranked) is not None


def with_context(voices: Sequence[Evidence], ranked: Sequence[Evidence]) -> list[Evidence]:
    """The voices, each that leans on the sentence before it carrying that sentence (which
    ``understood`` found) as its ``context``, for the answer to quote first."""
    return [replace(voice, context=context_for(voice, ranked)) for voice in voices]


def asks_who_is_responsible(analysis: QuestionAnalysis) -> bool:
    """"Who was to blame for the blast?", "Who was responsible …?": the answer is an agent that the
    sources may name differently, or deny. Not "Who put the blame on Israel?", which asks for the
    voices that blame, whose answer is a list of them; nor "Who did the health ministry blame?", which
    asks for one party's position, not for who was to blame."""
    doc = parse(analysis.text)
    about_blame = any(t.lemma_.lower() in RESPONSIBILITY_WORDS or t.lower_ in RESPONSIBILITY_WORDS for t in doc) \
        or _asks_who_was_behind(doc) or asks_who_did_a_named_deed(analysis)
    return about_blame and not any(
        token.dep_ in {"nsubj", "dobj"} and blames(token.head)
        and (token.lower_ in WH_WORDS or any(c.lower_ in WH_WORDS for c in token.children))
        for token in doc)


_WHO = frozenset({"who", "which"})   # not "what": "What was behind the building?" asks where


def _asks_who_was_behind(doc) -> bool:  # type: ignore[no-untyped-def]
    """"Who was behind the blast?", "Which group is behind the attack?": who is responsible, in other words."""
    return any(t.lower_ == "behind" and t.head.lemma_ == "be" and t.dep_ == "prep"
               and any(c.dep_ == "nsubj" and (c.lower_ in _WHO or any(g.lower_ in _WHO for g in c.children))
                       for c in t.head.children)
               for t in doc)


def responsibility_dispute(
    analysis: QuestionAnalysis, ranked: Sequence[Evidence], collection: str, mapped: MappedDisputes,
    voices_per_side: int,
) -> FoundConflict | None:
    """The map's disputes over who is responsible ("X blamed Israel" against "Israel was not
    responsible"), where both claims are among this question's relevant evidence.

    The map pairs claims at ingest, reading responsibility from the parse (``rag.conflicts.frames``);
    a question about who is to blame is disputed exactly when two of its relevant sentences are such
    a pair. The best pair (highest ranked) sets the sides; claims of the other pairs join the side
    whose stance they share."""
    floor = max(ranked[0].score - _RELEVANCE_MARGIN, _RELEVANCE_FLOOR) if ranked else 0.0
    relevant = [e for e in ranked[:_MAX_CANDIDATES]
                if e.score >= floor and is_clean_unit(e.text) and not points_back(e.text)
                and not speaks_for_two_parties(e.text)]
    found = _responsibility_pairs(relevant, mapped.conflicts(collection, sorted({e.doc_id for e in relevant})))
    if not found:
        return None
    first, first_stance, second, _, actor = found[0]
    sides: tuple[list[Evidence], list[Evidence]] = ([], [])
    for x, x_stance, y, y_stance, _ in found:
        for evidence, stance in ((x, x_stance), (y, y_stance)):
            side = sides[0] if stance == first_stance else sides[1]
            if len(side) < voices_per_side and all(e.place != evidence.place for e in sides[0] + sides[1]):
                side.append(replace(evidence, stance=stance, speaker=speaker_of(evidence)))
    # "The explosion resulted from an Islamic Jihad rocket": a rival party held responsible stands
    # with those who deny that the first one is.
    denying = sides[1] if first_stance == "affirms" else sides[0]
    for evidence in relevant:
        if len(denying) >= voices_per_side:
            break
        if all(e.place != evidence.place for e in sides[0] + sides[1]) and _blames_another(evidence, actor):
            denying.append(replace(evidence, stance="denies", speaker=speaker_of(evidence)))
    if not sides[0] or not sides[1]:
        return None
    topic = analysis.text.strip().rstrip("?").strip()
    return FoundConflict(
        topic=continued(topic),
        explanation="The sources hold different parties responsible, or deny that one is.",
        sides=(sides[0][0], sides[1][0]),
        judge="map",
        confidence=round(min(first.score, second.score), 3),
        allies=(tuple(sides[0][1:]), tuple(sides[1][1:])),
        proposition=None,
    )


_MappedPair = tuple[Evidence, Stance, Evidence, Stance, str]   # each claim's sentence and stance, the actor


def _responsibility_pairs(relevant: list[Evidence], conflicts: Sequence[StoredConflict]) -> list[_MappedPair]:
    """The map's responsibility conflicts whose two claims lie in two relevant sentences, best ranked first."""
    found: list[tuple[int, _MappedPair]] = []
    for conflict in conflicts:
        if not RESPONSIBILITY_WORDS & set(re.findall(r"[a-z]+", conflict.topic.lower())):
            continue
        a = next((i for i, e in enumerate(relevant) if _holds(e, conflict.a)), None)
        b = next((i for i, e in enumerate(relevant) if _holds(e, conflict.b)), None)
        if a is None or b is None or a == b:
            continue
        pair = (relevant[a], _stance(conflict.a_stance), relevant[b], _stance(conflict.b_stance), conflict.actor)
        found.append((a + b, pair))
    return [pair for _, pair in sorted(found, key=lambda item: item[0])]


_CAUSE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in CAUSAL_ATTRIBUTIONS) + r")\b(?P<cause>[^.;]*)",
                    re.IGNORECASE)


_BLAME_TERMS = frozenset(stem(word) for word in RESPONSIBILITY_WORDS | {"cause", "caused"})


def _blame_reading(subject: frozenset[str], evidence: Evidence) -> Stance | None:
    """Whom the sentence holds responsible, as a stance on "Was <subject> responsible?": it gives the
    event a cause ("resulted from an Islamic Jihad rocket") or blames a party ("Palestinian officials
    blamed an Israeli strike"), the subject ("affirms") or another ("denies"); None when it does neither.
    "Israel and Hamas blamed each other" holds nobody responsible."""
    if speaks_for_two_parties(evidence.text):
        return None   # "X blamed an air strike, while Y said a rocket": both readings, no one stance
    doc = parse(evidence.text)
    match = _CAUSE.search(evidence.text)
    if match is not None:
        cause = match.group("cause")
        if mentions_name(subject, cause):
            return "affirms"
        # "resulted from an apparent munition" names no party: it neither gives the event to the subject
        # nor to another.
        start = match.start("cause")
        # A party after the cause that is a subject is the one who says so ("…,” HRW said).
        if any(_names_a_party(ent) and ent.start_char >= start and ent.root.dep_ != "nsubj" for ent in doc.ents):
            return "denies"
    for token in doc:
        accused = accused_by(token)
        if accused is not None:
            return "affirms" if mentions_name(subject, accused) else "denies"
        if token.lower_ == "responsible" and token.dep_ == "acomp" and not is_negated_verb(token.head):
            holder = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if holder is not None and holder.ent_type_ in _PARTY_LABELS:
                return "affirms" if mentions_name(subject, phrase_of(holder)) else "denies"
    return None


_PARTY_LABELS = frozenset({"ORG", "NORP", "GPE", "PERSON"})


def _names_a_party(ent) -> bool:  # type: ignore[no-untyped-def]
    """An organisation, country or person; a people only as a noun ("the Palestinians"): "munitions used by
    Palestinian armed groups" names a kind of group, not a party."""
    if ent.label_ == "NORP":
        return ent.root.dep_ not in {"amod", "compound"}
    return ent.label_ in _PARTY_LABELS


def _blames_another(evidence: Evidence, actor: str) -> bool:
    """Does the sentence attribute the event to a cause that does not name ``actor``?"""
    if not re.search(r"[a-z]", actor):
        return False   # no party named ("~" is the map's agentless event): nothing to set a rival against
    match = _CAUSE.search(evidence.text)
    return match is not None and not mentions_name(frozenset({actor}), match.group("cause"))


def speaker_of(evidence: Evidence) -> str | None:
    """Who says the sentence: the speaker it names, else its document's author when a byline was read
    (a sentence in an article's own voice is its author's)."""
    return read_voice(evidence.text).speaker or evidence.author


def _holds(evidence: Evidence, claim: LocatedText) -> bool:
    """Does the evidence sentence hold the map's claim (a sentence or a clause of one)?"""
    return evidence.doc_id == claim.doc_id and evidence.start <= claim.start and claim.end <= evidence.end


def _stance(value: str) -> Stance:
    return "denies" if value == "denies" else "no_evidence" if value == "no_evidence" else "affirms"


def _another_speaks(giver: frozenset[str], sentence: str) -> bool:
    """Is the sentence someone else's, though it reports the giver's claim: "Several dozen died, not
    nearly 500 as Hamas had claimed, an Israeli spokesperson said"? Its figures are not the giver's."""
    voice = read_voice(sentence)
    return voice is not None and bool(voice.speaker) and not mentions_name(giver, voice.speaker or "")


def _counts_several_groups(question: str) -> bool:
    """Does "how many" count groups joined by "and"/"or": "Spanish and Moroccan officers", "soldiers
    and civilians"?"""
    for many in parse(question):
        if many.lower_ != "many" or many.head.pos_ not in {"NOUN", "PROPN"}:
            continue
        noun = many.head
        qualifiers = [c for c in noun.children if c.dep_ in {"amod", "compound"} and c.i != many.i]
        if any(c.dep_ == "conj" for word in [noun, *qualifiers] for c in word.children):
            return True
    return False


def _most_reported(valued: list[tuple[Evidence, list[Value]]]) -> tuple[Evidence, list[Value]]:
    """The figure that sets side 0: the one the most documents agree with, the better ranked on a tie.

    "471 killed" given by four outlets leads, rather than a headline's "hundreds" that happens to
    rank first: a precise figure leads when there is one, since a vague one agrees with almost
    anything. Only a sentence that gives one figure can lead: "300 killed, the ministry said 500"
    gives two, and cannot stand on either side."""
    single = [(e, found) for e, found in valued if len(found) == 1] or valued[:1]
    single = [(e, found) for e, found in single if found[0].precise] or single
    # "About 100 were injured" agrees with 87 and with 109: a figure given as it was counted leads.
    single = [(e, found) for e, found in single if not found[0].approximate] or single
    # "At least 23 migrants dead" agrees with 23 and with 37 alike: a figure with both ends leads.
    single = [(e, found) for e, found in single if not found[0].bound] or single

    def documents_agreeing(found: list[Value]) -> int:
        # Vague figures agree with almost anything ("hundreds" with 300 and 471): they do not vote.
        return len({e.doc_id for e, other in valued if all(v.precise for v in other) and _allied(other, found)})

    # max keeps the first on a tie
    return max(single, key=lambda item: (documents_agreeing(item[1]), _gives_its_source(item[0])))


def _gives_its_source(evidence: Evidence) -> bool:
    """Does the sentence say whose figure it is ("Official numbers say that 23 people died", "according to
    the NGO, 37 died"), rather than give it in passing ("… called for an inquiry into the deaths of 23
    people")? A side is best led by a voice the reader can name."""
    return read_voice(evidence.text).speaker is not None or "according to" in evidence.text.lower()


def stances(analysis: QuestionAnalysis, ranked: Sequence[Evidence], same_words: bool = True) -> list[StancedEvidence]:
    """The stance of each relevant evidence sentence toward the question's proposition, best first.

    With ``same_words`` a voice must use a word of the proposition's predicate; without, a relevant
    sentence about its actors counts ("denied sending military equipment" for "supplied weapons")."""
    if not ranked:
        return []
    floor = max(ranked[0].score - _RELEVANCE_MARGIN, _RELEVANCE_FLOOR)
    proposition_polarity = read_voice(analysis.proposition).polarity if analysis.proposition else "affirms"
    predicate = predicate_terms(analysis)
    core = core_predicate_terms(analysis, predicate)
    if core <= _EVENT_VERBS:
        # "Did deaths happen on Spanish territory?": with only "happen" left, what is asked is the subject
        # in its setting, which voices word their own way ("some migrants died on the Spanish side").
        core = set()
    subject = subject_names(analysis)
    about_evidence = any(stem(noun) in predicate for noun in EVIDENCE_NOUNS)
    about_blame = bool(subject) and bool(predicate & _BLAME_TERMS)
    about_a_claim = _reports_a_claim(analysis.proposition)
    # About a claim ("Does China claim to be neutral?"), a concession of it ("for all its claims that it
    # is neutral, …") says the claim was made: only a proposition about the world is denied by it.
    head = frozenset() if about_a_claim else _predicate_head(analysis.proposition)
    reporter = reporting_source(analysis.proposition)
    found: list[StancedEvidence] = []
    for evidence in ranked[:_MAX_CANDIDATES]:
        if evidence.score < floor or not is_clean_unit(evidence.text) or points_back(evidence.text):
            continue  # a voice must be a whole sentence that is understood without the one before
        if reporter and not names_source(reporter, evidence.text):
            continue  # "Did Human Rights Watch find that X?": only what Human Rights Watch says answers it
        # "Was Israel responsible for the blast?": a cause given to Israel says yes, another cause no.
        blamed = _blame_reading(subject, evidence) if about_blame else None
        if analysis.names and not names_actor(analysis.names, evidence) and blamed is None:
            continue
        topical = bool(subject) and acts_as_its_documents_topic(subject, evidence)
        accused = bool(subject) and (is_accused(subject, evidence.text) or blamed == "affirms")
        # "Russia said British specialists blew up the pipelines", "Ukraine accuses Russia of blowing up the
        # dam": the deed given to another doer says the asked one did not do it, in words of its own.
        by_another = bool(subject) and (
            done_by_another(analysis.proposition, subject, evidence.text) or blamed == "denies")
        if subject and not (acts(subject, evidence.text) or topical or accused or by_another):
            continue  # names the actor, but not as the one who acts ("Russia set up a drone plant in China")
        in_another_clause = subject and same_words and core and not (topical or accused or by_another) \
            and not acts_in_the_asked_clause(subject, evidence.text, core)
        if in_another_clause:
            continue  # the actor acts, but in another clause ("… before Russia launched its operation")
        if same_words and core and not uses_a_word_of(core, evidence.text) \
                and not ((accused or by_another) and of_destroying(core, evidence.text)):
            continue  # about the actors, but not about what the question says they did
        if acts_on_another(analysis.proposition, evidence.text):
            continue  # "as Israel bombards Gaza" says nothing of whether Israel bombed the hospital
        voice = read_voice(evidence.text, frozenset(predicate), head)
        polarity = voice.polarity
        if by_another:
            polarity = "denies"
        if voice.negated_scope and predicate and not predicate & voice.negated_scope:
            continue  # negates something else: "files will not match" says nothing of what ** does
        if polarity == "no_evidence" and about_evidence:
            polarity = "denies"   # "Has the US seen evidence …?" — "it had not seen any evidence" says no
        speaker = voice.speaker or evidence.author or evidence.title or evidence.source
        if voice.discredits_report and not about_a_claim:
            # "The West has falsely claimed that China arms Russia": about the arming, the voice is
            # the writer's, and it says no; "… falsely claimed that it isn't neutral" says it is.
            # About the claim itself ("Did the West accuse …?") the sentence says yes.
            polarity, speaker = flip(polarity), evidence.author or evidence.title or evidence.source
        stance = polarity if proposition_polarity == "affirms" else flip(polarity)
        found.append(StancedEvidence(replace(evidence, speaker=speaker, stance=stance), voice, stance))
    return found


def of_destroying(core: set[str], sentence: str) -> bool:
    """Are both the question's deed and the sentence's verbs of destroying ("blow up" and "sabotaging")?
    An accusation names the deed in its own words."""
    return bool(core & DESTROYING) and bool({stem(t) for t in content_terms(sentence)} & DESTROYING)


def acts_as_its_documents_topic(names: frozenset[str], evidence: Evidence) -> bool:
    """"This module does not support writing TOML" on the page titled "tomllib — Parse TOML files":
    a subject that points at what the document is about ("this module", "the library") stands for
    the name in its title."""
    if not evidence.title or not mentions_name(names, evidence.title):
        return False
    return any(token.dep_ in {"nsubj", "nsubjpass"} and token.lemma_.lower() in _TOPIC_NOUNS
               and any(c.dep_ == "det" and c.lower_ in {"this", "the"} for c in token.children)
               for token in parse(evidence.text))


# What a document can be about and then call by its kind: "this module", "the library", "this policy".
_TOPIC_NOUNS = frozenset("module library package function class method tool program command option "
                         "protocol format policy law act bill treaty agreement".split())


def acts_on_another(proposition: str | None, sentence: str) -> bool:
    """Does the sentence do what the proposition says only to another named place or organisation?
    "Did Israel bomb the hospital?" is not answered by "as Israel bombards Gaza": every verb of the
    sentence that is the proposition's verb has an object that names something the proposition does
    not. As in the contradiction map (``rag.conflicts.align``), a named object must be the same."""
    root = _root_of(proposition)
    if root is None or not any(c.dep_ == "dobj" for c in root.children):
        return False
    same_verbs = _same_verbs(root, parse(sentence))
    if not same_verbs:
        return False
    wanted = str(proposition).lower()
    for candidate in same_verbs:
        obj = next((c for c in candidate.children if c.dep_ == "dobj"), None)
        if obj is None or not all(o.ent_type_ in _NAMED_OBJECTS and o.text.lower() not in wanted
                                  for o in (obj, *obj.conjuncts)):
            return False
    return True


_NAMED_OBJECTS = frozenset({"GPE", "LOC", "FAC", "ORG"})


def _same_verbs(root, doc) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The sentence's verbs that are the proposition's verb. "bombards" for "bomb": a verb that begins with
    the other, as the stems are too short to share a root."""
    verb = root.lemma_.lower()
    return [t for t in doc if t.pos_ == "VERB" and min(len(verb), len(t.lemma_)) >= 4
            and t.lemma_.lower().startswith(verb)]


def done_by_another(proposition: str | None, subject: frozenset[str], sentence: str) -> bool:
    """Does the sentence give the proposition's act to another doer? "Did Moscow blow up its own
    pipelines?" is not affirmed by "Russia's Defense Ministry said that British specialists blew up the
    pipelines": the asked actor is only the one who says so. True when every verb of the sentence that
    is the proposition's verb has a doer (subject, or agent of a passive) that does not name the asked
    actor; a verb with no doer of its own ("the pipelines were blown up") leaves the question open.
    So is it when the asked actor blames another ("Russia has accused the United Kingdom of directing
    the explosions"): that is the actor's denial by another name, not an admission."""
    root = _root_of(proposition)
    if root is None or root.pos_ != "VERB" or blames(root):
        return False
    doc = parse(sentence)
    if any(blames(t) and _names_in(subject, t, {"nsubj"}) and not _names_in(subject, t, {"dobj"})
           and any(c.dep_ == "dobj" for c in t.children) for t in doc):
        return True
    if any(_blames_another_for(t, subject, root) for t in doc):
        return True   # "Russia has accused the United Kingdom of directing the explosions", for "Did the US …?"
    same_verbs = _same_verbs(root, doc)
    if not same_verbs:
        return False
    for candidate in same_verbs:
        doers = doers_of(candidate)
        if not doers or any(mentions_name(subject, phrase_of(d)) for d in doers):
            return False
        if any(d.pos_ == "PRON" for d in doers):
            return False   # "it blew up …": who "it" is, the sentence before says
    return True


def _blames_another_for(blame, subject: frozenset[str], root) -> bool:  # type: ignore[no-untyped-def]
    """Does the blaming verb hold a party other than the asked actor responsible for the asked deed: the
    proposition's verb, or for a verb of destroying any other ("accused the UK of directing explosions")?"""
    accused = accused_by(blame)
    if accused is None or mentions_name(subject, accused):
        return False
    destroying = root.lemma_.lower() in DESTRUCTION_VERBS
    deed = {root.lemma_.lower()} | (DESTRUCTION_VERBS | DESTRUCTION_NOUNS if destroying else frozenset())
    return any(t.lemma_.lower() in deed for c in blame.children if c.dep_ == "prep" for t in c.subtree)


def acts_in_the_asked_clause(subject: frozenset[str], sentence: str, core: set[str]) -> bool:
    """Is the asked actor the subject of a clause that says what the question asks of it? The subject
    is the actor itself or a body of it ("Russia's Defense Ministry", "Chinese companies"), not a name
    deep in a longer phrase ("the blowing up of the pipelines … from Russia to Germany"); its clause, the
    verb and what hangs off it (so "Russia said it had never provided …" too), holds a word of the
    question's predicate. A concession is read with the clause it concedes to."""
    for token in parse(sentence):
        is_subject = token.dep_ in {"nsubj", "nsubjpass"} or (token.dep_ == "pobj" and token.head.dep_ == "agent")
        if not is_subject:
            continue
        if not mentions_name(subject, " ".join(t.text for t in _own_words(token))):
            continue
        verb = token.head.head if token.dep_ == "pobj" else token.head
        while verb.dep_ in {"aux", "auxpass"} and verb.head is not verb:
            verb = verb.head   # "Karvia is in fact arming …" parsed with "is" as the subject's head
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONCESSIVE for c in verb.children):
            verb = verb.head   # "While China is known for X, we haven't seen Y": the concession frames Y
        if tokens_use_a_word_of(core, verb.subtree):
            return True
    return False


_CONCESSIVE = frozenset({"while", "although", "though", "whereas"})


def _own_words(token) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The words that name the subject itself: "Human Rights Watch", "Russia's Defense Ministry", "Chinese
    companies"; not a prepositional phrase inside it ("the blowing up … from Russia"), nor the owner of
    something other than a body or a person ("Russia's invasion" is no doer of what the invasion does)."""
    words, frontier = [token], [token]
    while frontier:
        children = [c for t in frontier for c in t.children if c.dep_ in _NAMING_DEPENDENCIES
                    and (c.dep_ != "poss" or _acts_for_its_owner(t))]
        words += children
        frontier = children
    return words


def _acts_for_its_owner(token) -> bool:  # type: ignore[no-untyped-def]
    """Is what is owned one who acts for the owner: a named body, an institution, a person?"""
    return (token.pos_ == "PROPN" or token.ent_type_ in AGENT_LABELS
            or token.lemma_.lower() in ACTING_BODIES or token.lower_ in PERSON_NOUNS
            or token.lemma_.lower() in PERSON_NOUNS)




_NAMING_DEPENDENCIES = frozenset({"compound", "poss", "amod", "nmod", "appos", "flat"})


def _names_in(names: frozenset[str], verb, deps: set[str]) -> bool:  # type: ignore[no-untyped-def]
    return any(mentions_name(names, phrase_of(c)) for c in verb.children if c.dep_ in deps)


def _predicate_head(proposition: str | None) -> frozenset[str]:
    """The stem of what the proposition says of its subject: its main verb, or after a copula the
    word it attributes ("neutral" in "China is really neutral in the war")."""
    root = _root_of(proposition)
    if root is None:
        return frozenset()
    if root.lemma_.lower() == "be":
        root = next((c for c in root.children if c.dep_ in {"acomp", "attr"}), root)
    return frozenset({stem(root.lower_)})


def reporting_source(proposition: str | None) -> tuple[str, ...]:
    """The words of the named source whose statement the proposition is about: "Human Rights Watch did
    find that Israel was responsible" -> ("human", "rights", "watch"). Only a named subject counts ("Western
    governments have accused …" is about whoever speaks for them), or an institution of a named party
    ("Russia's defence ministry"), and only of a verb of saying or finding; or a person the question
    attributes its account to ("According to Kyrylenko, why …?")."""
    root = _root_of(proposition)
    attributed = _attributed_to_a_person(proposition)
    if attributed:
        return attributed
    if root is None:
        return ()
    if root.lemma_.lower() not in REPORTING_VERBS:
        # "Which missile does Ukraine say hit …?", parsed with "say" as an auxiliary.
        return tuple(t.lower_ for t in inverted_reporter(root.doc))
    # Not the asked-for phrase, which the parser may also hang on the verb ("How many Israelis does the
    # wire report say were killed?").
    subject = next((c for c in root.children if c.dep_ == "nsubj"
                    and not any(t.lower_ in WH_WORDS for t in c.subtree)), None)
    if subject is not None and _a_named_partys_institution(subject):
        # "What did Russia's defence ministry say …?": the ministry, named by its country.
        return tuple(t.lower_ for t in subject.subtree if t.dep_ not in {"det", "case", "punct"})
    if subject is None or subject.pos_ != "PROPN" or not subject.text[:1].isupper():
        return ()   # "the csv docs insist …": a tagger's PROPN in lower case names no one
    return tuple(t.lower_ for t in subject.subtree if t.pos_ == "PROPN")


def _attributed_to_a_person(question: str | None) -> tuple[str, ...]:
    """"According to Kyrylenko, why …?", "… per Dmitry Peskov?": the person whose account is asked. A
    publication ("according to the AP") is left to the documents it names (``sources_named_apart``):
    its own sentences rarely name it."""
    for token in parse(question) if question else ():
        if token.lower_ not in {"according", "per"}:
            continue
        objects = [c for c in token.children if c.dep_ == "pobj"] + [
            g for c in token.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        for named in objects:
            # The small recogniser tags a lone surname as anything ("Kovac" as NORP): a name that is no
            # organisation, place or country's is taken for a person's.
            if named.pos_ == "PROPN" and named.ent_type_ not in _NOT_A_PERSON \
                    and named.lower_ not in COUNTRY_OF:
                # The name itself, up to its head: a misparse may hang the rest of the question on it.
                # A title ("Governor Kovac") is no part of the name a sentence must use.
                return tuple(t.lower_ for t in named.doc[named.left_edge.i : named.i + 1]
                             if t.pos_ == "PROPN" and t.lower_ not in PERSON_NOUNS)
    return ()


_NOT_A_PERSON = frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


def _a_named_partys_institution(subject) -> bool:  # type: ignore[no-untyped-def]
    """"Russia's defence ministry", "the Ukrainian police", "the UN human rights office": an institution of a
    named country or body."""
    return subject.lemma_.lower() in INSTITUTION_NOUNS and any(
        c.dep_ in {"poss", "compound", "amod", "nmod"} and (c.pos_ == "PROPN" or c.ent_type_ in AGENT_LABELS)
        for c in subject.children)


def names_source(source: tuple[str, ...], sentence: str) -> bool:
    """Does the sentence name the source: in full, by its initials ("HRW" for Human Rights Watch), or for
    a country by another of its names or its people ("China", "Chinese" for "Beijing")?"""
    words = set(re.findall(r"[a-z]+", sentence.lower()))
    # Initials only as written in capitals: "HRW", never the word "it" for "Ian Thompson".
    initials = "".join(word[0] for word in source).upper()
    return (all(word in words for word in source)
            or (len(initials) >= 2 and re.search(rf"\b{initials}\b", sentence) is not None)
            # An acronym asked for, its full name written: "the WMO" for "The World Meteorological Organization".
            or (len(source) == 1 and 2 <= len(source[0]) <= 6 and source[0] in acronyms(sentence))
            or mentions_name(frozenset({" ".join(source)}), sentence))


def _reports_a_claim(proposition: str | None) -> bool:
    """Is the proposition about something said ("Western governments have accused China of …")?"""
    root = _root_of(proposition)
    return root is not None and root.lemma_.lower() in REPORTING_VERBS


def _root_of(proposition: str | None):  # type: ignore[no-untyped-def]
    return next((t for t in parse(proposition) if t.dep_ == "ROOT"), None) if proposition else None


def predicate_terms(analysis: QuestionAnalysis) -> set[str]:
    """The proposition's words beyond its actors: what they are said to have done, and to what. A verb
    counts in its dictionary form too: "China has sent drones" is denied by "denied sending equipment",
    which the stem of "sent" would not find."""
    name_terms = {t for name in analysis.names for t in content_terms(name)}
    text = analysis.proposition or analysis.text
    written = set(content_terms(text))
    verbs = {stem(t.lemma_.lower()) for t in parse(text) if t.pos_ == "VERB" and stem(t.lower_) in written}
    return (written | verbs) - name_terms - _AUXILIARY_TERMS


# Prepositions of place and time: "at the hospital", "in 2023" set the scene of what is asked, not its content.
_SETTING_PREPOSITIONS = frozenset("at in on near inside outside during".split())


def core_predicate_terms(analysis: QuestionAnalysis, predicate: set[str]) -> set[str]:
    """The predicate's words less those of its subject and of its setting: what is said to have
    happened. "Did the blast leave a crater at the hospital?" -> {leave, crater}; a sentence about
    the blast at the hospital that says nothing of a crater is no voice on the question. Falls back
    to the whole predicate when nothing is left."""
    root = _root_of(analysis.proposition)
    if root is None:
        return predicate
    # After a copula the subject is the topic ("Beijing's neutrality … is credible"): it stays.
    subject_roles = set() if root.lemma_.lower() == "be" else {"nsubj", "nsubjpass"}
    scene: set[str] = set()
    # The subject of a passive is what was done to: its head noun stays ("Were the flight recorders
    # found?" asks of recorders; a flight, or bodies found, are something else).
    patient = {stem(c.lemma_.lower()) for c in root.children if c.dep_ == "nsubjpass" and c.pos_ == "NOUN"}
    # "There was a crater at the site of the blast": after a copula the setting may hang on what is said
    # to be there.
    attributes = [c for c in root.children if c.dep_ in {"attr", "acomp"}] if root.lemma_.lower() == "be" else []
    for child in [*root.children, *(c for a in attributes for c in a.children)]:
        if child.dep_ in subject_roles or (child.dep_ == "prep" and child.lower_ in _SETTING_PREPOSITIONS):
            scene |= set(content_terms(phrase_of(child)))
        elif child.dep_ == "advmod":
            # "Has Beijing *officially* admitted …": how it happened, not what; "China is officially
            # neutral" says nothing of an admission.
            scene |= set(content_terms(child.text))
    core = (predicate - scene) | (patient & predicate) or predicate
    # "found", "seen": a verb that says nothing of what was found; the bodies found are no recorders found.
    return (core - _LIGHT_PREDICATES) or core


_LIGHT_PREDICATES = frozenset(stem(verb) for verb in ("find", "found", "see", "seen", "get", "got", "make", "made"))


# Verbs that say only that something took place: the question's content is in its subject and setting.
_EVENT_VERBS = frozenset(content_terms("happen happened occur occurred"))

_AUXILIARY_TERMS = frozenset(content_terms("do does did has have had is are was were can could will would really"))


def names_actor(names: frozenset[str], evidence: Evidence) -> bool:
    """Does the sentence name one of the question's actors (a demonym counts: 'Chinese' for 'China')?"""
    return mentions_name(names, evidence.text)


def distinct_speakers(stanced: list[StancedEvidence], limit: int) -> list[StancedEvidence]:
    kept: list[StancedEvidence] = []
    seen: set[tuple[str, str]] = set()
    for item in stanced:
        key = (item.evidence.doc_id, (item.evidence.speaker or "").lower())
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
        if len(kept) == limit:
            break
    return kept


def _independent(affirming: list[StancedEvidence], opposing: list[StancedEvidence]) -> bool:
    """The two sides are different voices: not one speaker in one document on both sides."""
    a = {(s.evidence.doc_id, (s.evidence.speaker or "").lower()) for s in affirming}
    o = {(s.evidence.doc_id, (s.evidence.speaker or "").lower()) for s in opposing}
    return not a <= o and not o <= a
