"""Chunk vectors in Chroma: embedded ``PersistentClient`` or a ``chroma run`` server.

We talk to chromadb directly rather than through ``langchain_chroma.Chroma``
because ingest needs to write precomputed, batched vectors under our own
content-derived ids, and retrieval needs raw ids and distances to fuse with
BM25. LangChain users get the retriever as a ``BaseRetriever`` instead
(``rag.langchain``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.documents import Chunk
from core.settings import Settings

log = logging.getLogger(__name__)

_WRITE_BATCH = 1000  # stays well under Chroma's max batch size


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    doc_id: str
    distance: float


def make_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_mode == "http":
        log.info("chroma mode=http host=%s port=%d", settings.chroma_host, settings.chroma_port)
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    log.info("chroma mode=embedded path=%s", settings.chroma_path)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class VectorStore:
    def __init__(self, client: Any, namespace: str = "crosscheck") -> None:
        self._client = client
        self._namespace = namespace
        self._collections: dict[str, Any] = {}

    def _collection(self, name: str) -> Any:
        if name not in self._collections:
            self._collections[name] = self._client.get_or_create_collection(
                name=f"{self._namespace}-{name}", metadata={"hnsw:space": "cosine"}
            )
        return self._collections[name]

    def add(self, collection: str, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        target = self._collection(collection)
        for offset in range(0, len(chunks), _WRITE_BATCH):
            batch = chunks[offset : offset + _WRITE_BATCH]
            target.upsert(
                ids=[c.id for c in batch],
                embeddings=vectors[offset : offset + _WRITE_BATCH].tolist(),
                metadatas=[{"doc_id": c.doc_id, "source": c.source} for c in batch],
            )

    def delete_document(self, collection: str, doc_id: str) -> None:
        self._collection(collection).delete(where={"doc_id": doc_id})

    def delete_documents(self, collection: str, doc_ids: Sequence[str]) -> None:
        """One delete for a whole ingest batch (rolling back a failed batch)."""
        if doc_ids:
            self._collection(collection).delete(where={"doc_id": {"$in": list(doc_ids)}})

    def count(self, collection: str) -> int:
        return int(self._collection(collection).count())

    def doc_ids(self, collection: str) -> set[str]:
        result = self._collection(collection).get(include=["metadatas"])
        return {str(meta["doc_id"]) for meta in result["metadatas"] or []}

    def entries(self, collection: str) -> dict[str, str]:
        """Every stored vector as chunk id -> doc id: for consistency checks after a crash."""
        result = self._collection(collection).get(include=["metadatas"])
        return {
            str(cid): str(meta["doc_id"])
            for cid, meta in zip(result["ids"], result["metadatas"] or [], strict=True)
        }

    def vectors(self, collection: str, chunk_ids: Sequence[str]) -> np.ndarray:
        """Stored vectors in the order of ``chunk_ids`` (read back by benchmarks and exports)."""
        target = self._collection(collection)
        found: dict[str, Any] = {}
        for offset in range(0, len(chunk_ids), _WRITE_BATCH):
            got = target.get(ids=list(chunk_ids[offset : offset + _WRITE_BATCH]), include=["embeddings"])
            found.update(zip(got["ids"], got["embeddings"], strict=True))
        return np.asarray([found[i] for i in chunk_ids], dtype=np.float32).reshape(len(chunk_ids), -1)

    def chunk_ids(self, collection: str, doc_id: str) -> list[str]:
        return list(self._collection(collection).get(where={"doc_id": doc_id}, include=[])["ids"])

    def query(
        self, collection: str, vector: np.ndarray, k: int, sources: Sequence[str] | None = None
    ) -> list[VectorHit]:
        # No count() guard: Chroma >= 1.5 answers an empty collection with empty lists, and
        # the extra call was a second round trip per query against a Chroma server.
        where = {"source": {"$in": list(sources)}} if sources else None
        result = self._collection(collection).query(
            query_embeddings=[vector.tolist()],
            n_results=k,
            where=where,
            include=["metadatas", "distances"],
        )
        return [
            VectorHit(chunk_id=cid, doc_id=str(meta["doc_id"]), distance=float(dist))
            for cid, meta, dist in zip(
                result["ids"][0], result["metadatas"][0], result["distances"][0], strict=True
            )
        ]

    def heartbeat(self) -> bool:
        try:
            self._client.heartbeat()
        except Exception:  # any transport failure means "not reachable"
            return False
        return True
