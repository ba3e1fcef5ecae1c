"""Collections are isolated: no question asked in one ever cites a document of another."""

from __future__ import annotations

from fastapi.testclient import TestClient

from rag.engine import Engine
from tests.robustness.conftest import store_problems

# Both documents are about the same subject, so that only isolation, not relevance, keeps them apart.
DOC_A = ("Harbour report A\n\nThe Tarvik harbour handled 4,100 ships in 2023. The Tarvik harbour master said "
         "dredging finished in March. Fishing boats in Tarvik land cod and herring. The Tarvik ferry runs hourly.")
DOC_B = ("Harbour report B\n\nThe Tarvik harbour handled 9,700 ships in 2023. The Tarvik harbour master said "
         "dredging finished in October. Fishing boats in Tarvik land mackerel and crab. The Tarvik ferry runs daily.")
QUESTIONS = [
    "How many ships did the Tarvik harbour handle in 2023?",
    "When did dredging finish in Tarvik?",
    "What do fishing boats in Tarvik land?",
    "How often does the Tarvik ferry run?",
    "What did the harbour master say?",
    "Tarvik harbour",
    "ships",
    "What is the capital of Australia?",
]


def test_no_question_in_one_collection_cites_another(fresh_client: TestClient, fresh_engine: Engine) -> None:
    a = fresh_client.post("/documents?collection=a", json={"source": "report.txt", "text": DOC_A})
    b = fresh_client.post("/documents?collection=b", json={"source": "report.txt", "text": DOC_B})
    assert a.status_code == b.status_code == 201, (a.text, b.text)
    ids = {"a": a.json()["id"], "b": b.json()["id"]}
    assert ids["a"] != ids["b"]

    for own, other in (("a", "b"), ("b", "a")):
        cited_own = 0
        for question in QUESTIONS:
            # top_k 50 retrieves every passage there is: the other collection's would surely show up.
            body = fresh_client.post("/ask", json={"question": question, "collection": own, "top_k": 50}).json()
            quoted = body["citations"] + body["passages"] + [
                claim for c in body["contradictions"] for claim in c["claims"]]
            assert all(item.get("doc_id") != ids[other] for item in quoted), (own, question)
            assert not any(("9,700" if own == "a" else "4,100") in s["text"] for s in body["sentences"])
            cited_own += sum(1 for c in body["citations"] if c["doc_id"] == ids[own])
        for question in QUESTIONS[:2]:
            stream = fresh_client.post("/ask/stream", json={"question": question, "collection": own})
            assert stream.status_code == 200 and ids[other] not in stream.text and ids[own] in stream.text
        assert cited_own > 0
        # Listing, reading and deleting are scoped the same way.
        listed = fresh_client.get(f"/documents?collection={own}").json()["documents"]
        assert [d["id"] for d in listed] == [ids[own]]
        assert fresh_client.get(f"/documents/{ids[other]}?collection={own}").status_code == 404
        assert fresh_client.get(f"/documents/{ids[other]}/text?collection={own}").status_code == 404
        assert fresh_client.delete(f"/documents/{ids[other]}?collection={own}").status_code == 404

    # The default collection sees neither.
    body = fresh_client.post("/ask", json={"question": QUESTIONS[0]}).json()
    assert body["citations"] == [] and not body["answerable"]
    assert fresh_client.get("/documents").json()["documents"] == []
    for name in ("a", "b"):
        assert store_problems(fresh_engine, name) == []


def test_collection_names_are_validated(fresh_client: TestClient) -> None:
    for bad in ("../a", "a b", "x" * 49, "a/b", "", "é"):
        response = fresh_client.post("/ask", json={"question": "anything?", "collection": bad})
        assert response.status_code == 422 or (bad == "" and response.status_code == 200), (bad, response.text)
    response = fresh_client.post("/documents?collection=../../x", json={"source": "a.txt", "text": DOC_A})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_collection"
