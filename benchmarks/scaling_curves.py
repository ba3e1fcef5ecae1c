"""Scaling curves from 1k to 100k chunks, plotted to one PNG (four panels).

  ingest time          measured non-embedding ingest time of the generated filler
                       (clean, chunk, Chroma, document table), and the same plus the
                       embedding time the real model would add at the raw encode speed
                       measured in the same bench run (projected, and labelled so)
  index size on disk   Crosscheck's data directory (Chroma + SQLite document table)
                       beside the LangChain baseline's Chroma directory
  retrieval latency    p50/p95 of both systems at each size
  contradiction map    build time of the corpus-wide map, from
                       benchmarks/contradiction_map_scaling.py (its generated reports,
                       hashing embedder and signals judge: the map's own cost)

The first three come from a ``crosscheck bench`` JSON, for example:

    crosscheck bench --only ingest retrieval --sizes 1000 3000 10000 30000 100000 --out reports/bench-full.json
    python -m benchmarks.scaling_curves --bench-json reports/bench-full.json --out docs/scaling.png
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import REPO
from benchmarks.retrieval import size_label

log = logging.getLogger(__name__)

DEFAULT_MAP_SIZES = (1000, 3000, 10000)


def bench_series(result: dict[str, Any]) -> dict[str, list[float]]:
    """Per-size series from a bench JSON object (sizes it did not measure are skipped)."""
    labels = [size_label(s) for s in result["plan"]["sizes"] if f"chunks_{size_label(s)}" in result]
    raw_rate = result.get("raw_encode_chunks_per_s")
    series: dict[str, list[float]] = {
        "chunks": [result[f"chunks_{label}"] for label in labels],
        "ingest_nonembed_s": [result[f"ingest_nonembed_s_{label}"] for label in labels],
        "disk_mib": [result[f"disk_mib_{label}"] for label in labels],
        "baseline_disk_mib": [result[f"baseline_disk_mib_{label}"] for label in labels],
    }
    for system, prefix in (("crosscheck", ""), ("baseline", "baseline_")):
        for stat in ("p50", "p95"):
            series[f"{system}_{stat}_ms"] = [result[f"{prefix}retrieval_{stat}_ms_{label}"] for label in labels]
    if raw_rate:
        series["ingest_projected_s"] = [n + c / raw_rate for n, c in
                                        zip(series["ingest_nonembed_s"], series["chunks"], strict=True)]
    return series


def map_series(sizes: Sequence[int]) -> dict[str, list[float]] | None:
    """Contradiction-map build time at each size (documents), with the chunks those documents make."""
    try:
        scaling = importlib.import_module("benchmarks.contradiction_map_scaling")
    except ImportError as exc:
        log.warning("no contradiction map curve: %s", exc)
        return None
    from index.chunk import chunk_spans

    chunks, seconds, claims = [], [], []
    for size in sizes:
        documents = scaling.generate_documents(size)
        chunks.append(sum(len(chunk_spans(d.text, list(d.keep_spans), 800, 150)) for d in documents))
        result = scaling.build(size, False, False)
        seconds.append(result["seconds"])
        claims.append(result["claims"])
        log.warning("contradiction map documents=%d chunks=%d seconds=%.1f", size, chunks[-1], seconds[-1])
    return {"documents": list(sizes), "chunks": chunks, "seconds": seconds, "claims": claims}


def plot(series: dict[str, list[float]], mapped: dict[str, list[float]] | None, title: str, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(2, 2, figsize=(11, 8.5))
    chunks = series["chunks"]

    ax = axes[0][0]
    ax.plot(chunks, series["ingest_nonembed_s"], "o-", label="measured, without the model (composed vectors)")
    if "ingest_projected_s" in series:
        ax.plot(chunks, series["ingest_projected_s"], "s--", label="projected with MiniLM at the raw encode speed")
    _decorate(ax, "Ingest time", "seconds")

    ax = axes[0][1]
    ax.plot(chunks, series["disk_mib"], "o-", label="Crosscheck (Chroma + SQLite document table)")
    ax.plot(chunks, series["baseline_disk_mib"], "s--", label="LangChain baseline (Chroma with texts)")
    _decorate(ax, "Index size on disk", "MiB")

    ax = axes[1][0]
    for system, name, color in (("crosscheck", "Crosscheck", "tab:blue"),
                                ("baseline", "LangChain EnsembleRetriever", "tab:orange")):
        ax.plot(chunks, series[f"{system}_p95_ms"], "o-", color=color, label=f"{name} p95")
        ax.plot(chunks, series[f"{system}_p50_ms"], "s:", color=color, label=f"{name} p50")
    _decorate(ax, "Retrieval latency (query embedding included)", "ms")

    ax = axes[1][1]
    if mapped:
        ax.plot(mapped["chunks"], mapped["seconds"], "o-", label="build, document by document")
        _decorate(ax, "Contradiction map build time", "seconds")
    else:
        ax.text(0.5, 0.5, "not measured in this run", ha="center", va="center")
        ax.set_title("Contradiction map build time")
        ax.set_axis_off()

    figure.suptitle(title)
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110)
    plt.close(figure)


def _decorate(ax: Any, title: str, unit: str) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunks")
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench-json", type=Path, default=REPO / "reports" / "bench-full.json")
    parser.add_argument("--map-sizes", type=int, nargs="*", default=list(DEFAULT_MAP_SIZES),
                        help="documents for the contradiction map curve (none: skip it)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "scaling.png")
    parser.add_argument("--json-out", type=Path, default=REPO / "reports" / "scaling-curves.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")

    result = json.loads(args.bench_json.read_text(encoding="utf-8"))
    series = bench_series(result)
    mapped = map_series(args.map_sizes) if args.map_sizes else None
    title = f"Crosscheck scaling, {result['date']}, {result['machine']}"
    plot(series, mapped, title, args.out)
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps({"bench": series, "contradiction_map": mapped}, indent=2) + "\n")
    print(f"wrote {args.out} and {args.json_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
