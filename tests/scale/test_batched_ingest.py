"""Batched ingest (many documents per embed call, Chroma write and transaction) keeps per-file semantics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.errors import IngestError
from index.ingest import Ingestor
from index.loaders import load_text
from rag.engine import Engine


def note(number: int) -> str:
    return (f"Field note {number}. The survey team counted {number * 3} herons near the northern dam. "
            f"Volunteers logged the count at dawn on day {number}.\n")


def test_a_batch_behaves_like_files_ingested_one_by_one(store_engine: Engine) -> None:
    collection = store_engine.settings.collection
    refused: list[str] = []
    documents = [
        load_text("a.txt", note(1)),
        load_text("b.txt", note(2)),
        load_text("copy-of-a.txt", note(1)),  # same text: stored once
        load_text("c.txt", note(3)),
        load_text("c.txt", note(4)),  # a newer version of c.txt in the same batch replaces it
        load_text("junk.txt", "Share this article\n"),  # boilerplate only: refused, the rest goes on
    ]
    generation = store_engine.doctable.generation(collection)
    results = store_engine.ingestor.ingest_many(documents, collection, lambda source, _: refused.append(source))

    assert [(r.source, r.status) for r in results] == [
        ("a.txt", "created"), ("b.txt", "created"), ("a.txt", "unchanged"),
        ("c.txt", "created"), ("c.txt", "replaced"),
    ]
    assert results[4].replaced_doc_id == results[3].doc_id
    assert refused == ["junk.txt"]
    live = {d.source: d for d in store_engine.doctable.list(collection)}
    assert set(live) == {"a.txt", "b.txt", "c.txt"} and "day 4" in live["c.txt"].text
    docs, chunks = store_engine.doctable.counts(collection)
    assert store_engine.store.count(collection) == chunks
    assert store_engine.store.doc_ids(collection) == {d.id for d in live.values()}
    assert store_engine.doctable.generation(collection) > generation


def test_many_files_load_in_a_worker_process(fresh_engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for number in range(24):
        (folder / f"note-{number:02d}.txt").write_text(note(number))
    (folder / "empty.txt").write_text("   \n")
    failures: list[tuple[Path, IngestError]] = []
    results = fresh_engine.ingestor.ingest_paths([folder], progress=False,
                                                 on_error=lambda path, error: failures.append((path, error)))
    assert len(results) == 24 and {r.status for r in results} == {"created"}
    assert [path.name for path, _ in failures] == ["empty.txt"]
    assert fresh_engine.doctable.counts("default")[0] == 24


class BrokenEmbedder:
    dimension = 384

    def embed(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError("the model crashed")


def test_a_failed_batch_leaves_nothing_behind(fresh_engine: Engine) -> None:
    engine = fresh_engine
    broken = Ingestor(engine.settings, engine.doctable, engine.store, BrokenEmbedder())  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        broken.ingest_many([load_text(f"n{i}.txt", note(i)) for i in range(5)])
    assert engine.doctable.counts("default") == (0, 0)
    assert engine.store.count("default") == 0
    assert engine.doctable.journal() == []
