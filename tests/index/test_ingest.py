"""Ingest is idempotent, replaces changed documents, deletes everywhere, and repairs after a crash."""

from __future__ import annotations

import pytest

from core.documents import LoadedDocument
from index.consistency import consistency_problems
from index.errors import EmptyDocument, UndecodableDocument, UnsupportedMediaType
from index.loaders import load_bytes, load_text, sanitize_source
from rag.engine import Engine
from tests.conftest import DEMO


def vector_count(engine: Engine) -> int:
    return engine.store.count(engine.settings.collection)


def test_reingesting_the_same_files_adds_nothing(fresh_engine: Engine) -> None:
    first = fresh_engine.ingest_folder(DEMO, progress=False)
    docs, chunks = fresh_engine.doctable.counts("default")
    vectors = vector_count(fresh_engine)
    second = fresh_engine.ingest_folder(DEMO, progress=False)
    assert {r.status for r in first} == {"created"}
    assert {r.status for r in second} == {"unchanged"}
    assert [r.doc_id for r in first] == [r.doc_id for r in second]
    assert fresh_engine.doctable.counts("default") == (docs, chunks)
    assert docs == 5 and chunks == vectors


def test_a_changed_file_replaces_its_old_chunks(fresh_engine: Engine) -> None:
    old = fresh_engine.ingestor.ingest(load_text("note.txt", "Drones were shipped in March. The shipment was large."))
    new = fresh_engine.ingestor.ingest(load_text("note.txt", "Drones were shipped in April. Nobody confirmed it."))
    assert new.status == "replaced" and new.replaced_doc_id == old.doc_id
    assert fresh_engine.doctable.get("default", old.doc_id) is None
    assert fresh_engine.store.doc_ids("default") == {new.doc_id}
    texts = [c.text for c in fresh_engine.corpus.get("default").chunks]
    assert all("March" not in t for t in texts) and any("April" in t for t in texts)


def test_delete_removes_vectors_chunks_and_text(fresh_engine: Engine) -> None:
    result = fresh_engine.ingestor.ingest(load_text("gone.txt", "This document will be deleted soon enough."))
    assert fresh_engine.ingestor.delete("default", result.doc_id)
    assert fresh_engine.doctable.counts("default") == (0, 0)
    assert vector_count(fresh_engine) == 0
    assert len(fresh_engine.corpus.get("default")) == 0
    assert not fresh_engine.ingestor.delete("default", result.doc_id)


def test_recovery_removes_vectors_of_an_unpublished_add(fresh_engine: Engine) -> None:
    """Simulates a crash between writing vectors and publishing the document."""
    loaded = load_text("crash.txt", "Vectors were written but the process died before publishing.")
    from index.chunk import chunk_document
    from index.clean import content_regions
    from index.ingest import document_id

    doc_id = document_id(loaded.text)
    chunks = chunk_document(doc_id, loaded.source, loaded.text, content_regions(loaded.text), 800, 150)
    fresh_engine.doctable.journal_add("default", doc_id, "add")
    fresh_engine.store.add("default", chunks, fresh_engine.embedder.embed([c.text for c in chunks]))
    assert vector_count(fresh_engine) == len(chunks)
    assert fresh_engine.ingestor.recover() == 1
    assert vector_count(fresh_engine) == 0 and fresh_engine.doctable.journal() == []


def test_loaders_refuse_bad_input_with_reasons() -> None:
    with pytest.raises(UnsupportedMediaType):
        load_bytes("tool.exe", b"MZ\x90\x00")
    with pytest.raises(EmptyDocument):
        load_bytes("empty.txt", b"   \n")
    with pytest.raises(UndecodableDocument):
        load_bytes("garbage.txt", bytes(range(256)) * 20)
    with pytest.raises(UndecodableDocument):
        load_bytes("latin.txt", "caf\xe9 ".encode("latin-1") * 50)


def test_source_names_are_sanitised() -> None:
    assert sanitize_source("../../etc/passwd.txt") == "passwd.txt"
    assert "\x00" not in sanitize_source("evil\x00name.txt")
    assert len(sanitize_source("a" * 5000 + ".txt")) <= 200
    assert sanitize_source("a" * 5000 + ".txt").endswith(".txt")


def test_furniture_repeated_across_a_sites_pages_is_dropped_at_ingest(fresh_engine: Engine) -> None:
    """Cross-document repeats need the collection: the ingestor counts lines per site and collection."""
    from core.documents import DocumentMetadata
    from index.clean import line_key
    from tests.index.test_clean_chunk import ARTICLES, SITE_FURNITURE, site_page

    def page(index: int) -> LoadedDocument:
        url = f"https://www.quayside-ledger.example/news/{index}"
        return load_text(f"ledger-{index}.txt", site_page(index), DocumentMetadata(url=url))

    def chunk_texts(doc_id: str) -> str:
        stored = fresh_engine.doctable.get("default", doc_id)
        assert stored is not None
        _, _, chunks = fresh_engine.doctable.read_collection("default")
        return "\n".join(c.text for c in chunks if c.doc_id == doc_id)

    # A batch (a folder ingest): every page is cleaned with what the whole batch repeats.
    results = fresh_engine.ingestor.ingest_many([page(i) for i in range(len(ARTICLES))])
    assert [r.status for r in results] == ["created"] * len(ARTICLES)
    for index, result in enumerate(results):
        indexed = chunk_texts(result.doc_id)
        assert ARTICLES[index].split("\n")[0] in indexed
        for line in SITE_FURNITURE:
            assert line not in indexed, f"page {index}: {line!r} indexed"
        stored = fresh_engine.doctable.get("default", result.doc_id)
        assert stored is not None
        for span in stored.keep_spans:  # keep-spans index the stored text, which is the upload verbatim
            assert stored.text[span.start : span.end] == site_page(index)[span.start : span.end]
    assert consistency_problems(fresh_engine.doctable, fresh_engine.store, "default") == []

    # One upload at a time: a new page of the same site is cleaned with what earlier pages repeat.
    tagline = "Our reporters walked the whole length of the new sea wall on Sunday."
    later = load_text("ledger-new.txt", site_page(0).replace(ARTICLES[0], tagline),
                      DocumentMetadata(url="https://quayside-ledger.example/news/new"))
    result = fresh_engine.ingestor.ingest(later)
    indexed = chunk_texts(result.doc_id)
    assert tagline in indexed and line_key(SITE_FURNITURE[7]) not in indexed


def test_a_page_of_nothing_but_repeated_lines_is_still_indexed(fresh_engine: Engine) -> None:
    note = "Harbour office notices and opening hours"  # not a sentence: furniture once repeated
    for index in range(3):
        fresh_engine.ingestor.ingest(load_text(f"note-{index}.txt", f"{note}\nNotice {index} of the harbour office"))
    result = fresh_engine.ingestor.ingest(load_text("note-x.txt", f"{note}\n"))
    assert result.chunks == 1
