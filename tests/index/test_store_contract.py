"""One contract, two databases: the document table and the contradiction map behave the same on the
embedded SQLite files and on a real PostgreSQL server started by the suite (``tests/postgres.py``)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import psycopg
import pytest

from core.documents import Chunk, DocumentMetadata, Span, StoredDocument
from index.database import Database, DatabaseUnavailable, PostgresDatabase, SQLiteDatabase
from index.doctable import DocTable
from rag.conflicts.claims import Claim
from rag.conflicts.store import MapStore, NewConflict

COLLECTION = "contract"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        opened: Database = SQLiteDatabase(tmp_path / "store.sqlite3")
    else:
        opened = PostgresDatabase(request.getfixturevalue("postgres_url"))
    yield opened
    opened.close()


def document(source: str, text: str, doc_id: str | None = None) -> tuple[StoredDocument, list[Chunk]]:
    """A stored document of two chunks, one per half of ``text``."""
    doc_id = doc_id or f"id-{hashlib.sha256(text.encode()).hexdigest()[:16]}"   # ids derive from the text
    half = len(text) // 2
    chunks = [Chunk(f"{doc_id}:{i}", doc_id, source, start, end, text[start:end], i)
              for i, (start, end) in enumerate([(0, half), (half, len(text))])]
    stored = StoredDocument(doc_id, COLLECTION, source, f"hash-{doc_id}", text,
                            DocumentMetadata(title="A title", author=None, date="2026-12-06", url=None),
                            "text/plain", 1765000000.123456, len(chunks), (Span(0, len(text)),))
    return stored, chunks


def test_a_published_document_reads_back_whole_and_moves_the_generation(database: Database) -> None:
    table = DocTable(database)
    stored, chunks = document("a.txt", "The ferry left at dawn. It carried 312 passengers.")
    assert table.generation(COLLECTION) == 0
    assert table.publish(stored, chunks) is None
    assert table.generation(COLLECTION) == 1
    assert table.get(COLLECTION, stored.id) == stored
    assert table.find_by_source(COLLECTION, "a.txt") == stored
    generation, documents, read_chunks = table.read_collection(COLLECTION)
    assert (generation, documents, read_chunks) == (1, [stored], chunks)
    assert table.counts(COLLECTION) == (1, 2)
    assert table.collections() == [COLLECTION]


def test_a_new_version_replaces_the_old_and_journals_its_vectors_for_deletion(database: Database) -> None:
    table = DocTable(database)
    old, old_chunks = document("a.txt", "First version of the note.")
    new, new_chunks = document("a.txt", "Second, longer version of the same note.")
    table.publish(old, old_chunks)
    assert table.publish(new, new_chunks) == old
    assert table.list(COLLECTION) == [new]
    assert [(e.doc_id, e.op) for e in table.journal()] == [(old.id, "delete")]
    table.journal_remove(COLLECTION, old.id, "delete")
    assert table.journal() == []


def test_delete_unpublishes_and_journals_in_one_step(database: Database) -> None:
    table = DocTable(database)
    stored, chunks = document("a.txt", "A note to be deleted.")
    table.journal_add_many(COLLECTION, [stored.id], "add")
    table.publish(stored, chunks)
    assert table.journal() == [], "publishing clears the document's add"
    assert table.delete(COLLECTION, stored.id)
    assert not table.delete(COLLECTION, stored.id)
    assert table.get(COLLECTION, stored.id) is None and table.counts(COLLECTION) == (0, 0)
    assert [(e.doc_id, e.op) for e in table.journal()] == [(stored.id, "delete")]
    assert table.generation(COLLECTION) == 2


def test_a_failed_write_leaves_nothing_behind(database: Database) -> None:
    table = DocTable(database)
    first, first_chunks = document("a.txt", "A document that is published.")
    second, second_chunks = document("b.txt", "A document whose batch fails.", doc_id=first.id)  # same id: refused
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.UniqueViolation)):
        table.publish_many([(first, first_chunks), (second, second_chunks)])
    assert table.counts(COLLECTION) == (0, 0) and table.generation(COLLECTION) == 0


@pytest.mark.parametrize("same_text", [False, True])
def test_two_writers_publishing_one_source_at_once_leave_one_document(database: Database, tmp_path: Path,
                                                                      same_text: bool) -> None:
    # Two tables on one database, as two API workers would have; each publishes its version of one file.
    tables = [DocTable(database), DocTable(_second_handle(database, tmp_path))]
    versions = [document("same.txt", "One uploaded file." if same_text else f"Version {n} of one uploaded file.",
                         doc_id=None if not same_text else "id-same") for n in range(len(tables))]
    barrier = threading.Barrier(len(tables))
    errors: list[BaseException] = []

    def publish(table: DocTable, n: int) -> None:
        barrier.wait()
        try:
            table.publish(*versions[n])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=publish, args=(table, n)) for n, table in enumerate(tables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    (kept,) = tables[0].list(COLLECTION)
    assert tables[0].counts(COLLECTION) == (1, 2)
    assert {c.doc_id for c in tables[0].read_collection(COLLECTION)[2]} == {kept.id}
    journal = [(e.doc_id, e.op) for e in tables[0].journal()]
    if same_text:
        # Both wrote the same document: the one that came second must not mark its vectors for deletion.
        assert journal == []
    else:
        # The version that lost is journalled for vector deletion; the winner is not.
        (loser,) = [stored for stored, _ in versions if stored.id != kept.id]
        assert journal == [(loser.id, "delete")]


def _second_handle(database: Database, tmp_path: Path) -> Database:
    if isinstance(database, PostgresDatabase):
        return PostgresDatabase(database.url)
    return SQLiteDatabase(tmp_path / "store.sqlite3")


def test_an_exclusive_task_waits_for_the_holder_on_another_handle(database: Database, tmp_path: Path) -> None:
    # Two handles stand for two processes: the second cannot start the task while the first holds it.
    other = _second_handle(database, tmp_path)
    held, waited = threading.Event(), []

    def second() -> None:
        held.wait()
        began = time.monotonic()
        with other.exclusive("contract-task"):
            waited.append(time.monotonic() - began)

    thread = threading.Thread(target=second)
    with database.exclusive("contract-task"):
        thread.start()
        held.set()
        time.sleep(0.4)
    thread.join(timeout=10)
    assert waited and waited[0] >= 0.3


def test_the_schema_is_versioned_and_migrates_once(database: Database) -> None:
    DocTable(database)
    MapStore(database)
    assert database.migrate("documents", ()) == 1
    assert database.migrate("contradiction_map", ()) == 2
    DocTable(database)   # reopening applies nothing new
    with database.read() as session:
        rows = session.execute("SELECT component, version FROM schema_versions ORDER BY component").fetchall()
    assert [tuple(row) for row in rows] == [("contradiction_map", 2), ("documents", 1)]


def claim(doc_id: str, n: int, text: str) -> Claim:
    return Claim(doc_id=doc_id, source=f"{doc_id}.txt", title=None, chunk_id=f"{doc_id}:0", start=n * 100,
                 end=n * 100 + len(text), text=text, id=f"{doc_id}#{n}", collection=COLLECTION,
                 speaker="The port authority", speaker_key="port authority", attributed=True)


def _vector(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(384).astype(np.float32)


def test_the_map_keeps_claims_terms_and_conflicts_and_forgets_a_deleted_document(database: Database) -> None:
    store = MapStore(database)
    a = store.add_document(COLLECTION, "a", "a.txt", [
        (claim("a", 0, "The ferry carried 312 passengers."), _vector(1), _vector(2), ["ferry", "passeng"]),
        (claim("a", 1, "The crossing took four hours."), _vector(3), _vector(4), ["cross", "hour"]),
    ])
    b = store.add_document(COLLECTION, "b", "b.txt", [
        (claim("b", 0, "The ferry carried 150 passengers."), _vector(5), _vector(6), ["ferry", "passeng"]),
    ])
    assert len(set(a + b)) == 3 and store.claim_count(COLLECTION) == 3
    assert store.term_counts(COLLECTION, ["ferry", "hour", "absent"]) == {"ferry": 2, "hour": 1}
    assert store.postings(COLLECTION, "ferry", 10) == sorted([a[0], b[0]], reverse=True)
    (first,) = store.claims([a[0]])
    assert first.claim.text == "The ferry carried 312 passengers."
    assert np.allclose(first.vector, _vector(1), atol=0.01)   # stored as float16

    store.add_conflicts(COLLECTION, [NewConflict(a[0], b[0], "passengers", "312 against 150", "numbers", 0.9, 0.95,
                                                 a_stance="affirms", b_stance="affirms", kind="numbers")],
                        "b", "b.txt", 1)
    store.set_meta("judge", "signals")
    store.set_meta("judge", "signals+nli")
    assert store.meta("judge") == "signals+nli"
    (conflict,) = store.conflicts(COLLECTION)
    assert (conflict.a.doc_id, conflict.b.doc_id, conflict.kind) == ("a", "b", "numbers")
    assert store.mapped_documents(COLLECTION) == {"b": "b.txt"} and store.is_mapped(COLLECTION, "b")

    assert store.remove_document(COLLECTION, "b")
    assert store.conflicts(COLLECTION) == [] and not store.is_mapped(COLLECTION, "b")
    assert store.term_counts(COLLECTION, ["ferry", "passeng"]) == {"ferry": 1, "passeng": 1}
    assert store.claim_count(COLLECTION) == 2


def test_a_map_file_from_before_versioned_schemas_gains_the_dispute_columns(tmp_path: Path) -> None:
    path = tmp_path / "conflicts.sqlite3"
    with sqlite3.connect(path) as legacy:
        legacy.execute("CREATE TABLE conflicts (collection TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL, "
                       "a_doc TEXT NOT NULL, b_doc TEXT NOT NULL, topic TEXT NOT NULL, explanation TEXT NOT NULL, "
                       "judge TEXT NOT NULL, confidence REAL NOT NULL, similarity REAL NOT NULL, "
                       "created_at REAL NOT NULL, actor TEXT NOT NULL DEFAULT '', PRIMARY KEY (collection, a, b))")
    store = MapStore(path)
    with store.database.read() as session:
        columns = store.database.columns(session, "conflicts")
    assert {"actor", "proposition", "a_stance", "b_stance", "kind"} <= columns


def test_an_unreachable_postgres_is_named_without_its_password() -> None:
    with pytest.raises(DatabaseUnavailable, match=r"127\.0\.0\.1:9/crosscheck") as raised:
        PostgresDatabase("postgresql://crosscheck:s3cret@127.0.0.1:9/crosscheck", connect_timeout_s=1)
    assert "s3cret" not in str(raised.value)
