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
disagreement between the two speakers it quotes. At most ``voices_per_side`` voices a
side, the most relevant first.

Questions that ask for a name, a number or a date get no disagreement block: their
answer is that name, number or date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.evidence import EvidenceSelection
from rag.question import QuestionAnalysis, analyse
from rag.schemas import Evidence, FoundConflict, RetrievedChunk
from rag.text import content_terms
from rag.units import is_clean_unit
from rag.voices import Voice, flip, read_voice

# A voice must score within this much of the best evidence sentence, and above a floor: a
# denial rarely shares the words of the question as closely as the claim it denies does.
_RELEVANCE_MARGIN = 0.45
_RELEVANCE_FLOOR = 0.35
_MAX_CANDIDATES = 24
_NAME_PREFIX = 4   # "China"/"Chinese", "Russia"/"Russian": a demonym shares its country's first letters


@dataclass(frozen=True)
class StancedEvidence:
    evidence: Evidence
    voice: Voice
    stance: str


class QuestionDisagreement:
    """The ``ConflictFinder`` of the answer pipeline: one disagreement about the question, or none."""

    def __init__(self, voices_per_side: int = 2, enabled: bool = True) -> None:
        self.voices_per_side = voices_per_side
        self.enabled = enabled

    def for_answer(
        self, question: str, selection: EvidenceSelection, passages: Sequence[RetrievedChunk], collection: str,
        sources: Sequence[str] | None = None, query_vector: np.ndarray | None = None,
    ) -> list[FoundConflict]:
        analysis = selection.analysis or analyse(question)
        if not self.enabled or not _can_be_disputed(analysis) or not selection.ranked:
            return []
        stanced = stances(analysis, selection.ranked)
        affirming = _distinct_speakers([s for s in stanced if s.stance == "affirms"], self.voices_per_side)
        opposing = _distinct_speakers([s for s in stanced if s.stance != "affirms"], self.voices_per_side)
        if not affirming or not opposing or not _independent(affirming, opposing):
            return []
        proposition = analysis.proposition or question.rstrip("?")
        return [
            FoundConflict(
                topic=proposition,
                explanation="The sources take opposite stances on this.",
                sides=(affirming[0].evidence, opposing[0].evidence),
                judge="stance",
                confidence=round(min(affirming[0].evidence.score, opposing[0].evidence.score), 3),
                allies=(tuple(s.evidence for s in affirming[1:]), tuple(s.evidence for s in opposing[1:])),
                proposition=proposition,
            )
        ]


def _can_be_disputed(analysis: QuestionAnalysis) -> bool:
    return analysis.is_yes_no and analysis.proposition is not None


def stances(analysis: QuestionAnalysis, ranked: Sequence[Evidence]) -> list[StancedEvidence]:
    """The stance of each relevant evidence sentence toward the question's proposition, best first."""
    if not ranked:
        return []
    floor = max(ranked[0].score - _RELEVANCE_MARGIN, _RELEVANCE_FLOOR)
    proposition_polarity = read_voice(analysis.proposition).polarity if analysis.proposition else "affirms"
    predicate = predicate_terms(analysis)
    found: list[StancedEvidence] = []
    for evidence in ranked[:_MAX_CANDIDATES]:
        if evidence.score < floor or not is_clean_unit(evidence.text):
            continue
        if analysis.names and not names_actor(analysis.names, evidence):
            continue
        if predicate and not predicate & set(content_terms(evidence.text)):
            continue  # about the actors, but not about what the question says they did
        voice = read_voice(evidence.text)
        stance = voice.polarity if proposition_polarity == "affirms" else flip(voice.polarity)
        speaker = voice.speaker or evidence.title or evidence.source
        found.append(StancedEvidence(replace(evidence, speaker=speaker, stance=stance), voice, stance))
    return found


def predicate_terms(analysis: QuestionAnalysis) -> set[str]:
    """The proposition's words beyond its actors: what they are said to have done, and to what."""
    name_terms = {t for name in analysis.names for t in content_terms(name)}
    return set(content_terms(analysis.proposition or analysis.text)) - name_terms - _AUXILIARY_TERMS


_AUXILIARY_TERMS = frozenset(content_terms("do does did has have had is are was were can could will would really"))


def names_actor(names: frozenset[str], evidence: Evidence) -> bool:
    """Does the sentence name one of the question's actors (a demonym counts: 'Chinese' for 'China')?"""
    words = {w[:_NAME_PREFIX] for w in re.findall(r"[a-z]+", evidence.text.lower()) if len(w) >= 3}
    for name in names:
        parts = [p[:_NAME_PREFIX] for p in re.findall(r"[a-z]+", name) if len(p) >= 3]
        if parts and all(p in words for p in parts):
            return True
    return False


def _distinct_speakers(stanced: list[StancedEvidence], limit: int) -> list[StancedEvidence]:
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
