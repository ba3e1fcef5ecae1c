"""LangChain users can drop Crosscheck's retriever and pipeline into their chains."""

from __future__ import annotations

from langchain_core.runnables import RunnableLambda

from rag.engine import Engine
from rag.langchain import as_retriever, as_runnable


def test_retriever_returns_documents_with_checkable_offsets(demo_engine: Engine) -> None:
    documents = as_retriever(demo_engine, top_k=4).invoke("Who is Fabian Hinz?")
    assert len(documents) == 4
    for document in documents:
        stored = demo_engine.doctable.get("default", document.metadata["doc_id"])
        assert stored is not None
        assert stored.text[document.metadata["start"] : document.metadata["end"]] == document.page_content
    assert any("Hinz" in d.page_content for d in documents)


def test_pipeline_composes_as_a_runnable(demo_engine: Engine) -> None:
    chain = RunnableLambda(lambda q: q.strip()) | as_runnable(demo_engine) | RunnableLambda(lambda r: r.answer)
    answer = chain.invoke("  Which company made the vests and helmets ordered by Russian buyers?  ")
    assert "Shanghai H Win" in answer and "[1]" in answer
