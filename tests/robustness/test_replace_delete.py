"""Idempotent re-uploads, atomic replacement under concurrent questions, and deletion from everywhere."""

from __future__ import annotations

import json
import threading
import time

from fastapi.testclient import TestClient

from rag.engine import Engine
from tests.robustness.conftest import assert_empty, http_client, store_problems

MARKERS = ("zephyrine", "quorvanth")


def bulletin(marker: str) -> str:
    """A document long enough for several chunks, with the version's marker word in every sentence."""
    sentences = [
        f"The {marker} ferry leaves the northern harbour at dawn on weekdays.",
        f"Passengers for the {marker} crossing should arrive twenty minutes early.",
        f"The {marker} timetable changes when the spring storms arrive.",
        f"Cars board the {marker} ferry through the stern ramp.",
        f"Tickets for the {marker} route are sold at the harbour office.",
        f"The {marker} ferry returns from the island in the late afternoon.",
        f"Bicycles travel free on the {marker} service during the summer.",
        f"The captain of the {marker} ferry announces delays on the radio.",
    ]
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    return "Harbour bulletin\n\n" + "\n\n".join(p + " " + p.replace("The ", "This week the ", 1) for p in paragraphs)


def quoted_from(body: dict, source: str) -> list[tuple[str, str]]:
    items = list(body.get("citations", [])) + list(body.get("passages", []))
    return [(c["doc_id"], c["quote"]) for c in items if c["source"] == source]


def test_same_content_is_idempotent_and_returns_the_existing_id(fresh_client: TestClient,
                                                                fresh_engine: Engine) -> None:
    data = b"The Ormsby bridge opened to traffic in 1932 after six years of work."
    first = fresh_client.post("/documents", files={"file": ("bridge.txt", data, "text/plain")})
    assert first.status_code == 201 and first.json()["status"] == "created"
    state = (fresh_engine.doctable.counts("default"), fresh_engine.store.count("default"))
    for name in ("bridge.txt", "copy-of-bridge.txt"):
        again = fresh_client.post("/documents", files={"file": (name, data, "text/plain")})
        assert again.status_code == 200, again.text
        assert again.json()["status"] == "unchanged" and again.json()["id"] == first.json()["id"]
        assert again.json()["source"] == "bridge.txt"
    same_json = fresh_client.post("/documents", json={"source": "bridge.txt", "text": data.decode()})
    assert same_json.status_code == 200 and same_json.json()["id"] == first.json()["id"]
    assert (fresh_engine.doctable.counts("default"), fresh_engine.store.count("default")) == state
    assert store_problems(fresh_engine) == []


def test_replacement_is_atomic_for_concurrent_questions(fresh_engine: Engine) -> None:
    texts = [bulletin(m) for m in MARKERS]
    seen_versions: set[str] = set()
    failures: list[str] = []
    answered = 0
    stop = threading.Event()

    with http_client(fresh_engine, raise_server_exceptions=True) as client:
        client.post("/documents", json={"source": "weather.txt", "text": "Storms close the northern harbour "
                                        "twice each winter. The harbour office posts warnings at noon."})
        ids = []
        for text in texts:  # learn both version ids, leave version 0 live
            ids.append(client.post("/documents", json={"source": "bulletin.txt", "text": text}).json()["id"])
        client.post("/documents", json={"source": "bulletin.txt", "text": texts[0]})
        assert fresh_engine.doctable.get("default", ids[0]).chunk_count >= 2  # a mix is possible at all

        def check(body: dict) -> None:
            found = quoted_from(body, "bulletin.txt")
            doc_ids = {doc_id for doc_id, _ in found}
            markers = {m for _, quote in found for m in MARKERS if m in quote}
            if len(doc_ids) > 1 or len(markers) > 1 or not doc_ids <= set(ids):
                failures.append(f"mixed versions: doc_ids={doc_ids} markers={markers}")
            for doc_id, quote in found:
                version = ids.index(doc_id) if doc_id in ids else -1
                if version >= 0 and MARKERS[1 - version] in quote:
                    failures.append(f"quote of {MARKERS[1 - version]} attributed to version {version}")
            seen_versions.update(markers)

        def asker(n: int) -> None:
            nonlocal answered
            questions = ["When does the ferry leave the northern harbour?",
                         "Where are tickets for the ferry route sold?",
                         "Do bicycles travel free on the ferry?"]
            i = 0
            while not stop.is_set():
                question = questions[(i + n) % len(questions)]
                i += 1
                if n == 0 and i % 2:  # one thread asks through the stream
                    response = client.post("/ask/stream", json={"question": question})
                    assert response.status_code == 200
                    events = _sse(response.text)
                    body = {"citations": events.get("citations", [])}
                else:
                    response = client.post("/ask", json={"question": question})
                    if response.status_code != 200:
                        failures.append(f"/ask answered {response.status_code}: {response.text[:200]}")
                        continue
                    body = response.json()
                check(body)
                answered += 1

        threads = [threading.Thread(target=asker, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        try:
            for round_ in range(12):
                response = client.post("/documents", json={"source": "bulletin.txt", "text": texts[(round_ + 1) % 2]})
                assert response.status_code == 201 and response.json()["status"] == "replaced", response.text
                time.sleep(0.05)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)

    assert failures == []
    assert answered >= 10, f"only {answered} questions were answered during the replacements"
    assert seen_versions == set(MARKERS), "the askers should have seen both versions at different times"
    assert store_problems(fresh_engine) == []
    live = [d for d in fresh_engine.doctable.list("default") if d.source == "bulletin.txt"]
    assert [d.id for d in live] == [ids[0]]  # 12 replacements from version 0 end on version 0
    assert fresh_engine.store.doc_ids("default") == {d.id for d in fresh_engine.doctable.list("default")}


def _sse(text: str) -> dict[str, object]:
    events: dict[str, object] = {}
    kind = None
    for line in text.splitlines():
        if line.startswith("event:"):
            kind = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and kind:
            events[kind] = json.loads(line.split(":", 1)[1].strip())
    return events


def test_deletion_removes_the_document_everywhere(fresh_client: TestClient, fresh_engine: Engine) -> None:
    keep = fresh_client.post("/documents", json={
        "source": "ministry.txt",
        "text": "The ministry said the Tarvik plant produced 420 turbines in 2024. Officials confirmed the figure."})
    gone = fresh_client.post("/documents", json={
        "source": "leak.txt",
        "text": "A leaked memo says the Tarvik plant produced 900 turbines in 2024. The memo mentions glimmerwick."})
    assert keep.status_code == gone.status_code == 201
    gone_id = gone.json()["id"]
    snapshot = fresh_engine.corpus.get("default")
    assert snapshot.bm25("glimmerwick", 5)  # BM25 knows the word before the delete

    assert gone_id in fresh_engine.contradiction_map.store.mapped_documents("default")

    response = fresh_client.delete(f"/documents/{gone_id}")
    assert response.status_code == 200 and response.json() == {"deleted": gone_id}

    assert fresh_engine.doctable.get("default", gone_id) is None                      # document table
    assert gone_id not in fresh_engine.store.doc_ids("default")                       # vectors
    assert fresh_engine.corpus.get("default").bm25("glimmerwick", 5) == []            # BM25 snapshot
    assert all(c.doc_id != gone_id for c in fresh_engine.corpus.get("default").chunks)
    assert fresh_client.get(f"/documents/{gone_id}").status_code == 404
    assert fresh_client.get(f"/documents/{gone_id}/text").status_code == 404
    assert fresh_client.delete(f"/documents/{gone_id}").status_code == 404
    body = fresh_client.post("/ask", json={"question": "How many turbines did the Tarvik plant produce?"}).json()
    assert all(c["doc_id"] != gone_id for c in body["citations"] + body["passages"])
    assert "900" not in body["answer"]
    for contradiction in body["contradictions"]:
        assert all(claim["source"] != "leak.txt" for claim in contradiction["claims"])
    # The contradiction map (issue 4): the engine's map must have forgotten the document, and so must
    # GET /contradictions when that route is mounted.

    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None, "the engine has no contradiction map"
    assert gone_id not in contradiction_map.store.mapped_documents("default")
    assert keep.json()["id"] in contradiction_map.store.mapped_documents("default")
    assert all(gone_id not in (c.a.doc_id, c.b.doc_id) for c in contradiction_map.conflicts("default"))
    if any(getattr(route, "path", None) == "/contradictions" for route in fresh_client.app.routes):
        listing = fresh_client.get("/contradictions")
        assert listing.status_code == 200, listing.text
        assert gone_id not in listing.text and "leak.txt" not in listing.text
    assert store_problems(fresh_engine) == []

    fresh_client.delete(f"/documents/{keep.json()['id']}")
    assert_empty(fresh_engine)
