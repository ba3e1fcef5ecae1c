"""Wire the components together from one ``Settings`` object.

The API, the CLI, the eval harness and the benchmarks all build an ``Engine``;
none of them constructs components on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from index.doctable import DocTable
from index.embed import Embedder
from index.ingest import Ingestor, IngestResult
from index.store import VectorStore, make_client
from rag.compose import Composer, ExtractiveComposer, LLMComposer
from rag.corpus import CorpusCache
from rag.evidence import EvidenceSelector
from rag.llm.base import ChatBackend
from rag.llm.factory import make_backend
from rag.pipeline import AnswerPipeline, ConflictFinder
from rag.retrieve import HybridRetriever
from rag.settings import Settings
from rag.verify import Verifier

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

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> Engine:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        doctable = DocTable(settings.doctable_path)
        store = VectorStore(make_client(settings))
        embedder = embedder or Embedder.from_settings(settings)
        corpus = CorpusCache(doctable)
        retriever = HybridRetriever(settings, embedder, store, corpus)
        llm = make_backend(settings)
        composer: Composer = (
            LLMComposer(llm, settings.llm_max_tokens) if llm is not None else ExtractiveComposer()
        )
        conflicts, listeners = _conflict_components(settings, doctable, embedder)
        ingestor = Ingestor(settings, doctable, store, embedder, listeners)
        pipeline = AnswerPipeline(
            settings,
            retriever,
            EvidenceSelector(embedder, settings.max_evidence),
            composer,
            Verifier(drop_unsupported=settings.drop_unsupported),
            conflicts,
        )
        engine = cls(settings, doctable, store, embedder, corpus, retriever, ingestor, pipeline, llm)
        repaired = ingestor.recover()
        if repaired:
            log.warning("start-up recovery repaired %d journal entries", repaired)
        return engine

    def ingest_folder(self, folder: Path, collection: str | None = None, progress: bool = True) -> list[IngestResult]:
        return self.ingestor.ingest_paths([folder], collection, progress=progress)

    def ready(self) -> bool:
        return self.store.heartbeat()


def _conflict_components(
    settings: Settings, doctable: DocTable, embedder: Embedder
) -> tuple[ConflictFinder | None, list]:
    """The contradiction finder for answers and the corpus map listener, when available and wanted."""
    if not settings.contradiction_map:
        return None, []
    try:
        from rag.conflicts.service import build_conflict_components
    except ImportError:
        return None, []
    return build_conflict_components(settings, doctable, embedder)
