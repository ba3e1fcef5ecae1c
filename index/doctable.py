"""The document table: the source of truth for which documents are live.

It holds each document's stored text, metadata and chunk spans, plus a journal of
vector-store writes that are not yet reflected here, in SQLite (embedded default) or
PostgreSQL (``index.database``). A document becomes visible to readers in exactly one
transaction, so a reader sees the old version or the new one, never a mix. Every process
that shares the database sees changes through the per-collection ``generation`` counter.
"""

from __future__ import annotations

import builtins
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from core.documents import Chunk, DocumentMetadata, Span, StoredDocument
from core.settings import Settings
from index.database import Database, Migration, Session, SQLiteDatabase, open_database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT, author TEXT, date TEXT, url TEXT,
    media_type TEXT NOT NULL,
    text TEXT NOT NULL,
    keep_spans TEXT NOT NULL,
    created_at {float} NOT NULL,
    chunk_count {int} NOT NULL,
    PRIMARY KEY (collection, id),
    UNIQUE (collection, source)
);
CREATE TABLE IF NOT EXISTS chunks (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    start {int} NOT NULL,
    "end" {int} NOT NULL,
    ordinal {int} NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (collection, doc_id);
CREATE TABLE IF NOT EXISTS journal (
    collection TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    op TEXT NOT NULL,
    created_at {float} NOT NULL,
    PRIMARY KEY (collection, doc_id, op)
);
CREATE TABLE IF NOT EXISTS generations (
    collection TEXT PRIMARY KEY,
    generation {int} NOT NULL
);
"""
MIGRATIONS = (Migration(1, _SCHEMA),)
_JOURNAL_UPSERT = ("INSERT INTO journal VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (collection, doc_id, op) DO UPDATE SET created_at = excluded.created_at")

JournalOp = Literal["add", "delete"]
# ``DocTable.list`` shadows the builtin inside the class body: annotations there say builtins.list.
Replaced = list[StoredDocument | None]


@dataclass(frozen=True)
class JournalEntry:
    collection: str
    doc_id: str
    op: JournalOp


class DocTable:
    """The document table on ``database``; a path opens (or creates) a SQLite file there."""

    def __init__(self, database: Database | Path) -> None:
        self.database = SQLiteDatabase(database) if isinstance(database, Path) else database
        self.database.migrate("documents", MIGRATIONS)

    @classmethod
    def from_settings(cls, settings: Settings) -> DocTable:
        """PostgreSQL when ``CROSSCHECK_DATABASE_URL`` names it, else ``documents.sqlite3`` in the data directory."""
        return cls(open_database(settings.database_url, settings.doctable_path))

    def close(self) -> None:
        self.database.close()

    # -- reads ---------------------------------------------------------------
    def generation(self, collection: str) -> int:
        with self.database.read() as db:
            return self._generation(db, collection)

    @staticmethod
    def _generation(db: Session, collection: str) -> int:
        row = db.execute("SELECT generation FROM generations WHERE collection = ?", (collection,)).fetchone()
        return int(row[0]) if row else 0

    def get(self, collection: str, doc_id: str) -> StoredDocument | None:
        with self.database.read() as db:
            row = db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE collection = ? AND id = ?",  # noqa: S608
                             (collection, doc_id)).fetchone()
        return _to_document(row) if row else None

    def find_by_source(self, collection: str, source: str) -> StoredDocument | None:
        with self.database.read() as db:
            return self._by_source(db, collection, source)

    @staticmethod
    def _by_source(db: Session, collection: str, source: str) -> StoredDocument | None:
        row = db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE collection = ? AND source = ?",  # noqa: S608
                         (collection, source)).fetchone()
        return _to_document(row) if row else None

    def list(self, collection: str) -> list[StoredDocument]:
        with self.database.read() as db:
            return self._list(db, collection)

    @staticmethod
    def _list(db: Session, collection: str) -> builtins.list[StoredDocument]:
        rows = db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE collection = ?",  # noqa: S608
                          (collection,)).fetchall()
        # Sorted here: PostgreSQL's ORDER BY follows the server's locale, SQLite's the code points.
        return sorted((_to_document(row) for row in rows), key=lambda d: d.source)

    def collections(self) -> builtins.list[str]:
        with self.database.read() as db:
            rows = db.execute("SELECT DISTINCT collection FROM documents").fetchall()
        return sorted(row[0] for row in rows)

    def read_collection(
        self, collection: str
    ) -> tuple[int, builtins.list[StoredDocument], builtins.list[Chunk]]:
        """Generation, documents and chunks of a collection, read from one consistent snapshot."""
        with self.database.snapshot() as db:
            generation = self._generation(db, collection)
            documents = self._list(db, collection)
            chunks = self._chunks(db, collection, {d.id: (d.source, d.text) for d in documents})
        return generation, documents, chunks

    @staticmethod
    def _chunks(
        db: Session, collection: str, texts: dict[str, tuple[str, str]]
    ) -> builtins.list[Chunk]:
        rows = db.execute(
            'SELECT id, doc_id, start, "end", ordinal FROM chunks WHERE collection = ? '
            "ORDER BY doc_id, ordinal",
            (collection,),
        ).fetchall()
        return [
            Chunk(
                id=chunk_id,
                doc_id=doc_id,
                source=texts[doc_id][0],
                start=start,
                end=end,
                text=texts[doc_id][1][start:end],
                ordinal=ordinal,
            )
            for chunk_id, doc_id, start, end, ordinal in rows
            if doc_id in texts
        ]

    def counts(self, collection: str) -> tuple[int, int]:
        with self.database.snapshot() as db:
            docs = db.execute("SELECT COUNT(*) FROM documents WHERE collection = ?", (collection,)).fetchone()[0]
            chunks = db.execute("SELECT COUNT(*) FROM chunks WHERE collection = ?", (collection,)).fetchone()[0]
        return int(docs), int(chunks)

    # -- journal -------------------------------------------------------------
    def journal_add(self, collection: str, doc_id: str, op: JournalOp) -> None:
        self.journal_add_many(collection, [doc_id], op)

    def journal_add_many(self, collection: str, doc_ids: Sequence[str], op: JournalOp) -> None:
        """Journal several documents in one transaction (batched ingest: one fsync, not one per file)."""
        now = time.time()
        with self.database.transaction() as db:
            db.executemany(_JOURNAL_UPSERT, [(collection, doc_id, op, now) for doc_id in doc_ids])

    def journal_remove(self, collection: str, doc_id: str, op: JournalOp) -> None:
        self.journal_remove_many(collection, [doc_id], op)

    def journal_remove_many(self, collection: str, doc_ids: Sequence[str], op: JournalOp) -> None:
        with self.database.transaction() as db:
            db.executemany(
                "DELETE FROM journal WHERE collection = ? AND doc_id = ? AND op = ?",
                [(collection, d, op) for d in doc_ids],
            )

    def journal(self) -> builtins.list[JournalEntry]:
        with self.database.read() as db:
            rows = db.execute("SELECT collection, doc_id, op FROM journal ORDER BY created_at").fetchall()
        return [JournalEntry(collection, doc_id, op) for collection, doc_id, op in rows]

    # -- writes --------------------------------------------------------------
    def publish(self, document: StoredDocument, chunks: Sequence[Chunk]) -> StoredDocument | None:
        """Make ``document`` live, replacing any document with the same source, in one transaction.

        Returns the replaced document, whose vectors the caller must then delete. The
        replaced document's delete is journalled in the same transaction, so a crash
        before the vectors are gone is repaired at the next start.
        """
        return self.publish_many([(document, chunks)])[0]

    def publish_many(
        self, items: Sequence[tuple[StoredDocument, Sequence[Chunk]]]
    ) -> Replaced:
        """``publish`` for several documents in ONE transaction, in order.

        Readers see all of them or none, and the generation moves once, so other
        processes rebuild their corpus snapshot once per batch instead of once per file.
        A later item with the same source as an earlier one replaces it, as sequential
        publishes would.
        """
        replaced: Replaced = []
        with self.database.transaction() as db:
            for document, chunks in items:
                replaced.append(self._publish_one(db, document, chunks))
            if items:
                collections = {document.collection for document, _ in items}
                for collection in sorted(collections):
                    self._bump(db, collection)
        return replaced

    def _publish_one(
        self, db: Session, document: StoredDocument, chunks: Sequence[Chunk]
    ) -> StoredDocument | None:
        old = self._by_source(db, document.collection, document.source)
        if old is not None and old.id == document.id:
            # Another writer published this very text first (ids derive from the text): it is live
            # with the same chunks and vectors, so there is nothing to replace and nothing to delete.
            db.execute("DELETE FROM journal WHERE collection = ? AND doc_id = ? AND op = 'add'",
                       (document.collection, document.id))
            return None
        if old is not None:
            self._delete_rows(db, old.collection, old.id)
            db.execute(_JOURNAL_UPSERT, (old.collection, old.id, "delete", time.time()))
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document.collection,
                document.id,
                document.source,
                document.content_hash,
                document.metadata.title,
                document.metadata.author,
                document.metadata.date,
                document.metadata.url,
                document.media_type,
                document.text,
                json.dumps([[s.start, s.end] for s in document.keep_spans]),
                document.created_at,
                len(chunks),
            ),
        )
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?)",
            [(document.collection, c.id, c.doc_id, c.start, c.end, c.ordinal) for c in chunks],
        )
        db.execute(
            "DELETE FROM journal WHERE collection = ? AND doc_id = ? AND op = 'add'",
            (document.collection, document.id),
        )
        return old

    def delete(self, collection: str, doc_id: str) -> bool:
        """Unpublish a document and journal the deletion of its vectors."""
        with self.database.transaction() as db:
            found = db.execute(
                "SELECT 1 FROM documents WHERE collection = ? AND id = ?", (collection, doc_id)
            ).fetchone()
            if not found:
                return False
            self._delete_rows(db, collection, doc_id)
            db.execute(_JOURNAL_UPSERT, (collection, doc_id, "delete", time.time()))
            self._bump(db, collection)
        return True

    @staticmethod
    def _delete_rows(db: Session, collection: str, doc_id: str) -> None:
        db.execute("DELETE FROM chunks WHERE collection = ? AND doc_id = ?", (collection, doc_id))
        db.execute("DELETE FROM documents WHERE collection = ? AND id = ?", (collection, doc_id))

    @staticmethod
    def _bump(db: Session, collection: str) -> None:
        db.execute(
            "INSERT INTO generations VALUES (?, 1) "
            "ON CONFLICT (collection) DO UPDATE SET generation = generations.generation + 1",
            (collection,),
        )


_DOCUMENT_COLUMNS = ("collection, id, source, content_hash, title, author, date, url, media_type, text, keep_spans, "
                     "created_at, chunk_count")


def _to_document(row: tuple) -> StoredDocument:
    (collection, doc_id, source, content_hash, title, author, date, url, media_type, text, keep, created, n) = row
    return StoredDocument(
        id=doc_id,
        collection=collection,
        source=source,
        content_hash=content_hash,
        text=text,
        metadata=DocumentMetadata(title=title, author=author, date=date, url=url),
        media_type=media_type,
        created_at=created,
        chunk_count=n,
        keep_spans=tuple(Span(s, e) for s, e in json.loads(keep)),
    )
