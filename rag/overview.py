""""Where do the sources disagree?": a question about the whole collection, answered from the map.

Retrieval cannot answer it: the question shares no words with any disputed claim, so the
passages that read most like it are whatever talks about claims and lies ("… bald-faced lies").
The contradiction map (``rag.conflicts``) already holds the collection's disputes, grouped by
proposition and ranked by confidence and by the independent sources on each side. The answer is
the strongest of them, in the usual shape of a disagreement, and how many there are in all.

Only a question about disagreement with no subject of its own is answered this way. "Do the
sources disagree about the death toll?" names what it asks about and goes the usual way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from core.documents import LocatedText
from rag.conflicts.disputes import Dispute, Voice, group
from rag.corpus import CorpusSnapshot
from rag.evidence import sentences_of
from rag.question import QuestionAnalysis
from rag.schemas import Evidence, FoundConflict
from rag.text import content_terms
from rag.units import is_clean_unit, leans_on_context, points_back, reads_as_a_sentence
from rag.voices import read_voice, speaks_for_two_parties

if TYPE_CHECKING:
    from rag.conflicts.store import StoredConflict

# Words that ask about disagreement itself.
_DISAGREEMENT_WORDS = frozenset(content_terms(
    "disagree disagrees disagreed disagreement disagreements contradict contradicts contradiction contradictions "
    "conflict conflicts conflicting dispute disputes disputed differ differs difference differences "
    "inconsistent inconsistency inconsistencies contested contest"))
# Words that name the collection, or say nothing of a subject ("the main points where they differ").
_EMPTY_WORDS = frozenset(content_terms(
    "source sources document documents article articles report reports outlet outlets text texts file files "
    "corpus collection material account accounts main biggest key major important point points issue issues "
    "topic topics thing things claim claims each other one another among between where"))


class MappedConflicts(Protocol):
    def conflicts(self, collection: str, doc_ids: Sequence[str] | None = None) -> list[StoredConflict]: ...


def asks_where_sources_disagree(analysis: QuestionAnalysis) -> bool:
    """Does the question ask where the sources disagree, about nothing in particular?"""
    terms = set(content_terms(analysis.text))
    return bool(terms & _DISAGREEMENT_WORDS) and not terms - _DISAGREEMENT_WORDS - _EMPTY_WORDS


class CollectionDisputes:
    """The answer to "where do the sources disagree?": the map's strongest quotable dispute."""

    def __init__(self, mapped: MappedConflicts, voices_per_side: int = 2, most: int = 3) -> None:
        self.mapped = mapped
        self.voices_per_side = voices_per_side
        self.most = most   # disputes named in one answer: the first in full, the others in a sentence each

    def strongest(self, collection: str, snapshot: CorpusSnapshot,
                  sources: Sequence[str] | None = None) -> list[FoundConflict]:
        """The best disputes among ``sources`` (all documents when None) whose two sides each have a
        voice that reads as a whole sentence on its own, best first; the first says how many there are."""
        disputes = [d for d in group(self.mapped.conflicts(collection)) if _within(d, sources)]
        found: list[FoundConflict] = []
        for dispute in disputes:
            sides = [self._quotable(dispute, side, snapshot, sources) for side in (0, 1)]
            if sides[0] and sides[1]:
                found.append(_as_found(dispute, sides[0], sides[1], len(disputes) if not found else 1))
            if len(found) == self.most:
                break
        return found

    def _quotable(self, dispute: Dispute, side: int, snapshot: CorpusSnapshot,
                  sources: Sequence[str] | None) -> list[Evidence]:
        """Up to ``voices_per_side`` voices of one side from ``sources``, one per speaker, each as the whole
        sentence that holds its claim (a claim may be the clause inside a quotation), understood
        without context."""
        kept: list[Evidence] = []
        speakers: set[str] = set()
        # The claims the map sets against the most others first: they are what the dispute is about.
        pairs = Counter(claim.id for pair in dispute.pairs for claim in (pair.a, pair.b))
        for voice in sorted(dispute.voices, key=lambda v: (v.hedged, -pairs[v.claim.id])):
            if voice.side != side or voice.claim.speaker_key in speakers or not _from_sources(voice, sources):
                continue
            sentence = _sentence_of(voice, snapshot, dispute.confidence)
            if sentence is None or not _stands_alone(sentence.text):
                continue
            speakers.add(voice.claim.speaker_key)
            kept.append(sentence)
            if len(kept) == self.voices_per_side:
                break
        return kept


def _within(dispute: Dispute, sources: Sequence[str] | None) -> bool:
    """Does the dispute have a voice on each side among ``sources`` (all documents when None)?"""
    return all(any(v.side == side and _from_sources(v, sources) for v in dispute.voices) for side in (0, 1))


def _from_sources(voice: Voice, sources: Sequence[str] | None) -> bool:
    return not sources or voice.claim.source in sources


def _stands_alone(sentence: str) -> bool:
    """A whole sentence, understood without the one before, that speaks for one party only."""
    return (is_clean_unit(sentence) and reads_as_a_sentence(sentence) and not points_back(sentence)
            and not leans_on_context(sentence) and not speaks_for_two_parties(sentence))


def _sentence_of(voice: Voice, snapshot: CorpusSnapshot, score: float) -> Evidence | None:
    """The whole sentence of its chunk that holds the voice's claim, spoken by whom it names (or the
    author, for the writer's own word), with the voice's stance."""
    passage = snapshot.passage(voice.claim.chunk_id)
    if passage is None:
        return None   # deleted since the map was read
    sentence = unit_holding(sentences_of([passage]), voice.claim)
    if sentence is None:
        return None
    read = read_voice(sentence.text)
    # "The West has falsely claimed …" is the writer's word, not the West's.
    speaker = sentence.author if read.speaker is None or read.discredits_report else read.speaker
    return replace(sentence, score=score, speaker=speaker, stance=voice.stance)  # type: ignore[arg-type]


def unit_holding(units: Sequence[Evidence], claim: LocatedText) -> Evidence | None:
    """The unit a claim was cut from: the shortest that holds the claim's first character, else the
    shortest it overlaps (a claim may begin on a quotation mark the unit leaves out).

    Units are not in document order, nor disjoint: a quotation over several sentences is one more unit,
    and replaces its opening sentence (``rag.evidence.with_whole_quotations``)."""
    overlapping = [e for e in units if e.doc_id == claim.doc_id and e.start < claim.end and claim.start < e.end]
    return min(overlapping, key=lambda e: (not e.start <= claim.start < e.end, e.end - e.start), default=None)


def _as_found(dispute: Dispute, first: list[Evidence], second: list[Evidence], disputes: int) -> FoundConflict:
    where = what_is_disputed(dispute)
    topic = where if disputes == 1 else f"{disputes} points; the clearest is {where}"
    return FoundConflict(
        topic=topic,
        explanation="The contradiction map's strongest dispute in the collection.",
        sides=(first[0], second[0]),
        judge="map",
        confidence=round(dispute.confidence, 3),
        allies=(tuple(first[1:]), tuple(second[1:])),
        proposition=dispute.proposition,
    )


def what_is_disputed(dispute: Dispute) -> str:
    """The dispute as the object of "disagree on": "how many people were killed", "whether Israel was
    responsible", "whether China did provide lethal weapons". Built from the map's actor and action,
    which read better than any one claim's words; the proposition when no party acts."""
    topic = dispute.topic.strip()
    if dispute.kind == "numbers" or topic.split(" ", 1)[0].lower() in {"how", "what", "when", "which", "who"}:
        return topic
    if not any(ch.isalpha() for ch in dispute.actor) or not topic:
        return f"whether {dispute.proposition}"
    actor = " ".join(word.capitalize() for word in dispute.actor.split())
    verb, _, rest = topic.partition(" ")
    return f"whether {actor} was {rest}" if verb == "be" else f"whether {actor} did {topic}"
