"""The store tests, run against embedded Chroma and against a real ``chroma run`` server.

Ingest, idempotence, replacement, deletion and answering all go through ``Engine``;
only ``Settings.chroma_mode`` differs between the two parameters.
"""

from __future__ import annotations

from index.loaders import load_text
from rag.engine import Engine
from rag.schemas import AskRequest
from tests.conftest import DEMO


def vector_count(engine: Engine) -> int:
    return engine.store.count(engine.settings.collection)


def test_ingest_is_idempotent_and_vectors_match_chunks(demo_store_engine: Engine) -> None:
    engine = demo_store_engine
    collection = engine.settings.collection
    docs, chunks = engine.doctable.counts(collection)
    again = engine.ingest_folder(DEMO, progress=False)
    assert {r.status for r in again} == {"unchanged"}
    assert docs == 5 and chunks == vector_count(engine) > 0
    assert engine.doctable.counts(collection) == (docs, chunks)
    assert engine.store.doc_ids(collection) == {r.doc_id for r in again}


def test_a_changed_document_replaces_its_vectors(store_engine: Engine) -> None:
    collection = store_engine.settings.collection
    old = store_engine.ingestor.ingest(load_text("note.txt", "The depot shipped 40 drones in March."))
    new = store_engine.ingestor.ingest(load_text("note.txt", "The depot shipped 55 drones in April."))
    assert new.status == "replaced" and new.replaced_doc_id == old.doc_id
    assert store_engine.store.doc_ids(collection) == {new.doc_id}
    assert vector_count(store_engine) == new.chunks


def test_delete_removes_vectors_and_text(store_engine: Engine) -> None:
    collection = store_engine.settings.collection
    result = store_engine.ingestor.ingest(load_text("gone.txt", "This note about ferries will be deleted."))
    assert vector_count(store_engine) == result.chunks
    assert store_engine.ingestor.delete(collection, result.doc_id)
    assert vector_count(store_engine) == 0
    assert store_engine.doctable.counts(collection) == (0, 0)
    assert len(store_engine.corpus.get(collection)) == 0


def test_answers_cite_the_stored_text_on_either_store(demo_store_engine: Engine) -> None:
    response = demo_store_engine.pipeline.run(AskRequest(
        question="Which company made the bulletproof vests and helmets that Russian buyers ordered from China?"))
    assert response.answerable and "H Win" in response.answer
    for citation in response.citations:
        document = demo_store_engine.doctable.get(demo_store_engine.settings.collection, citation.doc_id)
        assert document is not None and document.text[citation.start : citation.end] == citation.quote


def test_source_filter_reaches_the_vector_store(demo_store_engine: Engine) -> None:
    source = "002_86393d9dbeceabfc.txt"
    retrieval = demo_store_engine.retriever.retrieve("drones supplied to Russia", sources=[source])
    assert retrieval.passages and {p.chunk.source for p in retrieval.passages} == {source}
