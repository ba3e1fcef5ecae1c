"""Embedded llama.cpp backend (llama-cpp-python through LangChain's ``ChatLlamaCpp``).

JSON replies are constrained by a grammar built from the JSON schema
(``LlamaGrammar.from_json_schema``): the sampler can only emit text the schema
allows, so the reply always parses (provided every string is bounded, which
``rag.llm.base.bounded_schema`` sees to).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.settings import Settings
from rag.llm.base import LangChainBackend
from rag.llm.models import QWEN_1_5B, assemble


def model_path(settings: Settings) -> Path:
    return settings.llm_model_path or assemble(QWEN_1_5B, settings.models_dir)


@lru_cache(maxsize=32)
def grammar_for(schema_json: str) -> Any:
    """The GBNF grammar of a JSON schema; a schema it cannot express raises (no silent fall back to any-JSON)."""
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_json_schema(schema_json, verbose=False)


class GrammarJson:
    """``json_call`` for ``LangChainBackend``: the chat model invoked under the schema's grammar."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def __call__(self, messages: list[Any], schema: dict[str, Any]) -> Any:
        grammar = grammar_for(json.dumps(schema, sort_keys=True))
        reply = self.model.invoke(messages, grammar=grammar)
        return reply.content if isinstance(reply.content, str) else str(reply.content)


def make_llamacpp_backend(settings: Settings) -> LangChainBackend:
    from langchain_community.chat_models import ChatLlamaCpp

    common: dict[str, Any] = dict(
        model_path=str(model_path(settings)),
        n_ctx=settings.llm_context,
        n_threads=settings.llm_threads,
        n_batch=256,
        temperature=0.1,
        max_tokens=settings.llm_max_tokens,
        verbose=False,
    )
    model = ChatLlamaCpp(**common)
    return LangChainBackend("llamacpp", model, GrammarJson(model))
