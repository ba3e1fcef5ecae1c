"""POST /ask and POST /ask/stream."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from api.deps import EngineDep, SettingsDep, require_read
from api.limits import generation_slot
from api.validation import validated_ask
from rag.schemas import AskRequest, AskResponse, ErrorResponse

router = APIRouter(tags=["ask"], dependencies=[require_read])

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (401, 403, 413, 422, 429, 503)
}


@router.post("/ask", response_model=AskResponse, responses=_ERRORS, summary="Answer a question with citations")
async def ask(body: AskRequest, request: Request, engine: EngineDep, settings: SettingsDep) -> AskResponse:
    ask_request = validated_ask(body, settings)
    async with generation_slot(request):
        return await run_in_threadpool(engine.pipeline.run, ask_request)


def _encode(kind: str, payload: Any) -> dict[str, str]:
    if kind == "done":
        payload = {"answer": payload.answer, "answerable": payload.answerable, "timings_ms": payload.timings_ms}
    return {"event": kind, "data": json.dumps(payload, ensure_ascii=False)}


@router.post("/ask/stream", responses=_ERRORS, summary="Answer as Server-Sent Events",
             response_description="token* citations sentences contradictions done | error")
async def ask_stream(body: AskRequest, request: Request, engine: EngineDep, settings: SettingsDep) -> EventSourceResponse:
    ask_request = validated_ask(body, settings)
    slot = generation_slot(request)
    await slot.__aenter__()

    async def events() -> AsyncIterator[dict[str, str]]:
        try:
            async for kind, payload in iterate_in_threadpool(engine.pipeline.events(ask_request)):
                if await request.is_disconnected():
                    break  # closing the generator stops generation at the next token
                yield _encode(kind, payload)
        except Exception as exc:  # the stream has started: report in-band, never a broken socket
            yield {"event": "error", "data": json.dumps({"code": "internal_error", "message": str(exc)[:300]})}
        finally:
            await slot.__aexit__(None, None, None)

    return EventSourceResponse(events(), ping=15)
