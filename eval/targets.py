"""The systems the harness asks: Crosscheck in-process, or any server that speaks the /ask contract.

Both give the same three things: an answer per question (with its latency and,
when streamed, time to first token), the corpus-wide contradictions from
``GET /contradictions``, and the stored document texts for citation validity.
In-process, contradictions also come through the FastAPI app's route (via
TestClient), so the harness depends only on the HTTP contract.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from pydantic import ValidationError

from eval.responses import Answer, EvalContradiction, parse_response
from eval.sources import ApiTexts, DocTableTexts, DocumentTexts

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 502, 503, 504}
MAX_ATTEMPTS = 6
MAX_BACKOFF_S = 30.0
FIRST_BACKOFF_S = 2.0


@dataclass(frozen=True)
class CorpusContradictions:
    items: list[EvalContradiction] | None  # None: not available, see ``note``
    note: str


class Target(Protocol):
    description: str
    streaming: bool

    def ask(self, qid: str, question: str) -> Answer: ...

    def contradictions(self) -> CorpusContradictions: ...

    def texts(self) -> DocumentTexts: ...

    def system(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


def parse_contradictions(body: Any) -> list[EvalContradiction]:
    """``{"contradictions": [...]}`` (or a bare list); malformed entries are skipped with a warning."""
    items = body.get("contradictions", []) if isinstance(body, dict) else body
    parsed: list[EvalContradiction] = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        try:
            parsed.append(EvalContradiction.model_validate(item))
        except ValidationError as exc:
            log.warning("skipping malformed contradiction index=%d error=%s", i, exc.errors()[0]["msg"])
    return parsed


def contradictions_from_reply(status: int, body: Any) -> CorpusContradictions:
    if status == 404:
        return CorpusContradictions(None, "GET /contradictions is not served (404)")
    if status != 200:
        return CorpusContradictions(None, f"GET /contradictions answered HTTP {status}")
    return CorpusContradictions(parse_contradictions(body), "GET /contradictions")


# ---------------------------------------------------------------------------
# In-process
# ---------------------------------------------------------------------------


class InProcessTarget:
    """Crosscheck's pipeline in this process. Answers are consumed as a stream of events, the same code
    path as POST /ask/stream, so time to first token is measured too."""

    streaming = True

    def __init__(self, engine: Any, top_k: int | None = None) -> None:
        self.engine = engine
        self.top_k = top_k
        self.description = f"in-process (data dir {engine.settings.data_dir}, collection {engine.settings.collection})"

    def ask(self, qid: str, question: str) -> Answer:
        from rag.schemas import AskRequest

        started = time.perf_counter()
        first_token: float | None = None
        for kind, payload in self.engine.pipeline.events(AskRequest(question=question, top_k=self.top_k)):
            if kind == "token" and first_token is None:
                first_token = time.perf_counter()
            if kind == "done":
                latency = (time.perf_counter() - started) * 1000
                ttft = (first_token - started) * 1000 if first_token is not None else None
                return Answer(qid, parse_response(payload.model_dump(mode="json")), None, latency, ttft)
        raise RuntimeError("the pipeline ended without a result")

    def contradictions(self) -> CorpusContradictions:
        """The engine's corpus-wide map, in the shape ``GET /contradictions`` serves it."""
        from rag.conflicts.report import to_dispute

        contradiction_map = self.engine.contradiction_map
        if contradiction_map is None:
            return CorpusContradictions(None, "the contradiction map is off in this engine")
        disputes = contradiction_map.disputes(self.engine.settings.collection, None, 0.0)
        body = {"contradictions": [to_dispute(d).model_dump(mode="json") for d in disputes], "total": len(disputes)}
        return CorpusContradictions(parse_contradictions(body), "the engine's contradiction map")

    def texts(self) -> DocumentTexts:
        return DocTableTexts(self.engine.doctable, self.engine.settings.collection)

    def system(self) -> dict[str, Any]:
        s = self.engine.settings
        return {
            "mode": "in-process",
            "llm_backend": s.llm_backend,
            "embedding_model": s.embedding_model,
            "top_k": self.top_k or s.top_k,
            "chunk_size": s.chunk_size,
            "collection": s.collection,
        }

    def close(self) -> None:
        return None


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------


class HttpTarget:
    """A running server: POST /ask (or /ask/stream), GET /contradictions, GET /documents/{id}/text."""

    def __init__(
        self,
        url: str,
        api_key: str | None = None,
        timeout_s: float = 180.0,
        stream: bool = False,
        top_k: int | None = None,
        transport: httpx.BaseTransport | None = None,  # tests pass a MockTransport
        collection: str | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.url = url.rstrip("/")
        # Every route takes ``?collection=``: questions, the map and the document texts then all come
        # from the collection the corpus was uploaded to, not the server's default one.
        params = {"collection": collection} if collection else None
        self.client = httpx.Client(base_url=self.url, headers=headers, timeout=timeout_s, transport=transport,
                                   params=params)
        self.collection = collection
        self.streaming = stream
        self.top_k = top_k
        self.description = f"server {self.url} ({'POST /ask/stream' if stream else 'POST /ask'})"

    def wait_ready(self, timeout_s: float) -> None:
        """Wait for GET /ready; a server without that route is taken as ready."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                status = self.client.get("/ready").status_code
                if status in (200, 404, 405):
                    return
            except httpx.TransportError as exc:
                status = 0
                log.info("waiting for server url=%s error=%s", self.url, exc)
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{self.url} did not become ready within {timeout_s:.0f}s (last status {status})")
            time.sleep(2.0)

    def _body(self, question: str) -> dict[str, Any]:
        return {"question": question, **({"top_k": self.top_k} if self.top_k else {})}

    def _with_retries(self, call: Any) -> Any:
        """Retries what a busy server asks to retry (429/503, honouring Retry-After) and dropped connections."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                result = call()
            except httpx.TransportError as exc:
                if attempt == MAX_ATTEMPTS:
                    raise
                log.warning("request failed attempt=%d error=%s", attempt, exc)
                time.sleep(min(MAX_BACKOFF_S, FIRST_BACKOFF_S * attempt))
                continue
            status, retry_after = result[0], result[1]
            if status not in RETRY_STATUSES:
                return result[2]
            if attempt == MAX_ATTEMPTS:
                raise RuntimeError(f"the server answered HTTP {status} {MAX_ATTEMPTS} times")
            time.sleep(min(MAX_BACKOFF_S, retry_after or FIRST_BACKOFF_S * attempt))
        raise RuntimeError("unreachable")  # pragma: no cover

    def ask(self, qid: str, question: str) -> Answer:
        started = time.perf_counter()
        if self.streaming:
            payload, ttft = self._with_retries(lambda: self._stream(question, started))
        else:
            payload, ttft = self._with_retries(lambda: self._post(question)), None
        latency = (time.perf_counter() - started) * 1000
        return Answer(qid, parse_response(payload), None, latency, ttft)

    def _post(self, question: str) -> tuple[int, float | None, Any]:
        reply = self.client.post("/ask", json=self._body(question))
        if reply.status_code in RETRY_STATUSES:
            return reply.status_code, _retry_after(reply), None
        if reply.status_code != 200:
            raise RuntimeError(f"POST /ask answered HTTP {reply.status_code}: {reply.text[:300]}")
        return 200, None, reply.json()

    def _stream(self, question: str, started: float) -> tuple[int, float | None, Any]:
        with self.client.stream("POST", "/ask/stream", json=self._body(question)) as reply:
            if reply.status_code in RETRY_STATUSES:
                return reply.status_code, _retry_after(reply), None
            if reply.status_code != 200:
                reply.read()
                raise RuntimeError(f"POST /ask/stream answered HTTP {reply.status_code}: {reply.text[:300]}")
            return 200, None, assemble_stream(_sse_events(reply.iter_lines()), started)

    def contradictions(self) -> CorpusContradictions:
        try:
            reply = self.client.get("/contradictions")
        except httpx.TransportError as exc:
            return CorpusContradictions(None, f"GET /contradictions failed: {exc}")
        try:
            body = reply.json()
        except ValueError:
            body = None
        return contradictions_from_reply(reply.status_code, body)

    def texts(self) -> DocumentTexts:
        return ApiTexts(self.client, self.url)

    def system(self) -> dict[str, Any]:
        return {"mode": "target", "target": self.url, "streaming": self.streaming, "top_k": self.top_k,
                "collection": self.collection}

    def close(self) -> None:
        self.client.close()


def _retry_after(reply: httpx.Response) -> float | None:
    try:
        return float(reply.headers.get("retry-after", ""))
    except ValueError:
        return None


def _sse_events(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    """(event, data) pairs of a Server-Sent Events stream."""
    event = "message"
    data: list[str] = []
    for line in lines:
        if not line.strip():
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
    if data:
        yield event, "\n".join(data)


def assemble_stream(events: Iterator[tuple[str, str]], started: float) -> tuple[dict[str, Any], float | None]:
    """The /ask response a stream adds up to (streams carry no ``passages``), and the time to first token."""
    response: dict[str, Any] = {"answer": "", "citations": [], "sentences": [], "contradictions": []}
    tokens: list[str] = []
    ttft: float | None = None
    for event, data in events:
        payload = json.loads(data) if data else None
        if event == "token":
            ttft = ttft if ttft is not None else (time.perf_counter() - started) * 1000
            tokens.append(str((payload or {}).get("text", "")))
        elif event in ("citations", "sentences", "contradictions"):
            response[event] = payload or []
        elif event == "done":
            response.update({k: v for k, v in (payload or {}).items() if k in ("answer", "answerable", "timings_ms")})
        elif event == "error":
            raise RuntimeError(f"stream error: {data[:300]}")
    response["answer"] = response["answer"] or "".join(tokens)
    return response, ttft
