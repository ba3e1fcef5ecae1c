"""POST /ask and POST /ask/stream."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep, SettingsDep, require_read
from api.errors import ErrorResponse
from api.limits import generation_slot
from api.streaming import STREAM_ERROR, in_threadpool, slot_held_stream
from api.validation import CollectionParam, validated_ask
from rag.schemas import AskRequest, AskResponse

log = logging.getLogger(__name__)
router = APIRouter(tags=["ask"], dependencies=[require_read])

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (401, 403, 413, 422, 429, 503)
}


@router.post("/ask", response_model=AskResponse, responses=_ERRORS,
             summary="Answer a question with citations")
async def ask(body: AskRequest, request: Request, engine: EngineDep, settings: SettingsDep,
              collection: CollectionParam = None) -> AskResponse:
    ask_request = validated_ask(body, settings, collection)
    async with generation_slot(request):
        return await run_in_threadpool(engine.pipeline.run, ask_request)



def _encode(kind: str, payload: Any) -> dict[str, str]:
    if kind == "done":
        payload = {"answer": payload.answer, "answerable": payload.answerable,
                   "timings_ms": payload.timings_ms}
    return {"event": kind, "data": json.dumps(payload, ensure_ascii=False)}


_STREAM_OK: dict[int | str, dict[str, Any]] = {200: {
    "description": "Server-Sent Events: token* citations sentences contradictions done | error",
    "content": {"text/event-stream": {"schema": {
        "type": "object", "required": ["data"],
        "properties": {"event": {"type": "string", "description": "token | citations | sentences | "
                                 "contradictions | done | error"},
                       "data": {"type": "string", "description": "JSON payload of the event"},
                       "id": {"type": "string"}, "retry": {"type": "integer"}},
    }}},
}}


@router.post("/ask/stream", response_class=EventSourceResponse, responses={**_ERRORS, **_STREAM_OK},
             summary="Answer as Server-Sent Events")
async def ask_stream(
    body: AskRequest, request: Request, engine: EngineDep, settings: SettingsDep, collection: CollectionParam = None,
) -> EventSourceResponse:
    ask_request = validated_ask(body, settings, collection)

    async def events() -> AsyncIterator[dict[str, str]]:
        # A client that disconnects cancels this generator; in_threadpool then closes the pipeline,
        # which stops generation at the next token.
        try:
            async for kind, payload in in_threadpool(engine.pipeline.events(ask_request)):
                yield _encode(kind, payload)
        except Exception:  # the stream has started: report in-band, never a broken socket
            log.exception("ask stream failed")
            yield {"event": "error", "data": json.dumps(STREAM_ERROR)}

    return await slot_held_stream(request, events())
