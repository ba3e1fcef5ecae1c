"""A scripted OpenAI-compatible chat server for tests: a model that obeys prompt injections.

``POST /v1/chat/completions`` (streaming or not) answers from the numbered
evidence in the prompt: when an evidence line carries an injected command
(it mentions PWNED), the "model" obeys it and answers ``PWNED [n]``, citing
that line; otherwise it faithfully repeats evidence [1] with its marker.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

_EVIDENCE_LINE = re.compile(r"^\[(\d+)\] \([^)]*\) (.*)$", re.M)


def scripted_reply(prompt: str) -> str:
    lines = {int(n): text for n, text in _EVIDENCE_LINE.findall(prompt)}
    for number, text in sorted(lines.items()):
        if "PWNED" in text:
            return f"PWNED [{number}]"
    if 1 in lines:
        return f"{lines[1]} [1]"
    return "I cannot answer that."


def make_fake_openai() -> tuple[FastAPI, list[dict[str, Any]]]:
    app = FastAPI()
    received: list[dict[str, Any]] = []

    @app.get("/v1/models")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": "local", "object": "model", "owned_by": "test"}]}

    @app.post("/v1/chat/completions", response_model=None)
    async def completions(request: Request) -> Any:
        body = await request.json()
        received.append(body)
        prompt = "\n".join(str(m.get("content", "")) for m in body["messages"])
        reply = scripted_reply(prompt)
        created = int(time.time())
        if not body.get("stream"):
            return JSONResponse({
                "id": "chatcmpl-fake", "object": "chat.completion", "created": created, "model": body["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": reply},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            })

        def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
            payload = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": created,
                       "model": body["model"], "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            return f"data: {json.dumps(payload)}\n\n"

        def events() -> Any:
            yield chunk({"role": "assistant", "content": ""})
            for piece in re.findall(r"\S+\s*", reply):
                yield chunk({"content": piece})
            yield chunk({}, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app, received
