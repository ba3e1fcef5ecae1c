"""GET /contradictions: disputes over HTTP, verbatim, filterable and paged; errors as JSON."""

from __future__ import annotations

from fastapi.testclient import TestClient

DENIAL = ("Officials in Valmora said on Monday that Karvia has never supplied combat drones to the northern "
          "militia, and called the reports baseless.")
REPORT = ("Customs records show that Karvia supplied hundreds of combat drones to the northern militia this "
          "spring, the Ledger reported.")


def test_demo_disputes_are_verbatim_attributed_and_sided(demo_client: TestClient) -> None:
    response = demo_client.get("/contradictions")
    assert response.status_code == 200
    body = response.json()
    items = body["contradictions"]
    assert items and body["total"] == len(items)
    texts: dict[str, str] = {}

    def verbatim(claim: dict) -> None:  # type: ignore[type-arg]
        assert claim["citation"] is None and claim["quote"] == claim["text"] and claim["speaker"]
        if claim["doc_id"] not in texts:
            texts[claim["doc_id"]] = demo_client.get(f"/documents/{claim['doc_id']}/text").json()["text"]
        assert texts[claim["doc_id"]][claim["start"] : claim["end"]] == claim["quote"]

    for item in items:
        assert item["topic"] and item["explanation"] and item["judge"] and 0 < item["confidence"] <= 1
        assert item["proposition"] and item["sources"]["affirms"] >= 1 and item["sources"]["denies"] >= 1
        for claim in item["claims"]:
            verbatim(claim)
            assert claim["stance"] in ("affirms", "denies", "no_evidence")
            assert claim["side"] == (0 if claim["stance"] == "affirms" else 1)
        for pair in item["pairs"]:
            assert len(pair["claims"]) == 2 and pair["claims"][0]["speaker"] != pair["claims"][1]["speaker"]
            assert {c["side"] for c in pair["claims"]} == {0, 1}
            for claim in pair["claims"]:
                verbatim(claim)
    confidences = [item["confidence"] for item in items]
    assert confidences == sorted(confidences, reverse=True)


def test_filters_paging_and_errors(demo_client: TestClient) -> None:
    source = "002_86393d9dbeceabfc.txt"
    body = demo_client.get("/contradictions", params={"source": source}).json()
    assert body["contradictions"] and all(source in {c["source"] for c in item["claims"]}
                                          for item in body["contradictions"])
    everything = demo_client.get("/contradictions").json()
    page = demo_client.get("/contradictions", params={"limit": 1, "offset": 0}).json()
    assert page["total"] == everything["total"] and page["contradictions"] == everything["contradictions"][:1]
    beyond = demo_client.get("/contradictions", params={"offset": everything["total"]}).json()
    assert beyond == {"contradictions": [], "total": everything["total"]}
    assert demo_client.get("/contradictions", params={"min_confidence": 1}).json()["total"] <= everything["total"]
    assert demo_client.get("/contradictions", params={"min_confidence": 2}).status_code == 422
    assert demo_client.get("/contradictions", params={"limit": 0}).status_code == 422
    missing = demo_client.get("/contradictions", params={"source": "nope.txt"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "source_not_found"
    bad = demo_client.get("/contradictions", params={"collection": "no such collection!"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_collection"
    assert demo_client.get("/contradictions", params={"collection": "empty"}).json() == {"contradictions": [],
                                                                                          "total": 0}


def test_uploads_and_deletes_update_the_map(fresh_client: TestClient) -> None:
    assert fresh_client.get("/contradictions").json() == {"contradictions": [], "total": 0}
    first = fresh_client.post("/documents", json={"source": "valmora.txt", "text": DENIAL}).json()
    second = fresh_client.post("/documents", json={"source": "ledger.txt", "text": REPORT}).json()
    body = fresh_client.get("/contradictions").json()
    assert body["total"] == 1
    (item,) = body["contradictions"]
    assert {c["doc_id"]: c["side"] for c in item["claims"]} == {second["id"]: 0, first["id"]: 1}
    fresh_client.delete(f"/documents/{second['id']}")
    assert fresh_client.get("/contradictions").json() == {"contradictions": [], "total": 0}
