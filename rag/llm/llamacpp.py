"""Embedded llama.cpp backend (llama-cpp-python through LangChain's ``ChatLlamaCpp``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.llm.base import LangChainBackend
from rag.llm.models import QWEN_1_5B, assemble
from rag.settings import Settings


def model_path(settings: Settings) -> Path:
    return settings.llm_model_path or assemble(QWEN_1_5B, settings.models_dir)


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
    return LangChainBackend("llamacpp", model)
