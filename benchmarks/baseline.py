"""The plain LangChain setup that Crosscheck is measured against.

``EnsembleRetriever`` (``langchain_classic``) over ``BM25Retriever``
(``langchain_community``, rank_bm25, its default whitespace preprocessing) and a
``langchain_chroma.Chroma`` retriever, with equal weights, as the LangChain docs
show it. It holds the same chunks as Crosscheck and uses the same embedding model:
our ``Embedder`` wrapped as LangChain ``Embeddings``.

Two configurations share the chunks and the Chroma collection:

- **default** (``fair=False``): the baseline as a user gets it from the docs, ``BM25Retriever`` with
  its whitespace split (case-sensitive, punctuation attached) and ``k`` candidates from each side;
- **fair** (``fair=True``): ``BM25Retriever`` with a lower-casing, punctuation-stripping
  ``preprocess_func`` (``fair_preprocess``) and as many candidates from each side as Crosscheck fuses
  (``candidates``, 40 + 40); the fused ranking is cut to the same top ``k``.

Vectors are written through the public ``Chroma.add_texts``. Its embedding function
looks documents up in the vectors Crosscheck already computed (so 100k chunks are not
embedded twice); ``embed_query`` always runs the real model, exactly once per query.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from core.documents import Chunk
from index.embed import Embedder

log = logging.getLogger(__name__)

_ADD_BATCH = 5000  # under Chroma's max batch size (5461 embedded)
FAIR_CANDIDATES = 40  # per side, as Crosscheck's retriever fuses 40 lexical + 40 dense candidates
_WORD = re.compile(r"\w+")


def fair_preprocess(text: str) -> list[str]:
    """Lower-cased word tokens, punctuation dropped: what any user would give ``BM25Retriever``."""
    return _WORD.findall(text.lower())


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
    def __init__(self, embedder: Embedder, persist_directory: Path, k: int = 8,
                 candidates: int = FAIR_CANDIDATES) -> None:
        from langchain_chroma import Chroma

        self.k = k
        self.candidates = candidates
        self.embeddings = EmbedderEmbeddings(embedder)
        self.vectorstore = Chroma(
            collection_name="baseline",
            embedding_function=self.embeddings,
            persist_directory=str(persist_directory),
        )
        self.documents: list[Document] = []
        self._retrievers: dict[bool, Any] = {}

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
        self._retrievers.clear()

    def retriever(self, fair: bool = False) -> Any:
        """The EnsembleRetriever; BM25Retriever is immutable, so it is built over all chunks."""
        if fair not in self._retrievers:
            from langchain_classic.retrievers import EnsembleRetriever
            from langchain_community.retrievers import BM25Retriever

            depth = self.candidates if fair else self.k
            if fair:
                bm25 = BM25Retriever.from_documents(self.documents, k=depth, preprocess_func=fair_preprocess)
            else:
                bm25 = BM25Retriever.from_documents(self.documents, k=depth)
            dense = self.vectorstore.as_retriever(search_kwargs={"k": depth})
            self._retrievers[fair] = EnsembleRetriever(retrievers=[bm25, dense], weights=[0.5, 0.5])
        return self._retrievers[fair]

    def search(self, query: str, fair: bool = False) -> list[Document]:
        """The top ``k`` of the fused ranking (the ensemble returns up to twice its depth)."""
        documents: list[Document] = self.retriever(fair).invoke(query)
        return documents[: self.k]
