"""question -> retrieve -> evidence -> compose -> verify -> conflicts -> response.

``AnswerPipeline.events`` is the single code path: it yields ``token`` events
while the answer is written, then ``citations``, ``sentences``,
``contradictions`` and ``done``. ``run`` consumes the same events and returns
the final ``AskResponse``, so the JSON and streaming endpoints cannot drift.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from core.settings import Settings
from rag.alternatives import alternatives_asked
from rag.answerability import Assessment, assess, sources_named_apart
from rag.compose import Composer, refusal
from rag.corpus import CorpusSnapshot
from rag.disagreement import asks_who_is_responsible
from rag.evidence import EvidenceSelection, EvidenceSelector
from rag.opponents import MapOpponents
from rag.overview import CollectionDisputes, asks_where_sources_disagree
from rag.plan import PlanLimits, plan_answer
from rag.question import analyse, asks_about_the_sources
from rag.restate import as_asked, compares_accounts
from rag.retrieve import HybridRetriever, Retrieval
from rag.schemas import (
    AnswerSentence,
    AskRequest,
    AskResponse,
    Citation,
    ComposedSentence,
    Contradiction,
    ContradictionClaim,
    Evidence,
    FoundConflict,
    RetrievedChunk,
)
from rag.spelling import as_the_collection_writes
from rag.verify import Verifier

log = logging.getLogger(__name__)

Event = tuple[str, Any]


class ConflictFinder(Protocol):
    """Finds disagreements among the evidence of one answer (implemented in ``rag.conflicts``)."""

    def for_answer(
        self, question: str, selection: EvidenceSelection, passages: Sequence[RetrievedChunk], collection: str,
        sources: Sequence[str] | None = None, query_vector: np.ndarray | None = None,
    ) -> list[FoundConflict]: ...


class NoConflicts:
    def for_answer(
        self, question: str, selection: EvidenceSelection, passages: Sequence[RetrievedChunk], collection: str,
        sources: Sequence[str] | None = None, query_vector: np.ndarray | None = None,
    ) -> list[FoundConflict]:
        return []


def _quoted_span(evidence: Evidence) -> dict[str, Any]:
    """The fields a citation and a contradiction's claim share: where the verbatim quote sits."""
    return {"doc_id": evidence.doc_id, "source": evidence.source, "quote": evidence.text,
            "start": evidence.start, "end": evidence.end}


def citation_of(number: int, evidence: Evidence) -> Citation:
    return Citation(id=number, title=evidence.title, chunk_id=evidence.chunk_id, score=round(evidence.score, 4),
                    **_quoted_span(evidence))


def passage_evidence(passage: RetrievedChunk) -> Evidence:
    """A whole retrieved passage in the shape of evidence, to report it like a citation."""
    chunk = passage.chunk
    return Evidence(
        doc_id=chunk.doc_id, source=chunk.source, title=passage.title, chunk_id=chunk.id,
        start=chunk.start, end=chunk.end, text=chunk.text, score=passage.score,
    )


@dataclass
class _Citations:
    """Numbers each distinct quoted span once, in order of first use."""

    items: list[Citation] = field(default_factory=list)
    _by_span: dict[tuple[str, int, int], int] = field(default_factory=dict)

    def cite(self, evidence: Evidence) -> int:
        key = evidence.place
        if key not in self._by_span:
            number = len(self.items) + 1
            self._by_span[key] = number
            self.items.append(citation_of(number, evidence))
        return self._by_span[key]


def _passages_of(conflicts: Sequence[FoundConflict], read: Sequence[RetrievedChunk],
                 snapshot: CorpusSnapshot) -> list[RetrievedChunk]:
    """The chunks that hold the voices of ``conflicts`` and were not read yet: what the answer rests on."""
    have = {p.chunk.id for p in read}
    wanted = dict.fromkeys(voice.chunk_id for conflict in conflicts for _, voice in conflict.voices()
                           if voice.chunk_id not in have)
    return [p for chunk_id in wanted if (p := snapshot.passage(chunk_id)) is not None]


def render_sentence(text: str, numbers: Sequence[int]) -> str:
    markers = "".join(f"[{n}]" for n in numbers)
    return f"{text} {markers}" if markers else text


_TOKEN = re.compile(r"\S+\s*")


class AnswerPipeline:
    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        selector: EvidenceSelector,
        composer: Composer,
        verifier: Verifier,
        conflicts: ConflictFinder | None = None,
        opponents: MapOpponents | None = None,
        overview: CollectionDisputes | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.selector = selector
        self.composer = composer
        self.verifier = verifier
        self.conflicts = conflicts or NoConflicts()
        self.opponents = opponents
        self.overview = overview
        self.limits = PlanLimits(
            support_sentences=settings.answer_support_sentences, max_chars=settings.answer_max_chars,
            list_max_chars=settings.answer_list_max_chars,
        )

    # -- the one code path -----------------------------------------------------
    def events(self, request: AskRequest) -> Iterator[Event]:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        collection = request.collection or self.settings.collection
        # "Do the outlets agree on the death toll?" is answered as "What was the death toll?", and "Miguel
        # Luna - how many kids did he have?" as "how many kids did Miguel Luna have?" (``rag.restate``).
        question = as_asked(request.question)
        # "Podolyak" asked of documents that write "Podoljak" (``rag.spelling``).
        question = as_the_collection_writes(question, self.retriever.corpus.get(collection))
        depth = self.depth(request)
        retrieval = self.retriever.retrieve(question, collection, depth, request.sources)
        timings["embed_query"] = retrieval.embed_ms
        timings["retrieve"] = retrieval.embed_ms + retrieval.search_ms

        mark = time.perf_counter()
        selection = self.selector.select(
            question, retrieval.query_vector, retrieval.passages, retrieval.snapshot
        )
        named = [] if request.sources else sources_named_apart(selection, retrieval.snapshot, question)
        if named:
            retrieval = self.retriever.retrieve(question, collection, depth, named)
            selection = self.selector.select(question, retrieval.query_vector, retrieval.passages, retrieval.snapshot)
        assessment = assess(selection, retrieval.snapshot, self.settings.min_evidence_score)
        answerable = assessment.answerable
        timings["evidence"] = (time.perf_counter() - mark) * 1000

        mark = time.perf_counter()
        conflicts: list[FoundConflict] = []
        passages = list(retrieval.passages)
        overview = selection.analysis is not None and asks_where_sources_disagree(selection.analysis)
        if overview and self.overview is not None:
            # About the whole collection, not the passages that read like the question (``rag.overview``).
            conflicts = self.overview.strongest(collection, retrieval.snapshot, request.sources)
            passages += _passages_of(conflicts, passages, retrieval.snapshot)
            answerable = bool(conflicts)
            assessment = Assessment(answerable, "the contradiction map's disputes" if conflicts
                                    else "the contradiction map holds no dispute among these documents")
        elif answerable:
            opposing = self._opposing_passages(request, selection, retrieval, collection)
            opposing += self._alternatives_passages(selection, question, collection, depth,
                                                    named or request.sources, [*passages, *opposing])
            disputable = selection if not opposing else self.selector.select(
                question, retrieval.query_vector, [*passages, *opposing], retrieval.snapshot)
            passages += opposing
            conflicts = self.conflicts.for_answer(
                question, disputable, passages, collection, request.sources, retrieval.query_vector
            )
        timings["conflicts"] = (time.perf_counter() - mark) * 1000

        mark = time.perf_counter()
        plan = plan_answer(question, selection, assessment, conflicts, self.limits,
                           compares_accounts=compares_accounts(request.question))
        plan.no_disputes = overview and self.overview is not None and not conflicts
        first_token_at: float | None = None
        writing = self.composer.stream(plan)
        while True:
            try:
                piece = next(writing)
            except StopIteration as finished:
                sentences: list[ComposedSentence] = finished.value
                break
            first_token_at = first_token_at or time.perf_counter()
            yield ("token", {"text": piece})
        sentences = self.verifier.verify(sentences) or [refusal()]
        answerable = answerable and any(s.kind not in {"refusal", "note"} for s in sentences)
        reported = ([plan.disagreement] if plan.disagreement is not None else []) + plan.also
        timings["generate"] = (time.perf_counter() - mark) * 1000

        response = self._response(sentences, answerable, reported, passages, timings)
        if first_token_at is None:
            # Extractive answers exist in full already; stream them word by word all the same,
            # so every client handles one protocol.
            for piece in _TOKEN.findall(response.answer):
                first_token_at = first_token_at or time.perf_counter()
                yield ("token", {"text": piece})
        timings["first_token"] = ((first_token_at or time.perf_counter()) - started) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        response.timings_ms = {k: round(v, 2) for k, v in timings.items()}
        yield ("citations", [c.model_dump() for c in response.citations])
        yield ("sentences", [s.model_dump() for s in response.sentences])
        yield ("contradictions", [c.model_dump() for c in response.contradictions])
        yield ("done", response)
        log.info(
            "answered answerable=%s citations=%d conflicts=%d total_ms=%.0f",
            answerable, len(response.citations), len(response.contradictions), timings["total"],
        )

    def depth(self, request: AskRequest) -> int:
        """Passages to retrieve: a yes/no question reads further, because the voices that deny a
        claim rarely share its words and sit outside the passages that match the question best; a
        question about the collection's sources reads further still, since each passage names few."""
        top_k = request.top_k or self.settings.top_k
        if request.top_k is not None:
            return top_k
        analysis = analyse(as_asked(request.question))
        if analysis.is_yes_no:
            return max(top_k, self.settings.yes_no_top_k)
        if asks_about_the_sources(analysis):
            return max(top_k, self.settings.sources_top_k)
        return top_k

    def _opposing_passages(
        self, request: AskRequest, selection: EvidenceSelection, retrieval: Retrieval, collection: str
    ) -> list[RetrievedChunk]:
        """For a question whose answer may be disputed, the passages the contradiction map sets against
        the leading sentences (``rag.opponents``): the disagreement is looked for in them too."""
        analysis = selection.analysis
        if self.opponents is None or analysis is None or not (
                analysis.is_yes_no or asks_who_is_responsible(analysis)):
            return []
        return self.opponents.passages(selection.ranked, retrieval.passages, retrieval.snapshot, collection,
                                       request.sources)

    def _alternatives_passages(
        self, selection: EvidenceSelection, question: str, collection: str, depth: int,
        sources: Sequence[str] | None, read: Sequence[RetrievedChunk],
    ) -> list[RetrievedChunk]:
        """For "Was it A or B?", the passages retrieved for A alone and for B alone (``rag.alternatives``):
        a sentence that gives one rarely reads like the whole question. Only where a disagreement may be
        reported: not for a list, which reports none, nor with disagreements turned off."""
        listing = selection.analysis is not None and selection.analysis.form == "list"
        asked = None if listing or self.settings.answer_conflicts <= 0 else alternatives_asked(question)
        if asked is None:
            return []
        seen = {p.chunk.id for p in read}
        found: list[RetrievedChunk] = []
        for wording in asked.wordings:
            for passage in self.retriever.retrieve(wording, collection, depth, sources).passages:
                if passage.chunk.id not in seen:
                    seen.add(passage.chunk.id)
                    found.append(passage)
        return found

    def run(self, request: AskRequest) -> AskResponse:
        for kind, payload in self.events(request):
            if kind == "done":
                response: AskResponse = payload
                return response
        raise RuntimeError("the pipeline ended without a result")  # pragma: no cover

    # -- assembly --------------------------------------------------------------
    def _response(
        self,
        sentences: Sequence[ComposedSentence],
        answerable: bool,
        conflicts: Sequence[FoundConflict],
        read: Sequence[RetrievedChunk],
        timings: dict[str, float],
    ) -> AskResponse:
        citations = _Citations()
        rendered: list[AnswerSentence] = []
        for sentence in sentences:
            numbers = sorted({citations.cite(e) for e in sentence.evidence})
            rendered.append(AnswerSentence(text=sentence.text, citations=numbers, supported=sentence.supported))
        contradictions = [self._contradiction(conflict, citations) for conflict in conflicts]
        answer = " ".join(render_sentence(s.text, s.citations) for s in rendered)
        passages = [citation_of(i, passage_evidence(p)) for i, p in enumerate(read, start=1)]
        return AskResponse(
            answer=answer,
            answerable=answerable,
            citations=citations.items,
            sentences=rendered,
            contradictions=contradictions,
            timings_ms=timings,
            passages=passages,
        )

    @staticmethod
    def _contradiction(conflict: FoundConflict, citations: _Citations) -> Contradiction:
        return Contradiction(
            topic=conflict.topic,
            explanation=conflict.explanation,
            judge=conflict.judge,
            confidence=round(conflict.confidence, 3),
            proposition=conflict.proposition,
            claims=[
                ContradictionClaim(text=claim.text, citation=citations.cite(claim), speaker=claim.speaker, side=side,
                                   stance=claim.stance or ("affirms" if side == 0 else "denies"),
                                   **_quoted_span(claim))
                for side, claim in conflict.voices()
            ],
        )
