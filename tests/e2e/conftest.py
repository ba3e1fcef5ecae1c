"""One real server for the whole end-to-end session.

``python -m crosscheck serve --demo corpus/demo`` runs as a subprocess on 127.0.0.1
with a data directory of its own; tests reach it only over HTTP (httpx, the
``openai`` client, headless Chromium). Its log goes to test-output/e2e/ so a
failure can be read after the fact.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.local_server import free_port, stop, wait_ready
from tests.conftest import DEMO, REPO

OUTPUT = REPO / "test-output" / "e2e"
START_TIMEOUT_S = 240.0
# Model locations are machine facts; everything else about the server is set here.
_PASSED_SETTINGS = ("CROSSCHECK_MODELS_DIR", "CROSSCHECK_EMBEDDING_MODEL")


def _server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSCHECK_") or k in _PASSED_SETTINGS}
    env["CROSSCHECK_LLM_BACKEND"] = "extractive"  # the default the suite asserts on; fast and deterministic
    env["HF_HUB_OFFLINE"] = "1"
    return env


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, output_dir: Path) -> Iterator[str]:
    """Base URL of a real uvicorn serving the demo corpus; stopped at the end of the session."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    data_dir = tmp_path_factory.mktemp("e2e-data")
    log_path = output_dir / "server.log"
    command = [sys.executable, "-m", "crosscheck", "serve", "--demo", str(DEMO), "--data-dir", str(data_dir),
               "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=_server_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_ready(base_url, process, log_path, START_TIMEOUT_S)
        yield base_url
    finally:
        stop(process, grace=15)


@pytest.fixture(scope="session")
def http(live_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=120) as client:
        yield client
