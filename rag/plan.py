"""The plan of an answer: which evidence leads, which supports, what is missing, what is disputed.

Choosing is separate from phrasing. The plan is made here, from the evidence alone;
a composer (extractive, or an LLM) only phrases it, so a model never picks the
evidence or the sides of a disagreement.

- **Lead.** The sentence that answers: for a question that asks for a name, number
  or date, the best sentence that gives one; for a yes/no question, the most relevant
  voice, with its stance (so the lead can say "Yes, according to …").
- **Support.** A few more sentences, best first, none repeated, within a length
  budget: from the lead's own document, or from another one only where it gives an
  asked-for part the lead leaves out, corroborates the lead (names what the lead
  names, or gives a figure for what was asked), or ranks next to it nearly as well;
  for a list question, or one that asks for several accounts, from documents not yet
  cited first.
- **Missing.** The asked-for parts no leading sentence gives.
- **Disagreement.** At most one, about the question's own proposition.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.lexicon import ACTING_BODIES, DENIAL_VERBS, PERSON_NOUNS, SHELL_NOUNS, TELLING_VERBS
from rag.agents import DESTROYING
from rag.answerability import (
    PART_SEARCH_DEPTH,
    Assessment,
    answer_pool,
    context_for,
    next_sentence,
    previous_sentence,
)
from rag.clauses import answers_to_the_other_questions
from rag.disagreement import (
    StancedEvidence,
    acts_as_its_documents_topic,
    distinct_speakers,
    names_source,
    of_destroying,
    predicate_terms,
    reporting_source,
    stances,
)
from rag.evidence import EvidenceSelection
from rag.nlp import parse, phrase_of
from rag.question import (
    AGENT_LABELS,
    DATE_LABELS,
    FIGURE_NOUNS,
    NUMBER_LABELS,
    AskedPart,
    QuestionAnalysis,
    analyse,
    asks_about_the_sources,
    given_names,
    gives,
    has_a_topic,
    kind_nouns,
    reporters,
    subject_names,
    titles_the_asked_role,
)
from rag.roles import blamed_by, blames
from rag.schemas import Evidence, FoundConflict
from rag.text import content_terms, mentions_name, weekdays_named
from rag.units import is_clean_unit, leans_on_context, quoted_by_a_pronoun
from rag.values import Value, supplies, values_for
from rag.voices import read_voice
from rag.which_documents import asks_which_documents, one_per_document

_NEAR_DUPLICATE = 0.8   # share of content words two sentences may share before one repeats the other
_ADJACENT_CHARS = 5
_NEARBY_CHARS = 400   # how far after the lead, in its document, a part it leaves out is looked for first
# Support may score this much below the best sentence: chosen on the dev splits (0.2 to 0.6 were tried).
_SUPPORT_MARGIN = 0.3


@dataclass(frozen=True)
class PlanLimits:
    support_sentences: int = 3
    max_chars: int = 700          # lead and support together, for an undisputed answer
    list_max_chars: int = 1000    # a list question gathers from several documents
    list_support_sentences: int = 5


@dataclass
class AnswerPlan:
    question: QuestionAnalysis
    answerable: bool
    lead: Evidence | None = None
    verdict: StancedEvidence | None = None      # yes/no questions: the lead's stance toward the proposition
    support: list[Evidence] = field(default_factory=list)
    missing: tuple[AskedPart, ...] = ()
    disagreement: FoundConflict | None = None
    # Beside a disagreement over one question of several ("How many crew, and were they all Indian?"):
    # a sentence that answers each other question (``rag.clauses``).
    rest: list[Evidence] = field(default_factory=list)
    # Further disputes, named after the first: only "Where do the sources disagree?" has them (``rag.overview``).
    also: list[FoundConflict] = field(default_factory=list)
    # "Where do the sources disagree?" over a collection whose map holds no dispute: say so plainly.
    no_disputes: bool = False
    # The answer is who says something ("Who rejects the claim that X?", "Who says …?"): each sentence
    # names its speaker where it does not name them itself.
    voices: bool = False
    # The answer is which documents say something ("Which of the reports say …?"): each sentence names
    # the document it comes from (``rag.which_documents``).
    names_documents: bool = False

    @property
    def evidence(self) -> list[Evidence]:
        """The lead and the support, in the order the answer states them."""
        return ([self.lead] if self.lead is not None else []) + self.support


def plan_answer(
    question: str, selection: EvidenceSelection, assessment: Assessment, conflicts: Sequence[FoundConflict],
    limits: PlanLimits, compares_accounts: bool = False,
) -> AnswerPlan:
    """``compares_accounts``: the question asked whether the sources agree ("…? Do the reports agree?"),
    so an undisputed answer gathers from several documents, as a list does, for the reader to compare."""
    analysis = selection.analysis or analyse(question)
    plan = AnswerPlan(analysis, assessment.answerable, missing=assessment.missing,
                      voices=any(_asks_who(part) for part in analysis.parts))
    if not assessment.answerable:
        if assessment.missing:
            # The subject is there, the detail is not: say so, then what the documents do say.
            plan.lead = _closest(analysis, selection)
        return plan
    plan.disagreement = conflicts[0] if conflicts else None
    plan.also = list(conflicts[1:])
    candidates = [e for e in selection.ranked if is_clean_unit(e.text)] or list(selection.selected)
    if plan.disagreement is not None:
        quoted = [voice for _, voice in plan.disagreement.voices()]
        plan.rest = [e for e in answers_to_the_other_questions(analysis.text, plan.disagreement, candidates)
                     if not any(_repeats(e, voice) for voice in quoted)]   # a wire copy of a voice says it again
        return plan
    if selection.authorship is not None:
        # The author's own sentence, then one sentence of the piece itself, so the reader sees which
        # piece was meant; sentences of other documents would not be about the question.
        plan.lead = selection.authorship
        piece = [e for e in candidates if e.doc_id == plan.lead.doc_id and not _repeats(e, plan.lead)]
        plan.support = piece[:1]
        return plan
    if asks_which_documents(analysis.text) and not asks_about_the_sources(analysis):
        # "Which of the reports say …?": one sentence from each report that says it, each named.
        found = one_per_document(analysis, candidates, selection.best_score - _SUPPORT_MARGIN,
                                 limits.list_support_sentences + 1, limits.list_max_chars)
        if found:
            plan.lead, plan.support = found[0], found[1:]
            plan.names_documents = True
            return plan
    voices = _deniers(analysis, candidates, limits.support_sentences + 1) or \
        _blamers(analysis, candidates, limits.support_sentences + 1)
    if voices:
        # "Who rejects the claim that X?", "Who blamed X?": each voice that denies or blames, one per speaker.
        plan.lead, plan.support = voices[0], voices[1:]
        plan.voices = True
        return plan
    if asks_about_the_sources(analysis):
        # One sentence per source, the most cited first: the lead is simply the first of them.
        candidates = _one_per_source(analysis, candidates)
        plan.lead = candidates[0] if candidates else None
    else:
        plan.lead, plan.verdict = _lead(analysis, selection, candidates, assessment.about_the_subject)
    source = reporting_source(analysis.text)
    if source and not analysis.parts and plan.verdict is None:
        plan.lead = _the_sources_own(source, plan.lead, candidates, selection)
        names = [source[:length] for length in range(len(source), min(len(source), 2) - 1, -1)]
        if plan.lead is not None and not any(_said_by(name, plan.lead, selection.ranked)
                                             or names_source(name, plan.lead.text) for name in names):
            # "What did Podoljak say?" where no sentence is his, nor names him: someone else's words on
            # the topic are not his answer. Say so, then quote the closest the documents come. (A sentence
            # that names him is kept: its speaker may only have been misread.)
            plan.answerable = False
            plan.missing = (AskedPart(frozenset(), missing=_as_written(source, analysis.text), verb="quote"),)
            return plan
    plan.lead, then = _completed(plan.lead, plan.verdict, selection, candidates)
    if plan.lead is not None:
        gathers = analysis.form == "list" or compares_accounts
        budget = limits.list_max_chars if gathers else limits.max_chars
        nearby = _nearby_parts(analysis, plan.lead, then, candidates)
        givers = _part_givers(analysis, plan.lead, candidates)
        each_day = _figures_for_each_asked_day(analysis, plan.lead, candidates)
        givers += [e for e in each_day if e not in givers]
        pool = [e for e in dict.fromkeys(nearby + givers + candidates) if e != then]
        if not gathers and not source:
            # Another document's sentence supports only by giving what the lead leaves out, by
            # corroborating it (the same name; a second outlet's "471 killed"), or by ranking next to
            # it, nearly as well as the best (``_runners_up``). Read on the dev
            # splits, the other documents' sentences were mostly about something else: 15 of 54 were
            # in a document that holds the answer, against 145 of 150 from the lead's own document.
            runners_up = _runners_up(plan.lead, candidates, selection.best_score)
            pool = [e for e in pool if e.doc_id == plan.lead.doc_id or e in givers or e in nearby
                    or e in runners_up or _corroborates(e, plan.lead, analysis)]
        required = list(dict.fromkeys(nearby + each_day))
        if source and not gathers:
            # "What did Emmanuel Nahshon say …?": only his words, not a Hamas official's beside them, in
            # whichever document; and his quotation after the sentence naming him ("“More than a month
            # …,” he said") is his answer, whatever its words.
            pool = [e for e in pool if _said_by(source, e, selection.ranked) and not _of_something_said_before(e.text)]
            # A part found near the lead is the source's only if they say it ("He also claims Ukraine …"
            # beside Ukraine's words is the Kremlin's).
            required = [e for e in required if e in pool]
            required += [e for e in pool if quoted_by_a_pronoun(e.text) and e not in required]
        if analysis.form == "list":
            pool = _new_names_first(analysis, plan.lead, _new_figures_first(analysis, plan.lead, pool))
        count = limits.list_support_sentences if gathers else limits.support_sentences
        plan.support = _support(plan.lead, pool, selection, count, budget,
                                prefer_new_documents=gathers, then=then, required=required)
        _missing_from_the_answer(plan)
    return plan


def _new_figures_first(analysis: QuestionAnalysis, lead: Evidence, pool: list[Evidence]) -> list[Evidence]:
    """For "List the different death tolls …": the sentences that give a figure of what is counted, one
    for each figure not yet given, before the rest; a sentence that gives no such figure is no item."""
    part = next((p for p in analysis.parts if p.labels & NUMBER_LABELS and not p.labels & DATE_LABELS), None)
    if part is None:
        return pool
    seen = {_figure_key(v) for v in values_for(part, lead.text, analysis)}
    new: list[Evidence] = []
    again: list[Evidence] = []
    for evidence in pool:
        figures = {_figure_key(v) for v in values_for(part, evidence.text, analysis)}
        if figures - seen:
            new.append(evidence)
            seen |= figures
        elif figures:
            again.append(evidence)
    return new + again


def _new_names_first(analysis: QuestionAnalysis, lead: Evidence, pool: list[Evidence]) -> list[Evidence]:
    """For "Which officials put out death tolls?": the sentences that name a person not yet named, one for
    each, before the rest; the same official quoted four times is one item. A longer form of a name is
    the same person ("Governor Pavlo Kyrylenko", "Pavlo Kyrylenko")."""
    part = next((p for p in analysis.parts if "PERSON" in p.labels and p.labels <= AGENT_LABELS), None)
    if part is None:
        return pool
    seen = set(given_names(part, lead.text, analysis))
    new: list[Evidence] = []
    for evidence in pool:
        names = given_names(part, evidence.text, analysis)
        if any(not any(_same_name(name, other) for other in seen) for name in names):
            new.append(evidence)
            seen |= names
    return new + [e for e in pool if e not in new]


def _same_name(a: str, b: str) -> bool:
    return a == b or a.endswith(f" {b}") or b.endswith(f" {a}")


def _figure_key(value: Value) -> float | None:
    """The figure a value states, for telling figures apart: "about 50", "roughly 50" and "50" are one,
    and "at least 120" is 120 (an open end would match every larger figure)."""
    if value.low is None:
        return None
    if value.high is None or value.high == float("inf"):
        return value.low
    return round((value.low + value.high) / 2, 3)


def _asks_who(part: AskedPart) -> bool:
    """Does the part ask for a person or a party ("who", "which spokesman"), whose words the answer then
    attributes? Not a name of any kind ("Which dialect names …?"), which is as often a thing's."""
    return "PERSON" in part.labels and part.labels <= AGENT_LABELS


# Another document's sentence among the best few, and nearly as good as the best, may support the lead:
# chosen on the dev splits (0.05 and 0.1 were tried; 0.1 added more sentences about something else).
_RUNNER_UP_MARGIN = 0.05
_RUNNER_UP_DEPTH = 3


def _runners_up(lead: Evidence, candidates: list[Evidence], best: float) -> list[Evidence]:
    """The sentences that rank next to the lead, whatever their document: "There were seven passengers
    and three crew members on board" ranks second for "How were the people on board split?" in another
    report than the lead's "All 10 people on board, including three crew members …"."""
    return [e for e in candidates[:_RUNNER_UP_DEPTH] if e is not lead and e.score >= best - _RUNNER_UP_MARGIN
            and not leans_on_context(e.text)]


def _closest(analysis: QuestionAnalysis, selection: EvidenceSelection) -> Evidence | None:
    """What the documents say nearest to an unanswered question: the best whole sentence that shares a
    word with it. "How big was the crater?" is closest to "… shows a crater … fairly shallow", not to
    a death toll that only ranks high for being a figure."""
    whole = [e for e in selection.ranked if is_clean_unit(e.text)]
    asked = set(content_terms(analysis.text))
    return next((e for e in whole[:_CLOSEST_DEPTH] if asked & set(content_terms(e.text))),
                whole[0] if whole else None)


# How far down the ranking the closest sentence to an unanswered question is looked for.
_CLOSEST_DEPTH = 5


def _missing_from_the_answer(plan: AnswerPlan) -> None:
    """What the answer itself does not give is missing, whatever the assessment found: the support may
    give a part the leading sentences did not, and the sentence that gave a part may not be able to
    lead ("its director said …" leans on the sentence before). Read leniently ("maintained by over
    400 developers" for "how many maintainers"): a wrong "the documents do not give …" misleads more
    than a figure the reader can judge. An answer that gives none of the asked parts is a refusal
    that quotes what comes closest."""
    analysis = plan.question
    plan.missing = tuple(part for part in analysis.parts
                         if not any(gives(part, e.text, analysis) for e in plan.evidence))
    if analysis.unanswered_by(plan.missing):
        plan.answerable, plan.support = False, []


def _deniers(analysis: QuestionAnalysis, candidates: list[Evidence], limit: int) -> list[Evidence]:
    """For "Who denies that X?": the sentences that deny X or see no evidence for it, best first,
    one per speaker and document (``rag.disagreement.stances`` reads each sentence's stance)."""
    if analysis.denied_claim is None:
        return []
    claim = analyse(f"Is it true that {analysis.denied_claim}?")
    # A denial rarely repeats the claim's words ("denied sending military equipment" for "supplied
    # weapons"): relevance and the actors are enough, with the stance read from the sentence itself.
    voiced = [s for s in stances(claim, candidates, same_words=False)
              if s.stance != "affirms" and not leans_on_context(s.evidence.text)]
    return [s.evidence for s in distinct_speakers(voiced, limit)]


def _blamers(analysis: QuestionAnalysis, candidates: list[Evidence], limit: int) -> list[Evidence]:
    """For "Who blamed X?": the sentences in which someone other than X blames X, best first, one per
    blamer. "Ukraine accuses Russia of blowing up the dam" is no answer to "Who blamed Ukraine?", however
    many of the question's words it shares."""
    if analysis.blamed is None:
        return []
    blamed = frozenset({analysis.blamed.lower()})
    found: list[Evidence] = []
    blamers: set[str] = set()
    for evidence in candidates:
        if len(found) == limit:
            break
        if leans_on_context(evidence.text):
            continue
        for verb in parse(evidence.text):
            if not blames(verb):
                continue
            target, blamer = blamed_by(verb)
            if (target and blamer and mentions_name(blamed, target) and not mentions_name(blamed, blamer)
                    and blamer.lower() not in blamers):
                blamers.add(blamer.lower())
                found.append(evidence)
                break
    return found


def _lead(
    analysis: QuestionAnalysis, selection: EvidenceSelection, candidates: list[Evidence],
    about_the_subject: Sequence[Evidence] = (),
) -> tuple[Evidence | None, StancedEvidence | None]:
    if analysis.is_yes_no:
        voiced = stances(analysis, candidates[:8])
        # A later voice may settle what the first does not, if it is nearly as relevant: far down, a
        # sentence that shares the question's words ("… matched by patterns …") is about something else.
        floor = selection.best_score - _SETTLING_MARGIN
        settling = next((v for v in voiced if (v is voiced[0] or v.evidence.score >= floor)
                         and not leans_on_context(v.evidence.text) and settles(analysis, v.evidence)), None)
        if settling is not None:
            # A guess ("officials believed a missile likely shot it down") is quoted, but settles nothing:
            # no "Yes" before it; nor does a claim the sentence itself says is denied.
            unsettled = settling.voice.hedged or _denied_within(settling.evidence.text)
            return settling.evidence, (None if unsettled else settling)
    pool = [e for e in answer_pool(selection) if not leans_on_context(e.text)]
    if about_the_subject:
        standing = [e for e in about_the_subject if not leans_on_context(e.text)]
        pool = [e for e in pool if e in about_the_subject] or standing or pool
    if analysis.parts:
        # A sentence whose figure counts what was asked first ("300 wounded" for "how many were
        # wounded", not "300 killed"), among the leading sentences, then further down; then any
        # leading sentence that gives a part of the asked kind.
        deeper = [e for e in candidates[:PART_SEARCH_DEPTH] if e not in pool and not leans_on_context(e.text)]
        # "Which spokeswoman …?": a leading sentence that names one as such ("a spokeswoman", then "a
        # spokesperson") before one that names anybody.
        titled = [[e for e in pool if any(titles_the_asked_role(part, e.text, exactly) for part in analysis.parts)]
                  for exactly in (True, False)]
        for reads, sentences in ((supplies, titled[0]), (supplies, titled[1]), (supplies, pool),
                                 (supplies, deeper), (gives, pool)):
            best = _gives_most(analysis, sentences, _or_completed_by_the_next(reads, selection.ranked))
            if best is not None:
                return best, None
    standalone = [e for e in candidates if not leans_on_context(e.text)] or candidates
    return (standalone[0] if standalone else None), None


PartReader = Callable[[AskedPart, Evidence, QuestionAnalysis], bool]


def _or_completed_by_the_next(reads: Callable[[AskedPart, str, QuestionAnalysis], bool],
                              ranked: Sequence[Evidence]) -> PartReader:
    """A reader by which a sentence gives a part when it does, or when the next sentence of its document,
    leaning on it, does: "In the Mykolaiv region, the death of a person … was confirmed." gives who
    confirmed it through "This was reported by … Serhiy Shaikhet." Such a pair is quoted together
    (``_completed``), so it ranks where its first sentence ranks."""
    def read(part: AskedPart, evidence: Evidence, analysis: QuestionAnalysis) -> bool:
        if reads(part, evidence.text, analysis):
            return True
        following = _completing(evidence, ranked)
        return following is not None and reads(part, following.text, analysis)
    return read


def _completing(evidence: Evidence, ranked: Sequence[Evidence]) -> Evidence | None:
    """The next sentence, when it leans on ``evidence`` and can be quoted right after it."""
    following = next_sentence(evidence, ranked)
    if following is None or not leans_on_context(following.text) or not is_clean_unit(following.text):
        return None
    return following


def _gives_most(analysis: QuestionAnalysis, sentences: list[Evidence], reads: PartReader) -> Evidence | None:
    """The sentence that gives the most of what is asked, the first asked part before later ones, the
    better ranked on a tie: "How many were wounded, and when?" is led by a sentence with the count,
    not by a photo caption that only gives a date."""
    best: tuple[int, bool] = (0, False)
    found: Evidence | None = None
    for evidence in sentences:
        given = [reads(part, evidence, analysis) for part in analysis.parts]
        key = (sum(given), given[0])
        if key > best:
            best, found = key, evidence
    return found


def _completed(
    lead: Evidence | None, verdict: StancedEvidence | None, selection: EvidenceSelection, candidates: list[Evidence]
) -> tuple[Evidence | None, Evidence | None]:
    """The lead, and the sentence that must follow it at once, if any.

    When the best sentence leans on the one before ("It was also the first release to …"), that
    sentence leads and the best one follows: quoted with its context rather than dropped. When the
    lead announces a quotation ("… criticised the time it took."), the quotation follows it. When the
    next sentence, leaning on the lead, gives an asked part the lead leaves out ("This was reported by
    … Serhiy Shaikhet."), it follows it.
    """
    if verdict is None and candidates and candidates[0] is not lead:
        context = context_for(candidates[0], selection.ranked)
        if context is not None:
            return context, candidates[0]
    if lead is None:
        return None, None
    announced = selection.continuations.get((lead.doc_id, lead.end))
    if announced is not None or selection.analysis is None:
        return lead, announced
    return lead, _completing_part(lead, selection.analysis, selection.ranked)


def _completing_part(lead: Evidence, analysis: QuestionAnalysis, ranked: Sequence[Evidence]) -> Evidence | None:
    following = _completing(lead, ranked)
    if following is None:
        return None
    left_out = [part for part in analysis.parts if not gives(part, lead.text, analysis)]
    return following if any(gives(part, following.text, analysis) for part in left_out) else None


# A "Yes"/"No" needs a voice that states most of what the question asks, not one that shares a word with it.
_SETTLING_SHARE = 0.75
# How far below the best sentence a voice that settles a yes/no question may score. Set after reading a
# test answer that a later voice 0.24 below the best had made wrong ("Yes: … files beginning with a dot"
# for "Is fnmatch case-sensitive?"); the right voices of the dev questions score within 0.1.
_SETTLING_MARGIN = 0.1


def settles(analysis: QuestionAnalysis, evidence: Evidence) -> bool:
    """Does the sentence speak to the question's proposition: most of its predicate's words in it?
    "The Tomli-W package is a TOML writer" does not settle "Can the built-in TOML module produce
    TOML files?"; it shares "TOML" only. Nor does a sentence that grants the proposition only under a
    condition ("files beginning with a dot can only be matched by patterns that also start with a dot"):
    a plain yes or no would misstate it, so its words are quoted without one."""
    if _conditional(evidence.text):
        return False
    predicate = predicate_terms(analysis)
    if not predicate:
        return True
    # In the words as written and in their dictionary forms: "sank" says "sink".
    said = set(content_terms(evidence.text)) | set(content_terms(" ".join(t.lemma_ for t in parse(evidence.text))))
    if of_destroying(predicate, evidence.text):
        said |= predicate & DESTROYING   # "accused Kyiv of sabotaging the dam" speaks to "Did Ukraine destroy it?"
    if acts_as_its_documents_topic(subject_names(analysis), evidence):
        said |= set(content_terms(evidence.title or ""))   # "This module …" on the page titled "tomllib — …"
    return len(predicate & said) >= _SETTLING_SHARE * len(predicate)


def _denied_within(sentence: str) -> bool:
    """Does the sentence report its claim as denied by another party: "Israel has said the blast was caused
    by a rocket of the group, which has denied blame", "…, a claim Kyiv rejects"? Its "yes" is one side's."""
    doc = parse(sentence)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    speaker = {c.i for c in root.children if c.dep_ == "nsubj"} if root is not None else set()
    for verb in doc:
        if verb.lemma_.lower() not in DENIAL_VERBS or verb.dep_ == "ROOT":
            continue
        if verb.dep_ == "relcl":
            return True
        subjects = {c.i for c in verb.children if c.dep_ == "nsubj"}
        if subjects and not subjects & speaker:
            return True
    return False


def _conditional(sentence: str) -> bool:
    """Does the sentence grant what it says only under a condition: "can only be matched by …", "unless …"?"""
    return any((t.lower_ == "only" and t.dep_ == "advmod" and t.head.pos_ in {"VERB", "AUX"})
               or (t.lower_ == "unless" and t.dep_ == "mark") for t in parse(sentence))


def _nearby_parts(
    analysis: QuestionAnalysis, lead: Evidence, then: Evidence | None, candidates: list[Evidence]
) -> list[Evidence]:
    """Sentences just after the lead, in its document, that give a part the lead leaves out.

    "Debian 2.0 Hamm (July 24th, 1998): Named for the piggy-bank …" is followed, two sentences
    on, by "… this release … consisted of over 1500 packages maintained by over 400 developers."
    A figure in the lead's own paragraph belongs to the lead's subject; the best-ranked figure
    elsewhere may be another release's.
    """
    given = [lead, then] if then is not None else [lead]
    wanted = [part for part in analysis.parts if not any(supplies(part, e.text, analysis) for e in given)]
    if not wanted:
        return []
    following = sorted((e for e in candidates if e.doc_id == lead.doc_id
                        and 0 <= e.start - lead.end <= _NEARBY_CHARS and e is not then), key=lambda e: e.start)
    asked = set(content_terms(analysis.text))
    found: list[Evidence] = []
    for part in wanted:
        # It must still be about the question: "Such optical sights were sent … last year", after a sentence
        # about drones, does not say when the invasion began.
        match = next((e for e in following if supplies(part, e.text, analysis)
                      and asked & set(content_terms(e.text))), None)
        if match is not None and match not in found:
            found.append(match)
    return found


def _corroborates(evidence: Evidence, lead: Evidence, analysis: QuestionAnalysis) -> bool:
    """Does ``evidence`` give the asked kind of answer the lead gives: a figure for what was asked (a
    second outlet's "471 killed"), or a name the lead names too? Any organisation is not an answer
    to "which agency", nor any date to "when"."""
    for part in analysis.parts:
        if part.labels <= NUMBER_LABELS:
            if supplies(part, evidence.text, analysis):
                return True
        elif given_names(part, evidence.text, analysis) & given_names(part, lead.text, analysis):
            return True
    return False


def _part_givers(analysis: QuestionAnalysis, lead: Evidence, candidates: list[Evidence]) -> list[Evidence]:
    """The best sentence for each asked-for part the lead does not give, from any document: "How
    many, and when?" wants the sentence with the date even when it ranks below others."""
    wanted = [part for part in analysis.parts if not gives(part, lead.text, analysis)]
    left_to_say = _words_the_lead_leaves(analysis, lead)
    givers: list[Evidence] = []
    for part in wanted:
        giving = [e for e in candidates[:_FURTHER_PART_DEPTH] if e is not lead and gives(part, e.text, analysis)]
        # "How many drones were shipped, and when did the invasion begin?": the date's sentence speaks
        # of the invasion, which the lead about the shipment leaves to it; "last year" in a sentence about
        # other goods dates something else. Such a sentence is looked for further down than any other,
        # since it shares the question's words only for its own part.
        near = [e for e in giving if candidates.index(e) < PART_SEARCH_DEPTH]
        found = next((e for e in giving if left_to_say & set(content_terms(e.text))), near[0] if near else None)
        if found is not None and found not in givers:
            givers.append(found)
    return givers


def _figures_for_each_asked_day(
    analysis: QuestionAnalysis, lead: Evidence, candidates: list[Evidence]
) -> list[Evidence]:
    """"What was the toll on Saturday, and by Sunday?" asks for a figure on each day: for each asked day
    the lead does not name, the best sentence that gives the figure and names that day."""
    days = weekdays_named(analysis.text)
    part = next((p for p in analysis.parts if p.labels & NUMBER_LABELS), None)
    if len(days) < 2 or part is None:
        return []
    found: list[Evidence] = []
    for day in sorted(days - weekdays_named(lead.text)):
        match = next((e for e in candidates[:_FURTHER_PART_DEPTH] if e is not lead and day in weekdays_named(e.text)
                      and supplies(part, e.text, analysis)), None)
        if match is not None and match not in found:
            found.append(match)
    return found


# How far down a sentence about a further part of the question is looked for ("…, and which airport?").
_FURTHER_PART_DEPTH = 2 * PART_SEARCH_DEPTH


def _words_the_lead_leaves(analysis: QuestionAnalysis, lead: Evidence) -> set[str]:
    """The question's words that the lead does not use, less the kinds of thing asked for ("month",
    "year"), which any sentence giving such a thing may use."""
    asked_kinds = {term for part in analysis.parts for term in content_terms(" ".join(kind_nouns(part)))}
    return set(content_terms(analysis.text)) - set(content_terms(lead.text)) - asked_kinds


def _support(
    lead: Evidence, candidates: list[Evidence], selection: EvidenceSelection, count: int, budget: int,
    prefer_new_documents: bool, then: Evidence | None = None, required: Sequence[Evidence] = (),
) -> list[Evidence]:
    """Up to ``count`` more sentences within ``budget``, best first; ``then``, the sentence that
    completes the lead (its leaning answer, or the quotation it announces), comes first.
    ``required`` sentences give what the lead leaves out: they need not score near the best."""
    floor = selection.best_score - _SUPPORT_MARGIN
    # A sentence that ranks next to the best is about the question though it shares none of its words:
    # "they ordered residents to evacuate coastal areas" for "what were people near the coast told to do".
    close_seconds = _runners_up(lead, list(selection.ranked), selection.best_score)
    pool = [e for e in candidates
            if (e in required or (e.score >= floor and (_about_the_question(e, selection.analysis)
                                                      or _follows_one_of(e, [lead]) or e in close_seconds)))
            and (e.doc_id, e.start) != (lead.doc_id, lead.start)]
    if prefer_new_documents:
        # Stable sort: documents not yet cited first, each in score order.
        seen_docs = {lead.doc_id}
        first: list[Evidence] = []
        rest: list[Evidence] = []
        for evidence in pool:
            (rest if evidence.doc_id in seen_docs else first).append(evidence)
            seen_docs.add(evidence.doc_id)
        pool = first + rest
    # The asked source's own quotation ("“…,” he said.") is their answer, whatever its words: it is taken
    # though it shares no word of the question, with the sentence naming them before it. It takes its
    # place by its score, though: another of their quotations ("“We've got to bring these families
    # closure,” he said") does not crowd out their words on what was asked ("fully up to code").
    quotation = [e for e in pool if e in required and quoted_by_a_pronoun(e.text)]
    fits = then is not None and count > 0 and len(lead.text) + len(then.text) <= budget
    chosen: list[Evidence] = [then] if then is not None and fits else []
    used = len(lead.text) + sum(len(e.text) for e in chosen)
    for evidence in pool:
        if len(chosen) >= count:
            break
        if any(_repeats(evidence, other) for other in [lead, *chosen]):
            continue
        adding = [evidence]
        leaning = leans_on_context(evidence.text) or quoted_by_a_pronoun(evidence.text)
        if leaning and not _follows_one_of(evidence, [lead, *chosen]):
            # The source's quotation ("“…,” he said.") comes right after the sentence that names them.
            context = previous_sentence(evidence, selection.ranked) if evidence in quotation else None
            if context is None or len(chosen) + 2 > count or not is_clean_unit(context.text) \
                    or any(_repeats(context, other) for other in [lead, *chosen]):
                continue
            adding = [context, evidence]
        if used + sum(len(e.text) for e in adding) > budget:
            continue
        chosen += adding
        used += sum(len(e.text) for e in adding)
    return chosen


def _about_the_question(evidence: Evidence, analysis: QuestionAnalysis | None) -> bool:
    """Does the sentence use a word of the question, or give a part of the kind it asks for ("Ben
    Collins led Debian …" for "Who were the project leaders …?")? A sentence that scores near the
    best but does neither ("If Beijing ignores these claims, it risks being complicit" for "Who is
    Lin Jian?") is its document's filler, not support."""
    if analysis is None or analysis.form == "list":
        return True   # a list gathers items that need not repeat the question's words
    asked = set(content_terms(analysis.text))
    if not asked or asked & set(content_terms(evidence.text)):
        return True
    if analysis.names and mentions_name(analysis.names, evidence.text):
        return True   # "China has strongly denied involvement" for "What does Beijing say …?"
    return any(gives(part, evidence.text, analysis) for part in analysis.parts)


# A quotation that goes on past its first sentence: "We believe that it may be that Russia stole …".
_FIRST_PERSON = re.compile(r"^\W*(?:I|We|My|Our)\b")


def _said_by(source: tuple[str, ...], evidence: Evidence, ranked: Sequence[Evidence]) -> bool:
    """Is the sentence the source's: they speak in it (``_speaks_in``), or it quotes "he"/"she" (or says
    "we") right after a sentence in which they speak?"""
    if _speaks_in(source, evidence):
        return True
    before = previous_sentence(evidence, ranked)
    speaks_on = quoted_by_a_pronoun(evidence.text) or _FIRST_PERSON.match(evidence.text) is not None
    return speaks_on and before is not None and _speaks_in(source, before)


def _speaks_in(source: tuple[str, ...], evidence: Evidence) -> bool:
    """Does the source speak in the sentence: its speaker names them (a sentence that names them
    otherwise, "The journalists said … in Russian", "two Russian rockets struck", "He claims Ukraine is
    trying …", is no word of theirs); with no speaker read, a party that tells, denies or judges in it
    names them; a paper quotes them; or it is in a piece they wrote?"""
    if evidence.author and names_source(source, evidence.author):
        return True
    if _quotes(source, evidence.text):
        return True
    voice = read_voice(evidence.text)
    if voice is not None and voice.speaker:
        return _names(source, voice.speaker)
    # "IEMZ Kupol informed the ministry …", read by no verb of saying.
    return any(_names(source, phrase_of(subject)) for subject in _acting_subjects(evidence.text))


def _quotes(source: tuple[str, ...], sentence: str) -> bool:
    """"“…,” the Times quoted Hinz", "…, citing Hinz": the words are the quoted one's, not the paper's. A
    person named again is named by the surname ("Hinz" for Fabian Hinz)."""
    return any(verb.lemma_.lower() in {"quote", "cite"} and any(
        c.dep_ == "dobj" and _names(source, phrase_of(c)) for c in verb.children) for verb in parse(sentence))


def _names(source: tuple[str, ...], phrase: str) -> bool:
    """Does the phrase name the source, by a short form included: a person named again by the surname
    ("Hinz said"), an organisation by its first word ("Amnesty" for Amnesty International)?"""
    words = [w for w in phrase.lower().split() if w != "the"]
    if names_source(source, phrase):
        return True
    if len(source) < 2:
        return False
    # The last word is a surname only when it is no kind of body: "the Prosecutor General's Office" is not
    # "the UN human rights office". The first word alone must be long or an acronym: "The UN has said".
    surname = words[-1:] == [source[-1]] and source[-1] not in ACTING_BODIES
    first_word = words == [source[0]] and (len(source[0]) >= 5 or source[0].upper() in phrase.split())
    return surname or first_word


def _acting_subjects(sentence: str) -> list:  # type: ignore[type-arg]
    """Subjects of a verb of saying that are a party, not a thing of theirs: "IEMZ Kupol informed …",
    "Russia's defence ministry", "a Kremlin spokesman"; not "two Russian rockets", whose adjective names
    Russia but not as the one saying."""
    return [t for t in parse(sentence) if t.dep_ in {"nsubj", "nsubjpass"}
            and (t.head.lemma_.lower() in TELLING_VERBS or _officially(t.head)) and (
                t.pos_ == "PROPN" or t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
                or t.lemma_.lower() in ACTING_BODIES or t.lemma_.lower() in PERSON_NOUNS)]


def _officially(verb) -> bool:  # type: ignore[no-untyped-def]
    """"China is officially neutral": a stance the party takes in public is its word."""
    return any(c.lower_ in {"officially", "publicly"} for c in verb.children)


def _the_sources_own(
    source: tuple[str, ...], lead: Evidence | None, candidates: list[Evidence], selection: EvidenceSelection
) -> Evidence | None:
    """"What did Politico report about Chinese exports?": the best sentence that is Politico's leads, if
    one scores near the best; a sentence on the topic that someone else said is no answer to it."""
    if lead is None or _said_by(source, lead, selection.ranked):
        return lead
    floor = selection.best_score - _SUPPORT_MARGIN
    return next((e for e in candidates if e.score >= floor and not leans_on_context(e.text)
                 and not _of_something_said_before(e.text) and _said_by(source, e, selection.ranked)), lead)


def _as_written(source: tuple[str, ...], question: str) -> str:
    """The source's name as the question writes it, from its first word to its last ("Podoljak", "Helena
    Legarda of the Mercator Institute")."""
    pattern = rf"\b(?:the\s+)?{re.escape(source[0])}\b(?:\W+\w+){{0,6}}?\W+{re.escape(source[-1])}\b" \
        if len(source) > 1 else rf"\b(?:the\s+)?{re.escape(source[0])}\b"
    found = re.search(pattern, question, re.IGNORECASE)
    return found.group(0) if found else " ".join(source)


def _of_something_said_before(sentence: str) -> bool:
    """Is what the sentence speaks of only in an earlier one: "Israel disputes this figure", "Kyiv
    rejected that claim"? A demonstrative before an abstract noun or a figure's noun says so."""
    doc = parse(sentence)
    return any(t.lower_ in {"this", "that", "these", "those"} and t.dep_ == "det"
               and t.head.lemma_.lower() in SHELL_NOUNS | FIGURE_NOUNS and _a_core_argument(t.head)
               for t in doc)


def _a_core_argument(noun) -> bool:  # type: ignore[no-untyped-def]
    """Is the noun the subject or object of the sentence's main verb ("Israel disputes *this figure*")?
    One in an opening phrase ("In response to this attribution, the spokesman denied …") or inside
    what someone is quoted saying ("… we haven't announced these numbers") leaves the rest of the
    sentence standing on its own."""
    return noun.head.dep_ == "ROOT" and noun.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"}


def _one_per_source(analysis: QuestionAnalysis, candidates: list[Evidence]) -> list[Evidence]:
    """For "Which news organisations do the documents rely on?": one sentence for each source that
    sentences name as their reporter ("…, Politico reported."), the most often cited first, then the
    rest. How often the documents cite a source is what "rely on" means. A question with a topic ("…
    reported on the supplies?") takes the sources in the order of their best sentence on it."""
    cited: dict[str, list[Evidence]] = {}
    for evidence in candidates:
        for name in dict.fromkeys(reporters(evidence.text, analysis)):
            cited.setdefault(name, []).append(evidence)
    first: list[Evidence] = []
    by_citations = not has_a_topic(analysis)
    for name in sorted(cited, key=lambda n: -len(cited[n]) if by_citations else 0):  # stable: rank order
        example = next((e for e in cited[name] if e not in first), None)
        if example is not None:
            first.append(example)
    return first + [e for e in candidates if e not in first]


def _repeats(a: Evidence, b: Evidence) -> bool:
    if a.doc_id == b.doc_id and a.start < b.end and b.start < a.end:
        return True
    terms_a, terms_b = set(content_terms(a.text)), set(content_terms(b.text))
    if not terms_a or not terms_b:
        return False
    return len(terms_a & terms_b) / min(len(terms_a), len(terms_b)) >= _NEAR_DUPLICATE


def _follows_one_of(evidence: Evidence, earlier: list[Evidence]) -> bool:
    return any(e.doc_id == evidence.doc_id and 0 <= evidence.start - e.end <= _ADJACENT_CHARS for e in earlier)
