"""Helpers for the robustness suite: engines with custom settings and a store-wide consistency check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from index.consistency import consistency_problems
from index.embed import Embedder
from rag.engine import Engine


def engine_with(data_dir: Path, embedder: Embedder, **overrides: object) -> Engine:
    return Engine.from_settings(Settings(data_dir=data_dir, **overrides), embedder=embedder)  # type: ignore[arg-type]


def http_client(engine: Engine, raise_server_exceptions: bool = False) -> TestClient:
    """A client on ``engine`` that shows a server failure as the 500 response a user would get."""
    app = create_app(engine.settings, engine_factory=lambda _settings: engine, background_start=False)
    return TestClient(app, raise_server_exceptions=raise_server_exceptions)


def store_problems(engine: Engine, collection: str = "default") -> list[str]:
    """Everything that makes the index inconsistent (see ``index.consistency``); empty means consistent."""
    return consistency_problems(engine.doctable, engine.store, collection)


def assert_empty(engine: Engine, collection: str = "default") -> None:
    assert engine.doctable.counts(collection) == (0, 0)
    assert engine.store.count(collection) == 0
    assert engine.doctable.journal() == []
    assert len(engine.corpus.get(collection)) == 0


@pytest.fixture()
def make_client(tmp_path: Path, embedder: Embedder) -> Iterator:
    """Build a client on a fresh engine with the given settings: ``make_client(read_api_keys=[...])``."""
    clients: list[TestClient] = []

    def build(**overrides: object) -> tuple[TestClient, Engine]:
        engine = engine_with(tmp_path / f"index{len(clients)}", embedder, **overrides)
        client = http_client(engine)
        client.__enter__()
        clients.append(client)
        return client, engine

    yield build
    for client in clients:
        client.__exit__(None, None, None)


class LiveServer:
    """A real uvicorn on 127.0.0.1 in a background thread, for tests that need real sockets."""

    def __init__(self, app: object) -> None:
        import socket
        import threading

        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def _module_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[tuple[TestClient, Engine]]:
    engine = engine_with(tmp_path_factory.mktemp("shared-index"), embedder)
    with http_client(engine) as client:
        yield client, engine


@pytest.fixture()
def shared(_module_engine: tuple[TestClient, Engine]) -> Iterator[tuple[TestClient, Engine]]:
    """One engine per module for many small cases; every document is deleted again after each test."""
    client, engine = _module_engine
    yield client, engine
    for collection in engine.doctable.collections():
        for document in engine.doctable.list(collection):
            engine.ingestor.delete(collection, document.id)
    assert_empty(engine)
