"""POST /ask/stream over real HTTP: event order, disconnects, and errors in-band.

The order and content checks run against the real demo server. Disconnects and
failures need a pipeline that is slow or broken on purpose, so those run on a
second, in-process uvicorn whose engine is a scripted stand-in.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.local_server import free_port
from benchmarks.ttft import read_sse
from core.settings import Settings
from tests.e2e.scripted import SLOW_TOKENS, ScriptedPipeline, scripted_app

QUESTION = "How many Chinese citizens did Zelenskyy say were fighting for Russia?"


def read_events(response: httpx.Response) -> Iterator[tuple[str, Any]]:
    """(event, decoded data) pairs from an SSE body, as they arrive; the benchmark's parser."""
    for name, data in read_sse(response.iter_lines()):
        yield name, json.loads(data)


# ---------------------------------------------------------------------------
# The real server
# ---------------------------------------------------------------------------


def test_tokens_stream_before_citations_and_done(http: httpx.Client) -> None:
    arrivals: list[tuple[str, Any, float]] = []
    with http.stream("POST", "/ask/stream", json={"question": QUESTION}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for name, data in read_events(response):
            arrivals.append((name, data, time.perf_counter()))
    kinds = [name for name, _, _ in arrivals]
    tokens = [i for i, kind in enumerate(kinds) if kind == "token"]
    assert len(tokens) > 5 and tokens == list(range(len(tokens))), "token events come first, many of them"
    assert kinds[len(tokens):] == ["citations", "sentences", "contradictions", "done"]
    done = arrivals[-1][1]
    streamed = "".join(data["text"] for name, data, _ in arrivals if name == "token")
    assert streamed.strip() == done["answer"].strip()
    assert done["answerable"] is True and "[1]" in done["answer"]
    assert {"first_token", "total", "retrieve"} <= set(done["timings_ms"])
    citations = arrivals[len(tokens)][1]
    assert citations and all(f"[{c['id']}]" in done["answer"] for c in citations)


def test_stream_errors_before_streaming_are_plain_json(http: httpx.Client) -> None:
    response = http.post("/ask/stream", json={"question": "   "})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "empty_question"


# ---------------------------------------------------------------------------
# A scripted pipeline on an in-process uvicorn
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ScriptedPipeline]]:
    # One slot and no queue: a slot that leaked would turn the next request into a 503.
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("scripted")), max_concurrent_answers=1,
                        max_queued_answers=0)
    app, pipeline = scripted_app(settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", pipeline
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize(
    ("path", "body"),
    [("/ask/stream", {"question": "slow one"}),
     ("/v1/chat/completions", {"model": "crosscheck", "stream": True,
                               "messages": [{"role": "user", "content": "slow one"}]})],
    ids=["ask", "chat"],
)
def test_client_disconnect_stops_generation_and_frees_the_slot(
    scripted: tuple[str, ScriptedPipeline], path: str, body: dict[str, Any]
) -> None:
    base_url, pipeline = scripted
    with httpx.Client(base_url=base_url, timeout=30) as client:
        with client.stream("POST", path, json=body) as response:
            assert response.status_code == 200
            assert any("w0 " in line for line in response.iter_lines()), "no token arrived"
        # Leaving the block closes the connection mid-answer.
        assert pipeline.closed.wait(5), "the pipeline generator was not closed after the disconnect"
        assert pipeline.produced < SLOW_TOKENS // 2, f"generation ran on: {pipeline.produced} tokens"
        with client.stream("POST", path, json=body) as response:
            assert response.status_code == 200, "the first stream's generation slot was never given back"
            assert any("w0 " in line for line in response.iter_lines()), "no token arrived"
        # This stream is left mid-answer too: the next test may start only once its slot is free again.
        assert pipeline.closed.wait(5), "the second stream's generator was not closed after the disconnect"


def test_failure_mid_stream_is_an_error_event(scripted: tuple[str, ScriptedPipeline]) -> None:
    base_url, _ = scripted
    with httpx.Client(base_url=base_url, timeout=30) as client, \
            client.stream("POST", "/ask/stream", json={"question": "fail now"}) as response:
        assert response.status_code == 200
        events = list(read_events(response))
    assert [name for name, _ in events] == ["token", "token", "error"]
    error = events[-1][1]
    assert error["code"] == "internal_error" and "secret" not in error["message"]


def test_failure_mid_chat_stream_reaches_the_openai_client(scripted: tuple[str, ScriptedPipeline]) -> None:
    import openai

    base_url, _ = scripted
    with openai.OpenAI(base_url=f"{base_url}/v1", api_key="x", max_retries=0) as client:
        stream = client.chat.completions.create(model="crosscheck", stream=True,
                                                messages=[{"role": "user", "content": "fail please"}])
        with pytest.raises(openai.APIError) as caught:
            list(stream)
    assert "answering failed" in caught.value.message
