"""One interface for every chat backend: stream text, or return schema-constrained JSON.

Backends wrap LangChain chat models (``ChatLlamaCpp``, ``ChatOpenAI``), so any
model LangChain supports can be plugged in. Generations are serialised by a
process-wide lock: two llama.cpp generations at once on two cores collapse to
about one token a second.

``complete_json`` constrains the model to the schema wherever the backend can
(a JSON-schema ``response_format`` for OpenAI-compatible endpoints, a grammar
built from the schema for embedded llama.cpp, ``with_structured_output`` for any
other LangChain model), and always validates the parsed reply against the
schema: a reply that does not match raises ``ValueError``, it never reaches the
caller as if it did. Every string in a schema gets a ``maxLength`` before it is
sent (``bounded_schema``): an unbounded string lets a small model generate
until its token limit.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

GENERATION_LOCK = threading.Lock()
DEFAULT_STRING_MAX = 300  # characters, for a schema string that names no maxLength


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


# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------


def bounded_schema(schema: dict[str, Any], string_max: int = DEFAULT_STRING_MAX) -> dict[str, Any]:
    """A copy of ``schema`` in which every free string has a ``maxLength`` and every object
    ``additionalProperties: false`` (unless it says otherwise). Enums and consts are bounded already."""
    out = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        types = node.get("type")
        types = types if isinstance(types, list) else [types]
        if "string" in types and "enum" not in node and "const" not in node and "maxLength" not in node:
            node["maxLength"] = string_max
        if "object" in types and "properties" in node:
            node.setdefault("additionalProperties", False)
        for key in ("properties", "$defs", "definitions", "patternProperties"):
            if isinstance(node.get(key), dict):
                for child in node[key].values():
                    walk(child)
        for key in ("items", "additionalItems", "anyOf", "oneOf", "allOf", "prefixItems", "not"):
            if key in node:
                walk(node[key])

    walk(out)
    return out


def strict_compatible(schema: dict[str, Any]) -> bool:
    """OpenAI's ``strict: true`` needs every property of every object listed as required."""
    if not isinstance(schema, dict):
        return True
    props = schema.get("properties")
    if isinstance(props, dict):
        if set(schema.get("required", [])) != set(props):
            return False
        if not all(strict_compatible(p) for p in props.values()):
            return False
    items = schema.get("items")
    return strict_compatible(items) if isinstance(items, dict) else True


def schema_name(schema: dict[str, Any]) -> str:
    """The ``json_schema.name`` an OpenAI request needs: the schema's title, else a generic one."""
    name = re.sub(r"[^A-Za-z0-9_-]", "_", str(schema.get("title") or "reply"))
    return name[:64] or "reply"


def _clip(value: Any, schema: Any) -> Any:
    """Cut strings that run past their ``maxLength`` (a server that ignores the bound): the start is kept."""
    if not isinstance(schema, dict):
        return value
    if isinstance(value, str) and isinstance(schema.get("maxLength"), int):
        return value[: schema["maxLength"]]
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        return {k: _clip(v, schema["properties"].get(k)) for k, v in value.items()}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [_clip(v, schema["items"]) for v in value]
    return value


def parse_reply(content: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """Parse a model's JSON reply and validate it against ``schema``; ``ValueError`` when it does not match."""
    import jsonschema

    if isinstance(content, dict):
        parsed: Any = content
    else:
        text = content if isinstance(content, str) else json.dumps(content)
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"the model's reply is not JSON: {text[:200]!r}") from exc
    parsed = _clip(parsed, schema)
    try:
        jsonschema.validate(parsed, schema)
    except jsonschema.ValidationError as exc:
        raise ValueError(f"the model's reply does not match the schema: {exc.message[:200]}") from exc
    if not isinstance(parsed, dict):
        raise ValueError(f"the model's reply is not a JSON object: {str(parsed)[:200]}")
    return parsed


# ---------------------------------------------------------------------------
# The LangChain adapter
# ---------------------------------------------------------------------------

JsonCall = Callable[[list[Any], dict[str, Any]], Any]
"""(LangChain messages, bounded schema) -> the raw reply (text, or an already parsed dict)."""


class LangChainBackend:
    """Adapts any LangChain chat model to ``ChatBackend``.

    ``json_call`` is how the backend constrains a JSON reply to a schema; without one, the model's own
    ``with_structured_output(schema)`` is used, and for a model that has none the schema goes into the
    prompt. In every case the reply is validated against the schema."""

    def __init__(self, name: str, model: Any, json_call: JsonCall | None = None) -> None:
        self.name = name
        self._model = model
        self._json_call = json_call or self._structured_output

    def stream(self, messages: Sequence[ChatMessage], max_tokens: int = 256) -> Iterator[str]:
        with GENERATION_LOCK:
            for chunk in self._model.stream(to_langchain(messages), max_tokens=max_tokens):
                text = chunk.content if isinstance(chunk.content, str) else ""
                if text:
                    yield text

    def complete_json(self, messages: Sequence[ChatMessage], schema: dict[str, Any]) -> dict[str, Any]:
        bounded = bounded_schema(schema)
        with GENERATION_LOCK:
            reply = self._json_call(to_langchain(messages), bounded)
        return parse_reply(reply, bounded)

    def _structured_output(self, messages: list[Any], schema: dict[str, Any]) -> Any:
        titled = schema if "title" in schema else {**schema, "title": schema_name(schema)}
        try:
            runnable = self._model.with_structured_output(titled)
        except NotImplementedError:
            from langchain_core.messages import SystemMessage

            hint = SystemMessage(content="Reply with one JSON object only, matching this JSON schema: "
                                 + json.dumps(schema))
            reply = self._model.invoke([hint, *messages])
            return reply.content
        return runnable.invoke(messages)
