"""Pick the sentences of the retrieved passages that answer the question.

Each candidate sentence is scored by ``rag.ranking``: a small model, fitted on the
dev splits, over semantic similarity to the question, overlap of content words and
names, and fit to what the question asks for (a "how much" question wants a number).
Evidence, not prose, is what the answer is built from, so this stage decides answer
quality with the small models.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from core.documents import Span
from index.embed import Embedder
from index.sentences import split_sentences
from rag.authorship import author_sentence, naming_sentence
from rag.corpus import CorpusSnapshot
from rag.profile import SPEECH, QuestionProfile, has_answer_type
from rag.question import QuestionAnalysis, analyse
from rag.ranking import SentenceRanker, sentence_features
from rag.schemas import Evidence, RetrievedChunk
from rag.text import content_terms, display_text
from rag.units import balanced_quotes, is_clean_unit, leading_marks, quoted_by_a_pronoun


@dataclass(frozen=True)
class EvidenceSelection:
    ranked: list[Evidence]          # every candidate sentence, best first
    selected: list[Evidence]        # the ones the answer is built from
    best_score: float
    term_coverage: float            # share of the question's content words found in the selection
    profile: QuestionProfile | None = None
    analysis: QuestionAnalysis | None = None
    # The quotation that follows a leading sentence announcing it, by (doc_id, end of that sentence).
    continuations: dict[tuple[str, int], Evidence] = field(default_factory=dict)
    # "Who wrote the piece …?": the described document's sentence that names its author.
    authorship: Evidence | None = None


class _SentenceVectorCache:
    """Sentence embeddings by (chunk-independent) document span; documents are immutable by id."""

    def __init__(self, capacity: int = 50_000) -> None:
        self._items: OrderedDict[tuple[str, int, int], np.ndarray] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def vectors(self, embedder: Embedder, keys: Sequence[tuple[str, int, int]], texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [i for i, key in enumerate(keys) if key not in self._items]
        if missing:
            fresh = embedder.embed([texts[i] for i in missing], batch_size=64)
            with self._lock:
                for i, vector in zip(missing, fresh, strict=True):
                    self._items[keys[i]] = vector
                while len(self._items) > self._capacity:
                    self._items.popitem(last=False)
        with self._lock:
            return np.stack([self._items[key] for key in keys]) if keys else np.zeros((0, embedder.dimension))


# A quotation that runs over several sentences is also read whole, up to this length.
_MAX_QUOTATION_CHARS = 600
_MAX_QUOTATION_SENTENCES = 4


def with_whole_quotations(text: str, spans: Sequence[Span]) -> list[Span]:
    """The sentences, and each quotation that runs over several of them as one more unit: in
    '“China has become a key facilitator … . China cannot continue … without consequences,” a NATO
    spokesperson said.' the last sentence closes a quotation it did not open, so alone it is no clean
    unit and its speaker's words cannot be quoted; read from the opening mark, it is one, and it stands
    in for the opening sentence."""
    units: list[Span] = []
    for i, span in enumerate(spans):
        units.append(span)
        closing = text[span.start : span.end]
        if balanced_quotes(closing) or not _closes_a_quotation(closing):
            continue
        for j in range(i - 1, max(i - _MAX_QUOTATION_SENTENCES, -1), -1):
            opening = text[spans[j].start : spans[j].end]
            if span.end - spans[j].start > _MAX_QUOTATION_CHARS or spans[j] not in units:
                # Too long, or the opening sentence already begins a quotation closed before this one:
                # with unmatched marks, nothing says which closing mark belongs to it.
                break
            if _opens_a_quotation(opening):
                # The opening sentence alone, its mark stripped, would put the speaker's words in the
                # writer's voice: the whole quotation replaces it. So too when the mark opens after the
                # speaker ('One villager, Vitaly Stepinok, told Reuters: "I heard an explosion.'), whose
                # name is then quoted with the words.
                units.remove(spans[j])
                units.append(Span(spans[j].start, span.end))
                break
    return units


def _opens_a_quotation(sentence: str) -> bool:
    if "“" in sentence or "”" in sentence:
        return sentence.count("“") > sentence.count("”")
    marks = [i for i, c in enumerate(sentence) if c == '"']
    return len(marks) % 2 == 1 and sentence[marks[-1] + 1 : marks[-1] + 2].strip() != ""


def _closes_a_quotation(sentence: str) -> bool:
    """A closing mark left unmatched: 'I think police need to regulate things."' or 'we would die", she
    said.', not the opening one of 'A caller said, "There are so many people here.' (a straight mark after
    a space, followed by words, opens)."""
    return sentence.count("”") > sentence.count("“") or (
        "“" not in sentence and "”" not in sentence and sentence.count('"') % 2 == 1
        and not sentence.lstrip().startswith('"') and not _last_mark_opens(sentence))


def _last_mark_opens(sentence: str) -> bool:
    mark = sentence.rfind('"')
    before, after = sentence[mark - 1 : mark] if mark > 0 else " ", sentence[mark + 1 : mark + 2]
    return before.isspace() and after != "" and not after.isspace()


def sentences_of(passages: Sequence[RetrievedChunk]) -> list[Evidence]:
    """Every distinct sentence of the passages, located in its document, and every quotation that runs
    over several sentences, read whole."""
    seen: set[tuple[str, int, int]] = set()
    found: list[Evidence] = []
    for passage in passages:
        chunk = passage.chunk
        for span in with_whole_quotations(chunk.text, split_sentences(chunk.text)):
            first = span.start + leading_marks(chunk.text[span.start : span.end])
            start, end = chunk.start + first, chunk.start + span.end
            key = (chunk.doc_id, start, end)
            if key in seen:
                continue
            seen.add(key)
            found.append(
                Evidence(
                    doc_id=chunk.doc_id,
                    source=chunk.source,
                    title=passage.title,
                    chunk_id=chunk.id,
                    start=start,
                    end=end,
                    text=chunk.text[first : span.end],
                    score=0.0,
                    author=passage.author,
                )
            )
    return found


class EvidenceSelector:
    def __init__(self, embedder: Embedder, max_evidence: int = 5, ranker: SentenceRanker | None = None) -> None:
        self.embedder = embedder
        self.max_evidence = max_evidence
        self.ranker = ranker or SentenceRanker.load()
        self._cache = _SentenceVectorCache()
        # Documents are immutable by id, so the sentence naming a document's author never changes.
        self._bylines: dict[tuple[str, str], Evidence | None] = {}

    def select(
        self,
        question: str,
        query_vector: np.ndarray,
        passages: Sequence[RetrievedChunk],
        snapshot: CorpusSnapshot | None = None,
    ) -> EvidenceSelection:
        profile = QuestionProfile.of(question)
        analysis = analyse(question)
        candidates, features, vectors = self._features(profile, analysis, query_vector, passages, snapshot)
        if not candidates:
            return EvidenceSelection([], [], 0.0, 0.0, profile, analysis)
        scores = self.ranker.score(features)
        scored = [replace(c, score=round(float(score), 4)) for c, score in zip(candidates, scores, strict=True)]
        order = sorted(range(len(scored)), key=lambda i: scored[i].score, reverse=True)
        ranked = self._with_bylines([scored[i] for i in order], snapshot)
        selected = self._pick(ranked, vectors[order])
        if snapshot is not None:
            selected = expand_with_neighbours(profile, selected, snapshot)
        covered: set[str] = set()
        for evidence in selected:
            covered.update(content_terms(evidence.text))
        coverage = len(profile.terms & covered) / len(profile.terms) if profile.terms else 0.0
        continuations = quotations_announced(ranked[:_CONTINUED_DEPTH], snapshot) if snapshot is not None else {}
        authorship = author_sentence(question, ranked, snapshot) if snapshot is not None else None
        return EvidenceSelection(ranked, selected, ranked[0].score, coverage, profile, analysis, continuations,
                                 authorship)

    def _with_bylines(self, ranked: list[Evidence], snapshot: CorpusSnapshot | None) -> list[Evidence]:
        """Each sentence of a document with an author, with the document's sentence that names the author:
        an answer that names the author of a sentence in the article's own voice cites it too. Where the
        text never names its author, the byline metadata is not used as a speaker."""
        bylines: dict[str, Evidence | None] = {}
        found: list[Evidence] = []
        for evidence in ranked:
            if evidence.author is not None and snapshot is not None and evidence.doc_id not in bylines:
                bylines[evidence.doc_id] = self._byline(evidence, evidence.author, snapshot)
            byline = bylines.get(evidence.doc_id)
            found.append(replace(evidence, byline=byline) if byline is not None
                         else replace(evidence, author=None) if evidence.author is not None else evidence)
        return found

    def _byline(self, evidence: Evidence, author: str, snapshot: CorpusSnapshot) -> Evidence | None:
        key = (snapshot.collection, evidence.doc_id)
        if key not in self._bylines:
            self._bylines[key] = naming_sentence(evidence, author, snapshot)
        return self._bylines[key]

    def features(
        self,
        question: str,
        query_vector: np.ndarray,
        passages: Sequence[RetrievedChunk],
        snapshot: CorpusSnapshot | None = None,
    ) -> tuple[list[Evidence], np.ndarray, np.ndarray]:
        """The candidate sentences, their ranking features and their embeddings (also what the ranker is fitted on)."""
        return self._features(QuestionProfile.of(question), analyse(question), query_vector, passages, snapshot)

    def _features(
        self,
        profile: QuestionProfile,
        analysis: QuestionAnalysis,
        query_vector: np.ndarray,
        passages: Sequence[RetrievedChunk],
        snapshot: CorpusSnapshot | None,
    ) -> tuple[list[Evidence], np.ndarray, np.ndarray]:
        candidates = sentences_of(passages)
        if not candidates:
            return [], np.zeros((0, 0)), np.zeros((0, self.embedder.dimension))
        weight: Callable[[str], float] = snapshot.term_weight if snapshot is not None else (lambda _term: 1.0)
        texts = [display_text(c.text) for c in candidates]
        vectors = self._cache.vectors(self.embedder, [(c.doc_id, c.start, c.end) for c in candidates], texts)
        in_context = self._in_context(candidates, vectors)
        features = sentence_features(
            profile, analysis, candidates, texts, vectors @ query_vector, in_context @ query_vector,
            passages, weight, snapshot.doc_names if snapshot is not None else {},
        )
        return candidates, features, vectors

    @staticmethod
    def _in_context(candidates: Sequence[Evidence], vectors: np.ndarray) -> np.ndarray:
        """Each sentence's vector blended with the vector of the sentence before it in its passage.

        A sentence often names its subject only through the one before ("The alliance called
        the two reports 'seriously concerning'" follows the sentence about the reports), so the
        ranker sees both its own similarity and its similarity in context. The mean of the two
        unit vectors stands in for embedding the pair: no second model call.
        """
        blended = vectors.copy()
        for i in range(1, len(candidates)):
            if candidates[i - 1].chunk_id == candidates[i].chunk_id:
                pair = vectors[i] + vectors[i - 1]
                blended[i] = pair / max(float(np.linalg.norm(pair)), 1e-9)
        return blended

    def _pick(self, ranked: list[Evidence], vectors: np.ndarray) -> list[Evidence]:
        """Best sentences within reach of the top score, skipping near-duplicates."""
        if not ranked:
            return []
        floor = ranked[0].score - 0.18
        chosen: list[int] = []
        for i, evidence in enumerate(ranked):
            if evidence.score < floor or len(chosen) == self.max_evidence:
                break
            if any(float(vectors[i] @ vectors[j]) > 0.92 for j in chosen):
                continue
            chosen.append(i)
        return [ranked[i] for i in chosen]


_OPENS_QUOTE = re.compile(r"^[\"“‘']")


def sentence_after(evidence: Evidence, snapshot: CorpusSnapshot) -> Evidence | None:
    """The sentence that follows ``evidence`` in its document, if a live chunk holds it. Of the
    chunks that reach past ``evidence`` (they overlap), the one that holds most of it wins: a chunk
    may end in the middle of that sentence."""
    found: Evidence | None = None
    for chunk in snapshot.chunks_of(evidence.doc_id):
        if not chunk.start <= evidence.end < chunk.end:
            continue
        for span in split_sentences(chunk.text):
            start = chunk.start + span.start
            if start >= evidence.end:
                if found is None or (start == found.start and chunk.start + span.end > found.end):
                    found = replace(
                        evidence, chunk_id=chunk.id, start=start, end=chunk.start + span.end,
                        text=chunk.text[span.start : span.end], score=evidence.score - 0.01,
                    )
                break
    return found


def expand_with_neighbours(
    profile: QuestionProfile, selected: list[Evidence], snapshot: CorpusSnapshot
) -> list[Evidence]:
    """Add the next sentence when it continues a quotation, or supplies the asked-for name or number.

    "… stated that they were unaware of the details." is followed by the quoted
    statement itself; "a Chinese company shipped drones" by "according to the Times".
    """
    expanded: list[Evidence] = []
    spans = {(e.doc_id, e.start) for e in selected}
    for evidence in selected:
        expanded.append(evidence)
        following = sentence_after(evidence, snapshot)
        if following is None or (following.doc_id, following.start) in spans:
            continue
        continues_quote = bool(_OPENS_QUOTE.match(following.text)) and bool(SPEECH.search(evidence.text))
        supplies_type = not has_answer_type(profile, evidence.text) and has_answer_type(profile, following.text)
        if continues_quote or supplies_type:
            expanded.append(following)
            spans.add((following.doc_id, following.start))
    return expanded


_CONTINUED_DEPTH = 5   # the leading sentences whose announced quotation is looked up


def quotations_announced(leading: Sequence[Evidence], snapshot: CorpusSnapshot) -> dict[tuple[str, int], Evidence]:
    """For each leading sentence followed by the quotation it introduces ("… criticised the time it
    took." then "“More than a month …,” he said."), that quotation, by (doc_id, end of the sentence)."""
    found: dict[tuple[str, int], Evidence] = {}
    for evidence in leading:
        following = sentence_after(evidence, snapshot)
        if following is not None and is_clean_unit(following.text) and quoted_by_a_pronoun(following.text):
            found[(evidence.doc_id, evidence.end)] = following
    return found
