"""Any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server) through ``ChatOpenAI``."""

from __future__ import annotations

from rag.llm.base import LangChainBackend
from rag.settings import Settings


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
    json_model = model.bind(response_format={"type": "json_object"})
    return LangChainBackend("openai", model, json_model)
