"""Bounded generation concurrency with a bounded queue, and per-key rate limits.

When every generation slot is busy and the queue is full, callers get a fast
503 with Retry-After instead of an ever-growing latency.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiError, error_response
from core.settings import Settings

UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and headers around an upload


class RequestTooLarge(StarletteHTTPException):
    """Raised while the body streams in: FastAPI passes HTTP exceptions through its body parsing."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the {limit} byte limit")


class BodyLimit:
    """Caps every request body as it arrives, chunked or not, so no body is read whole into memory.

    Document uploads may be ``max_upload_bytes`` (plus multipart overhead); everything else
    ``max_request_bytes``. A declared Content-Length over the cap is refused before reading.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.upload_limit = settings.max_upload_bytes + UPLOAD_OVERHEAD
        self.request_limit = settings.max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].rstrip("/") == "/documents" else self.request_limit
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            response = error_response(413, "payload_too_large", RequestTooLarge(limit).detail)
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise RequestTooLarge(limit)
            return message

        await self.app(scope, limited, send)


def _overloaded(retry_after: float, what: str = "the service is busy") -> ApiError:
    seconds = min(60, max(1, math.ceil(retry_after)))
    return ApiError(503, "overloaded", f"{what}; retry in about {seconds} s", {"Retry-After": str(seconds)})


class GenerationGate:
    """At most ``concurrent`` holders, at most ``queued`` waiting, and no wait longer than ``max_wait_s``.

    A count alone does not bound latency: sixteen queued questions at four seconds each is a
    minute. So the gate also learns how long a slot is held (a moving average) and refuses at
    once, with a fitting Retry-After, a request whose estimated wait exceeds ``max_wait_s``; a
    request that still waits that long in the queue is refused then.
    """

    def __init__(self, concurrent: int, queued: int, max_wait_s: float = 0.0, name: str = "the service") -> None:
        self._slots = asyncio.Semaphore(concurrent)
        self._concurrent = concurrent
        self._capacity = concurrent + queued
        self._inside = 0
        self._max_wait = max_wait_s
        self._held_s: float | None = None  # moving average of how long a slot is held
        self._busy = f"{name} is busy"

    def estimated_wait(self) -> float:
        """Seconds a newcomer would wait for a slot, from the requests ahead of it."""
        ahead = self._inside - self._concurrent + 1
        if ahead <= 0 or self._held_s is None:
            return 0.0
        return ahead * self._held_s / self._concurrent

    def _observe(self, held_s: float) -> None:
        self._held_s = held_s if self._held_s is None else 0.8 * self._held_s + 0.2 * held_s

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        estimate = self.estimated_wait()
        if self._inside >= self._capacity or (self._max_wait and estimate > self._max_wait):
            raise _overloaded(estimate or 2, self._busy)
        self._inside += 1
        try:
            try:
                await asyncio.wait_for(self._slots.acquire(), timeout=self._max_wait or None)
            except TimeoutError:
                raise _overloaded(self.estimated_wait() or 2, self._busy) from None
            started = time.monotonic()
            try:
                yield
            finally:
                self._slots.release()
                self._observe(time.monotonic() - started)
        finally:
            self._inside -= 1


class RateLimiter:
    """Sliding one-minute window per client id."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, client_id: str) -> None:
        if self.per_minute <= 0:
            return
        now = time.monotonic()
        with self._lock:
            hits = self._hits[client_id]
            while hits and now - hits[0] >= 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                retry = max(1, math.ceil(60 - (now - hits[0])))
                raise ApiError(429, "rate_limited", f"rate limit of {self.per_minute} requests a minute reached",
                               {"Retry-After": str(retry)})
            hits.append(now)


def install_limits(state: object, settings: Settings) -> None:
    state.gate = GenerationGate(  # type: ignore[attr-defined]
        settings.max_concurrent_answers, settings.max_queued_answers, settings.max_queue_wait_s,
        "answering",
    )
    # Ingests write one at a time (the ingestor's lock); a short queue turns a flood of uploads into
    # fast 503s instead of requests that time out behind each other.
    state.ingest_gate = GenerationGate(  # type: ignore[attr-defined]
        1, settings.max_queued_ingests, settings.max_queue_wait_s, "document ingest"
    )
    state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)  # type: ignore[attr-defined]


def generation_slot(request: Request):  # noqa: ANN201 - an async context manager
    state = request.app.state
    state.rate_limiter.check(getattr(request.state, "client_id", "anonymous"))
    return state.gate.slot()


def ingest_slot(request: Request):  # noqa: ANN201 - an async context manager
    state = request.app.state
    state.rate_limiter.check(getattr(request.state, "client_id", "anonymous"))
    return state.ingest_gate.slot()
