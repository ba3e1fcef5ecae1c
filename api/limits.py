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
from contextlib import asynccontextmanager
from collections.abc import AsyncIterator

from fastapi import Request

from api.errors import ApiError
from rag.settings import Settings


class GenerationGate:
    def __init__(self, concurrent: int, queued: int) -> None:
        self._slots = asyncio.Semaphore(concurrent)
        self._capacity = concurrent + queued
        self._inside = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._inside >= self._capacity:
            raise ApiError(503, "overloaded", "the service is busy; retry shortly", {"Retry-After": "2"})
        self._inside += 1
        try:
            async with self._slots:
                yield
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
    state.gate = GenerationGate(settings.max_concurrent_generations, settings.max_queued_generations)  # type: ignore[attr-defined]
    state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)  # type: ignore[attr-defined]


def generation_slot(request: Request):  # noqa: ANN201 - an async context manager
    state = request.app.state
    state.rate_limiter.check(getattr(request.state, "client_id", "anonymous"))
    return state.gate.slot()
