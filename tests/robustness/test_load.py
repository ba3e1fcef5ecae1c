"""64 concurrent clients against a real uvicorn on 127.0.0.1: answers or fast 503s, never errors.

Marked slow (about two minutes with server start-up): ``make test-slow`` or ``pytest -m slow``.
The same load runs standalone, with figures, as ``python -m benchmarks.load_test``.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from benchmarks.load_test import DemoServer, check_on_disk, check_through_api, print_report, report, run_load

READ_KEY = "load-read-key-5d0c2b7a9e"
ADMIN_KEY = "load-admin-key-81f3a6c4d2"
CLIENTS = 64
SECONDS = 60


@pytest.mark.slow
def test_64_clients_get_answers_or_fast_503s(tmp_path: Path) -> None:
    env = {"CROSSCHECK_READ_API_KEYS": json.dumps([READ_KEY]), "CROSSCHECK_ADMIN_API_KEYS": json.dumps([ADMIN_KEY]),
           "CROSSCHECK_LOG_LEVEL": "INFO"}
    with DemoServer(tmp_path / "data", env=env, log_path=tmp_path / "server.log") as server:
        stats = asyncio.run(run_load(server.url, CLIENTS, SECONDS, ADMIN_KEY))
        problems = check_through_api(server.url, stats, ADMIN_KEY)
    problems += check_on_disk(tmp_path / "data")
    figures = report(stats, SECONDS, CLIENTS)
    print_report(figures)

    assert stats.errors == [], "5xx other than 503, broken streams or failed requests"
    assert problems == [], problems
    ok = figures["all_ok"]["count"]
    assert ok >= 20, f"only {ok} requests succeeded in {SECONDS} s"
    assert figures["operations"]["upload"]["ok"] > 0 and figures["operations"]["delete"]["ok"] > 0
    if stats.shed:  # refusals are quick (not instant: two shared cores serve 64 clients and the pipeline)
        assert figures["shed_503"]["p50_ms"] < 1000 and figures["shed_503"]["p95_ms"] < 5000, figures["shed_503"]
    # Successful answers wait at most about max_queue_wait_s (15 s) plus their own work.
    assert figures["operations"]["ask"]["p95_ms"] < 40_000, figures["operations"]["ask"]
    log = (tmp_path / "server.log").read_text()
    assert "POST /ask" in log  # the access log was written...
    assert READ_KEY not in log and ADMIN_KEY not in log  # ...and never shows a key
