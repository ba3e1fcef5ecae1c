"""/ask latency and /ask/stream time to first token, on a real ``crosscheck serve`` process.

The server indexes the demo corpus at start-up (``--demo``) and answers with the
default settings (whatever ``CROSSCHECK_*`` says, by default the extractive
composer). Each dev question is asked once through ``POST /ask`` and once through
``POST /ask/stream``, the two taking turns at going first (the second call finds
the question's sentence vectors cached); time to first token is measured from
sending the request to the first ``token`` event arriving.

    python -m benchmarks.answer --questions 20
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.common import DEMO_CORPUS, Latency, crosscheck_server, load_dev_set

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerFigures:
    questions: int
    ask: Latency
    ttft: Latency
    stream_total: Latency
    answerable_share: float
    llm_backend: str


def time_ask(client: httpx.Client, question: str) -> tuple[float, bool]:
    started = time.perf_counter()
    response = client.post("/ask", json={"question": question})
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000, bool(response.json()["answerable"])


def time_stream(client: httpx.Client, question: str) -> tuple[float, float]:
    """(ms to the first token event, ms to the end of the stream)."""
    started = time.perf_counter()
    first: float | None = None
    with client.stream("POST", "/ask/stream", json={"question": question}) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if first is None and line.strip() == "event: token":
                first = (time.perf_counter() - started) * 1000
    total = (time.perf_counter() - started) * 1000
    return (first if first is not None else total), total


def measure_answers(base_url: str, questions: Sequence[str]) -> AnswerFigures:
    with httpx.Client(base_url=base_url, timeout=300) as client:
        backend = str(client.get("/ready").json().get("llm_backend", "unknown"))
        time_ask(client, "warm-up: what do the documents cover?")
        asks, answerable, firsts, totals = [], 0, [], []
        for number, question in enumerate(questions):
            # The second call on a question finds its sentence vectors cached: take turns
            # at going first, so that neither endpoint always gets the warm cache.
            if number % 2:
                first, total = time_stream(client, question)
            elapsed, ok = time_ask(client, question)
            if not number % 2:
                first, total = time_stream(client, question)
            asks.append(elapsed)
            answerable += ok
            firsts.append(first)
            totals.append(total)
    return AnswerFigures(len(questions), Latency.of(asks), Latency.of(firsts), Latency.of(totals),
                         round(answerable / max(1, len(questions)), 3), backend)


def run_answer_bench(question_count: int, work_dir: Path) -> AnswerFigures:
    questions = [q.question for q in load_dev_set()][:question_count]
    with crosscheck_server(work_dir / "data", "--demo", str(DEMO_CORPUS)) as (base, _process):
        return measure_answers(base, questions)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=47)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory(prefix="crosscheck-answer-") as tmp:
        figures = run_answer_bench(args.questions, Path(tmp))
    print(f"{figures.questions} questions, backend {figures.llm_backend}, "
          f"answerable {figures.answerable_share:.0%}")
    print(f"/ask            p50 {figures.ask.p50_ms / 1000:.2f} s   p95 {figures.ask.p95_ms / 1000:.2f} s")
    print(f"/ask/stream TTFT p50 {figures.ttft.p50_ms / 1000:.2f} s   p95 {figures.ttft.p95_ms / 1000:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
