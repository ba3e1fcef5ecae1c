"""Shared fixtures: the real embedding model, loaded once, and a real index of the demo corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from index.embed import Embedder
from rag.engine import Engine
from tests import postgres

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpus" / "demo"


@pytest.fixture(scope="session")
def postgres_base_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (``tests/postgres.py``). Issue 20's checks need it, so a
    machine without PostgreSQL fails these tests unless CROSSCHECK_TEST_WITHOUT_POSTGRES=1 says to skip them."""
    if postgres.binaries() is None:
        message = ("PostgreSQL is not installed (initdb and pg_ctl not found): scripts/setup.sh --dev installs it, "
                   "or set CROSSCHECK_TEST_WITHOUT_POSTGRES=1 to skip the PostgreSQL tests")
        if os.environ.get("CROSSCHECK_TEST_WITHOUT_POSTGRES") == "1":
            pytest.skip(message)
        pytest.fail(message)
    with postgres.postgres_server(REPO / "test-output" / "postgres") as base_url:
        yield base_url


@pytest.fixture()
def postgres_url(postgres_base_url: str) -> str:
    """An empty database of its own on the session's PostgreSQL server."""
    return postgres.create_database(postgres_base_url)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder.from_settings(Settings())


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    return Settings(data_dir=data_dir, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def demo_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Engine:
    """A real index (embedded Chroma + SQLite) of the five demo articles, shared read-only."""
    engine = Engine.from_settings(make_settings(tmp_path_factory.mktemp("demo-index")), embedder=embedder)
    engine.ingest_folder(DEMO, progress=False)
    return engine


@pytest.fixture()
def fresh_engine(tmp_path: Path, embedder: Embedder) -> Engine:
    """An empty index of its own, for tests that write."""
    return Engine.from_settings(make_settings(tmp_path / "index"), embedder=embedder)


def client_for(engine: Engine) -> TestClient:
    app = create_app(engine.settings, engine_factory=lambda _settings: engine, background_start=False)
    return TestClient(app)


@pytest.fixture(scope="session")
def demo_client(demo_engine: Engine) -> Iterator[TestClient]:
    with client_for(demo_engine) as client:
        yield client


@pytest.fixture()
def fresh_client(fresh_engine: Engine) -> Iterator[TestClient]:
    with client_for(fresh_engine) as client:
        yield client
