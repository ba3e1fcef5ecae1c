"""OpenAI-compatible chat: ``POST /v1/chat/completions`` (streaming or not) and ``GET /v1/models``.

Any OpenAI client (the ``openai`` package, LangChain's ``ChatOpenAI``, Open WebUI)
can talk to Crosscheck. The last user message is the question; earlier turns are
used only to rewrite a follow-up into a standalone question (``rag.followup``)
before retrieval. System prompts and sampling parameters are accepted and
ignored: the answer comes from the documents, not from instructions.

The reply text keeps the ``[n]`` markers and ends with a "Sources:" list and,
when sources disagree, a "Sources disagree:" note. The same facts, structured,
sit in an extra top-level ``crosscheck`` field (in the last chunk when
streaming).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from api.chat_tasks import BackgroundTask, background_task
from api.deps import EngineDep, SettingsDep, require_read
from api.errors import ApiError, ErrorResponse
from api.limits import generation_slot
from api.streaming import STREAM_ERROR, in_threadpool, slot_held_stream
from api.validation import validated_ask, validated_collection
from core.settings import Settings
from rag.engine import Engine
from rag.followup import FollowupRewriter, Rewrite, Turn
from rag.schemas import AskRequest, AskResponse, Citation

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["openai-compatible"], dependencies=[require_read])

MODEL = "crosscheck"
_MODEL_PREFIX = f"{MODEL}-"
_KNOWN_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
_TEXT_PARTS = frozenset({"text", "input_text"})
_MAX_HISTORY_CHARS = 2000  # per earlier message: enough to resolve a follow-up, bounded work per request
# Earlier turns only feed the rewrite, so what the question itself would be rejected for is blanked out of
# them instead: control characters, and lone surrogates (which tokenizers raise on).
_UNSAFE_IN_HISTORY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_QUOTE_CHARS = 200
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (401, 403, 404, 413, 422, 429, 503)
}


# ---------------------------------------------------------------------------
# Request
# ---------------------------------------------------------------------------


class ChatMessageIn(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls, … are accepted and ignored

    role: str
    content: str | list[Any] | None = None


class ChatCompletionRequest(BaseModel):
    # Unknown OpenAI parameters (temperature, max_tokens, tools, …) are accepted and ignored.
    model_config = ConfigDict(extra="allow")

    model: str = MODEL
    messages: list[ChatMessageIn]
    stream: bool = False
    top_k: int | None = Field(default=None, description="Crosscheck extension: passages to retrieve.")
    sources: list[str] | None = Field(default=None, description="Crosscheck extension: only these sources.")


def message_text(content: str | list[Any] | None) -> str:
    """Plain text of a message: a string, or the text parts of an OpenAI content-part list."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    texts = []
    for part in content:
        if isinstance(part, str):
            texts.append(part)
        elif isinstance(part, dict) and part.get("type") in _TEXT_PARTS and isinstance(part.get("text"), str):
            texts.append(part["text"])
    return "\n".join(texts)


def _history_text(content: str | list[Any] | None) -> str:
    return _UNSAFE_IN_HISTORY.sub(" ", message_text(content)[:_MAX_HISTORY_CHARS])


def split_conversation(messages: list[ChatMessageIn]) -> tuple[str, list[Turn]]:
    """The question (the last user message) and the user/assistant turns before it."""
    if not messages:
        raise ApiError(422, "empty_messages", "messages must contain at least one user message")
    for index, message in enumerate(messages):
        if message.role not in _KNOWN_ROLES:
            raise ApiError(422, "invalid_role", f"messages[{index}].role must be one of "
                           f"{', '.join(sorted(_KNOWN_ROLES))}, not {message.role[:40]!r}")
    last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=None)
    if last_user is None:
        raise ApiError(422, "no_user_message", "messages must contain a user message to answer")
    history = [
        Turn("user" if m.role == "user" else "assistant", _history_text(m.content))
        for m in messages[:last_user]
        if m.role in ("user", "assistant")
    ]
    return message_text(messages[last_user].content), history


def collection_for(model: str, settings: Settings) -> str:
    """``crosscheck`` asks the server's collection; ``crosscheck-<name>`` asks collection <name>."""
    if model == MODEL:
        return validated_collection(None, settings)
    if model.startswith(_MODEL_PREFIX) and len(model) > len(_MODEL_PREFIX):
        return validated_collection(model[len(_MODEL_PREFIX):], settings)
    raise ApiError(404, "model_not_found",
                   f"the model {model[:60]!r} does not exist; use {MODEL!r} or '{_MODEL_PREFIX}<collection>'")


# ---------------------------------------------------------------------------
# Answering: one code path for streaming and non-streaming replies
# ---------------------------------------------------------------------------


def chat_events(engine: Engine, ask: AskRequest, history: list[Turn]) -> Iterator[tuple[str, Any]]:
    """("standalone", Rewrite), then the pipeline's events for the standalone question. Blocking."""
    rewrite = FollowupRewriter(engine.llm).rewrite(ask.question, history)
    if rewrite.rewritten:
        log.info("chat followup method=%s chars=%d", rewrite.method, len(rewrite.standalone))
    yield ("standalone", rewrite)
    yield from engine.pipeline.events(ask.model_copy(update={"question": rewrite.standalone}))


def answer_chat(engine: Engine, ask: AskRequest, history: list[Turn]) -> tuple[Rewrite, AskResponse]:
    rewrite: Rewrite | None = None
    for kind, payload in chat_events(engine, ask, history):
        if kind == "standalone":
            rewrite = payload
        elif kind == "done" and rewrite is not None:
            return rewrite, payload
    raise RuntimeError("the pipeline ended without a result")  # pragma: no cover


# ---------------------------------------------------------------------------
# Reply text: the answer, then its sources and disagreements
# ---------------------------------------------------------------------------


def _clip(text: str, limit: int = _QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _source_line(citation: Citation) -> str:
    label = f"{citation.title} — {citation.source}" if citation.title else citation.source
    return f"- [{citation.id}] {label}"


def sources_note(response: AskResponse) -> str:
    """The end of the message: "Sources:", one line per cited document passage.

    The answer itself already quotes what each source says, disagreements included, so the
    note names the sources without repeating their words.
    """
    if not response.citations:
        return ""
    return "\n\nSources:\n" + "\n".join(_source_line(c) for c in response.citations)


def crosscheck_field(rewrite: Rewrite, response: AskResponse) -> dict[str, Any]:
    return {
        "answerable": response.answerable,
        "standalone_question": rewrite.standalone,
        "rewrite": rewrite.method,
        "citations": [c.model_dump() for c in response.citations],
        "sentences": [s.model_dump() for s in response.sentences],
        "contradictions": [c.model_dump() for c in response.contradictions],
        "timings_ms": response.timings_ms,
    }


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def verified_tail(streamed: str, response: AskResponse) -> str:
    """What the stream still owes once generation is done.

    Extractive answers stream exactly their final text. An LLM's raw tokens can differ from the
    verified answer (citations renumbered, sentences marked, conflicts added); streamed text cannot
    be taken back, so the verified version follows it, and the sources list matches that version.
    """
    extra = ""
    if _normalised(streamed) != _normalised(response.answer):
        extra = f"\n\nVerified answer: {response.answer}"
    return extra + sources_note(response)


# ---------------------------------------------------------------------------
# Wire format
# ---------------------------------------------------------------------------


class _Completion:
    """Ids and framing shared by every chunk of one reply."""

    def __init__(self, model: str) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())
        self.model = model

    def message(self, content: str, extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop", "logprobs": None}],
            "crosscheck": extra,
        }

    def chunk(self, delta: dict[str, Any], finish_reason: str | None = None,
              extra: dict[str, Any] | None = None) -> dict[str, str]:
        body: dict[str, Any] = {
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
        }
        if extra is not None:
            body["crosscheck"] = extra
        return {"data": json.dumps(body, ensure_ascii=False)}


async def _chunks(engine: Engine, ask: AskRequest, history: list[Turn],
                  reply: _Completion) -> AsyncIterator[dict[str, str]]:
    """role delta, content deltas as tokens arrive, the sources as more content, a stop chunk, [DONE]."""
    yield reply.chunk({"role": "assistant", "content": ""})
    streamed: list[str] = []
    rewrite: Rewrite | None = None
    try:
        async for kind, payload in in_threadpool(chat_events(engine, ask, history)):
            if kind == "standalone":
                rewrite = payload
            elif kind == "token":
                streamed.append(payload["text"])
                yield reply.chunk({"content": payload["text"]})
            elif kind == "done" and rewrite is not None:
                tail = verified_tail("".join(streamed), payload)
                if tail:
                    yield reply.chunk({"content": tail})
                yield reply.chunk({}, finish_reason="stop", extra=crosscheck_field(rewrite, payload))
    except Exception:  # the stream has started: report in-band, the way OpenAI streams errors
        log.exception("chat stream failed")
        yield {"data": json.dumps({"error": STREAM_ERROR})}
        return
    yield {"data": "[DONE]"}


def _background_task(messages: list[ChatMessageIn], question: str) -> BackgroundTask | None:
    """A chat client's housekeeping request (title, tags, follow-ups), in the question or a system prompt."""
    prompts = [question] + [message_text(m.content) for m in messages if m.role in ("system", "developer")]
    return next((task for task in map(background_task, prompts) if task is not None), None)


async def _task_chunks(task: BackgroundTask, reply: _Completion, extra: dict[str, Any]
                       ) -> AsyncIterator[dict[str, str]]:
    yield reply.chunk({"role": "assistant", "content": ""})
    yield reply.chunk({"content": task.reply})
    yield reply.chunk({}, finish_reason="stop", extra=extra)
    yield {"data": "[DONE]"}


# ---------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------


@router.post("/chat/completions", responses=_ERRORS, response_model=None,
             summary="OpenAI-compatible chat completion (stream true or false)")
async def chat_completions(
    body: ChatCompletionRequest, request: Request, engine: EngineDep, settings: SettingsDep
) -> dict[str, Any] | EventSourceResponse:
    question, history = split_conversation(body.messages)
    collection = collection_for(body.model, settings)
    task = _background_task(body.messages, question)
    if task is not None:
        log.info("chat background task kind=%s answered without retrieval", task.kind)
        reply = _Completion(body.model)
        extra = {"background_task": task.kind}
        if body.stream:
            return EventSourceResponse(_task_chunks(task, reply, extra), sep="\n")
        return reply.message(task.reply, extra)
    ask = validated_ask(AskRequest(question=question, top_k=body.top_k, sources=body.sources,
                                   collection=collection), settings)
    reply = _Completion(body.model)
    if body.stream:
        return await slot_held_stream(request, _chunks(engine, ask, history, reply), sep="\n")
    async with generation_slot(request):
        rewrite, response = await run_in_threadpool(answer_chat, engine, ask, history)
    return reply.message(response.answer + sources_note(response), crosscheck_field(rewrite, response))


@router.get("/models", responses=_ERRORS, summary="OpenAI-compatible model list")
def list_models(engine: EngineDep) -> dict[str, Any]:
    """``crosscheck`` (the server's collection) and ``crosscheck-<collection>`` for each collection."""
    created = int(time.time())
    collections: list[str] = sorted(map(str, engine.doctable.collections()))
    ids = [MODEL] + [f"{_MODEL_PREFIX}{name}" for name in collections]
    return {"object": "list",
            "data": [{"id": i, "object": "model", "created": created, "owned_by": "crosscheck"} for i in ids]}
