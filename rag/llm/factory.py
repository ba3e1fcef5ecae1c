"""Pick the chat backend named in the settings."""

from __future__ import annotations

from core.settings import Settings
from rag.llm.base import ChatBackend


def make_backend(settings: Settings) -> ChatBackend | None:
    """``None`` for the extractive backend, which needs no model."""
    if settings.llm_backend == "llamacpp":
        from rag.llm.llamacpp import make_llamacpp_backend

        return make_llamacpp_backend(settings)
    if settings.llm_backend == "openai":
        from rag.llm.openai import make_openai_backend

        return make_openai_backend(settings)
    return None
