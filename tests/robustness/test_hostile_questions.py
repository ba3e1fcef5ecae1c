"""Hostile questions and malformed requests get a 4xx or a sensible 200, never a 5xx."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from rag.engine import Engine
from tests.robustness.conftest import http_client

QUESTIONS = [
    "",
    " ",
    "\t\n\r   \n",
    "\x00",
    "\x00\x01\x02\x1b[31m",
    "?",
    "!!! ??? ...",
    "\u200f\u202e\u200b\ufeff",                           # RTL marks, zero-width space, BOM
    "\u202eWho is Fabian Hinz?",                          # an RTL override in front of a real question
    "🔔🚀🔥",
    "Did 🇨🇳 send 🛩️ to 🇷🇺?",
    "中国向俄罗斯提供了无人机吗？",
    "هل زودت الصين روسيا بطائرات مسيرة؟",
    "Дала ли Китай России беспилотники?",
    "ड्रोन किसने भेजे?",
    "' OR 1=1; DROP TABLE documents; --",
    "\" UNION SELECT * FROM journal --",
    "Robert'); DROP TABLE chunks;--",
    "<script>alert(document.cookie)</script>",
    "{{7*7}} ${7*7} %s %n %x",
    "../../../../etc/passwd",
    "[1] [2] [999] citation markers only",
    "a" * 2000,
    "drones " * 285,
    "a" * 2001,
    "x" * 100_000,
    "Did China supply drones to Russia?" + "\u0301" * 500,   # a pile of combining accents
    "\ud83d",                                                # a lone surrogate (only possible in JSON)
    "What is Garpiya-3?\x00\x00",
]


def assert_sane(response, question: str) -> None:  # noqa: ANN001
    assert response.status_code < 500, (repr(question[:80]), response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith(("application/json", "text/event-stream"))
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"]
        assert question[:200] not in error["message"] or len(question) < 20  # huge input is not echoed back


@pytest.mark.parametrize("question", QUESTIONS, ids=[f"q{i}" for i in range(len(QUESTIONS))])
def test_hostile_questions_never_5xx(demo_engine: Engine, question: str) -> None:
    with http_client(demo_engine) as client:
        body = json.dumps({"question": question})  # json.dumps escapes a lone surrogate as \ud83d
        response = client.post("/ask", content=body, headers={"content-type": "application/json"})
        assert_sane(response, question)
        if response.status_code == 200:
            answer = response.json()
            assert isinstance(answer["answer"], str) and answer["answer"]
            for citation in answer["citations"]:
                text = client.get(f"/documents/{citation['doc_id']}/text").json()["text"]
                assert text[citation["start"] : citation["end"]] == citation["quote"]
        stream = client.post("/ask/stream", content=body, headers={"content-type": "application/json"})
        assert_sane(stream, question)
        if stream.status_code == 200:
            assert "event: done" in stream.text and "event: error" not in stream.text
        else:
            assert stream.status_code == response.status_code


def test_refusals_are_specific(demo_client: TestClient) -> None:
    def code(question: str) -> str:
        response = demo_client.post("/ask", json={"question": question})
        assert response.status_code == 422
        return response.json()["error"]["code"]

    assert code("") == code("   ") == code("\x00\x01") == "empty_question"
    assert code("x" * 2001) == "question_too_long"
    assert code("!!!") == code("🔔🚀") == "invalid_question"
    response = demo_client.post("/ask", content=b'{"question": "drones \\ud800"}',
                                headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_text"


MALFORMED = [
    b"",
    b"null",
    b"[]",
    b"42",
    b'"Did China supply drones?"',
    b"{not json",
    b"\xff\xfe\x00q",
    b"[" * 50_000,
    b'{"question": null}',
    b'{"question": 42}',
    b'{"question": ["a", "b"]}',
    b'{"question": {"$ne": null}}',
    b'{"question": "drones", "top_k": 0}',
    b'{"question": "drones", "top_k": -5}',
    b'{"question": "drones", "top_k": 1e309}',
    b'{"question": "drones", "top_k": 99999999999999999999999999}',
    b'{"question": "drones", "top_k": "8"}',
    b'{"question": "drones", "top_k": 1.5}',
    b'{"question": "drones", "sources": "all"}',
    b'{"question": "drones", "sources": [null]}',
    b'{"question": "drones", "sources": ["\\u0000", "../../etc"]}',
    b'{"question": "drones", "sources": ["\\udc00"]}',
    b'{"question": "drones", "sources": [' + b",".join([b'"s"'] * 101) + b"]}",
    b'{"question": "drones", "collection": "../../x"}',
    b'{"question": "drones", "collection": ""}',
    b'{"question": "drones", "collection": 7}',
    b'{"question": "drones", "unknown": {"deep": [1, 2, {"x": null}]}}',
    b'{"question": "drones", "question": "twice"}',
    b'{"question": "' + b"\\u0000" * 3000 + b'"}',
]


@pytest.mark.parametrize("body", MALFORMED, ids=[f"b{i}" for i in range(len(MALFORMED))])
def test_malformed_bodies_get_json_4xx(demo_engine: Engine, body: bytes) -> None:
    with http_client(demo_engine) as client:
        for path in ("/ask", "/ask/stream"):
            response = client.post(path, content=body, headers={"content-type": "application/json"})
            assert response.status_code < 500, (path, body[:80], response.text[:300])
            if response.status_code >= 400:
                assert response.json()["error"]["code"]


def test_wrong_content_types_and_methods(demo_client: TestClient) -> None:
    checks = [
        demo_client.post("/ask", content=b"question=drones",
                         headers={"content-type": "application/x-www-form-urlencoded"}),
        demo_client.post("/ask", content=b"drones", headers={"content-type": "text/plain"}),
        demo_client.get("/ask"),
        demo_client.put("/documents"),
        demo_client.patch("/documents/abc"),
        demo_client.get("/documents/" + "x" * 5000),
        demo_client.get("/documents/%00"),
        demo_client.get("/documents/..%2F..%2Fetc%2Fpasswd/text"),
        demo_client.get("/documents?collection=%ED%A0%80"),
        demo_client.get("/nope"),
    ]
    for response in checks:
        assert 400 <= response.status_code < 500, (response.request.url, response.status_code, response.text)
        assert response.json()["error"]["code"]
