"""The contradiction map follows ingestion: adds, deletes, restarts, crashes, a second reader, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.loaders import load_text
from rag.conflicts.cli import show_contradictions
from rag.conflicts.pairs import PairLimits, lsh_keys
from rag.conflicts.service import contradiction_map_of, open_map
from rag.engine import Engine

DENIAL = ("Officials in Valmora said on Monday that Karvia has never supplied combat drones to the northern "
          "militia, and called the reports baseless.")
REPORT = ("Customs records show that Karvia supplied hundreds of combat drones to the northern militia this "
          "spring, the Ledger reported.")
UNRELATED = "The harbour of Brindisi reopened on Tuesday after a week of storms closed it to ferries."


def ingest(engine: Engine, source: str, text: str) -> str:
    return engine.ingestor.ingest(load_text(source, text)).doc_id


def test_map_follows_adds_and_deletes(fresh_engine: Engine) -> None:
    contradiction_map = contradiction_map_of(fresh_engine)
    assert contradiction_map is not None
    denial = ingest(fresh_engine, "valmora.txt", DENIAL)
    harbour = ingest(fresh_engine, "harbour.txt", UNRELATED)
    assert contradiction_map.conflicts("default") == []
    report = ingest(fresh_engine, "ledger.txt", REPORT)
    found = contradiction_map.conflicts("default")
    assert found and all({c.a.doc_id, c.b.doc_id} == {denial, report} for c in found)
    conflict = found[0]
    for claim in (conflict.a, conflict.b):
        text = fresh_engine.doctable.get("default", claim.doc_id).text  # type: ignore[union-attr]
        assert text[claim.start : claim.end] == claim.text
    assert {conflict.a.speaker, conflict.b.speaker} >= {"the Ledger"}
    assert conflict.judge and 0 < conflict.confidence <= 1 and "denies" in conflict.explanation
    assert contradiction_map.conflicts("default", source="harbour.txt") == []
    # Looked up by claim, from either side: what an answer uses to find further voices.
    for claim in (conflict.a, conflict.b):
        (mapped,) = contradiction_map.mapped_claims_by_id("default", [claim.id])
        assert (conflict.a.id, conflict.b.id) in {(c.a.id, c.b.id) for c in
                                                  contradiction_map.conflicts_with("default", [mapped])}
    harbour_claims = contradiction_map.mapped_claims("default", [harbour])
    assert harbour_claims and contradiction_map.conflicts_with("default", harbour_claims) == []
    assert fresh_engine.ingestor.delete("default", report)
    assert contradiction_map.conflicts("default") == []


def test_map_survives_restart_and_is_seen_by_a_second_reader(fresh_engine: Engine, tmp_path: Path) -> None:
    ingest(fresh_engine, "valmora.txt", DENIAL)
    ingest(fresh_engine, "ledger.txt", REPORT)
    found = len(contradiction_map_of(fresh_engine).conflicts("default"))  # type: ignore[union-attr]
    reader = open_map(fresh_engine.settings, lambda: fresh_engine.embedder)
    assert found >= 1 and len(reader.conflicts("default")) == found
    restarted = Engine.from_settings(fresh_engine.settings, embedder=fresh_engine.embedder)
    assert len(contradiction_map_of(restarted).conflicts("default")) == found  # type: ignore[union-attr]


def test_reconcile_maps_documents_published_while_the_map_was_not_listening(fresh_engine: Engine) -> None:
    contradiction_map = contradiction_map_of(fresh_engine)
    assert contradiction_map is not None
    ingest(fresh_engine, "valmora.txt", DENIAL)
    report = ingest(fresh_engine, "ledger.txt", REPORT)
    contradiction_map.store.remove_document("default", report)  # as if the process died after publishing
    assert contradiction_map.conflicts("default") == []
    assert contradiction_map.reconcile(fresh_engine.doctable) == 1
    found = len(contradiction_map.conflicts("default"))
    assert found >= 1
    contradiction_map.store.set_meta("version", "an older judge")
    assert contradiction_map.reconcile(fresh_engine.doctable) == 2  # rebuilt under the current judge
    assert len(contradiction_map.conflicts("default")) == found


def test_a_failing_map_update_never_fails_the_ingest(fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    contradiction_map = contradiction_map_of(fresh_engine)
    assert contradiction_map is not None

    def broken(document: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(contradiction_map, "add", broken)
    doc_id = ingest(fresh_engine, "valmora.txt", DENIAL)
    assert fresh_engine.doctable.get("default", doc_id) is not None
    assert doc_id not in contradiction_map.store.mapped_documents("default")


def test_cli_prints_a_table_and_json(fresh_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    ingest(fresh_engine, "valmora.txt", DENIAL)
    ingest(fresh_engine, "ledger.txt", REPORT)
    assert show_contradictions(fresh_engine.settings) == 0
    table = capsys.readouterr().out
    assert "contradictions among 2 documents" in table and "the Ledger" in table
    assert show_contradictions(fresh_engine.settings, source="ledger.txt", as_json=True) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["contradictions"]
    for item in body["contradictions"]:
        assert {c["source"] for c in item["claims"]} == {"valmora.txt", "ledger.txt"}
    assert show_contradictions(fresh_engine.settings, source="missing.txt") == 1


def test_pair_generation_is_bounded_per_claim() -> None:
    limits = PairLimits()
    assert limits.shortlist <= 100 and limits.postings_per_key <= 100 and limits.neighbours <= 40
    import numpy as np

    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    assert lsh_keys(vector) == lsh_keys(vector.copy()) and len(lsh_keys(vector)) == 8


def test_scaling_benchmark_runs_standalone() -> None:
    from benchmarks.contradiction_map_scaling import build, generate_documents

    documents = generate_documents(5)
    assert len({d.id for d in documents}) == 5
    small = build(5, real_embedder=False, nli=False)
    larger = build(40, real_embedder=False, nli=False)
    assert small["claims"] > 0 and larger["conflicts"] > 0
