"""One interface for every chat backend: stream text, or return schema-constrained JSON.

Backends wrap LangChain chat models (``ChatLlamaCpp``, ``ChatOpenAI``), so any
model LangChain supports can be plugged in. Generations are serialised by a
process-wide lock: two llama.cpp generations at once on two cores collapse to
about one token a second.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

GENERATION_LOCK = threading.Lock()


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["system", "user", "assistant"]
    content: str


class ChatBackend(Protocol):
    name: str

    def stream(self, messages: Sequence[ChatMessage], max_tokens: int = 256) -> Iterator[str]: ...

    def complete_json(self, messages: Sequence[ChatMessage], schema: dict[str, Any]) -> dict[str, Any]: ...


def to_langchain(messages: Sequence[ChatMessage]) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


class LangChainBackend:
    """Adapts any LangChain chat model to ``ChatBackend``."""

    def __init__(self, name: str, model: Any, json_model: Any | None = None) -> None:
        self.name = name
        self._model = model
        self._json_model = json_model

    def stream(self, messages: Sequence[ChatMessage], max_tokens: int = 256) -> Iterator[str]:
        with GENERATION_LOCK:
            for chunk in self._model.stream(to_langchain(messages), max_tokens=max_tokens):
                text = chunk.content if isinstance(chunk.content, str) else ""
                if text:
                    yield text

    def complete_json(self, messages: Sequence[ChatMessage], schema: dict[str, Any]) -> dict[str, Any]:
        model = self._json_model or self._model
        with GENERATION_LOCK:
            reply = model.invoke(to_langchain(messages))
        content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        parsed: dict[str, Any] = json.loads(content)
        return parsed
