"""``crosscheck bench``: Crosscheck beside a plain LangChain setup, in one run, on this machine.

Measures, in order:
  answer     /ask p50/p95 and /ask/stream time to first token (real server, demo corpus)
  ingest     end-to-end chunks/s vs raw SentenceTransformer.encode on the same texts
  retrieval  p50/p95 and recall@8 of Crosscheck and the LangChain EnsembleRetriever
             at each size (demo corpus alone, then generated filler up to 100k chunks)
  memory     RSS of a real server holding the largest index and the models
  onnx       whether sentence-transformers' ONNX backend works offline, and its speed

    crosscheck bench                      full run (1k, 10k, 100k chunks; about an hour on 2 cores)
    crosscheck bench --quick              a few minutes (1k and 10k chunks, fewer queries)
    crosscheck bench --json               one JSON object on stdout (progress goes to stderr)
    crosscheck bench --sizes 1000 30000   other sizes
    crosscheck bench --only retrieval     one part (answer, ingest, retrieval, memory, onnx)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import DEFAULT_CACHE, load_average, machine
from benchmarks.retrieval import SizePoint, size_label
from core.settings import Settings
from index.embed import Embedder

log = logging.getLogger("benchmarks")

PARTS = ("answer", "ingest", "retrieval", "memory", "onnx")


@dataclass(frozen=True)
class Plan:
    sizes: tuple[int, ...]
    queries: int
    pool: int
    ingest_docs: int | None
    ingest_slices: int
    questions: int
    map_docs: int  # documents for the ingest figure with the contradiction map on (0: skip)


# The full run maps 64 pages in 4 slices of 16: like the map-off figure, ingest then reads files in its
# loader process while the map and the embedder work, as it does on any upload of 16 files or more.
# The quick run maps 8 pages in one slice, read in-process: a smaller, lower figure.
FULL = Plan(sizes=(1000, 10000, 100000), queries=100, pool=8000, ingest_docs=None, ingest_slices=4,
            questions=47, map_docs=64)
QUICK = Plan(sizes=(1000, 10000), queries=0, pool=2000, ingest_docs=24, ingest_slices=1, questions=10,
             map_docs=8)

# name -> (JSON key, comparison, target); the retrieval targets use the largest size measured.
TARGETS: dict[str, tuple[str, str, float]] = {
    "retrieval p95 / baseline p95": ("retrieval_p95_ratio", "<=", 0.2),
    "non-embedding retrieval p95 (ms)": ("retrieval_nonembed_p95_ms", "<=", 20.0),
    "recall@8 - baseline recall@8": ("recall_margin", ">=", 0.0),
    "retrieval p95 / fair baseline p95": ("retrieval_p95_ratio_fair", "<=", 0.2),
    "recall@8 - fair baseline recall@8": ("recall_margin_fair", ">=", 0.0),
    "ingest ratio": ("ingest_ratio", ">=", 0.85),
    "ingest ratio with the contradiction map": ("ingest_ratio_with_map", ">=", 0.5),
    "time to first token p50 (s)": ("ttft_s", "<=", 1.0),
    "/ask p50 (s)": ("ask_p50_s", "<=", 6.0),
    "server RSS (MiB)": ("rss_mib", "<=", 1536.0),
}


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="crosscheck bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--quick", action="store_true", help="a smaller run of a few minutes")
    parser.add_argument("--sizes", type=int, nargs="+", help="index sizes in chunks (default 1000 10000 100000)")
    parser.add_argument("--queries", type=int, help="queries per size: all dev questions, then generated ones")
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these parts")
    parser.add_argument("--work-dir", type=Path, help="keep indexes here instead of a temporary folder")
    parser.add_argument("--out", type=Path, help="also write the JSON object to this file")
    return parser.parse_args(list(argv))


def run_bench_command(args: argparse.Namespace) -> int:
    """Entry point of ``crosscheck bench``; ``args.bench_args`` holds the remaining argv."""
    options = parse_args(getattr(args, "bench_args", None) or [])
    plan = QUICK if options.quick else FULL
    if options.sizes:
        plan = dataclasses.replace(plan, sizes=tuple(sorted(options.sizes)))
    if options.queries is not None:
        plan = dataclasses.replace(plan, queries=options.queries)
    parts = tuple(options.only or PARTS)
    if options.work_dir is not None:
        options.work_dir.mkdir(parents=True, exist_ok=True)
        result = run_all(plan, parts, options.work_dir, options.quick)
    else:
        with tempfile.TemporaryDirectory(prefix="crosscheck-bench-") as tmp:
            result = run_all(plan, parts, Path(tmp), options.quick)
    text = json.dumps(result, indent=2, default=_json_default)
    if options.out is not None:
        options.out.parent.mkdir(parents=True, exist_ok=True)
        options.out.write_text(text + "\n", encoding="utf-8")
    print(text if options.json else render(result))
    return 0


def _json_default(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else str(value)


def run_all(plan: Plan, parts: Sequence[str], work_dir: Path, quick: bool) -> dict[str, Any]:
    started = time.perf_counter()
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "quick": quick,
        "load_average_start": load_average(),
        "plan": dataclasses.asdict(plan),
    }
    embedder = Embedder.from_settings(Settings())
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("answer", lambda: answer_part(plan, work_dir)),
        ("ingest", lambda: ingest_part(plan, embedder)),
        ("retrieval", lambda: retrieval_part(plan, parts, work_dir, embedder)),
        ("onnx", lambda: onnx_part(embedder)),
    ]
    for name, step in steps:
        if name in parts or (name == "retrieval" and "memory" in parts):
            result.update(_guarded(name, step))
    result["load_average_end"] = load_average()
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["targets"] = check_targets(result)
    return _finite(result)


def _guarded(name: str, step: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """One part failing (a server killed from outside, a missing corpus) must not lose the others."""
    try:
        return step()
    except Exception as exc:
        log.exception("bench: part %s failed", name)
        return {f"{name}_error": f"{type(exc).__name__}: {exc}"[:500]}


def onnx_part(embedder: Embedder) -> dict[str, Any]:
    from benchmarks.onnx_probe import probe_onnx

    return {"onnx": probe_onnx(embedder)}


def answer_part(plan: Plan, work_dir: Path) -> dict[str, Any]:
    from benchmarks.answer import run_answer_bench

    log.warning("bench: /ask and /ask/stream on the demo corpus (%d questions)", plan.questions)
    figures = run_answer_bench(plan.questions, work_dir / "answer")
    return {
        "ask_p50_s": round(figures.ask.p50_ms / 1000, 3),
        "ask_p95_s": round(figures.ask.p95_ms / 1000, 3),
        "ttft_s": round(figures.ttft.p50_ms / 1000, 3),
        "ttft_p95_s": round(figures.ttft.p95_ms / 1000, 3),
        "ask_questions": figures.questions,
        "ask_llm_backend": figures.llm_backend,
        "ask_answerable_share": figures.answerable_share,
    }


def ingest_part(plan: Plan, embedder: Embedder) -> dict[str, Any]:
    from benchmarks.ingest import measure_ingest

    log.warning("bench: ingest throughput vs raw encode")
    figures = measure_ingest(embedder, plan.ingest_docs, plan.ingest_slices)
    with_map: dict[str, Any] = {"ingest_ratio_with_map": None, "ingest_ratio_with_contradiction_map": None}
    if plan.map_docs:
        log.warning("bench: ingest throughput with the contradiction map (%d documents)", plan.map_docs)
        mapped = measure_ingest(embedder, plan.map_docs, plan.ingest_slices, contradiction_map=True)
        with_map = {
            # chunks/s with the map on divided by raw encode() throughput (the name, and the older one)
            "ingest_ratio_with_map": mapped.ratio,
            "ingest_ratio_with_contradiction_map": mapped.ratio,
            "ingest_chunks_per_s_with_contradiction_map": mapped.chunks_per_s,
            "ingest_with_contradiction_map_documents": mapped.documents,
            "ingest_with_contradiction_map_chunks": mapped.chunks,
        }
    return with_map | {
        "ingest_ratio": figures.ratio,
        "ingest_chunks_per_s": figures.chunks_per_s,
        "raw_encode_chunks_per_s": figures.raw_chunks_per_s,
        "ingest_corpus": figures.corpus,
        "ingest_documents": figures.documents,
        "ingest_chunks": figures.chunks,
        "ingest_batch_size": figures.batch_size,
        "ingest_load_average": figures.load_average,
    }


def retrieval_part(plan: Plan, parts: Sequence[str], work_dir: Path, embedder: Embedder) -> dict[str, Any]:
    from benchmarks.memory import server_memory
    from benchmarks.retrieval import run_scale

    log.warning("bench: retrieval beside the LangChain baseline at sizes %s", list(plan.sizes))
    run = run_scale(work_dir / "scale", embedder, plan.sizes, plan.queries, plan.pool, DEFAULT_CACHE)
    demo, *scaled = run.points
    out: dict[str, Any] = {
        "recall_at_8": demo.recall_at_8,
        "baseline_recall_at_8": demo.baseline_recall_at_8,
        "baseline_fair_recall_at_8": demo.baseline_fair_recall_at_8,
        "recall_split": "test",
        "recall_questions": demo.recall_questions,
        "demo_chunks": demo.chunks,
        "filler_vector_misses": run.vectoriser.misses,
    }
    for size, point in zip(plan.sizes, scaled, strict=True):
        out.update(point_keys(size_label(size), point))
    largest = size_label(plan.sizes[-1])
    out.update({
        "largest_size": largest,
        "retrieval_p95_ratio": round(scaled[-1].crosscheck.p95_ms / scaled[-1].baseline.p95_ms, 3),
        "retrieval_nonembed_p95_ms": scaled[-1].crosscheck_nonembed.p95_ms,
        "recall_margin": round(demo.recall_at_8 - demo.baseline_recall_at_8, 4),
        "retrieval_p95_ratio_fair": round(scaled[-1].crosscheck.p95_ms / scaled[-1].baseline_fair.p95_ms, 3),
        "recall_margin_fair": round(demo.recall_at_8 - demo.baseline_fair_recall_at_8, 4),
    })
    if "memory" in parts:
        log.warning("bench: server RSS with the %s index", largest)
        # The scale index was built without the contradiction map; a server with the map on
        # would first map all of it (hours), so it runs with the map off, like the index.
        memory = server_memory(run.settings.data_dir, env={"CROSSCHECK_CONTRADICTION_MAP": "false"})
        out.update({f"rss_mib_{largest}": memory["rss_mib"], f"peak_rss_mib_{largest}": memory["peak_rss_mib"],
                    "rss_mib": memory["rss_mib"]})
    return out


def point_keys(label: str, point: SizePoint) -> dict[str, Any]:
    return {
        f"chunks_{label}": point.chunks,
        f"retrieval_p50_ms_{label}": point.crosscheck.p50_ms,
        f"retrieval_p95_ms_{label}": point.crosscheck.p95_ms,
        f"baseline_retrieval_p50_ms_{label}": point.baseline.p50_ms,
        f"baseline_retrieval_p95_ms_{label}": point.baseline.p95_ms,
        f"baseline_fair_retrieval_p50_ms_{label}": point.baseline_fair.p50_ms,
        f"baseline_fair_retrieval_p95_ms_{label}": point.baseline_fair.p95_ms,
        f"retrieval_nonembed_p50_ms_{label}": point.crosscheck_nonembed.p50_ms,
        f"retrieval_nonembed_p95_ms_{label}": point.crosscheck_nonembed.p95_ms,
        f"query_embed_p50_ms_{label}": point.crosscheck_embed.p50_ms,
        f"speedup_p95_{label}": point.speedup_p95,
        f"recall_at_8_{label}": point.recall_at_8,
        f"baseline_recall_at_8_{label}": point.baseline_recall_at_8,
        f"baseline_fair_recall_at_8_{label}": point.baseline_fair_recall_at_8,
        f"disk_mib_{label}": point.disk_mib,
        f"baseline_disk_mib_{label}": point.baseline_disk_mib,
        f"ingest_nonembed_s_{label}": point.ingest_nonembed_s,
        f"snapshot_build_s_{label}": point.snapshot_build_s,
        f"baseline_build_s_{label}": point.baseline_build_s,
    }


def check_targets(result: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name, (key, op, target) in TARGETS.items():
        value = result.get(key)
        if value is None:
            continue
        met = value <= target if op == "<=" else value >= target
        checked[name] = {"key": key, "value": value, "target": f"{op} {target}", "met": bool(met)}
    return checked


def _finite(value: Any) -> Any:
    """NaN is not JSON: report what could not be measured as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def render(result: dict[str, Any]) -> str:
    """The human-readable table."""
    lines = [f"Crosscheck benchmarks, {result['date']}, {result['machine']}, "
             f"load average {result['load_average_start']} -> {result.get('load_average_end')}"]
    if "ask_p50_s" in result:
        lines += ["", f"answering ({result['ask_questions']} dev questions, backend {result['ask_llm_backend']})",
                  f"  /ask p50 {result['ask_p50_s']:.2f} s   p95 {result['ask_p95_s']:.2f} s",
                  f"  /ask/stream time to first token p50 {result['ttft_s']:.2f} s   p95 {result['ttft_p95_s']:.2f} s"]
    if "ingest_ratio" in result:
        lines += ["", f"ingest ({result['ingest_corpus']}: {result['ingest_documents']} documents, "
                      f"{result['ingest_chunks']} chunks, batch {result['ingest_batch_size']})",
                  f"  end to end {result['ingest_chunks_per_s']} chunks/s, raw encode "
                  f"{result['raw_encode_chunks_per_s']} chunks/s, ratio {result['ingest_ratio']}"]
        if result.get("ingest_ratio_with_map") is not None:
            lines.append(f"  with the contradiction map: {result['ingest_chunks_per_s_with_contradiction_map']} "
                         f"chunks/s, ratio {result['ingest_ratio_with_map']} "
                         f"({result['ingest_with_contradiction_map_documents']} documents)")
    if "recall_at_8" in result:
        lines += ["", f"recall@8 on the demo corpus ({result['demo_chunks']} chunks, "
                      f"{result.get('recall_questions')} {result.get('recall_split', 'all')}-split questions): "
                      f"Crosscheck {result['recall_at_8']}, LangChain baseline {result['baseline_recall_at_8']} "
                      f"(default), {result.get('baseline_fair_recall_at_8')} (fair: BM25 lower-cased, "
                      "punctuation stripped, 40 + 40 candidates)",
                  "", f"{'chunks':>8} | {'Crosscheck p50/p95 ms':>22} | {'non-embed p95':>13} | "
                      f"{'LangChain p50/p95 ms':>21} | {'speed-up p95':>12} | {'recall@8 CC/LC':>14} | "
                      f"{'disk MiB':>8} | {'fair LC p50/p95 ms':>19} | {'fair rec':>8}"]
        for label in _labels(result):
            lines.append(
                f"{result[f'chunks_{label}']:>8} | {result[f'retrieval_p50_ms_{label}']:>9.1f} / "
                f"{result[f'retrieval_p95_ms_{label}']:<10.1f} | {result[f'retrieval_nonembed_p95_ms_{label}']:>13.1f}"
                f" | {result[f'baseline_retrieval_p50_ms_{label}']:>9.1f} / "
                f"{result[f'baseline_retrieval_p95_ms_{label}']:<9.1f} | {result[f'speedup_p95_{label}']:>11.1f}x"
                f" | {result[f'recall_at_8_{label}']:>6.3f}/{result[f'baseline_recall_at_8_{label}']:<6.3f}"
                f" | {result[f'disk_mib_{label}']:>8.1f}"
                f" | {result.get(f'baseline_fair_retrieval_p50_ms_{label}', float('nan')):>8.1f} / "
                f"{result.get(f'baseline_fair_retrieval_p95_ms_{label}', float('nan')):<8.1f}"
                f" | {result.get(f'baseline_fair_recall_at_8_{label}', float('nan')):>8.3f}")
    if "rss_mib" in result:
        largest = result["largest_size"]
        lines += ["", f"server RSS with the {largest} index: {result['rss_mib']:.0f} MiB "
                      f"(peak {result['peak_rss_mib_' + largest]:.0f} MiB)"]
    if "onnx" in result:
        lines += ["", f"ONNX backend: {result['onnx'].get('summary')}"]
    for key, value in result.items():
        if key.endswith("_error"):
            lines += ["", f"FAILED {key[:-6]}: {value}"]
    lines += ["", "targets:"]
    for name, check in result["targets"].items():
        lines.append(f"  {'ok  ' if check['met'] else 'MISS'} {name}: {check['value']} (target {check['target']})")
    return "\n".join(lines)


def _labels(result: dict[str, Any]) -> list[str]:
    return [size_label(size) for size in result["plan"]["sizes"] if f"chunks_{size_label(size)}" in result]


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    return run_bench_command(argparse.Namespace(bench_args=list(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    raise SystemExit(main())
