"""Decide what the evidence answers: the whole question, some of its parts, or nothing.

Small models never refuse, so this is decided here, from the evidence, and it errs
toward answering: a question is refused only when nothing relevant was retrieved or
a name it asks about appears nowhere in what was retrieved. Otherwise each part the
question asks for (a name, a number, a date; see ``rag.question``) is looked for in
the leading evidence sentences; a part that none of them gives is reported as
missing ("The documents do not say when."), and a question none of whose parts is
given is not answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.sentences import split_sentences
from rag.corpus import CorpusSnapshot
from rag.evidence import EvidenceSelection
from rag.question import (
    COUNT_LABELS,
    AskedPart,
    QuestionAnalysis,
    acts,
    places_of_the_act,
    subject_names,
    whose_account,
)
from rag.roles import is_accused
from rag.schemas import Evidence
from rag.text import content_terms, mentioned, mentions_name
from rag.units import is_clean_unit, leans_on_context, quoted_by_a_pronoun, reads_as_a_sentence
from rag.values import SentenceContext, supplies
from rag.voices import read_voice

# The sentences that may give an asked-for part: the leading ones, within this much of the best.
_ANSWER_POOL_MARGIN = 0.08
_ANSWER_POOL_SIZE = 5
# How far down the ranking a sentence that gives an asked-for part is looked for.
PART_SEARCH_DEPTH = 12
# How far down the ranking a yes/no question's subject is looked for as the actor of a sentence.
_SUBJECT_DEPTH = 20


@dataclass(frozen=True)
class Assessment:
    answerable: bool
    reason: str
    missing: tuple[AskedPart, ...] = ()
    # The leading sentences about the question's named subject, where it names one: an answer
    # about another subject ("Debian 1.1 Buzz" for "the code name of Debian 0.93R6") may not lead.
    about_the_subject: tuple[Evidence, ...] = ()


def assess(selection: EvidenceSelection, snapshot: CorpusSnapshot, min_score: float) -> Assessment:
    analysis = selection.analysis
    if not selection.selected or analysis is None:
        return Assessment(False, "no passage was retrieved")
    if selection.best_score < min_score:
        return Assessment(False, f"best evidence score {selection.best_score:.2f} is below {min_score:.2f}")
    retrieved = _retrieved_text(selection, snapshot)
    missing_names = sorted(name for name in analysis.specific_names if not mentioned(name, retrieved))
    if missing_names:
        return Assessment(False, f"nothing retrieved mentions {', '.join(missing_names)}")
    subject = subject_names(analysis) if analysis.is_yes_no else frozenset()
    if subject and not any(_speaks_of(subject, e.text, analysis) for e in selection.ranked[:_SUBJECT_DEPTH]):
        # "Has Germany sent drones to Ukraine?" over documents in which Germany does nothing: no
        # sentence can say yes or no, however much it says about drones.
        return Assessment(False, f"no retrieved sentence speaks of {', '.join(sorted(subject))} doing what was asked")
    pool = about_the_subject(answer_pool(selection), analysis, selection.ranked, snapshot)
    if not pool and analysis.specific_names:
        # "…, per the Jerusalem Post?": when no leading sentence is about what the question names, the best
        # ones that are may rank lower, below sentences of other documents that share its other words.
        further = [e for e in selection.ranked[:PART_SEARCH_DEPTH] if is_clean_unit(e.text)]
        pool = about_the_subject(further, analysis, selection.ranked, snapshot)[:_ANSWER_POOL_SIZE]
    pool = [e for e in pool if speaks_to_the_question(e.text, analysis)]
    if selection.authorship is not None and selection.authorship not in pool:
        # "Who wrote the article about …?": the described piece's sentence naming its author answers
        # it, though it shares few of the question's words.
        pool.insert(0, selection.authorship)
    # A count the leading sentences do not give may sit lower ("342 injured" below "300 killed"):
    # a count is read strictly enough to be looked for further down; a name or a date is not, unless
    # it must be in a named party's words ("Who does Russia say fired …?": Russia's denial ranks below
    # the others' accounts).
    deeper: list[Evidence] = []
    if any(_read_strictly(part, analysis) for part in analysis.parts):
        deeper = [e for e in selection.ranked[:PART_SEARCH_DEPTH] if is_clean_unit(e.text) and e not in pool]
        deeper = [e for e in about_the_subject(deeper, analysis, selection.ranked, snapshot)
                  if speaks_to_the_question(e.text, analysis)]
    counted = _in_the_asked_places(pool + deeper, analysis, selection.ranked, snapshot)
    # Each sentence's context is read once, not once per asked part: it splits the chunk before it.
    contexts = {e.place: _context_of(e, selection.ranked, snapshot) for e in [*counted, *pool]}
    missing = tuple(part for part in analysis.parts
                    if not any(supplies(part, e.text, analysis, contexts[e.place])
                               for e in (counted if _read_strictly(part, analysis) else pool)))
    if analysis.unanswered_by(missing):
        return Assessment(False, "no leading evidence gives " + ", ".join(p.missing for p in missing), missing)
    on_subject = tuple(pool) if analysis.specific_names else ()
    return Assessment(True, "supported by evidence", missing, on_subject)


def _read_strictly(part: AskedPart, analysis: QuestionAnalysis) -> bool:
    """Is the part read strictly enough to be looked for below the leading sentences?"""
    return part.labels == COUNT_LABELS or (analysis.asks_within_a_partys_words and bool(analysis.giver))


def _retrieved_text(selection: EvidenceSelection, snapshot: CorpusSnapshot) -> str:
    # A document's file name names its outlet too ("02_jpost_kills_39.txt" for "the Jerusalem Post").
    return " ".join(f"{e.text} {snapshot.doc_names.get(e.doc_id, '')} {e.source}" for e in selection.ranked)


def sources_named_apart(selection: EvidenceSelection, snapshot: CorpusSnapshot,
                        question: str | None = None) -> list[str]:
    """The documents a question names by their outlet or title, to be searched on their own: those of
    whoever the question asks to be quoted ("According to TASS, who …?": TASS's own report, not another
    outlet that cites TASS), and those of a name nothing retrieved mentions ("What did the Washington
    Post report?", whose passages share no word with the question that others do not). None when the
    name is nowhere, or names every document. ``question``, as asked: its reading drops "In the fr24news
    report," as words about the collection, since a lower-case outlet reads like any adjective."""
    analysis = selection.analysis
    if analysis is None:
        return []
    retrieved = _retrieved_text(selection, snapshot)
    quoted = whose_account(question or analysis.text)
    names = [name for name in analysis.specific_names if not mentioned(name, retrieved)] + quoted
    named: set[str] = set()
    for name in names:
        named.update(source for doc_id, source in snapshot.source_of_doc.items()
                     if mentioned(name, f"{snapshot.doc_names.get(doc_id, '')} {source}")
                     or _begins_a_word_of(name, source))
    if named:
        # "According to Norfolk Southern, who …?" over a report titled "… scrutiny on Norfolk Southern": a
        # title may name its subject, not its outlet, so the reports that quote the party are searched too.
        named.update(e.source for e in selection.ranked
                     if any(_speaks(name, e.text) for name in quoted))
    return sorted(named) if len(named) < len(snapshot.source_of_doc) else []


def _begins_a_word_of(name: str, source: str) -> bool:
    """Is a one-word name of three letters or more the start of a word of the file name: "bnn" for
    "08_bnnbreaking_diplomats_memorial.txt"? A file named after its outlet runs the outlet's words together."""
    return len(name) >= 3 and name.isalpha() and any(
        word.startswith(name) for word in re.findall(r"[a-z]+", Path(source).stem.lower()))


def _speaks(name: str, sentence: str) -> bool:
    speaker = read_voice(sentence).speaker
    return speaker is not None and mentioned(name, speaker)


def _speaks_of(subject: frozenset[str], sentence: str, analysis: QuestionAnalysis) -> bool:
    """Does the sentence have the subject act ("Germany sent …"), or name it beside a word of what the
    question says it did ("Ukraine received 500 drones from Germany")?"""
    if acts(subject, sentence):
        return True
    if not mentions_name(subject, sentence):
        return False
    if is_accused(subject, sentence):
        return True   # "Hersh has accused the United States of sabotaging the pipelines": said to have done it
    name_terms = {t for name in analysis.names for t in content_terms(name)}
    asked = set(content_terms(analysis.proposition or analysis.text)) - name_terms
    return bool(asked & set(content_terms(sentence)))


def answer_pool(selection: EvidenceSelection) -> list[Evidence]:
    """The leading evidence sentences, each followed by the next sentence of its document when
    that was retrieved too: "A new report says a company shipped drones." is often completed by
    "The Times reported it on Monday."."""
    floor = selection.best_score - _ANSWER_POOL_MARGIN
    leading = [e for e in selection.ranked if e.score >= floor and is_clean_unit(e.text)][:_ANSWER_POOL_SIZE]
    pool = list(leading)
    for evidence in leading:
        following = next_sentence(evidence, selection.ranked)
        if following is not None and following not in pool and is_clean_unit(following.text):
            pool.append(following)
    return pool or selection.selected[:1]


def speaks_to_the_question(text: str, analysis: QuestionAnalysis) -> bool:
    """Can this sentence answer on its own? Not when it leans on the one before ("This could permit
    the weapons to be used in Ukraine") and shares no word with the question: then the place or name
    it holds belongs to whatever "this" is, not to what was asked."""
    return not leans_on_context(text) or bool(set(content_terms(analysis.text)) & set(content_terms(text)))


def about_the_subject(pool: list[Evidence], analysis: QuestionAnalysis, ranked: list[Evidence],
                      snapshot: CorpusSnapshot) -> list[Evidence]:
    """The sentences of ``pool`` about what the question names: "When was Debian 12 Bookworm released?"
    is not answered by the date of Debian 11. A sentence counts when it, the sentence before it or
    its document's name mentions one of the question's specific names (``mentioned``: its words, or
    its initials). None may count: then the documents do not give what is asked about that subject."""
    if not analysis.specific_names:
        return pool
    return [
        e for e in pool
        if any(mentioned(name, _in_context(e, ranked, snapshot)) for name in analysis.specific_names)
    ]


def _in_the_asked_places(pool: list[Evidence], analysis: QuestionAnalysis, ranked: list[Evidence],
                         snapshot: CorpusSnapshot) -> list[Evidence]:
    """The sentences that may count what is asked where the question places it: "How many people were
    evacuated from Oleshky?" is not answered by "3,600 evacuated from the Kherson and Mykolaiv regions".
    The place may be named by the sentence, the one before it, or its document's title."""
    places = places_of_the_act(analysis)
    if not places:
        return pool
    return [e for e in pool if all(mentioned(place, _in_context(e, ranked, snapshot)) for place in places)]


def _context_of(evidence: Evidence, ranked: list[Evidence], snapshot: CorpusSnapshot) -> SentenceContext:
    """The sentence before, when ``evidence`` leans on it ("He said the plant …"), and the title."""
    before = previous_sentence(evidence, ranked) if leans_on_context(evidence.text) else None
    return SentenceContext(before.text if before is not None else "", _title_of(evidence, snapshot),
                           _sentences_before(evidence, snapshot))


def _sentences_before(evidence: Evidence, snapshot: CorpusSnapshot, limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` sentences before ``evidence`` in its document, nearest first, from the chunk that
    holds most of what precedes it."""
    chunks = [c for c in snapshot.chunks_of(evidence.doc_id) if c.start < evidence.start <= c.end]
    if not chunks:
        return ()
    chunk = min(chunks, key=lambda c: c.start)
    preceding = chunk.text[: evidence.start - chunk.start]
    spans = split_sentences(preceding)
    return tuple(preceding[span.start : span.end] for span in reversed(spans[-limit:]))


def _in_context(evidence: Evidence, ranked: list[Evidence], snapshot: CorpusSnapshot) -> str:
    before = previous_sentence(evidence, ranked)
    preceding = before.text if before is not None else ""
    return f"{_title_of(evidence, snapshot)} {preceding} {evidence.text}"


def _title_of(evidence: Evidence, snapshot: CorpusSnapshot) -> str:
    """The document's title and file name, where a sentence's subject is often named."""
    return f"{evidence.title or ''} {snapshot.doc_names.get(evidence.doc_id, '')} {evidence.source}"


def previous_sentence(evidence: Evidence, candidates: Sequence[Evidence]) -> Evidence | None:
    return max(
        (c for c in candidates if c.doc_id == evidence.doc_id and 0 <= evidence.start - c.end <= 3),
        key=lambda c: c.end, default=None,
    )


def context_for(evidence: Evidence, ranked: Sequence[Evidence]) -> Evidence | None:
    """The sentence before ``evidence`` when ``evidence`` leans on it and it can lead: retrieved,
    whole, and standing on its own. A quotation whose speaker is only "he" or "she" leans on the
    sentence that names them."""
    if not (leans_on_context(evidence.text) or quoted_by_a_pronoun(evidence.text)):
        return None
    before = previous_sentence(evidence, ranked)
    if before is None or not reads_as_a_sentence(before.text) or leans_on_context(before.text):
        return None
    return before


def next_sentence(evidence: Evidence, candidates: Sequence[Evidence]) -> Evidence | None:
    return min(
        (c for c in candidates if c.doc_id == evidence.doc_id and 0 <= c.start - evidence.end <= 3),
        key=lambda c: c.start, default=None,
    )
