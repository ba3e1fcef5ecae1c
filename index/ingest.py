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

import contextlib
import hashlib
import itertools
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from tqdm import tqdm

from core.documents import Chunk, LoadedDocument, Span, StoredDocument
from core.settings import Settings
from index.chunk import chunk_document
from index.clean import RepeatedLines, content_regions
from index.doctable import DocTable
from index.embed import Embedder
from index.errors import EmptyDocument, IngestError
from index.loaders import SUPPORTED_SUFFIXES, load_path
from index.store import VectorStore

log = logging.getLogger(__name__)

IngestStatus = Literal["created", "replaced", "unchanged"]

# Chunks embedded and written per batch: large enough that length-sorted batches pad
# little and per-call overhead vanishes, small enough that a crash loses little work.
DEFAULT_BATCH_CHUNKS = 1024
# The first batches are smaller so that the embedder starts while the loader process is
# still parsing: with one full batch up front, a 24-file ingest parsed every file (0.4 s
# each for HTML) before embedding anything, and measured 0.74 of raw encode speed.
FIRST_BATCH_CHUNKS = 64
_MIN_FILES_FOR_WORKERS = 16
# Parsed documents waiting for the embedder, at most. A full batch takes the embedder about
# a minute on 2 cores, in which the loader parses well over a hundred pages; a smaller window
# left it idle, and the next batch then waited for its files one by one.
_LOAD_AHEAD = 128


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
        batch_chunks: int = DEFAULT_BATCH_CHUNKS,
        load_workers: int = 1,
    ) -> None:
        self.settings = settings
        self.batch_chunks = batch_chunks
        self.load_workers = load_workers
        self.doctable = doctable
        self.store = store
        self.embedder = embedder
        self.listeners = list(listeners)
        # One writer at a time per process: two uploads of the same new content must not race.
        self._write_lock = threading.RLock()
        # Per collection: which lines repeat across documents (page furniture), and the
        # document-table generation the counts were last synchronised with.
        self._repeats: dict[str, tuple[int, RepeatedLines]] = {}
        self._repeats_lock = threading.Lock()

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
        collection = collection or self.settings.collection
        with self._write_lock:
            prepared = self._prepare(loaded, collection, {})
            if isinstance(prepared, IngestResult):
                return prepared
            return self._write(collection, [prepared])[0]

    # -- many documents ------------------------------------------------------
    def ingest_many(
        self,
        documents: Iterable[LoadedDocument | PreparedDocument],
        collection: str | None = None,
        on_error: Callable[[str, IngestError], None] | None = None,
    ) -> list[IngestResult]:
        """Ingest documents in batches of about ``batch_chunks`` chunks.

        Why batches: per-document ingest embedded each file's few chunks on their own
        (padding every batch to that file's longest chunk, and paying the model call
        overhead per file) and made three SQLite transactions plus a Chroma write per
        file. A batch is embedded in one ``encode`` call (sentence-transformers sorts it
        by length), written to Chroma in one upsert and published in one transaction.
        Refused documents are reported through ``on_error`` and skipped.
        """
        collection = collection or self.settings.collection
        results: list[IngestResult | None] = []  # in input order; a pending document's slot fills on flush
        pending: dict[str, PreparedDocument] = {}
        slots: dict[str, int] = {}
        threshold = min(FIRST_BATCH_CHUNKS, self.batch_chunks)

        def flush() -> None:
            nonlocal threshold
            for result in self._flush(collection, pending):
                results[slots.pop(result.doc_id)] = result
            threshold = min(threshold * 2, self.batch_chunks)

        for document in documents:
            source = document.loaded.source if isinstance(document, PreparedDocument) else document.source
            # Two versions of one source in a batch would be published out of order: flush first.
            if any(p.loaded.source == source for p in pending.values()):
                flush()
            try:
                prepared = self._prepare(document, collection, pending)
            except IngestError as error:
                log.warning("skipped source=%s reason=%s", source, error.message)
                if on_error is not None:
                    on_error(source, error)
                continue
            results.append(prepared if isinstance(prepared, IngestResult) else None)
            if isinstance(prepared, PreparedDocument):
                pending[prepared.doc_id] = prepared
                slots[prepared.doc_id] = len(results) - 1
                if sum(len(p.chunks) for p in pending.values()) >= threshold:
                    flush()
        flush()
        return [result for result in results if result is not None]

    def _flush(self, collection: str, pending: dict[str, PreparedDocument]) -> list[IngestResult]:
        if not pending:
            return []
        batch = list(pending.values())
        pending.clear()
        with self._write_lock:
            return self._write(collection, batch)

    def _prepare(
        self, document: LoadedDocument | PreparedDocument, collection: str, pending: dict[str, PreparedDocument]
    ) -> PreparedDocument | IngestResult:
        """Chunk a document (unless a loader process did), or say why nothing needs writing."""
        doc_id = document.doc_id if isinstance(document, PreparedDocument) else document_id(document.text)
        if doc_id in pending:  # identical text twice in one batch: store it once
            first = pending[doc_id]
            return IngestResult(doc_id, first.loaded.source, "unchanged", len(first.chunks))
        existing = self.doctable.get(collection, doc_id)
        if existing is not None:
            return IngestResult(doc_id, existing.source, "unchanged", existing.chunk_count)
        loaded = document.loaded if isinstance(document, PreparedDocument) else document
        repeats = self._repeated_lines(collection)
        promoted = repeats.add(doc_id, loaded.text, loaded.metadata.url)
        furniture = repeats.furniture(loaded.text, loaded.metadata.url, doc_id)
        if promoted:
            self._reclean_pending(repeats, pending, promoted)
        if isinstance(document, PreparedDocument) and document.furniture == furniture:
            return document
        try:
            return prepare_document(loaded, self.settings.chunk_size, self.settings.chunk_overlap, furniture)
        except IngestError:
            repeats.remove(doc_id)
            raise

    # -- lines repeated across documents (page furniture) ---------------------
    def _repeated_lines(self, collection: str) -> RepeatedLines:
        """The collection's line counts, brought up to date with the document table.

        Built on first use from the stored documents; rebuilt from the table only when
        another process changed the collection (its generation moved without us)."""
        generation = self.doctable.generation(collection)
        with self._repeats_lock:
            known = self._repeats.get(collection)
            if known is not None and known[0] == generation:
                return known[1]
            # Only additions are synchronised: documents this process prepared are counted before
            # they are published, and deletions by this process are counted when they happen.
            repeats = known[1] if known is not None else RepeatedLines()
            for document in self.doctable.list(collection):
                repeats.add(document.id, document.text, document.metadata.url)
            self._repeats[collection] = (generation, repeats)
            return repeats

    def _repeats_synced(self, collection: str) -> None:
        """Our own write moved the generation: the counts already reflect it."""
        with self._repeats_lock:
            known = self._repeats.get(collection)
            if known is not None:
                self._repeats[collection] = (self.doctable.generation(collection), known[1])

    def _reclean_pending(
        self, repeats: RepeatedLines, pending: dict[str, PreparedDocument], promoted: frozenset[str]
    ) -> None:
        """Documents of this batch, not yet written, that hold lines which just became furniture."""
        for doc_id, prepared in list(pending.items()):
            text = prepared.loaded.text
            if not any(key in prepared.furniture for key in promoted) and any(key in text for key in promoted):
                furniture = repeats.furniture(text, prepared.loaded.metadata.url, doc_id)
                if furniture != prepared.furniture:
                    with contextlib.suppress(EmptyDocument):  # a page of nothing but furniture keeps it
                        pending[doc_id] = prepare_document(
                            prepared.loaded, self.settings.chunk_size, self.settings.chunk_overlap, furniture
                        )

    def _write(self, collection: str, batch: Sequence[PreparedDocument]) -> list[IngestResult]:
        """Embed, store and publish a batch, in the crash-safe order of the module docstring."""
        started = time.perf_counter()
        doc_ids = [p.doc_id for p in batch]
        chunks = [chunk for p in batch for chunk in p.chunks]
        self.doctable.journal_add_many(collection, doc_ids, "add")
        try:
            vectors = self.embedder.embed([c.text for c in chunks])
            self.store.add(collection, chunks, vectors)
            now = time.time()
            documents = [
                StoredDocument(
                    id=p.doc_id,
                    collection=collection,
                    source=p.loaded.source,
                    content_hash=content_hash(p.loaded.text),
                    text=p.loaded.text,
                    metadata=p.loaded.metadata,
                    media_type=p.loaded.media_type,
                    created_at=now,
                    chunk_count=len(p.chunks),
                    keep_spans=p.regions,
                )
                for p in batch
            ]
            replaced = self.doctable.publish_many(
                [(document, p.chunks) for document, p in zip(documents, batch, strict=True)]
            )
        except Exception:
            # Leave nothing half-written: the vectors are not published, remove them. Spare
            # documents that another process sharing this store published meanwhile: their
            # chunk ids are ours (content-derived), so these vectors are theirs too.
            orphans = [d for d in doc_ids if self.doctable.get(collection, d) is None]
            self.store.delete_documents(collection, orphans)
            self._forget_repeats(collection, orphans)
            self.doctable.journal_remove_many(collection, doc_ids, "add")
            raise
        self._repeats_synced(collection)
        results: list[IngestResult] = []
        for document, old in zip(documents, replaced, strict=True):
            if old is not None:
                self._drop_vectors(collection, old.id)
                self._forget_repeats(collection, [old.id])
            self._notify_added(document, old)
            status: IngestStatus = "replaced" if old else "created"
            replaced_id = old.id if old else None
            results.append(
                IngestResult(document.id, document.source, status, document.chunk_count, replaced_id)
            )
        log.info(
            "ingested documents=%d chunks=%d replaced=%d seconds=%.2f",
            len(batch),
            len(chunks),
            sum(r.status == "replaced" for r in results),
            time.perf_counter() - started,
        )
        return results

    def delete(self, collection: str, doc_id: str) -> bool:
        with self._write_lock:
            return self._delete(collection, doc_id)

    def _delete(self, collection: str, doc_id: str) -> bool:
        if not self.doctable.delete(collection, doc_id):
            return False
        self._repeats_synced(collection)
        self._forget_repeats(collection, [doc_id])
        self._drop_vectors(collection, doc_id)
        for listener in self.listeners:
            listener.document_removed(collection, doc_id)
        log.info("deleted doc_id=%s collection=%s", doc_id, collection)
        return True

    def _forget_repeats(self, collection: str, doc_ids: Sequence[str]) -> None:
        with self._repeats_lock:
            known = self._repeats.get(collection)
        if known is not None:
            for doc_id in doc_ids:
                known[1].remove(doc_id)

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
        by_source: dict[str, Path] = {}
        bar = tqdm(total=len(files), desc="ingest", unit="doc", disable=not progress)

        def prepared_documents() -> Iterator[PreparedDocument]:
            chunking = (self.settings.chunk_size, self.settings.chunk_overlap)
            for path, outcome in load_files(files, self.load_workers, chunking):
                bar.update(1)
                if isinstance(outcome, IngestError):
                    log.warning("skipped path=%s reason=%s", path, outcome.message)
                    if on_error is not None:
                        on_error(path, outcome)
                    continue
                by_source[outcome.loaded.source] = path
                yield outcome

        def refused(source: str, error: IngestError) -> None:
            if on_error is not None:
                on_error(by_source[source], error)

        try:
            return self.ingest_many(prepared_documents(), collection, refused)
        finally:
            bar.close()


@dataclass(frozen=True)
class PreparedDocument:
    """A loaded document cut into chunks: everything an ingest does before the embedder."""

    loaded: LoadedDocument
    doc_id: str
    regions: tuple[Span, ...]
    chunks: list[Chunk]
    furniture: frozenset[str] = frozenset()  # lines dropped because other documents repeat them


def prepare_document(
    loaded: LoadedDocument, chunk_size: int, chunk_overlap: int, furniture: frozenset[str] = frozenset()
) -> PreparedDocument:
    """Clean and chunk; refuse a document with nothing left to index.

    ``furniture``: lines that other documents of the site or collection repeat
    (``RepeatedLines.furniture``). If dropping them would leave nothing, they are kept:
    a page that is all furniture is more likely a short note than a menu.
    """
    doc_id = document_id(loaded.text)
    regions = content_regions(loaded.text, furniture)
    if furniture and not regions:
        furniture, regions = frozenset(), content_regions(loaded.text)
    chunks = chunk_document(doc_id, loaded.source, loaded.text, regions, chunk_size, chunk_overlap)
    if not chunks:
        raise EmptyDocument(f"{loaded.source}: nothing but boilerplate was found to index")
    return PreparedDocument(loaded, doc_id, tuple(regions), chunks, furniture)


LoadOutcome = tuple[Path, PreparedDocument | IngestError]


def _load_one(path: Path, chunking: tuple[int, int]) -> LoadOutcome:
    try:
        return path, prepare_document(load_path(path), *chunking)
    except IngestError as error:
        return path, error


def _lower_priority() -> None:
    """Loader processes yield the CPU to the embedder: parsing then fills the gaps torch
    leaves between ops instead of slowing every matrix product (the embedder is the
    bottleneck, and the loader only has to stay one batch ahead of it). SCHED_IDLE where
    Linux offers it: under nice 10 the loader still took about a tenth of each core."""
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return
    with contextlib.suppress(OSError):
        os.nice(10)


def load_files(files: Sequence[Path], workers: int, chunking: tuple[int, int]) -> Iterator[LoadOutcome]:
    """Load and chunk files in order (``chunking`` = size, overlap); with ``workers`` > 0, in
    worker processes that run ahead of the caller.

    Why processes: parsing HTML (trafilatura, htmldate), cleaning and chunking are
    single-threaded Python that holds the GIL, so a thread would stall torch between ops.
    A worker process prepares the next files in the gaps the embedding model leaves,
    instead of the embedder waiting for each one in turn; the main process is left with
    little but embedding and writing. Small jobs stay in-process: starting a worker costs
    about a second.
    """
    if workers <= 0 or len(files) < _MIN_FILES_FOR_WORKERS:
        yield from (_load_one(path, chunking) for path in files)
        return
    # spawn, not fork: the parent already runs torch's thread pool, which fork does not copy safely.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_lower_priority) as pool:
        window: deque[Future[LoadOutcome]] = deque()
        remaining = iter(files)
        for path in itertools.islice(remaining, _LOAD_AHEAD):
            window.append(pool.submit(_load_one, path, chunking))
        while window:
            outcome = window.popleft().result()
            for path in itertools.islice(remaining, 1):  # keep a bounded number of files in flight
                window.append(pool.submit(_load_one, path, chunking))
            yield outcome


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus supported files found under named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            found.append(path)
    return found
