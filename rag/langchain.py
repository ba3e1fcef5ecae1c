"""Crosscheck inside LangChain: the retriever as a ``BaseRetriever``, the pipeline as a ``Runnable``.

    from rag.engine import Engine
    from rag.langchain import as_retriever, as_runnable
    engine = Engine.from_settings(Settings())
    docs = as_retriever(engine).invoke("Did China supply drones?")        # list[Document]
    answer = as_runnable(engine).invoke("Did China supply drones?")       # AskResponse
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import ConfigDict

from rag.engine import Engine
from rag.retrieve import HybridRetriever
from rag.schemas import AskRequest, AskResponse


class CrosscheckRetriever(BaseRetriever):
    """Hybrid (dense + BM25, source-diverse) retrieval; each Document carries its offsets."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: HybridRetriever
    top_k: int | None = None
    collection: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        retrieval = self.retriever.retrieve(query, self.collection, self.top_k)
        return [
            Document(
                page_content=p.chunk.text,
                metadata={
                    "doc_id": p.chunk.doc_id,
                    "source": p.chunk.source,
                    "title": p.title,
                    "chunk_id": p.chunk.id,
                    "start": p.chunk.start,
                    "end": p.chunk.end,
                    "score": p.score,
                },
            )
            for p in retrieval.passages
        ]


def as_retriever(engine: Engine, top_k: int | None = None, collection: str | None = None) -> CrosscheckRetriever:
    return CrosscheckRetriever(retriever=engine.retriever, top_k=top_k, collection=collection)


def _to_request(value: Any) -> AskRequest:
    if isinstance(value, AskRequest):
        return value
    if isinstance(value, str):
        return AskRequest(question=value)
    return AskRequest.model_validate(value)


def as_runnable(engine: Engine) -> Runnable[Any, AskResponse]:
    """Input: a question string, a dict shaped like ``POST /ask``, or an ``AskRequest``."""
    return RunnableLambda(lambda value: engine.pipeline.run(_to_request(value)), name="crosscheck")
