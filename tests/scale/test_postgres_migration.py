"""``crosscheck db migrate``: an embedded data directory moves into a real PostgreSQL server, whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from crosscheck.cli import main
from index.doctable import DocTable
from index.embed import Embedder
from rag.engine import Engine
from rag.schemas import AskRequest
from tests.conftest import client_for
from tests.scale.test_two_api_processes import NOTE, QUESTION, REPORT


def test_a_data_directory_migrates_to_postgres_with_its_documents_journal_and_map(
    postgres_url: str, tmp_path: Path, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    embedded = Engine.from_settings(Settings(data_dir=data_dir), embedder=embedder)
    with client_for(embedded) as client:
        for source, text in (("velmora.txt", NOTE), ("gazette.txt", REPORT)):
            assert client.post("/documents", json={"source": source, "text": text}).status_code == 201
    documents = embedded.doctable.list("default")
    disputes = embedded.contradiction_map.disputes("default") if embedded.contradiction_map else []
    assert len(documents) == 2 and disputes, "the two reports disagree on the number of passengers"

    # A worker started on the empty database first has written the map's version: that must not block the copy.
    Engine.from_settings(Settings(data_dir=tmp_path / "early-worker", database_url=postgres_url), embedder=embedder)
    assert main(["db", "migrate", "--from", f"sqlite://{data_dir}", "--to", postgres_url]) == 0
    out = capsys.readouterr().out
    assert "documents                  2 -> 2" in out and "MISMATCH" not in out
    assert "every collection consistent with its vectors" in out

    moved = Engine.from_settings(Settings(data_dir=data_dir, database_url=postgres_url), embedder=embedder)
    assert moved.doctable.list("default") == documents
    assert moved.doctable.generation("default") == embedded.doctable.generation("default")
    assert moved.contradiction_map is not None
    assert [d.proposition for d in moved.contradiction_map.disputes("default")] == [d.proposition for d in disputes]
    answer = moved.pipeline.run(AskRequest(question=QUESTION))
    assert answer.answerable and "312" in answer.answer

    # New claims after the copy get new row ids: the identity counters continue after the copied ones.
    claims_before = moved.contradiction_map.store.claim_count("default")
    with client_for(moved) as client:
        more = NOTE.replace("312", "298").replace("Albatross Queen", "Grey Heron")
        added = client.post("/documents", json={"source": "later.txt", "text": more})
        assert added.status_code == 201
    assert len(moved.doctable.list("default")) == 3
    # The map took the new document's claims: a clash of row ids would have failed its update (logged only).
    assert moved.contradiction_map.store.is_mapped("default", added.json()["id"])
    assert moved.contradiction_map.store.claim_count("default") > claims_before
    capsys.readouterr()

    # A second copy into the same database is refused: it already holds documents.
    assert main(["db", "migrate", "--from", str(data_dir), "--to", postgres_url]) == 1
    assert "already has rows" in capsys.readouterr().err


def test_db_check_reports_a_consistent_store(tmp_path: Path, embedder: Embedder,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "data"
    engine = Engine.from_settings(Settings(data_dir=data_dir), embedder=embedder)
    with client_for(engine) as client:
        assert client.post("/documents", json={"source": "velmora.txt", "text": NOTE}).status_code == 201
    assert main(["db", "check", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.strip() == "consistent"


def test_migrate_names_what_is_wrong_with_its_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "migrate", "--from", str(tmp_path), "--to", "postgresql://nobody@127.0.0.1:1/x"]) == 1
    assert "no documents.sqlite3" in capsys.readouterr().err
    assert main(["db", "migrate", "--from", str(tmp_path), "--to", "mysql://somewhere/x"]) == 2
    assert "--to must be a postgresql:// URL" in capsys.readouterr().err


def test_a_data_directory_with_unfinished_writes_is_not_migrated(postgres_url: str, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    table = DocTable(tmp_path / "data" / "documents.sqlite3")
    table.journal_add("default", "half-written", "add")   # what a killed ingest leaves
    assert main(["db", "migrate", "--from", str(tmp_path / "data"), "--to", postgres_url]) == 1
    assert "unfinished writes" in capsys.readouterr().err
