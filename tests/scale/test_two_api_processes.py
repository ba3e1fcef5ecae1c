"""Stateless API: two real server processes share one Chroma server, and either one data directory
(SQLite, one host) or one PostgreSQL database (``CROSSCHECK_DATABASE_URL``, any number of hosts).

A document added through one process is answerable through the other, and a
delete through the second is seen by the first: each process rebuilds its
in-memory corpus snapshot (chunks + BM25) when the shared document table's
generation moves, and both query the same Chroma collection.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.scale.conftest import ChromaServer, api_env, api_process, unique_collection

NOTE = (
    "Harbour log of the Port of Velmora, 14 March.\n\n"
    "The ferry Albatross Queen left the Port of Velmora at 06:40 carrying 312 passengers. "
    "Harbour master Ilse Korhonen said the crossing to Tarn Island took four hours because of fog. "
    "The second ferry, Grey Heron, stayed in port for repairs to its starboard engine.\n"
)
QUESTION = "How many passengers did the Albatross Queen carry when it left the Port of Velmora?"


def ask(base: str, question: str) -> dict:
    response = httpx.post(f"{base}/ask", json={"question": question}, timeout=120)
    response.raise_for_status()
    body: dict = response.json()
    return body


def test_a_document_added_through_one_process_is_answerable_through_the_other(
    chroma_server: ChromaServer, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-data"
    env = api_env(chroma_mode="http", chroma_host=chroma_server.host, chroma_port=str(chroma_server.port),
                  collection=unique_collection())
    with api_process(shared, env, "a") as first, api_process(shared, env, "b") as second:
        before = ask(second, QUESTION)
        assert not any(c["source"] == "velmora.txt" for c in before["citations"])

        added = httpx.post(f"{first}/documents", json={"source": "velmora.txt", "text": NOTE}, timeout=120)
        assert added.status_code == 201, added.text
        doc_id = added.json()["id"]

        answer = ask(second, QUESTION)
        assert answer["answerable"], answer
        assert "312" in answer["answer"]
        cited = [c for c in answer["citations"] if c["source"] == "velmora.txt"]
        assert cited and all(c["doc_id"] == doc_id for c in cited)
        text = httpx.get(f"{second}/documents/{doc_id}/text", timeout=30).json()["text"]
        assert all(text[c["start"] : c["end"]] == c["quote"] for c in cited)

        assert httpx.delete(f"{second}/documents/{doc_id}", timeout=60).status_code == 200
        after = ask(first, QUESTION)
        assert not any(c["source"] == "velmora.txt" for c in after["citations"])
        assert httpx.get(f"{first}/documents/{doc_id}", timeout=30).status_code == 404


REPORT = (
    "Tarn Island Gazette, 15 March.\n\n"
    "The ferry Albatross Queen arrived at Tarn Island carrying 150 passengers, the island's port office said. "
    "Islanders said the crossing took two hours.\n"
)


def disputes_citing(base: str, doc_id: str) -> list[dict]:
    body = httpx.get(f"{base}/contradictions", timeout=60).json()
    return [d for d in body["contradictions"] if any(c["doc_id"] == doc_id for c in d["claims"])]


def test_two_workers_on_one_postgres_and_one_chroma_server_share_uploads_deletes_and_the_map(
    chroma_server: ChromaServer, postgres_url: str, tmp_path: Path
) -> None:
    """Scale-out across machines: no shared data directory, only PostgreSQL and a Chroma server."""
    env = api_env(chroma_mode="http", chroma_host=chroma_server.host, chroma_port=str(chroma_server.port),
                  collection=unique_collection(), database_url=postgres_url)
    with api_process(tmp_path / "worker-a", env, "pg-a") as first, api_process(tmp_path / "worker-b", env,
                                                                               "pg-b") as second:
        added = httpx.post(f"{first}/documents", json={"source": "velmora.txt", "text": NOTE}, timeout=120)
        assert added.status_code == 201, added.text
        doc_id = added.json()["id"]
        answer = ask(second, QUESTION)
        assert answer["answerable"] and "312" in answer["answer"], answer
        assert any(c["doc_id"] == doc_id for c in answer["citations"])

        report = httpx.post(f"{second}/documents", json={"source": "gazette.txt", "text": REPORT}, timeout=120)
        assert report.status_code == 201, report.text
        # The map is shared too: the first worker sees the dispute the second one's upload created.
        assert disputes_citing(first, doc_id), "the 312 / 150 passengers dispute is in the shared map"

        assert httpx.delete(f"{second}/documents/{doc_id}", timeout=60).status_code == 200
        after = ask(first, QUESTION)
        assert not any(c["doc_id"] == doc_id for c in after["citations"])
        assert httpx.get(f"{first}/documents/{doc_id}", timeout=30).status_code == 404
        assert disputes_citing(first, doc_id) == []
    for worker in ("worker-a", "worker-b"):
        assert not (tmp_path / worker / "documents.sqlite3").exists(), "the document table lives in PostgreSQL"
