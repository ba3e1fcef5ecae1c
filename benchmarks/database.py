"""The relational store on its own: SQLite files against PostgreSQL, same operations, same data.

What an API worker and an ingest ask of the document table, without embedding or Chroma:
- ``publish_docs_per_s``: documents published in batches of 16 (one transaction each, as batched
  ingest does), 2,000-character texts of 3 chunks;
- ``generation_read``: the one read every query makes (has the collection changed?), p50/p95 in µs;
- ``snapshot_read_s``: ``read_collection`` of the whole collection (a worker's rebuild);
- ``get_document``: one document by id (``GET /documents/{id}/text``), p50/p95 in µs.

    python -m benchmarks.database --documents 2000 [--database-url postgresql://…]

Without ``--database-url`` only SQLite is measured. The figures in docs/benchmarks.md come from
a local server on the same 2 cores, reached over TCP on 127.0.0.1, started as the test suite starts
it (``fsync`` and ``synchronous_commit`` off): a durable server pays a disk flush per commit, and a
network hop between hosts adds its round trip to every read.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.common import Latency, load_average, machine
from core.documents import Chunk, DocumentMetadata, Span, StoredDocument
from index.database import Database, PostgresDatabase, SQLiteDatabase
from index.doctable import DocTable

_BATCH = 16
_TEXT = ("The ferry left the harbour at dawn with its passengers and cargo on board. " * 27)[:2000]


def _document(collection: str, n: int) -> tuple[StoredDocument, list[Chunk]]:
    doc_id = f"d{n:07d}"
    spans = [(0, 700), (700, 1400), (1400, 2000)]
    chunks = [Chunk(f"{doc_id}:{i}", doc_id, f"doc-{n}.txt", s, e, _TEXT[s:e], i) for i, (s, e) in enumerate(spans)]
    stored = StoredDocument(doc_id, collection, f"doc-{n}.txt", f"hash{n}", _TEXT, DocumentMetadata(title=f"Doc {n}"),
                            "text/plain", time.time(), len(chunks), (Span(0, len(_TEXT)),))
    return stored, chunks


def measure(database: Database, documents: int, reads: int = 500) -> dict[str, Any]:
    table = DocTable(database)
    collection = f"bench{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    for first in range(0, documents, _BATCH):
        table.publish_many([_document(collection, n) for n in range(first, min(first + _BATCH, documents))])
    publish_s = time.perf_counter() - started

    def timed(call: Any) -> list[float]:
        samples = []
        for i in range(reads):
            began = time.perf_counter()
            call(i)
            samples.append((time.perf_counter() - began) * 1_000_000)   # microseconds: these reads are fast
        return samples

    generation = Latency.of(timed(lambda _i: table.generation(collection)))
    get = Latency.of(timed(lambda i: table.get(collection, f"d{(i * 7919) % documents:07d}")))
    began = time.perf_counter()
    _, docs, chunks = table.read_collection(collection)
    snapshot_s = time.perf_counter() - began
    assert len(docs) == documents and len(chunks) == 3 * documents
    return {
        "documents": documents,
        "publish_docs_per_s": round(documents / publish_s, 1),
        "generation_read_p50_us": generation.p50_ms, "generation_read_p95_us": generation.p95_ms,
        "get_document_p50_us": get.p50_ms, "get_document_p95_us": get.p95_ms,
        "snapshot_read_s": round(snapshot_s, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.database", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--database-url", help="a PostgreSQL database to measure beside SQLite (it is written to)")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"machine": machine(), "load_average": load_average()}
    with tempfile.TemporaryDirectory() as folder:
        sqlite = SQLiteDatabase(Path(folder) / "documents.sqlite3")
        figures["sqlite"] = measure(sqlite, args.documents)
        sqlite.close()
    if args.database_url:
        postgres = PostgresDatabase(args.database_url)
        figures["postgresql"] = measure(postgres, args.documents)
        postgres.close()
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
