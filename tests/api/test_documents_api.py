"""POST /documents: uploads and JSON, idempotence, replacement, refusals that leave nothing behind."""

from __future__ import annotations

from fastapi.testclient import TestClient

from rag.engine import Engine


def test_json_document_is_answerable_and_idempotent(fresh_client: TestClient, fresh_engine: Engine) -> None:
    doc = {"source": "memo.txt", "text": "The Zorblat factory in Tallinn produced 420 drones in 2024.",
           "metadata": {"title": "Memo"}}
    first = fresh_client.post("/documents", json=doc)
    assert first.status_code == 201 and first.json()["status"] == "created"
    again = fresh_client.post("/documents", json=doc)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    body = fresh_client.post("/ask", json={"question": "How many drones did the Zorblat factory produce?"}).json()
    assert body["answerable"] and "420" in body["answer"]
    assert fresh_client.get(f"/documents/{first.json()['id']}").json()["title"] == "Memo"


def test_multipart_upload_and_delete(fresh_client: TestClient, fresh_engine: Engine) -> None:
    body = b"# Report\n\nThe harbour of Brindisi closed on Tuesday."
    files = {"file": ("../../etc/report.md", body, "text/markdown")}
    uploaded = fresh_client.post("/documents", files=files)
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["source"] == "report.md"
    doc_id = uploaded.json()["id"]
    assert fresh_client.delete(f"/documents/{doc_id}").json() == {"deleted": doc_id}
    assert fresh_engine.doctable.counts("default") == (0, 0)
    assert fresh_engine.store.count("default") == 0


def test_refused_uploads_leave_nothing_behind(fresh_client: TestClient, fresh_engine: Engine) -> None:
    cases = [
        ({"file": ("x.exe", b"MZ\x90\x00binary", "application/octet-stream")}, 415),
        ({"file": ("empty.txt", b"", "text/plain")}, 422),
        ({"file": ("garbage.txt", bytes(range(256)) * 8, "text/plain")}, 422),
        ({"file": ("fake.pdf", b"%PDF-1.4 not really a pdf", "application/pdf")}, 422),
    ]
    for files, status in cases:
        response = fresh_client.post("/documents", files=files)
        assert response.status_code == status, (files["file"][0], response.text)
        assert response.json()["error"]["message"]
    assert fresh_engine.doctable.counts("default") == (0, 0)
    assert fresh_engine.store.count("default") == 0 and fresh_engine.doctable.journal() == []
