"""Load test: many concurrent clients mixing /ask, /ask/stream, uploads and deletes, bounded in time.

    python -m benchmarks.load_test                      # starts its own server on the demo corpus
    python -m benchmarks.load_test --clients 64 --seconds 60
    python -m benchmarks.load_test --url http://127.0.0.1:8000 --api-key KEY

Without ``--url`` it starts ``python -m crosscheck serve --demo corpus/demo`` on a
free port of 127.0.0.1 with a temporary data directory, waits for ``/ready``,
runs the load, stops the server and then checks the index on disk for
consistency (every chunk has its vector, no orphans, empty journal). With
``--url`` it checks consistency through the API only.

Uploaded documents are generated text (a seeded random generator filling
sentence templates, see ``make_document``), each unique, so every upload is a
real ingest. Deletes only remove documents this run uploaded.

What it prints: requests and status codes per operation, p50/p95/p99
latency of successful requests, latency of the 503s (load shedding should make
them fast), throughput, and any errors: a 5xx other than 503, a stream that
ends in an error event, or a request that failed outright. Exit status 1 when
there were errors or the index is inconsistent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api.local_server import free_port, wait_ready
from benchmarks.common import DEMO_QUESTIONS

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = [*DEMO_QUESTIONS, "Did China supply drones to Russia?", "How many ships did the Tarvik harbour handle?"]
OPERATIONS = {"ask": 0.55, "stream": 0.25, "upload": 0.12, "delete": 0.08}
# What the clients send: --mix all (the default) is every operation at the weights above.
MIXES: dict[str, dict[str, float]] = {
    "all": OPERATIONS,
    "ask": {"ask": 1.0},
    "ask+stream": {"ask": 0.7, "stream": 0.3},
}
PLACES = ["Tarvik", "Oskarby", "Brannock", "Quillon", "Varnholm", "Halvard", "Sundby", "Marlow"]
THINGS = ["ships", "crates of apples", "visitors", "tonnes of grain", "letters", "bicycles"]


def make_document(rng: random.Random, serial: int) -> dict[str, str]:
    """A unique small document of generated sentences (seeded templates), so each upload really ingests."""
    sentences = [
        f"The {rng.choice(['harbour', 'depot', 'market', 'library'])} in {rng.choice(PLACES)} handled "
        f"{rng.randint(10, 99999)} {rng.choice(THINGS)} in {rng.randint(1990, 2024)}."
        for _ in range(rng.randint(3, 8))
    ]
    return {"source": f"load-{serial:05d}.txt", "text": f"Load test record {serial}\n\n" + " ".join(sentences)}


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    shed: list[float] = field(default_factory=list)
    statuses: dict[str, Counter[int | str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[str] = field(default_factory=list)
    uploaded: set[str] = field(default_factory=set)
    claimed: set[str] = field(default_factory=set)  # picked for deletion (so two clients never race)
    deleted: set[str] = field(default_factory=set)  # deletion confirmed with 200

    def record(self, op: str, status: int | str, seconds: float) -> None:
        self.statuses[op][status] += 1
        if status in (200, 201):
            self.latencies[op].append(seconds)
        elif status == 503:
            self.shed.append(seconds)
        if isinstance(status, str) or (status >= 500 and status != 503):
            self.errors.append(f"{op}: {status}")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


async def one_request(client: httpx.AsyncClient, op: str, rng: random.Random, stats: Stats,
                      serial: list[int]) -> None:
    started = time.perf_counter()
    try:
        if op == "ask":
            response = await client.post("/ask", json={"question": rng.choice(QUESTIONS)})
            status: int | str = response.status_code
            if status == 200 and "answer" not in response.json():
                status = "bad-body"
        elif op == "stream":
            async with client.stream("POST", "/ask/stream", json={"question": rng.choice(QUESTIONS)}) as response:
                body = (await response.aread()).decode()
                status = response.status_code
                if status == 200 and ("event: error" in body or "event: done" not in body):
                    status = "stream-error"
        elif op == "upload":
            serial[0] += 1
            response = await client.post("/documents", json=make_document(rng, serial[0]))
            status = response.status_code
            if status in (200, 201):
                stats.uploaded.add(response.json()["id"])
        else:
            candidates = sorted(stats.uploaded - stats.claimed)
            if not candidates:
                return
            doc_id = rng.choice(candidates)
            stats.claimed.add(doc_id)
            response = await client.delete(f"/documents/{doc_id}")
            status = response.status_code
            if status == 200:
                stats.deleted.add(doc_id)
    except httpx.HTTPError as exc:
        status = f"transport-error:{type(exc).__name__}"
    stats.record(op, status, time.perf_counter() - started)


async def client_loop(client: httpx.AsyncClient, deadline: float, seed: int, stats: Stats,
                      serial: list[int], mix: dict[str, float]) -> None:
    rng = random.Random(seed)
    ops, weights = zip(*mix.items(), strict=True)
    while time.monotonic() < deadline:
        op = rng.choices(ops, weights)[0]
        await one_request(client, op, rng, stats, serial)
        await asyncio.sleep(rng.uniform(0, 0.05))  # a little think time, so clients interleave


async def run_load(url: str, clients: int, seconds: float, api_key: str | None = None,
                   timeout_s: float = 120.0, mix: dict[str, float] | None = None) -> Stats:
    stats = Stats()
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    # Idle connections expire before uvicorn's 5 s keep-alive does: reusing one the server is closing
    # fails on the client side, and that is not the service's error.
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=timeout_s, limits=limits) as client:
        deadline = time.monotonic() + seconds
        serial = [0]
        await asyncio.gather(*(client_loop(client, deadline, seed, stats, serial, mix or OPERATIONS)
                               for seed in range(clients)))
    return stats


def check_through_api(url: str, stats: Stats, api_key: str | None = None) -> list[str]:
    """Documents that should exist do, deleted ones are gone, and the service is still ready."""
    problems: list[str] = []
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        if client.get("/ready").status_code != 200:
            problems.append("the service is not ready after the load")
        listed = {d["id"] for d in client.get("/documents").json()["documents"]}
        deleted_ok = {d for d in stats.deleted if client.get(f"/documents/{d}").status_code == 404}
        for doc_id in stats.uploaded - stats.claimed:  # a delete that timed out may still have happened
            if doc_id not in listed:
                problems.append(f"uploaded document {doc_id} is missing")
        for doc_id in stats.deleted - deleted_ok:
            problems.append(f"deleted document {doc_id} is still there")
        answer = client.post("/ask", json={"question": QUESTIONS[0]})
        if answer.status_code != 200:
            problems.append(f"/ask after the load answered {answer.status_code}")
    return problems


def check_on_disk(data_dir: Path) -> list[str]:
    from core.settings import Settings
    from index.consistency import configured_store_problems

    return configured_store_problems(Settings(data_dir=data_dir))


class DemoServer:
    """``crosscheck serve --demo`` as a subprocess on 127.0.0.1, with its own data directory."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None, log_path: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.env = {**os.environ, **(env or {})}
        self.log_path = log_path or data_dir.parent / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> DemoServer:
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crosscheck", "serve", "--demo", str(REPO / "corpus" / "demo"),
             "--data-dir", str(self.data_dir), "--port", str(self.port)],
            cwd=REPO, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        key = self.env.get("CROSSCHECK_READ_API_KEYS")
        headers = {"Authorization": f"Bearer {json.loads(key)[0]}"} if key else {}
        try:
            wait_ready(self.url, self.process, self.log_path, 180, headers)
        except RuntimeError:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # uvicorn shuts down gracefully on SIGINT
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self.log.close()


def report(stats: Stats, seconds: float, clients: int, mix: str = "all") -> dict[str, Any]:
    total = sum(sum(c.values()) for c in stats.statuses.values())
    answers = len(stats.latencies.get("ask", [])) + len(stats.latencies.get("stream", []))
    figures: dict[str, Any] = {"mix": mix, "clients": clients, "seconds": seconds, "requests": total,
                               "throughput_rps": round(total / seconds, 2),
                               "answers_per_s": round(answers / seconds, 2),
                               "shed_share": round(len(stats.shed) / total, 3) if total else 0.0,
                               "operations": {}}
    all_ok = [v for values in stats.latencies.values() for v in values]
    for op in MIXES[mix]:
        values = stats.latencies.get(op, [])
        figures["operations"][op] = {
            "statuses": {str(k): v for k, v in sorted(stats.statuses[op].items(), key=str)},
            "ok": len(values),
            "p50_ms": round(percentile(values, 50) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
        }
    figures["all_ok"] = {"count": len(all_ok), "p50_ms": round(percentile(all_ok, 50) * 1000, 1),
                         "p95_ms": round(percentile(all_ok, 95) * 1000, 1)}
    figures["shed_503"] = {"count": len(stats.shed), "p50_ms": round(percentile(stats.shed, 50) * 1000, 1),
                           "p95_ms": round(percentile(stats.shed, 95) * 1000, 1)}
    figures["errors"] = stats.errors[:20]
    figures["error_count"] = len(stats.errors)
    return figures


def print_report(figures: dict[str, Any]) -> None:
    print(f"\n{figures['clients']} clients for {figures['seconds']:.0f} s (mix {figures['mix']}): "
          f"{figures['requests']} requests, {figures['throughput_rps']} req/s, {figures['answers_per_s']} "
          f"answers/s, {figures['shed_share']:.0%} shed")
    print(f"{'operation':<10}{'ok':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}  statuses")
    for op, row in figures["operations"].items():
        print(f"{op:<10}{row['ok']:>6}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['p99_ms']:>10}  {row['statuses']}")
    ok, shed = figures["all_ok"], figures["shed_503"]
    print(f"{'all ok':<10}{ok['count']:>6}{ok['p50_ms']:>10}{ok['p95_ms']:>10}")
    print(f"{'503 shed':<10}{shed['count']:>6}{shed['p50_ms']:>10}{shed['p95_ms']:>10}")
    print(f"errors (5xx other than 503, broken streams, transport failures): {figures['error_count']}")
    for error in figures["errors"]:
        print(f"  {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running service; default: start one on the demo corpus")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--api-key", help="sent as a Bearer token (needs the admin role for uploads)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    parser.add_argument("--mix", choices=sorted(MIXES), default="all",
                        help="what clients send: ask (POST /ask only), ask+stream, or all (with uploads and "
                        "deletes; the default)")
    args = parser.parse_args(argv)

    problems: list[str] = []
    if args.url:
        stats = asyncio.run(run_load(args.url, args.clients, args.seconds, args.api_key, mix=MIXES[args.mix]))
        problems += check_through_api(args.url, stats, args.api_key)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="crosscheck-load-"))
        try:
            with DemoServer(workdir / "data") as server:
                print(f"server ready at {server.url} (log: {server.log_path})")
                stats = asyncio.run(run_load(server.url, args.clients, args.seconds, args.api_key,
                                             mix=MIXES[args.mix]))
                problems += check_through_api(server.url, stats, args.api_key)
            problems += check_on_disk(workdir / "data")
        finally:
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
    figures = report(stats, args.seconds, args.clients, args.mix)
    figures["consistency_problems"] = problems
    print_report(figures)
    print(f"consistency: {problems or 'OK'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 1 if figures["error_count"] or problems else 0


if __name__ == "__main__":
    sys.exit(main())
