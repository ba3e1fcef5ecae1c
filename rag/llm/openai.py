"""Any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server) through ``ChatOpenAI``.

JSON replies are constrained by ``response_format``, strongest first:

1. ``{"type": "json_schema", "json_schema": {"name", "schema", "strict": true}}``: OpenAI, vLLM, Ollama,
   llama.cpp's ``llama-server``;
2. ``{"type": "json_object", "schema": ...}``: servers that take the schema beside JSON mode
   (llama-cpp-python's ``llama_cpp.server``, which answers 422 to ``json_schema``);
3. ``{"type": "json_object"}``: JSON mode alone.

A server that rejects a format with a 4xx (or a 5xx that names ``response_format``, which is how
``llama_cpp.server`` 0.3 reports a request it cannot validate) gets the next one; the step down is
logged at WARNING once and remembered for the rest of the process. Whatever the format, the reply is
validated against the schema (``rag.llm.base.parse_reply``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from core.settings import Settings
from rag.llm.base import LangChainBackend, schema_name, strict_compatible

log = logging.getLogger(__name__)

FORMATS = ("json_schema", "json_object+schema", "json_object")
# 4xx that say "not this request"; auth, missing route, timeouts and rate limits are not about the format.
NOT_A_FORMAT_REJECTION = {401, 403, 404, 408, 409, 429}


def response_format(kind: str, schema: dict[str, Any]) -> dict[str, Any]:
    if kind == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": schema_name(schema), "schema": schema,
                                                       "strict": strict_compatible(schema)}}
    if kind == "json_object+schema":
        return {"type": "json_object", "schema": schema}
    return {"type": "json_object"}


def _format_rejected(exc: Exception) -> int | None:
    """The HTTP status when ``exc`` rejects the request's format, else None: a 4xx about the content, or a
    5xx whose message names ``response_format`` (llama-cpp-python's server answers its own request-validation
    error with a 500)."""
    status = getattr(exc, "status_code", None)
    if not isinstance(status, int):
        return None
    if 400 <= status < 500 and status not in NOT_A_FORMAT_REJECTION:
        return status
    if status >= 500 and "response_format" in str(exc):
        return status
    return None


class SchemaFormats:
    """Sends a schema'd JSON request, stepping down the formats a server rejects (remembered)."""

    def __init__(self, model: Any, base_url: str) -> None:
        self.model = model
        self.base_url = base_url
        self.level = 0
        self._lock = threading.Lock()

    @property
    def current(self) -> str:
        return FORMATS[self.level]

    def __call__(self, messages: list[Any], schema: dict[str, Any]) -> Any:
        while True:
            level = self.level
            kind = FORMATS[level]
            try:
                reply = self.model.invoke(messages, response_format=response_format(kind, schema))
            except Exception as exc:
                status = _format_rejected(exc)
                if status is None or level + 1 >= len(FORMATS):
                    raise
                with self._lock:
                    if self.level == level:
                        self.level = level + 1
                        log.warning(
                            "openai endpoint %s rejected response_format %s (HTTP %s): falling back to %s; "
                            "error=%s", self.base_url, kind, status, FORMATS[self.level], str(exc)[:200])
                continue
            content = reply.content
            return content if isinstance(content, str) else str(content)


def make_openai_backend(settings: Settings) -> LangChainBackend:
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key,
        model=settings.openai_model,
        temperature=0.1,
        max_tokens=settings.llm_max_tokens,  # type: ignore[call-arg]
        timeout=120,
        max_retries=1,
    )
    return LangChainBackend("openai", model, SchemaFormats(model, settings.openai_base_url))
