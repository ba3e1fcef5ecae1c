"""The plain LangChain setup that Crosscheck is measured against.

``EnsembleRetriever`` (``langchain_classic``) over ``BM25Retriever``
(``langchain_community``, rank_bm25, its default whitespace preprocessing) and a
``langchain_chroma.Chroma`` retriever, with equal weights, as the LangChain docs
show it. It holds the same chunks as Crosscheck and uses the same embedding model:
our ``Embedder`` wrapped as LangChain ``Embeddings``.

Vectors are written through the public ``Chroma.add_texts``. Its embedding function
looks documents up in the vectors Crosscheck already computed (so 100k chunks are not
embedded twice); ``embed_query`` always runs the real model, exactly once per query.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from index.embed import Embedder
from rag.schemas import Chunk

log = logging.getLogger(__name__)

_ADD_BATCH = 5000  # under Chroma's max batch size (5461 embedded)


class EmbedderEmbeddings(Embeddings):
    """Crosscheck's ``Embedder`` as LangChain ``Embeddings``; documents may come precomputed."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.precomputed: dict[str, np.ndarray] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.precomputed]
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self.precomputed[text] = vector
        return [self.precomputed[t].tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        vector: list[float] = self.embedder.embed_query(text).tolist()
        return vector


class LangChainBaseline:
    def __init__(self, embedder: Embedder, persist_directory: Path, k: int = 8) -> None:
        from langchain_chroma import Chroma

        self.k = k
        self.embeddings = EmbedderEmbeddings(embedder)
        self.vectorstore = Chroma(
            collection_name="baseline",
            embedding_function=self.embeddings,
            persist_directory=str(persist_directory),
        )
        self.documents: list[Document] = []
        self._retriever: Any = None

    def __len__(self) -> int:
        return len(self.documents)

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Add chunks with their precomputed vectors; the BM25 side is rebuilt on next use."""
        for chunk, vector in zip(chunks, vectors, strict=True):
            self.embeddings.precomputed[chunk.text] = vector
        documents = [
            Document(page_content=c.text, metadata={"source": c.source, "chunk_id": c.id}) for c in chunks
        ]
        for offset in range(0, len(documents), _ADD_BATCH):
            batch = documents[offset : offset + _ADD_BATCH]
            self.vectorstore.add_documents(batch, ids=[d.metadata["chunk_id"] for d in batch])
        self.embeddings.precomputed.clear()  # only needed while adding
        self.documents.extend(documents)
        self._retriever = None

    def retriever(self) -> Any:
        """The EnsembleRetriever; BM25Retriever is immutable, so it is built over all chunks."""
        if self._retriever is None:
            from langchain_classic.retrievers import EnsembleRetriever
            from langchain_community.retrievers import BM25Retriever

            bm25 = BM25Retriever.from_documents(self.documents, k=self.k)
            dense = self.vectorstore.as_retriever(search_kwargs={"k": self.k})
            self._retriever = EnsembleRetriever(retrievers=[bm25, dense], weights=[0.5, 0.5])
        return self._retriever

    def search(self, query: str) -> list[Document]:
        """The top ``k`` of the fused ranking (the ensemble returns up to 2k documents)."""
        documents: list[Document] = self.retriever().invoke(query)
        return documents[: self.k]
