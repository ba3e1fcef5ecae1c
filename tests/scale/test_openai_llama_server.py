"""The OpenAI-compatible backend against a real server: llama-cpp-python's own ``llama_cpp.server``.

It stands in for vLLM or Ollama. The server runs the embedded GGUF on 127.0.0.1;
the answer pipeline reaches it only through ``Settings(llm_backend="openai",
openai_base_url=...)``. One short generation (16 tokens) keeps it quick on two cores.

Never two llama.cpp processes at once on this machine: generation collapses to
about one token a second. A machine-wide file lock serialises this test with any
other holder of the same lock.
"""

from __future__ import annotations

import fcntl
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from api.local_server import free_port, wait_until
from core.settings import Settings
from index.embed import Embedder
from index.loaders import load_path
from rag.engine import Engine
from rag.llm.models import QWEN_1_5B, assemble
from rag.schemas import AskRequest
from tests.conftest import DEMO
from tests.scale.conftest import OUTPUT, START_TIMEOUT_S, started

LLAMA_LOCK = Path("/tmp/crosscheck-llama-cpp.lock")
pytestmark = pytest.mark.llm


@contextmanager
def only_llama_process() -> Iterator[None]:
    with LLAMA_LOCK.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # waits while another holder runs llama.cpp
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    """``python -m llama_cpp.server`` with the assembled GGUF; yields its OpenAI base URL."""
    gguf = assemble(QWEN_1_5B, Settings().models_dir)
    port = free_port()
    log_path = OUTPUT / f"llama-server-{port}.log"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "local",
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "1024", "--n_threads", "2"]
    with only_llama_process(), started(command, log_path) as process:
        base = f"http://127.0.0.1:{port}/v1"
        wait_until(lambda: httpx.get(f"{base}/models", timeout=2).status_code == 200, process, log_path,
                   "llama_cpp.server", START_TIMEOUT_S)
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
