"""The corpus-wide contradiction map, kept up to date as documents come and go.

``ContradictionMap`` is an ingest ``ChangeListener``: after each published document it

1. extracts the document's claims with their speakers (``claims``) and parses the
   document once with spaCy (``frames``): only claims that assert an event with a known
   actor are kept; questions, conditionals, modal and "should" statements, silences and
   unresolved anaphors are dropped, hedged reports are kept and marked;
2. compares each new event with the stored events of the same actor (``align``): same
   actor, compatible recipient, object and period, and opposite stance or different
   figures; only then are the two predicates ("provide lethal weapons") embedded (cached
   by text) and compared. A claim itself is embedded (with its sentence) only once it
   enters a conflict;
3. judges the aligned pairs with the NLI model, batched and cached by content, the
   second order only where the first is undecided (``DisputeJudge``);
4. stores claims, events and conflicts; ``disputes`` groups the conflicts into disputes
   on read.

Deleting a document deletes its claims, events and every conflict they were part of.
``reconcile`` repairs the map against the document table at start-up: after a crash
between publishing and mapping, or when the judge or its calibration changed (the map
records a version).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

from core.documents import Span, StoredDocument
from index.chunk import chunk_document
from index.clean import content_regions
from index.doctable import DocTable
from index.embed import Embedder
from index.sentences import split_sentences
from rag.conflicts.align import AlignLimits, Kind, alignment, frame_and_context, frame_json, related_actors
from rag.conflicts.claims import Claim, extract_claims
from rag.conflicts.disputes import Dispute, group
from rag.conflicts.frames import RESPONSIBLE, Frame, ParsedDocument, count_topic
from rag.conflicts.judges import ConflictJudge
from rag.conflicts.store import MappedClaim, MapStore, NewConflict, StoredConflict
from rag.text import display_text

log = logging.getLogger(__name__)

_ANTECEDENT_CHARS = 300  # "that allegation" looks back this far for the events it names
_PREDICATE_CACHE = 100_000  # predicate embeddings kept in memory
_NO_VECTOR = np.zeros(0, dtype=np.float32)  # events are stored without vectors: predicates embed on demand
# Bump when claim extraction, events, alignment or judging change in ways that alter the map.
MAP_VERSION = "14-incident-times"
# One map update at a time across every process that shares the map's database (index.database.exclusive).
_MAP_UPDATE = "contradiction-map-update"


def sentence_contexts(document: StoredDocument, claims: Sequence[Claim]) -> list[str]:
    """For each claim, the whole sentence (or sentences) it was cut from."""
    regions = list(document.keep_spans) or content_regions(document.text)
    sentences = split_sentences(document.text, regions)
    contexts = []
    for claim in claims:
        around = [s for s in sentences if s.start < claim.end and claim.start < s.end] or [Span(claim.start, claim.end)]
        span = Span(min(s.start for s in around), max(s.end for s in around))
        contexts.append(display_text(document.text[span.start : span.end]))
    return contexts


@dataclass(frozen=True)
class FramedClaim:
    """A claim that asserts at least one event, with the sentence it was cut from.

    The claim's own vectors are made only when it enters a conflict
    (``ContradictionMap._embed_conflicting``): most claims never do."""

    claim: Claim
    context: str
    frames: tuple[Frame, ...]


@dataclass(frozen=True)
class Candidate:
    """Two aligned events of claims by different speakers."""

    a: Claim
    b: Claim
    frame_a: Frame
    frame_b: Frame
    similarity: float       # cosine of the two predicates
    kind: Kind
    context_a: str = ""     # the sentences the claims were cut from
    context_b: str = ""


@dataclass(frozen=True)
class Verdict:
    contradicts: bool
    confidence: float
    p_contradiction: float | None
    judge: str


@dataclass(frozen=True)
class JudgeLimits:
    """NLI thresholds on aligned pairs; how they were chosen is in docs/contradictions.md."""

    decided: float = 0.5        # first order at or above: a contradiction, no second order needed
    min_contradiction: float = 0.4  # the better order below this: the model finds the claims compatible
    no_model_similarity: float = 0.6  # without a model, the predicates must be this close


class DisputeJudge:
    """The NLI model on aligned pairs: first order for all, in one batch; the second order only
    for pairs the first leaves undecided. The scorer caches by content (``nli.CachedScorer``)."""

    def __init__(self, judge: ConflictJudge, limits: JudgeLimits | None = None) -> None:
        model = judge.model if hasattr(judge.model, "scorer") else judge.fallback
        self.scorer = getattr(model, "scorer", None)
        self.name = f"parse+{self.scorer.name}" if self.scorer is not None else "parse"
        self.limits = limits or JudgeLimits()

    def judge(self, candidates: Sequence[Candidate]) -> list[Verdict]:
        limits = self.limits
        if self.scorer is None:
            return [Verdict(c.similarity >= limits.no_model_similarity, round(c.similarity, 3), None, self.name)
                    for c in candidates]
        texts = [(display_text(c.a.text), display_text(c.b.text)) for c in candidates]
        forward = [float(x) for x in self.scorer.contradiction(texts)] if texts else []
        again = [i for i, p in enumerate(forward) if p < limits.decided]
        backward = self.scorer.contradiction([(texts[i][1], texts[i][0]) for i in again]) if again else []
        best = list(forward)
        for i, p in zip(again, backward, strict=True):
            best[i] = max(best[i], float(p))
        verdicts = []
        for candidate, p in zip(candidates, best, strict=True):
            keep = p >= limits.min_contradiction
            confidence = round(min(1.0, 0.5 * candidate.similarity + 0.5 * p), 3)
            verdicts.append(Verdict(keep, confidence, p, self.name))
        return verdicts


def _may_disagree(claim: Claim, frame: Frame, other: Claim, other_frame: Frame) -> bool:
    """Two voices may disagree; one voice may only deny, in another document, what that document says it
    said ("the Red Crescent said the toll rose to 11,300" against the Red Crescent denying it had). One
    voice's two figures, or its two claims in one document, are an update or a nuance, not a dispute."""
    if other.speaker_key != claim.speaker_key:
        return True
    return other.doc_id != claim.doc_id and frame.affirms != other_frame.affirms


def _dispute_actor(candidate: Candidate) -> str:
    """The actor a conflict is grouped under: the events' one actor; for a rival pair the party whose
    responsibility it disputes (``frame_a``); for a state's denial against its companies' doing, the
    state, so that it joins the state's other disputes."""
    a, b = candidate.frame_a.actor, candidate.frame_b.actor
    if a == b or candidate.kind == "rival":
        return a
    return a.partition("|")[0]


def _anchor_order(frame: Frame) -> tuple[bool, str]:
    """Which party's responsibility a rival pair disputes: a state before any other party, since
    states have one key however they are named ("Israel", "the Israeli army") while groups do not
    ("Islamic Jihad", "the Palestinian Islamic Jihad militant group"); then the first in sorted order.
    Every rival pair about the same two parties is then about the same proposition, and joins the
    dispute of claims that deny it outright ("Israel was not responsible")."""
    return not frame.state, frame.actor


def _explanation(candidate: Candidate) -> str:
    if candidate.kind == "rival":
        return (f"{candidate.a.speaker} holds {candidate.frame_a.actor_text} responsible; "
                f"{candidate.b.speaker} holds {candidate.frame_b.actor_text} responsible.")
    if candidate.kind == "numbers":
        return (f"{candidate.a.speaker} and {candidate.b.speaker} give different figures for "
                f"“{candidate.frame_a.predicate}”.")
    affirmer, other = ((candidate.a, candidate.frame_a), (candidate.b, candidate.frame_b))
    if not affirmer[1].affirms:
        affirmer, other = other, affirmer
    verb = "says there is no evidence" if other[1].stance == "no_evidence" else "denies it"
    return f"{affirmer[0].speaker} says {affirmer[1].actor_text} did it; {other[0].speaker} {verb}."


class ContradictionMap:
    def __init__(
        self,
        store: MapStore,
        embedder: Callable[[], Embedder],
        judge: ConflictJudge,
        chunk_size: int,
        chunk_overlap: int,
        align: AlignLimits | None = None,
    ) -> None:
        self.store = store
        self.judge = judge
        self.disputes_judge = DisputeJudge(judge)
        self.align = align or AlignLimits()
        self._embedder = embedder
        self._chunking = (chunk_size, chunk_overlap)
        self._lock = threading.RLock()  # one map update at a time in this process
        self._predicates: dict[str, np.ndarray] = {}

    def _dimension(self) -> int:
        return int(getattr(self._embedder(), "dimension", 384))

    @property
    def version(self) -> str:
        return (f"{MAP_VERSION}|{self.disputes_judge.name}|{sorted(asdict(self.align).items())}"
                f"|{sorted(asdict(self.disputes_judge.limits).items())}")

    # -- ChangeListener ----------------------------------------------------------
    def document_added(self, document: StoredDocument) -> None:
        try:
            self.add(document)
        except Exception:  # the document is published already; a later reconcile maps it
            log.exception("contradiction map update failed doc_id=%s", document.id)

    def document_removed(self, collection: str, doc_id: str) -> None:
        with self._lock:
            if self.store.remove_document(collection, doc_id):
                log.info("contradiction map removed doc_id=%s collection=%s", doc_id, collection)

    # -- updates -----------------------------------------------------------------
    def add(self, document: StoredDocument) -> int:
        """Map one document; returns the number of conflicting pairs it brought."""
        with self._lock, self.store.database.exclusive(_MAP_UPDATE):
            return self._add(document)

    def _add(self, document: StoredDocument) -> int:
        started = time.perf_counter()
        with self._lock:
            if self.store.is_mapped(document.collection, document.id):
                self.store.remove_document(document.collection, document.id)  # re-mapping: start clean
            framed = self._framed_claims(document)
            collection = document.collection
            unembedded = np.zeros(self._dimension(), dtype=np.float32)
            rowids = self.store.add_document(
                collection, document.id, document.source,
                [(c.claim, unembedded, unembedded, ()) for c in framed],
            )
            candidates, by_id = self._candidates(collection, framed, rowids)
            self.store.add_frames(collection, [
                (rowid, document.id, frame.actor, frame_json(frame, claim.context), _NO_VECTOR)
                for claim, rowid in zip(framed, rowids, strict=True) for frame in claim.frames
            ])
            verdicts = self.disputes_judge.judge(candidates)
            kept = [(c, v) for c, v in zip(candidates, verdicts, strict=True) if v.contradicts]
            self._embed_conflicting(collection, [c for c, _ in kept], by_id)
            conflicts = [self._conflict(c, v, by_id) for c, v in kept]
            self.store.add_conflicts(collection, conflicts, document.id, document.source, len(framed))
        log.info(
            "contradiction map added doc_id=%s source=%s claims=%d events=%d candidates=%d conflicts=%d seconds=%.2f",
            document.id, document.source, len(framed), sum(len(c.frames) for c in framed), len(candidates),
            len(conflicts), time.perf_counter() - started,
        )
        return len(conflicts)

    def _framed_claims(self, document: StoredDocument) -> list[FramedClaim]:
        regions = list(document.keep_spans) or content_regions(document.text)
        size, overlap = self._chunking
        chunks = chunk_document(document.id, document.source, document.text, regions, size, overlap)
        claims = extract_claims(document, chunks)
        if not claims:
            return []
        parsed = ParsedDocument(document.text, spans=[(c.start, c.end) for c in claims])
        kept: list[tuple[Claim, list[Frame]]] = []
        previous: list[Frame] = []
        previous_end = -_ANTECEDENT_CHARS
        for claim in claims:
            frames = parsed.frames(claim.start, claim.end)
            verdict = None if frames else parsed.verdict(claim.start, claim.end)
            if verdict is not None and previous and claim.start - previous_end <= _ANTECEDENT_CHARS:
                # "That allegation has been disproven": a verdict on the events reported just before.
                frames = [replace(f, stance=verdict, hedged=False) for f in previous]
            if frames:
                kept.append((claim, frames))
                previous, previous_end = frames, claim.end
        if not kept:
            return []
        contexts = sentence_contexts(document, [c for c, _ in kept])
        return [FramedClaim(claim, context, tuple(frames)) for (claim, frames), context in zip(kept, contexts,
                                                                                                strict=True)]

    def _predicate_vectors(self, predicates: Iterable[str]) -> dict[str, np.ndarray]:
        """Embeddings of predicates, cached by text ("send military equipment" recurs across reports)."""
        wanted = list(dict.fromkeys(predicates))
        missing = [p for p in wanted if p not in self._predicates]
        if missing:
            if len(self._predicates) > _PREDICATE_CACHE:
                self._predicates.clear()
            self._predicates.update(zip(missing, self._embedder().embed(missing), strict=True))
        return {p: self._predicates[p] for p in wanted}

    def _embed_conflicting(self, collection: str, conflicting: Sequence[Candidate], rowids: dict[str, int]) -> None:
        """Give the claims of new conflicts their vectors (claim and sentence), once each."""
        claims = {c.id: (c, f) for candidate in conflicting
                  for c, f in ((candidate.a, candidate.context_a), (candidate.b, candidate.context_b))}
        missing = self.store.unembedded(collection, [rowids[cid] for cid in claims])
        chosen = [claims[cid] for cid in claims if rowids[cid] in missing]
        if not chosen:
            return
        texts = [display_text(c.text) for c, _ in chosen]
        unique = list(dict.fromkeys(texts + [context for _, context in chosen]))
        vectors = dict(zip(unique, self._embedder().embed(unique), strict=True))
        self.store.set_vectors([(rowids[c.id], vectors[text], vectors[context])
                                for (c, context), text in zip(chosen, texts, strict=True)])

    def _candidates(
        self, collection: str, framed: Sequence[FramedClaim], rowids: Sequence[int]
    ) -> tuple[list[Candidate], dict[str, int]]:
        """Aligned event pairs of the new claims, among themselves and with the stored events of the
        same actor; the best-aligned events decide for each pair of claims."""
        by_id = {c.claim.id: rowid for c, rowid in zip(framed, rowids, strict=True)}
        new_events = [(c.claim, f, c.context) for c in framed for f in c.frames]
        stored: list[tuple[int, Frame, str]] = []
        actors = sorted({f.actor for _, f, _ in new_events})
        compared = sorted(set(actors) | {other for actor in actors for other in related_actors(actor)})
        rows = [row for actor in compared
                for row in self.store.frames_of_actor(collection, actor, self.align.candidates_per_actor)]
        if any(f.action == RESPONSIBLE for _, f, _ in new_events):
            # A party held responsible meets the claims that hold another party responsible.
            rows += [row for row in self.store.frames_with_action(collection, RESPONSIBLE,
                                                                  self.align.candidates_per_actor)
                     if row.actor not in compared]
        for row in rows:
            frame, context = frame_and_context(row.body)
            stored.append((row.claim, frame, context))
        stored_claims = {m.rowid: m.claim for m in self.store.claims(sorted({r for r, _, _ in stored}))}
        by_id.update({claim.id: rowid for rowid, claim in stored_claims.items()})
        others = [(stored_claims[r], f, x) for r, f, x in stored if r in stored_claims]
        # Everything but the predicates first: only events that could disagree get embedded.
        possible = [
            (claim, frame, context, other, other_frame, other_context)
            for index, (claim, frame, context) in enumerate(new_events)
            for other, other_frame, other_context in [*new_events[index + 1 :], *others]
            if other.id != claim.id and _may_disagree(claim, frame, other, other_frame)
            and alignment(frame, other_frame, 1.0, self.align) is not None
        ]
        vectors = self._predicate_vectors(p for x in possible for p in (x[1].predicate, x[4].predicate))
        best: dict[tuple[str, str], Candidate] = {}
        for claim, frame, context, other, other_frame, other_context in possible:
            score = float(vectors[frame.predicate] @ vectors[other_frame.predicate])
            kind = alignment(frame, other_frame, score, self.align)
            if kind is None:
                continue
            if kind == "rival" and _anchor_order(other_frame) < _anchor_order(frame):
                claim, frame, context, other, other_frame, other_context = (
                    other, other_frame, other_context, claim, frame, context)
            # One candidate per pair of claims, whichever way round the rival swap put them.
            key = (min(claim.id, other.id), max(claim.id, other.id))
            if key not in best or best[key].similarity < score:
                best[key] = Candidate(claim, other, frame, other_frame, round(score, 4), kind, context,
                                      other_context)
        return list(best.values()), by_id

    @staticmethod
    def _conflict(candidate: Candidate, verdict: Verdict, rowids: dict[str, int]) -> NewConflict:
        affirming = candidate.frame_a if candidate.frame_a.affirms else candidate.frame_b
        topic = count_topic(affirming) if candidate.kind == "numbers" else affirming.predicate
        # A rival pair is stored as the contract's "polarity": the second claim, naming another party,
        # denies that the first claim's party was responsible.
        rival = candidate.kind == "rival"
        return NewConflict(
            a=rowids[candidate.a.id], b=rowids[candidate.b.id], topic=topic,
            explanation=_explanation(candidate), judge=verdict.judge, confidence=verdict.confidence,
            similarity=candidate.similarity, actor=_dispute_actor(candidate), proposition=affirming.proposition,
            a_stance=candidate.frame_a.stance, b_stance="denies" if rival else candidate.frame_b.stance,
            a_hedged=candidate.frame_a.hedged, b_hedged=candidate.frame_b.hedged,
            kind="polarity" if rival else candidate.kind,
        )

    def reconcile(self, doctable: DocTable) -> int:
        """Bring the map in line with the live documents; returns how many documents changed.

        Workers that start together (``--scale api=2``) take turns: the second finds the map done."""
        with self._lock, self.store.database.exclusive(_MAP_UPDATE):
            if self.store.meta("version") != self.version:
                if self.store.meta("version") is not None:
                    log.info("contradiction map version changed; rebuilding")
                self.store.clear()
                self.store.set_meta("version", self.version)
            changed = 0
            collections: list[str] = list(doctable.collections())  # type: ignore[attr-defined]  # DocTable.list
            for collection in collections:
                live = {d.id: d for d in doctable.list(collection)}
                mapped = self.store.mapped_documents(collection)
                for doc_id in set(mapped) - set(live):
                    self.store.remove_document(collection, doc_id)
                    changed += 1
                for doc_id in sorted(set(live) - set(mapped), key=lambda d: live[d].created_at):
                    self._add(live[doc_id])
                    changed += 1
            if changed:
                log.info("contradiction map reconciled documents=%d", changed)
            return changed

    # -- reads -------------------------------------------------------------------
    def disputes(self, collection: str, source: str | None = None, min_confidence: float = 0.0) -> list[Dispute]:
        """The collection's disputes, best first; with ``source``, those with a voice from it."""
        found = group(self.store.conflicts(collection))
        return [d for d in found if d.confidence >= min_confidence and (source is None or d.involves(source))]

    def conflicts(self, collection: str, source: str | None = None) -> list[StoredConflict]:
        found = self.store.conflicts(collection)
        if source is not None:
            found = [c for c in found if source in (c.a.source, c.b.source)]
        return found

    def conflicts_among(self, collection: str, doc_ids: Sequence[str]) -> list[StoredConflict]:
        """Conflicts whose two claims both come from ``doc_ids``."""
        return self.store.conflicts(collection, list(dict.fromkeys(doc_ids)))

    def conflicts_with(self, collection: str, claims: Iterable[MappedClaim]) -> list[StoredConflict]:
        """The conflicts any of ``claims`` takes part in, anywhere in the collection."""
        return self.store.conflicts_of_claims(collection, [c.rowid for c in claims])

    def opponents(self, collection: str, claims: Iterable[MappedClaim]) -> dict[int, set[int]]:
        """Who disagrees with whom around ``claims``, by claim rowid: cheaper than ``conflicts_with``."""
        return self.store.opponents(collection, [c.rowid for c in claims])

    def mapped_claims(self, collection: str, doc_ids: Iterable[str]) -> list[MappedClaim]:
        return self.store.claims_of(collection, doc_ids)

    def mapped_claims_by_id(self, collection: str, claim_ids: Iterable[str]) -> list[MappedClaim]:
        return self.store.claims(list(self.store.rowids_of(collection, claim_ids).values()))
