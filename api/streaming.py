"""Server-Sent Events that hold a generation slot exactly as long as the stream lives.

Both streaming endpoints (``/ask/stream`` and ``/v1/chat/completions``) run the
blocking pipeline generator one step at a time in the thread pool. Two things
must hold however the stream ends (finished, failed, or the client gone):

* the slot taken from ``generation_slot`` is given back -- with one slot, a leak
  would block every later question;
* the pipeline generator is closed at once, so a disconnect stops generation at
  the next token instead of whenever the garbage collector gets to it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

from fastapi import Request
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool
from starlette.types import Receive, Scope, Send

from api.limits import generation_slot

log = logging.getLogger(__name__)
T = TypeVar("T")

PING_SECONDS = 15
# What a failed stream tells the client; the details go to the log, not to whoever asked.
STREAM_ERROR = {"code": "internal_error",
                "message": "answering failed unexpectedly; the error has been logged"}


async def in_threadpool(events: Iterator[T]) -> AsyncIterator[T]:
    """Step a blocking generator in the thread pool; close it when the consumer stops, for any reason."""
    try:
        async for item in iterate_in_threadpool(events):
            yield item
    finally:
        # Cancellation waits for the running step to return (anyio does not abandon threads), so the
        # generator is never executing here and close() is safe. close() raises GeneratorExit at its
        # yield, which unwinds the LLM stream and releases the generation lock.
        close = getattr(events, "close", None)
        if close is not None:
            close()


class _SlotHeldStream(EventSourceResponse):
    """Gives the generation slot back when the response ends, whether or not the body ever started."""

    def __init__(self, content: AsyncIterator[Any], slot: AbstractAsyncContextManager[None],
                 **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self._slot: AbstractAsyncContextManager[None] | None = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.release()

    async def release(self) -> None:
        slot, self._slot = self._slot, None
        if slot is not None:
            await slot.__aexit__(None, None, None)


async def slot_held_stream(
    request: Request,
    content: AsyncIterator[Mapping[str, str] | str],
    sep: str | None = None,
) -> EventSourceResponse:
    """Take a generation slot now (so 429/503 are plain HTTP errors) and hold it while ``content`` streams.

    ``content`` must not have started: it runs only once the response is sent.
    """
    slot = generation_slot(request)
    await slot.__aenter__()
    return _SlotHeldStream(content, slot, ping=PING_SECONDS, sep=sep)
