"""Wire the components together from one ``Settings`` object.

The API, the CLI, the eval harness and the benchmarks all build an ``Engine``;
none of them constructs components on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.settings import Settings
from index.doctable import DocTable
from index.embed import Embedder
from index.ingest import Ingestor, IngestResult
from index.store import VectorStore, make_client
from rag import nlp
from rag.compose import Composer, ExtractiveComposer, LLMComposer
from rag.corpus import CorpusCache
from rag.disagreement import QuestionDisagreement
from rag.evidence import EvidenceSelector
from rag.llm.base import ChatBackend
from rag.llm.factory import make_backend
from rag.opponents import MapOpponents
from rag.overview import CollectionDisputes
from rag.pipeline import AnswerPipeline
from rag.ranking import SentenceRanker
from rag.retrieve import HybridRetriever
from rag.verify import Verifier

if TYPE_CHECKING:
    from rag.conflicts.map import ContradictionMap

log = logging.getLogger(__name__)


@dataclass
class Engine:
    settings: Settings
    doctable: DocTable
    store: VectorStore
    embedder: Embedder
    corpus: CorpusCache
    retriever: HybridRetriever
    ingestor: Ingestor
    pipeline: AnswerPipeline
    llm: ChatBackend | None
    contradiction_map: ContradictionMap | None = None

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> Engine:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        nlp.configure(settings.spacy_model)
        doctable = DocTable.from_settings(settings)
        store = VectorStore(make_client(settings))
        embedder = embedder or Embedder.from_settings(settings)
        corpus = CorpusCache(doctable)
        retriever = HybridRetriever(settings, embedder, store, corpus)
        llm = make_backend(settings)
        composer: Composer = (
            LLMComposer(llm, settings.llm_max_tokens, settings.max_concurrent_generations)
            if llm is not None else ExtractiveComposer()
        )
        contradiction_map = _open_contradiction_map(settings, doctable, embedder)
        ingestor = Ingestor(settings, doctable, store, embedder, [contradiction_map] if contradiction_map else [])
        pipeline = AnswerPipeline(
            settings,
            retriever,
            EvidenceSelector(embedder, settings.max_evidence, SentenceRanker.load(settings.ranker_weights_path)),
            composer,
            Verifier(drop_unsupported=settings.drop_unsupported),
            QuestionDisagreement(settings.answer_conflict_voices, enabled=settings.answer_conflicts > 0,
                                 mapped=contradiction_map.store if contradiction_map is not None else None),
            MapOpponents(contradiction_map.store) if contradiction_map is not None else None,
            CollectionDisputes(contradiction_map.store, settings.answer_conflict_voices)
            if contradiction_map is not None and settings.answer_conflicts > 0 else None,
        )
        engine = cls(settings, doctable, store, embedder, corpus, retriever, ingestor, pipeline, llm,
                     contradiction_map)
        repaired = ingestor.recover()
        if repaired:
            log.warning("start-up recovery repaired %d journal entries", repaired)
        return engine

    def ingest_folder(self, folder: Path, collection: str | None = None, progress: bool = True) -> list[IngestResult]:
        return self.ingestor.ingest_paths([folder], collection, progress=progress)

    def ready(self) -> bool:
        return self.store.heartbeat()


def _open_contradiction_map(settings: Settings, doctable: DocTable, embedder: Embedder) -> ContradictionMap | None:
    """The corpus-wide contradiction map, brought up to date with the document table, when wanted."""
    if not settings.contradiction_map:
        return None
    from rag.conflicts.service import open_map

    contradiction_map = open_map(settings, lambda: embedder)
    contradiction_map.reconcile(doctable)
    return contradiction_map
