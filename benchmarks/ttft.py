"""Time to first token and total time of ``POST /ask/stream`` on the demo corpus.

Starts a real ``crosscheck serve --demo`` (so the figures include HTTP, SSE and
JSON), asks the dev-set questions one at a time, and reports p50/p95 of:

* ``ttft``  -- request sent until the first ``token`` event is read by the client;
* ``total`` -- request sent until the ``done`` event is read;
* the server's own ``timings_ms.first_token`` / ``total`` from ``done``.

Usage::

    python -m benchmarks.ttft                       # extractive (the default backend)
    python -m benchmarks.ttft --backend llamacpp    # the embedded GGUF model; refuses if llama.cpp runs already
    python -m benchmarks.ttft --limit 10 --json reports/ttft.json
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import DEMO_CORPUS, Latency, crosscheck_server, load_average, load_dev_set, machine

log = logging.getLogger("benchmarks.ttft")


def read_sse(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(event name, data) pairs from the lines of an SSE body, as they arrive."""
    name, data = "message", list[str]()
    for line in lines:
        if line == "":
            if data:
                yield name, "\n".join(data)
            name, data = "message", list[str]()
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))


@dataclass(frozen=True)
class Sample:
    question: str
    run: int  # pass over the questions: the first meets cold caches (sentence vectors), later ones do not
    ttft_ms: float
    total_ms: float
    server_first_token_ms: float
    server_total_ms: float
    tokens: int
    answerable: bool


def measure(client: httpx.Client, question: str, run: int = 0) -> Sample:
    started = time.perf_counter()
    first: float | None = None
    tokens = 0
    with client.stream("POST", "/ask/stream", json={"question": question}) as response:
        response.raise_for_status()
        for name, data in read_sse(response.iter_lines()):
            if name == "token":
                first = first or time.perf_counter()
                tokens += 1
            elif name == "error":
                raise RuntimeError(f"the stream failed: {data}")
            elif name == "done":
                finished = time.perf_counter()
                done: dict[str, Any] = json.loads(data)
                timings = done["timings_ms"]
                return Sample(question, run, round(((first or finished) - started) * 1000, 2),
                              round((finished - started) * 1000, 2), timings.get("first_token", float("nan")),
                              timings.get("total", float("nan")), tokens, bool(done["answerable"]))
    raise RuntimeError("the stream ended without a done event")


def other_llama_cpp_running() -> list[int]:
    """Processes that have llama.cpp loaded: two at once on two cores collapse to ~1 token/s."""
    pids = []
    for maps in Path("/proc").glob("[0-9]*/maps"):
        pid = int(maps.parent.name)
        if pid == os.getpid():
            continue
        try:
            if "libllama" in maps.read_text(errors="ignore"):
                pids.append(pid)
        except OSError:  # the process ended, or is not ours to read
            continue
    return pids


def run(backend: str, limit: int | None, warmup: int, repeat: int) -> dict[str, Any]:
    questions = [q.question for q in load_dev_set()][:limit]
    samples: list[Sample] = []
    with tempfile.TemporaryDirectory(prefix="ttft-") as tmp, crosscheck_server(
        Path(tmp) / "data", "--demo", str(DEMO_CORPUS), env={"CROSSCHECK_LLM_BACKEND": backend}
    ) as (base_url, _process), httpx.Client(base_url=base_url, timeout=600) as client:
        for question in questions[:warmup]:
            measure(client, question)  # first-query costs (lazy loads, caches) are not what users see later
        for run in range(repeat):
            for question in questions:
                samples.append(measure(client, question, run))
                log.info("ttft_ms=%.0f total_ms=%.0f", samples[-1].ttft_ms, samples[-1].total_ms)
    return {
        "backend": backend,
        "questions": len(questions),
        "requests": len(samples),
        "machine": machine(),
        "load_average_after": load_average(),
        "ttft": asdict(Latency.of([s.ttft_ms for s in samples])),
        "total": asdict(Latency.of([s.total_ms for s in samples])),
        "server_first_token": asdict(Latency.of([s.server_first_token_ms for s in samples])),
        "server_total": asdict(Latency.of([s.server_total_ms for s in samples])),
        "per_run": [{"run": run,
                     "ttft": asdict(Latency.of([s.ttft_ms for s in samples if s.run == run])),
                     "total": asdict(Latency.of([s.total_ms for s in samples if s.run == run]))}
                    for run in range(repeat)],
        "answerable": sum(s.answerable for s in samples),
        "samples": [asdict(s) for s in samples],
    }


def _table(result: dict[str, Any]) -> str:
    rows = [f"backend={result['backend']} requests={result['requests']} machine={result['machine']} "
            f"load_after={result['load_average_after']}",
            f"{'':20}{'p50 ms':>10}{'p95 ms':>10}{'mean ms':>10}"]
    for key in ("ttft", "total", "server_first_token", "server_total"):
        stats = result[key]
        rows.append(f"{key:20}{stats['p50_ms']:>10.0f}{stats['p95_ms']:>10.0f}{stats['mean_ms']:>10.0f}")
    if len(result["per_run"]) > 1:
        for run in result["per_run"]:
            for key in ("ttft", "total"):
                stats = run[key]
                label = f"pass {run['run'] + 1} {key}"
                rows.append(f"{label:20}{stats['p50_ms']:>10.0f}{stats['p95_ms']:>10.0f}{stats['mean_ms']:>10.0f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ttft", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["extractive", "llamacpp", "openai"], default="extractive")
    parser.add_argument("--limit", type=int, default=None, help="ask only the first N dev-set questions")
    parser.add_argument("--warmup", type=int, default=2, help="questions asked first and not counted")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the questions")
    parser.add_argument("--json", type=Path, help="also write the result, with every sample, here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    if args.backend == "llamacpp" and (pids := other_llama_cpp_running()):
        log.error("llama.cpp is already running in process(es) %s; run this when they are done", pids)
        return 2
    result = run(args.backend, args.limit, args.warmup, args.repeat)
    print(_table(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
