"""GET /contradictions: the corpus map over HTTP, verbatim and filterable; errors as JSON."""

from __future__ import annotations

from fastapi.testclient import TestClient

DENIAL = ("Officials in Valmora said on Monday that Karvia has never supplied combat drones to the northern "
          "militia, and called the reports baseless.")
REPORT = ("Customs records show that Karvia supplied hundreds of combat drones to the northern militia this "
          "spring, the Ledger reported.")


def test_demo_contradictions_are_verbatim_and_attributed(demo_client: TestClient) -> None:
    response = demo_client.get("/contradictions")
    assert response.status_code == 200
    items = response.json()["contradictions"]
    assert len(items) >= 20
    texts: dict[str, str] = {}
    for item in items:
        assert item["topic"] and item["explanation"] and item["judge"] and 0 < item["confidence"] <= 1
        assert len(item["claims"]) == 2
        assert item["claims"][0]["speaker"] != item["claims"][1]["speaker"]
        for claim in item["claims"]:
            assert claim["citation"] is None and claim["quote"] == claim["text"]
            if claim["doc_id"] not in texts:
                texts[claim["doc_id"]] = demo_client.get(f"/documents/{claim['doc_id']}/text").json()["text"]
            assert texts[claim["doc_id"]][claim["start"] : claim["end"]] == claim["quote"]


def test_source_filter_and_errors(demo_client: TestClient) -> None:
    source = "002_86393d9dbeceabfc.txt"
    items = demo_client.get("/contradictions", params={"source": source}).json()["contradictions"]
    assert items and all(source in {c["source"] for c in item["claims"]} for item in items)
    missing = demo_client.get("/contradictions", params={"source": "nope.txt"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "source_not_found"
    bad = demo_client.get("/contradictions", params={"collection": "no such collection!"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_collection"
    assert demo_client.get("/contradictions", params={"collection": "empty"}).json() == {"contradictions": []}


def test_uploads_and_deletes_update_the_map(fresh_client: TestClient) -> None:
    assert fresh_client.get("/contradictions").json() == {"contradictions": []}
    first = fresh_client.post("/documents", json={"source": "valmora.txt", "text": DENIAL}).json()
    second = fresh_client.post("/documents", json={"source": "ledger.txt", "text": REPORT}).json()
    items = fresh_client.get("/contradictions").json()["contradictions"]
    assert items and all({c["doc_id"] for c in item["claims"]} == {first["id"], second["id"]} for item in items)
    fresh_client.delete(f"/documents/{second['id']}")
    assert fresh_client.get("/contradictions").json() == {"contradictions": []}
