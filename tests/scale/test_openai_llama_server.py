"""The OpenAI-compatible backend against a real server: llama-cpp-python's own ``llama_cpp.server``.

It stands in for vLLM or Ollama. The server runs the embedded GGUF on 127.0.0.1;
the answer pipeline reaches it only through ``Settings(llm_backend="openai",
openai_base_url=...)``. One short generation (16 tokens) keeps it quick on two cores.

Never two llama.cpp processes at once on this machine: generation collapses to
about one token a second. A machine-wide file lock serialises this test with any
other holder of the same lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings
from index.embed import Embedder
from index.loaders import load_path
from rag.engine import Engine
from rag.schemas import AskRequest
from tests.conftest import DEMO
from tests.scale.conftest import llama_server as running_llama_server

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    with running_llama_server("llama-server", n_ctx=1024) as base:
        yield base


def test_the_pipeline_answers_through_an_openai_compatible_server(
    llama_server: str, tmp_path: Path, embedder: Embedder
) -> None:
    # The contradiction map is off: with an OpenAI backend it would judge candidate pairs with
    # the LLM at ingest, many generations where this test wants exactly one.
    settings = Settings(data_dir=tmp_path / "data", llm_backend="openai",  # type: ignore[arg-type]
                        openai_base_url=llama_server, openai_model="local", llm_max_tokens=16,
                        contradiction_map=False)
    engine = Engine.from_settings(settings, embedder=embedder)
    engine.ingestor.ingest(load_path(DEMO / "004_9721aee89642c7ce.txt"))

    response = engine.pipeline.run(AskRequest(
        question="Which company made the bulletproof vests and helmets that Russian buyers ordered from China?"))

    assert response.answer.strip()
    assert response.answerable
    assert response.citations, response.answer
    document = engine.doctable.get(settings.collection, response.citations[0].doc_id)
    assert document is not None
    assert all(document.text[c.start : c.end] == c.quote for c in response.citations)
