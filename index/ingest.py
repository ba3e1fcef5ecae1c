"""Ingest documents: load -> clean -> chunk -> embed -> store, crash-safely.

Write order (what makes a SIGKILL at any point harmless):
1. journal "add <doc_id>" in the document table;
2. write the chunk vectors to Chroma (invisible: readers only trust the table);
3. one SQLite transaction publishes the document and its chunks, unpublishes the
   document it replaces, clears the "add" entry and journals "delete <old id>";
4. delete the old vectors, then clear the "delete" entry.
``recover()`` replays the journal at start-up: vectors of unpublished adds and of
journalled deletes are removed. Re-running an ingest skips published content.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from tqdm import tqdm

from index.chunk import chunk_document
from index.clean import content_regions
from index.doctable import DocTable
from index.embed import Embedder
from index.errors import EmptyDocument, IngestError
from index.loaders import SUPPORTED_SUFFIXES, load_path
from index.store import VectorStore
from rag.schemas import LoadedDocument, StoredDocument
from rag.settings import Settings

log = logging.getLogger(__name__)

IngestStatus = Literal["created", "replaced", "unchanged"]


@dataclass(frozen=True)
class IngestResult:
    doc_id: str
    source: str
    status: IngestStatus
    chunks: int
    replaced_doc_id: str | None = None


class ChangeListener(Protocol):
    """Told about every published change, e.g. to update the contradiction map."""

    def document_added(self, document: StoredDocument) -> None: ...

    def document_removed(self, collection: str, doc_id: str) -> None: ...


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(text: str) -> str:
    return content_hash(text)[:20]


class Ingestor:
    def __init__(
        self,
        settings: Settings,
        doctable: DocTable,
        store: VectorStore,
        embedder: Embedder,
        listeners: Sequence[ChangeListener] = (),
    ) -> None:
        self.settings = settings
        self.doctable = doctable
        self.store = store
        self.embedder = embedder
        self.listeners = list(listeners)
        # One writer at a time per process: two uploads of the same new content must not race.
        self._write_lock = threading.RLock()

    # -- recovery ------------------------------------------------------------
    def recover(self) -> int:
        """Finish or undo vector writes that a crash interrupted. Returns entries repaired."""
        entries = self.doctable.journal()
        for entry in entries:
            published = self.doctable.get(entry.collection, entry.doc_id) is not None
            if entry.op == "delete" or not published:
                self.store.delete_document(entry.collection, entry.doc_id)
            self.doctable.journal_remove(entry.collection, entry.doc_id, entry.op)
            log.warning("recovered journal op=%s doc_id=%s", entry.op, entry.doc_id)
        return len(entries)

    # -- one document --------------------------------------------------------
    def ingest(self, loaded: LoadedDocument, collection: str | None = None) -> IngestResult:
        with self._write_lock:
            return self._ingest(loaded, collection or self.settings.collection)

    def _ingest(self, loaded: LoadedDocument, collection: str) -> IngestResult:
        doc_id = document_id(loaded.text)
        existing = self.doctable.get(collection, doc_id)
        if existing is not None:
            return IngestResult(doc_id, existing.source, "unchanged", existing.chunk_count)

        regions = content_regions(loaded.text)
        chunks = chunk_document(
            doc_id, loaded.source, loaded.text, regions, self.settings.chunk_size, self.settings.chunk_overlap
        )
        if not chunks:
            raise EmptyDocument(f"{loaded.source}: nothing but boilerplate was found to index")

        started = time.perf_counter()
        self.doctable.journal_add(collection, doc_id, "add")
        try:
            vectors = self.embedder.embed([c.text for c in chunks])
            self.store.add(collection, chunks, vectors)
            document = StoredDocument(
                id=doc_id,
                collection=collection,
                source=loaded.source,
                content_hash=content_hash(loaded.text),
                text=loaded.text,
                metadata=loaded.metadata,
                media_type=loaded.media_type,
                created_at=time.time(),
                chunk_count=len(chunks),
                keep_spans=tuple(regions),
            )
            replaced = self.doctable.publish(document, chunks)
        except Exception:
            # Leave nothing half-written: the vectors are not published, remove them.
            self.store.delete_document(collection, doc_id)
            self.doctable.journal_remove(collection, doc_id, "add")
            raise
        if replaced is not None:
            self._drop_vectors(collection, replaced.id)
        self._notify_added(document, replaced)
        log.info(
            "ingested source=%s doc_id=%s chunks=%d status=%s seconds=%.2f",
            loaded.source,
            doc_id,
            len(chunks),
            "replaced" if replaced else "created",
            time.perf_counter() - started,
        )
        return IngestResult(
            doc_id, loaded.source, "replaced" if replaced else "created", len(chunks),
            replaced.id if replaced else None,
        )

    def delete(self, collection: str, doc_id: str) -> bool:
        with self._write_lock:
            return self._delete(collection, doc_id)

    def _delete(self, collection: str, doc_id: str) -> bool:
        if not self.doctable.delete(collection, doc_id):
            return False
        self._drop_vectors(collection, doc_id)
        for listener in self.listeners:
            listener.document_removed(collection, doc_id)
        log.info("deleted doc_id=%s collection=%s", doc_id, collection)
        return True

    def _drop_vectors(self, collection: str, doc_id: str) -> None:
        self.store.delete_document(collection, doc_id)
        self.doctable.journal_remove(collection, doc_id, "delete")

    def _notify_added(self, document: StoredDocument, replaced: StoredDocument | None) -> None:
        for listener in self.listeners:
            if replaced is not None:
                listener.document_removed(document.collection, replaced.id)
            listener.document_added(document)

    # -- many files ----------------------------------------------------------
    def ingest_paths(
        self,
        paths: Iterable[Path],
        collection: str | None = None,
        progress: bool = True,
        on_error: Callable[[Path, IngestError], None] | None = None,
    ) -> list[IngestResult]:
        files = sorted(expand_paths(paths))
        results: list[IngestResult] = []
        bar = tqdm(files, desc="ingest", unit="doc", disable=not progress)
        for path in bar:
            bar.set_postfix_str(path.name[:40])
            try:
                results.append(self.ingest(load_path(path), collection))
            except IngestError as error:
                log.warning("skipped path=%s reason=%s", path, error.message)
                if on_error is not None:
                    on_error(path, error)
        return results


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus supported files found under named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            found.append(path)
    return found
