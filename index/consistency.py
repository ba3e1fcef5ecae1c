"""Is the index consistent? The document table and the vector store must describe the same chunks.

Used after crashes and load tests (and by anyone operating a data directory):
- every chunk row of a published document has a vector carrying the same doc id;
- every vector belongs to a published chunk (no orphans, no half documents);
- each document's chunk count matches its chunk rows;
- the write journal is empty (recovery has finished everything);
- no source is published twice in a collection.
"""

from __future__ import annotations

from collections import Counter

from core.settings import Settings
from index.doctable import DocTable
from index.store import VectorStore, make_client


def consistency_problems(doctable: DocTable, store: VectorStore, collection: str) -> list[str]:
    """Everything that is inconsistent in ``collection``; an empty list means consistent."""
    problems: list[str] = []
    _, documents, chunks = doctable.read_collection(collection)
    published = {d.id for d in documents}
    vectors = store.entries(collection)
    rows = {c.id: c.doc_id for c in chunks}
    for chunk_id, doc_id in rows.items():
        if chunk_id not in vectors:
            problems.append(f"chunk {chunk_id} of document {doc_id} has no vector")
        elif vectors[chunk_id] != doc_id:
            problems.append(f"vector {chunk_id} names document {vectors[chunk_id]}, the table says {doc_id}")
    for chunk_id, doc_id in vectors.items():
        if chunk_id not in rows:
            state = "published" if doc_id in published else "unpublished"
            problems.append(f"orphan vector {chunk_id} of {state} document {doc_id}")
    per_document = Counter(rows.values())
    for document in documents:
        if per_document[document.id] != document.chunk_count:
            problems.append(f"document {document.id} has {per_document[document.id]} chunk rows, "
                            f"expected {document.chunk_count}")
    pending = [entry for entry in doctable.journal() if entry.collection == collection]
    if pending:
        problems.append(f"{len(pending)} journal entries not recovered: {pending[:5]}")
    for source, count in Counter(d.source for d in documents).items():
        if count > 1:
            problems.append(f"source {source!r} is published {count} times")
    return problems


def configured_store_problems(settings: Settings) -> list[str]:
    """``consistency_problems`` over every collection of the configured store (and the default
    collection when the table holds none, where orphan vectors may still lie), each with its collection."""
    doctable = DocTable.from_settings(settings)
    store = VectorStore(make_client(settings))
    problems: list[str] = []
    for collection in doctable.collections() or [settings.collection]:
        problems += [f"{collection}: {p}" for p in consistency_problems(doctable, store, collection)]
    return problems
