"""Bounded generations with a bounded queue: when saturated, callers get a fast 503 with Retry-After."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient

from rag.schemas import AskRequest

SLOW_S = 2.0
DOC = {"source": "memo.txt", "text": "The Lindqvist foundry cast 64 bells for the cathedral in 1897."}
ASK = {"question": "How many bells did the Lindqvist foundry cast?"}


class SlowPipeline:
    """The engine's real pipeline, made slow: each answer takes SLOW_S seconds longer."""

    def __init__(self, pipeline: Any) -> None:
        self._pipeline = pipeline
        self.running = 0
        self.peak = 0
        self._lock = threading.Lock()

    def _enter(self) -> None:
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)

    def _leave(self) -> None:
        with self._lock:
            self.running -= 1

    def run(self, request: AskRequest) -> Any:
        self._enter()
        try:
            time.sleep(SLOW_S)
            return self._pipeline.run(request)
        finally:
            self._leave()

    def events(self, request: AskRequest) -> Any:
        self._enter()
        try:
            time.sleep(SLOW_S)
            yield from self._pipeline.events(request)
        finally:
            self._leave()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pipeline, name)


def timed(client: TestClient, path: str) -> tuple[int, float, dict[str, str]]:
    started = time.perf_counter()
    response = client.post(path, json=ASK)
    return response.status_code, time.perf_counter() - started, dict(response.headers)


def burst(client: TestClient, paths: list[str]) -> list[tuple[int, float, dict[str, str]]]:
    with ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(lambda p: timed(client, p), paths))


def test_saturated_service_sheds_load_fast(make_client) -> None:  # noqa: ANN001
    client, engine = make_client(max_concurrent_answers=1, max_queued_answers=0)
    assert client.post("/documents", json=DOC).status_code == 201
    slow = SlowPipeline(engine.pipeline)
    engine.pipeline = slow

    results = burst(client, ["/ask"] * 5 + ["/ask/stream"] * 3)
    ok = [r for r in results if r[0] == 200]
    shed = [r for r in results if r[0] == 503]
    assert len(ok) + len(shed) == len(results), [r[0] for r in results]
    assert len(ok) >= 1 and len(shed) >= 5, [r[0] for r in results]
    assert slow.peak == 1  # never more than one generation at a time
    for _, seconds, headers in shed:
        assert seconds < SLOW_S / 2, f"a 503 took {seconds:.2f}s: shed load must be refused at once"
        assert int(headers["retry-after"]) >= 1
    for _, seconds, _ in ok:
        assert seconds >= SLOW_S
    # Once the burst is over, the service answers again.
    engine.pipeline = slow._pipeline
    assert client.post("/ask", json=ASK).status_code == 200


def test_queue_admits_exactly_its_capacity(make_client) -> None:  # noqa: ANN001
    client, engine = make_client(max_concurrent_answers=1, max_queued_answers=2)
    assert client.post("/documents", json=DOC).status_code == 201
    slow = SlowPipeline(engine.pipeline)
    engine.pipeline = slow
    results = burst(client, ["/ask"] * 6)
    statuses = sorted(r[0] for r in results)
    assert statuses == [200, 200, 200, 503, 503, 503], statuses
    assert slow.peak == 1
    assert all(r[1] < SLOW_S / 2 for r in results if r[0] == 503)
    body = client.post("/ask", json=ASK)
    assert body.status_code == 200


def test_clients_that_hang_up_do_not_leak_generation_slots(tmp_path, embedder) -> None:  # noqa: ANN001
    """A stream request whose client disconnects at once must give its slot back."""
    import socket

    import httpx

    from api.app import create_app
    from tests.robustness.conftest import LiveServer, engine_with

    engine = engine_with(tmp_path / "index", embedder, max_concurrent_answers=1, max_queued_answers=0)
    app = create_app(engine.settings, engine_factory=lambda _s: engine, background_start=False)
    with LiveServer(app) as server:
        assert httpx.post(f"{server.url}/documents", json=DOC).status_code == 201
        slow = SlowPipeline(engine.pipeline)
        engine.pipeline = slow
        body = b'{"question": "How many bells did the Lindqvist foundry cast?"}'
        for path in ("/ask/stream", "/ask", "/ask/stream"):
            with socket.create_connection(("127.0.0.1", server.port)) as sock:
                sock.sendall(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Content-Type: application/json\r\nContent-Length: " + str(len(body)).encode()
                             + b"\r\n\r\n" + body)
                time.sleep(0.1)  # the server has the request; hang up without reading the answer
            deadline = time.monotonic() + SLOW_S * 4
            while slow.running and time.monotonic() < deadline:
                time.sleep(0.05)
        time.sleep(0.5)
        engine.pipeline = slow._pipeline
        statuses = [httpx.post(f"{server.url}/ask", json=ASK, timeout=60).status_code for _ in range(3)]
        assert statuses == [200, 200, 200], "a hung-up client kept its generation slot"


def test_expected_wait_beyond_the_limit_is_refused_at_once(make_client) -> None:  # noqa: ANN001
    """A long queue is refused by its expected wait, not only by its length."""
    client, engine = make_client(max_concurrent_answers=1, max_queued_answers=10, max_queue_wait_s=1.0)
    assert client.post("/documents", json=DOC).status_code == 201
    slow = SlowPipeline(engine.pipeline)
    engine.pipeline = slow
    assert client.post("/ask", json=ASK).status_code == 200  # the gate learns a slot is held ~2 s
    results = burst(client, ["/ask"] * 4)
    statuses = sorted(r[0] for r in results)
    assert statuses.count(200) == 1 and statuses.count(503) == 3, statuses  # a 2 s wait > 1 s allowed
    assert all(r[1] < SLOW_S / 2 for r in results if r[0] == 503)


def test_upload_floods_get_fast_503s(make_client) -> None:  # noqa: ANN001
    client, engine = make_client(max_queued_ingests=0)
    ingest = engine.ingestor.ingest

    def slow_ingest(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SLOW_S)
        return ingest(*args, **kwargs)

    engine.ingestor.ingest = slow_ingest  # type: ignore[method-assign]
    docs = [{"source": f"memo{i}.txt", "text": f"Memo {i}: the foundry cast {i + 10} bells in 1897."} for i in range(4)]

    def upload(doc: dict[str, str]) -> tuple[int, float, dict[str, str]]:
        started = time.perf_counter()
        response = client.post("/documents", json=doc)
        return response.status_code, time.perf_counter() - started, dict(response.headers)

    with ThreadPoolExecutor(len(docs)) as pool:
        results = list(pool.map(upload, docs))
    statuses = sorted(r[0] for r in results)
    assert statuses == [201, 503, 503, 503], statuses
    for status, seconds, headers in results:
        if status == 503:
            assert seconds < SLOW_S / 2 and int(headers["retry-after"]) >= 1
    assert engine.doctable.counts("default")[0] == 1
