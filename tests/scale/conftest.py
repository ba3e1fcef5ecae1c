"""Scale-out fixtures: a real ``chroma run`` server, engines on either store, real API processes.

The Chroma server runs once per session on 127.0.0.1 and a free port, with its
data in a temporary folder; every test gets a collection of its own on it. Logs
of the servers go to test-output/scale/ so a failure can be read afterwards.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.local_server import free_port, stop, wait_ready, wait_until
from core.settings import Settings
from index.embed import Embedder
from rag.engine import Engine
from rag.llm.models import QWEN_1_5B, assemble
from tests.conftest import DEMO, REPO

OUTPUT = REPO / "test-output" / "scale"
START_TIMEOUT_S = 240.0


def unique_collection() -> str:
    return f"t{uuid.uuid4().hex[:16]}"


@contextmanager
def started(command: list[str], log_path: Path, env: dict[str, str] | None = None,
            cwd: Path = REPO) -> Iterator[subprocess.Popen[bytes]]:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=cwd, stdout=log_file, stderr=subprocess.STDOUT, env=env)
        try:
            yield process
        finally:
            stop(process)


@dataclass(frozen=True)
class ChromaServer:
    host: str
    port: int

    def settings(self, data_dir: Path, **overrides: object) -> Settings:
        return Settings(data_dir=data_dir, chroma_mode="http", chroma_host=self.host,  # type: ignore[arg-type]
                        chroma_port=self.port, **overrides)


def chroma_executable() -> str:
    beside = Path(sys.executable).parent / "chroma"
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if found is None:
        raise RuntimeError("the `chroma` command (from the chromadb package) is not installed")
    return found


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """``chroma run`` on 127.0.0.1, up once its heartbeat answers; stopped at the end of the session."""
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log_path = OUTPUT / f"chroma-{port}.log"
    command = [chroma_executable(), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with started(command, log_path) as process:
        url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
        wait_until(lambda: httpx.get(url, timeout=2).status_code == 200, process, log_path, "chroma run",
                   START_TIMEOUT_S)
        yield ChromaServer("127.0.0.1", port)


STORE_MODES = ["embedded", "http"]


def engine_on(mode: str, data_dir: Path, request: pytest.FixtureRequest, embedder: Embedder) -> Engine:
    """An empty engine on embedded Chroma, or on the ``chroma run`` server (a fresh collection)."""
    collection = unique_collection()
    if mode == "http":
        server: ChromaServer = request.getfixturevalue("chroma_server")
        settings = server.settings(data_dir, collection=collection)
    else:
        settings = Settings(data_dir=data_dir, collection=collection)  # type: ignore[arg-type]
    return Engine.from_settings(settings, embedder=embedder)


@pytest.fixture(params=STORE_MODES)
def store_engine(request: pytest.FixtureRequest, tmp_path: Path, embedder: Embedder) -> Engine:
    """A fresh, empty engine per test, on each store."""
    return engine_on(request.param, tmp_path / "data", request, embedder)


@pytest.fixture(scope="module", params=STORE_MODES)
def demo_store_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Engine:
    """The demo corpus indexed once per module on each store; tests must not write to it."""
    engine = engine_on(request.param, tmp_path_factory.mktemp("demo-store"), request, embedder)
    engine.ingest_folder(DEMO, progress=False)
    return engine


def api_env(**settings: str) -> dict[str, str]:
    """The environment of an API subprocess: this machine's model paths, our settings, nothing else."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CROSSCHECK_") or k in ("CROSSCHECK_MODELS_DIR", "CROSSCHECK_EMBEDDING_MODEL")}
    env["HF_HUB_OFFLINE"] = "1"
    env["CROSSCHECK_LLM_BACKEND"] = "extractive"
    env.update({f"CROSSCHECK_{k.upper()}": v for k, v in settings.items()})
    return env


@contextmanager
def api_process(data_dir: Path, env: dict[str, str], name: str) -> Iterator[str]:
    """``python -m crosscheck serve`` on a free port; yields its base URL once /ready is 200."""
    port = free_port()
    log_path = OUTPUT / f"api-{name}-{port}.log"
    command = [sys.executable, "-m", "crosscheck", "serve", "--data-dir", str(data_dir), "--port", str(port)]
    with started(command, log_path, env) as process:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, process, log_path, START_TIMEOUT_S)
        yield base


LLAMA_LOCK = Path("/tmp/crosscheck-llama-cpp.lock")


@contextmanager
def only_llama_process() -> Iterator[None]:
    """Two llama.cpp processes on 2 cores collapse to ~1 token/s: hold a machine-wide lock while one runs."""
    with LLAMA_LOCK.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # waits while another holder runs llama.cpp
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def llama_server(name: str, n_ctx: int) -> Iterator[str]:
    """``python -m llama_cpp.server`` with the assembled GGUF; yields its OpenAI base URL."""
    gguf = assemble(QWEN_1_5B, Settings().models_dir)
    port = free_port()
    log_path = OUTPUT / f"{name}-{port}.log"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "local",
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", "2"]
    with only_llama_process(), started(command, log_path) as process:
        base = f"http://127.0.0.1:{port}/v1"
        wait_until(lambda: httpx.get(f"{base}/models", timeout=2).status_code == 200, process, log_path,
                   "llama_cpp.server", START_TIMEOUT_S)
        yield base
