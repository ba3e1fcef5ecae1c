"""The HTTP target against a scripted server (httpx MockTransport): retries, streaming, missing routes."""

from __future__ import annotations

import json

import httpx
import pytest

from eval import targets
from eval.targets import HttpTarget

RESPONSE = {
    "answer": "Ann did it. [1]",
    "answerable": True,
    "sentences": [],
    "contradictions": [],
    "citations": [
        {
            "id": 1,
            "doc_id": "d1",
            "source": "a.txt",
            "title": None,
            "chunk_id": "c1",
            "quote": "Ann did it",
            "start": 4,
            "end": 14,
            "score": 0.5,
        }
    ],
    "timings_ms": {"total": 5.0},
}
STREAM = "".join(
    f"event: {kind}\ndata: {json.dumps(data)}\n\n"
    for kind, data in [
        ("token", {"text": "Ann "}),
        ("token", {"text": "did it. [1]"}),
        ("citations", RESPONSE["citations"]),
        ("sentences", []),
        ("contradictions", []),
        ("done", {"answer": "Ann did it. [1]", "answerable": True, "timings_ms": {"total": 5.0}}),
    ]
)


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(targets, "FIRST_BACKOFF_S", 0.0)


def server() -> tuple[httpx.MockTransport, list[str]]:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if request.url.path == "/ready":
            return httpx.Response(200, json={"ready": True})
        if request.url.path == "/ask":
            busy = sum(1 for s in seen if s == "POST /ask") == 1  # the first ask finds the server busy
            return httpx.Response(503, headers={"Retry-After": "0"}) if busy else httpx.Response(200, json=RESPONSE)
        if request.url.path == "/ask/stream":
            return httpx.Response(200, text=STREAM, headers={"content-type": "text/event-stream"})
        if request.url.path == "/documents/d1/text":
            return httpx.Response(200, json={"id": "d1", "source": "a.txt", "title": None, "text": "So: Ann did it."})
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "no route"}})

    return httpx.MockTransport(handle), seen


def test_ask_retries_a_busy_server_and_reads_the_contract() -> None:
    transport, seen = server()
    target = HttpTarget("http://127.0.0.1:9", transport=transport)
    target.wait_ready(1)
    answer = target.ask("q1", "Who did it?")
    assert answer.response is not None and answer.response.citations[0].quote == "Ann did it"
    assert seen.count("POST /ask") == 2 and answer.latency_ms is not None and answer.ttft_ms is None
    assert target.texts().text_for("d1", "a.txt") == "So: Ann did it."


def test_stream_assembles_the_response_and_measures_first_token() -> None:
    transport, _ = server()
    answer = HttpTarget("http://127.0.0.1:9", stream=True, transport=transport).ask("q1", "Who did it?")
    assert answer.response is not None and answer.response.answer == "Ann did it. [1]"
    assert answer.response.citations[0].id == 1 and answer.ttft_ms is not None


def test_missing_contradictions_route_is_reported_not_raised() -> None:
    transport, _ = server()
    result = HttpTarget("http://127.0.0.1:9", transport=transport).contradictions()
    assert result.items is None and "404" in result.note


def test_a_named_collection_goes_with_every_request() -> None:
    """A corpus uploaded into its own collection is asked, mapped and quoted from that collection."""
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(f"{request.url.path}?{request.url.query.decode()}")
        if request.url.path == "/ask":
            return httpx.Response(200, json=RESPONSE)
        if request.url.path == "/contradictions":
            return httpx.Response(200, json={"disputes": []})
        return httpx.Response(200, json={"id": "d1", "source": "a.txt", "title": None, "text": "So: Ann did it."})

    target = HttpTarget("http://127.0.0.1:9", transport=httpx.MockTransport(handle), collection="kramatorsk")
    target.ask("q1", "Who did it?")
    target.contradictions()
    target.texts().text_for("d1", "a.txt")
    assert asked == ["/ask?collection=kramatorsk", "/contradictions?collection=kramatorsk",
                     "/documents/d1/text?collection=kramatorsk"]
    assert target.system()["collection"] == "kramatorsk"
