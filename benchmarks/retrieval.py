"""Retrieval latency and recall@8: Crosscheck beside the LangChain baseline, at growing sizes.

One index of each kind grows step by step (demo corpus -> 1k -> 10k -> 100k chunks);
at each size both systems answer the same queries, interleaved query by query so
that load from other processes hits both alike.

    python -m benchmarks.retrieval --sizes 1000 10000 --queries 40
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import cast

from benchmarks.baseline import LangChainBaseline
from benchmarks.common import DEFAULT_CACHE, DEMO_CORPUS, DEV_SET, DevQuestion, Latency, dir_size_mib, load_dev_set
from benchmarks.synthetic import ComposedVectoriser, FillerGenerator, sentence_pool
from core.settings import Settings
from index.embed import Embedder
from index.ingest import Ingestor
from rag.engine import Engine

log = logging.getLogger(__name__)

TOP_K = 8
_SPACE = re.compile(r"\s+")


def size_label(chunks: int) -> str:
    """1000 -> '1k', 100000 -> '100k' (the suffix of the JSON keys)."""
    return f"{chunks // 1000}k" if chunks >= 1000 and chunks % 1000 == 0 else str(chunks)


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def gold_recall(retrieved: Sequence[tuple[str, str]], gold: Sequence[tuple[str, str]]) -> float:
    """Share of gold quotes found verbatim (whitespace-normalised) in a retrieved chunk of their source."""
    if not gold:
        return float("nan")
    texts = [(source, _normal(text)) for source, text in retrieved]
    covered = sum(any(s == source and _normal(quote) in t for s, t in texts) for source, quote in gold)
    return covered / len(gold)


@dataclass
class SizePoint:
    """Everything measured at one index size."""

    chunks: int
    queries: int
    crosscheck: Latency
    crosscheck_nonembed: Latency
    crosscheck_embed: Latency
    baseline: Latency
    baseline_fair: Latency  # BM25 lower-cased, punctuation stripped, 40 + 40 candidates (benchmarks/baseline.py)
    recall_at_8: float  # on the test split of the demo questions only
    baseline_recall_at_8: float
    baseline_fair_recall_at_8: float
    recall_questions: int
    ingest_nonembed_s: float  # cumulative filler ingest time, the model replaced by composed vectors
    disk_mib: float
    baseline_disk_mib: float
    snapshot_build_s: float  # corpus snapshot (chunks + BM25) rebuild after the index changed
    baseline_build_s: float  # BM25Retriever + EnsembleRetriever construction

    @property
    def speedup_p95(self) -> float:
        return round(self.baseline.p95_ms / self.crosscheck.p95_ms, 2)


@dataclass
class ScaleRun:
    """Grows a Crosscheck index and a LangChain baseline over the same chunks and vectors."""

    work_dir: Path
    embedder: Embedder
    pool_size: int
    cache_dir: Path
    points: list[SizePoint] = field(default_factory=list)

    def __post_init__(self) -> None:
        # No contradiction map: it has its own scaling benchmark, and mapping 100k generated
        # chunks would take hours (see docs/benchmarks.md).
        self.settings = Settings(data_dir=self.work_dir / "crosscheck", contradiction_map=False)
        self.engine = Engine.from_settings(self.settings, embedder=self.embedder)
        self.collection = self.settings.collection
        self.baseline = LangChainBaseline(self.embedder, self.work_dir / "baseline", k=TOP_K)
        pool = sentence_pool(self.cache_dir)
        self.generator = FillerGenerator(pool[: self.pool_size])
        self.vectoriser = ComposedVectoriser(self.embedder, pool, self.cache_dir, self.pool_size)
        # Filler goes through the real Ingestor (clean, chunk, Chroma, document table);
        # only the model is replaced.
        self.filler = Ingestor(self.settings, self.engine.doctable, self.engine.store,
                               cast(Embedder, self.vectoriser))
        self.ingest_seconds = 0.0
        self._next_doc = 0
        self._in_baseline: set[str] = set()

    # -- building ----------------------------------------------------------------
    def add_demo_corpus(self) -> None:
        """The real articles, embedded by the real model: what the dev set asks about."""
        self.engine.ingest_folder(DEMO_CORPUS, progress=False)

    def chunk_count(self) -> int:
        return self.engine.doctable.counts(self.collection)[1]

    def grow_to(self, target: int) -> None:
        per_doc = self._chunks_per_doc()
        while (current := self.chunk_count()) < target:
            documents = max(1, math.ceil((target - current) / per_doc))
            started = time.perf_counter()
            self.filler.ingest_many(self.generator.documents(self._next_doc, documents), self.collection)
            self.ingest_seconds += time.perf_counter() - started
            self._next_doc += documents
            log.info("filler chunks=%d target=%d seconds=%.1f", self.chunk_count(), target, self.ingest_seconds)

    def _chunks_per_doc(self) -> float:
        from index.chunk import chunk_document
        from index.clean import content_regions

        sample = [self.generator.document(-1 - i) for i in range(20)]
        counts = [
            len(chunk_document("x", d.source, d.text, content_regions(d.text),
                               self.settings.chunk_size, self.settings.chunk_overlap))
            for d in sample
        ]
        return max(1.0, sum(counts) / len(counts))

    def sync_baseline(self) -> float:
        """Give the baseline every chunk Crosscheck has, with the very vectors Crosscheck stored."""
        snapshot = self.engine.corpus.get(self.collection)
        new = [c for c in snapshot.chunks if c.id not in self._in_baseline]
        if new:
            vectors = self.engine.store.vectors(self.collection, [c.id for c in new])
            self.baseline.add(new, vectors)
            self._in_baseline.update(c.id for c in new)
        started = time.perf_counter()
        self.baseline.retriever()
        self.baseline.retriever(fair=True)
        return time.perf_counter() - started

    # -- measuring ---------------------------------------------------------------
    def measure(self, queries: Sequence[str], dev: Sequence[DevQuestion]) -> SizePoint:
        started = time.perf_counter()
        self.engine.corpus.get(self.collection)
        snapshot_s = time.perf_counter() - started
        baseline_build_s = self.sync_baseline()
        retrieve = self.engine.retriever.retrieve
        for warm in queries[:3]:  # model, caches and Chroma segments warm for both
            retrieve(warm, top_k=TOP_K)
            self.baseline.search(warm)
            self.baseline.search(warm, fair=True)

        totals, nonembed, embed, base, fair = [], [], [], [], []
        retrieved: dict[str, list[tuple[str, str]]] = {}
        base_retrieved: dict[str, list[tuple[str, str]]] = {}
        fair_retrieved: dict[str, list[tuple[str, str]]] = {}
        for query in queries:
            mark = time.perf_counter()
            result = retrieve(query, top_k=TOP_K)
            totals.append((time.perf_counter() - mark) * 1000)
            nonembed.append(result.search_ms)
            embed.append(result.embed_ms)
            retrieved[query] = [(p.chunk.source, p.chunk.text) for p in result.passages]

            mark = time.perf_counter()
            documents = self.baseline.search(query)
            base.append((time.perf_counter() - mark) * 1000)
            base_retrieved[query] = [(d.metadata["source"], d.page_content) for d in documents]

            mark = time.perf_counter()
            documents = self.baseline.search(query, fair=True)
            fair.append((time.perf_counter() - mark) * 1000)
            fair_retrieved[query] = [(d.metadata["source"], d.page_content) for d in documents]

        # Recall is scored on the test split only: nothing (the per-source cap included) may be tuned on it.
        test_ids = scored_question_ids()
        answerable = [q for q in dev if q.answerable and q.gold and q.question in retrieved and q.id in test_ids]
        point = SizePoint(
            chunks=self.chunk_count(),
            queries=len(queries),
            crosscheck=Latency.of(totals),
            crosscheck_nonembed=Latency.of(nonembed),
            crosscheck_embed=Latency.of(embed),
            baseline=Latency.of(base),
            baseline_fair=Latency.of(fair),
            recall_at_8=_mean([gold_recall(retrieved[q.question], q.gold) for q in answerable]),
            baseline_recall_at_8=_mean([gold_recall(base_retrieved[q.question], q.gold) for q in answerable]),
            baseline_fair_recall_at_8=_mean([gold_recall(fair_retrieved[q.question], q.gold) for q in answerable]),
            recall_questions=len(answerable),
            ingest_nonembed_s=round(self.ingest_seconds, 2),
            disk_mib=dir_size_mib(self.settings.data_dir),
            baseline_disk_mib=dir_size_mib(self.work_dir / "baseline"),
            snapshot_build_s=round(snapshot_s, 3),
            baseline_build_s=round(baseline_build_s, 3),
        )
        self.points.append(point)
        log.info("measured %s", json.dumps(asdict(point)))
        return point


def scored_question_ids(path: Path = DEV_SET) -> set[str]:
    """Ids of the questions whose ``split`` is "test" (``eval.dataset.in_split``)."""
    from eval.dataset import in_split, load_questions

    return {q.id for q in in_split(load_questions(path), "test")}


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else float("nan")


def bench_queries(dev: Sequence[DevQuestion], generator: FillerGenerator, total: int) -> list[str]:
    """Every demo question (all are timed; recall is scored on the test split), then keyword queries
    about the filler."""
    questions = [q.question for q in dev]
    return questions + generator.queries(max(0, total - len(questions)))


def run_scale(
    work_dir: Path,
    embedder: Embedder,
    sizes: Sequence[int],
    query_count: int,
    pool_size: int,
    cache_dir: Path,
    on_point: Callable[[ScaleRun, SizePoint], None] | None = None,
) -> ScaleRun:
    """Measure on the demo corpus alone, then at each size; ``on_point`` runs after each size."""
    run = ScaleRun(work_dir, embedder, pool_size, cache_dir)
    dev = load_dev_set()
    queries = bench_queries(dev, run.generator, query_count)
    run.add_demo_corpus()
    run.measure(queries, dev)  # the real demo corpus alone: the recall@8 that counts
    for size in sizes:
        run.grow_to(size)
        point = run.measure(queries, dev)
        if on_point is not None:
            on_point(run, point)
    return run


def main(argv: Sequence[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--pool", type=int, default=4000, help="pool sentences embedded for filler vectors")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    embedder = Embedder.from_settings(Settings())
    with tempfile.TemporaryDirectory(prefix="crosscheck-retrieval-") as tmp:
        run = run_scale(Path(tmp), embedder, args.sizes, args.queries, args.pool, DEFAULT_CACHE)
    print(f"{'chunks':>8} {'crosscheck p50/p95 ms':>22} {'non-embed p95':>14} {'baseline p50/p95 ms':>20} "
          f"{'speed-up':>8} {'recall@8':>9} {'baseline':>9} {'fair p95':>9} {'fair rec':>9}")
    for p in run.points:
        print(f"{p.chunks:>8} {p.crosscheck.p50_ms:>10.1f} / {p.crosscheck.p95_ms:<9.1f} "
              f"{p.crosscheck_nonembed.p95_ms:>14.1f} {p.baseline.p50_ms:>9.1f} / {p.baseline.p95_ms:<8.1f} "
              f"{p.speedup_p95:>8.1f} {p.recall_at_8:>9.3f} {p.baseline_recall_at_8:>9.3f} "
              f"{p.baseline_fair.p95_ms:>9.1f} {p.baseline_fair_recall_at_8:>9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
