"""Schemathesis against the service's own OpenAPI schema: no 5xx, no response that breaks the schema.

Runs on a fresh engine holding one small document, with a bounded number of
examples per operation so that it stays part of the default test run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.limits import install_limits
from core.settings import Settings
from index.embed import Embedder
from index.loaders import load_text
from rag.engine import Engine
from tests.robustness.conftest import engine_with


def _no_engine(_settings: Settings) -> Engine:
    raise RuntimeError("the fuzz_engine fixture attaches the engine")


DOC = {"source": "foundry.txt", "text": "The Lindqvist foundry cast 64 bells for the cathedral in 1897. "
       "Its furnace burned coke from the Tarvik mine."}


# The schema is read from the app at import time (schemathesis' lazy ``from_fixture`` loader does not work
# with pytest 9); the engine behind the app is attached by the fixture below, before any case runs.
app = create_app(Settings(data_dir=Path("unused-by-fuzzing")), engine_factory=_no_engine, background_start=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def fuzz_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    engine = engine_with(tmp_path_factory.mktemp("fuzz"), embedder, max_queued_answers=64)
    engine.ingestor.ingest(load_text(DOC["source"], DOC["text"]))
    app.state.settings = engine.settings
    install_limits(app.state, engine.settings)
    app.state.engine = engine
    app.state.ready.set()
    yield engine
    app.state.ready.clear()
    app.state.engine = None


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case: schemathesis.Case, fuzz_engine: Engine) -> None:
    case.call_and_validate(checks=CHECKS)


def test_the_fuzzed_index_is_still_consistent(fuzz_engine: Engine, tmp_path: Path) -> None:
    from tests.robustness.conftest import store_problems

    assert store_problems(fuzz_engine) == []
