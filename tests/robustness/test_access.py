"""API keys (read/admin), key hygiene in logs, CORS and per-key rate limits, against the real app."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

READ_KEY = "read-key-4f1c9a77e2d0b35a"
ADMIN_KEY = "admin-key-9b2e6d1f0c8a7435"
WRONG_KEY = "wrong-key-0000000000000000"
DOC = {"source": "memo.txt", "text": "The Lindqvist foundry cast 64 bells for the cathedral in 1897."}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture()
def keyed(make_client) -> tuple[TestClient, object]:  # noqa: ANN001
    return make_client(read_api_keys=[READ_KEY], admin_api_keys=[ADMIN_KEY])


def assert_json_error(response, status: int, code: str) -> None:  # noqa: ANN001
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]


def test_roles(keyed: tuple[TestClient, object], caplog: pytest.LogCaptureFixture) -> None:
    client, _ = keyed
    caplog.set_level(logging.DEBUG)
    ask = {"question": "How many bells did the Lindqvist foundry cast?"}

    # /health needs nothing; everything else needs a key.
    assert client.get("/health").status_code == 200
    for method, path, kwargs in [("post", "/ask", {"json": ask}), ("post", "/ask/stream", {"json": ask}),
                                 ("get", "/documents", {}), ("get", "/documents/abc", {}),
                                 ("get", "/documents/abc/text", {}), ("post", "/documents", {"json": DOC}),
                                 ("delete", "/documents/abc", {}), ("get", "/ready", {})]:
        response = getattr(client, method)(path, **kwargs)
        assert_json_error(response, 401, "unauthorized")
        assert response.headers.get("www-authenticate") == "Bearer"
        for key in (WRONG_KEY, "", READ_KEY + "x", READ_KEY[:-1]):
            assert_json_error(getattr(client, method)(path, headers=bearer(key), **kwargs), 401, "unauthorized")
        assert_json_error(getattr(client, method)(path, headers={"X-API-Key": WRONG_KEY}, **kwargs),
                          401, "unauthorized")

    # The admin key can change documents; the read key can ask and list but not change.
    created = client.post("/documents", json=DOC, headers=bearer(ADMIN_KEY))
    assert created.status_code == 201, created.text
    doc_id = created.json()["id"]
    for headers in (bearer(READ_KEY), {"X-API-Key": READ_KEY}, {"Authorization": f"bearer {READ_KEY}"}):
        assert client.post("/ask", json=ask, headers=headers).status_code == 200
        assert client.post("/ask/stream", json=ask, headers=headers).status_code == 200
        assert client.get("/documents", headers=headers).json()["documents"][0]["id"] == doc_id
        assert client.get(f"/documents/{doc_id}/text", headers=headers).status_code == 200
        assert client.get("/ready", headers=headers).status_code == 200
        assert_json_error(client.post("/documents", json=DOC, headers=headers), 403, "forbidden")
        assert_json_error(client.post("/documents", files={"file": ("a.txt", b"words words words", "text/plain")},
                                      headers=headers), 403, "forbidden")
        assert_json_error(client.delete(f"/documents/{doc_id}", headers=headers), 403, "forbidden")
    admin = bearer(ADMIN_KEY)
    assert client.post("/ask", json=ask, headers=admin).status_code == 200
    assert client.get("/documents", headers=admin).status_code == 200
    assert client.delete(f"/documents/{doc_id}", headers={"X-API-Key": ADMIN_KEY}).status_code == 200

    # Keys never reach the logs, whatever happened above.
    logged = "\n".join(record.getMessage() + repr(record.args) for record in caplog.records) + caplog.text
    assert caplog.records, "the requests above should have logged something"
    for key in (READ_KEY, ADMIN_KEY, WRONG_KEY):
        assert key not in logged


def test_keys_do_not_appear_in_settings_reprs_or_errors(keyed: tuple[TestClient, object]) -> None:
    client, engine = keyed
    assert READ_KEY not in repr(engine.settings) and ADMIN_KEY not in str(engine.settings)  # SecretStr
    response = client.post("/ask", json={"question": "x" * 5000}, headers=bearer(READ_KEY))
    assert response.status_code == 422 and READ_KEY not in response.text
    assert READ_KEY not in client.get("/openapi.json").text


def test_open_access_when_no_keys_are_configured(fresh_client: TestClient) -> None:
    assert fresh_client.post("/documents", json=DOC).status_code == 201
    assert fresh_client.post("/ask", json={"question": "What did the foundry cast?"}).status_code == 200


def test_cors_is_closed_by_default(fresh_client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    response = fresh_client.get("/health", headers=origin)
    assert "access-control-allow-origin" not in response.headers
    preflight = fresh_client.options("/ask", headers={**origin, "Access-Control-Request-Method": "POST",
                                                      "Access-Control-Request-Headers": "content-type"})
    assert "access-control-allow-origin" not in preflight.headers
    response = fresh_client.post("/ask", json={"question": "anything at all?"}, headers=origin)
    assert "access-control-allow-origin" not in response.headers


def test_cors_opens_for_configured_origins_only(make_client) -> None:  # noqa: ANN001
    client, _ = make_client(cors_origins=["https://chat.example.org"], read_api_keys=[READ_KEY])
    good = {"Origin": "https://chat.example.org"}
    preflight = client.options("/ask", headers={**good, "Access-Control-Request-Method": "POST",
                                                "Access-Control-Request-Headers": "authorization,content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://chat.example.org"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    response = client.post("/ask", json={"question": "anything at all?"}, headers={**good, **bearer(READ_KEY)})
    assert response.headers["access-control-allow-origin"] == "https://chat.example.org"
    evil = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in client.get("/health", headers=evil).headers
    preflight = client.options("/ask", headers={**evil, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_rate_limit_per_key_returns_429_with_retry_after(make_client) -> None:  # noqa: ANN001
    other_read = "second-read-key-77aa11bb22cc"
    client, _ = make_client(rate_limit_per_minute=3, read_api_keys=[READ_KEY, other_read])
    ask = {"question": "What did the foundry cast?"}
    for _ in range(3):
        assert client.post("/ask", json=ask, headers=bearer(READ_KEY)).status_code == 200
    limited = client.post("/ask", json=ask, headers=bearer(READ_KEY))
    assert_json_error(limited, 429, "rate_limited")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    stream = client.post("/ask/stream", json=ask, headers=bearer(READ_KEY))
    assert stream.status_code == 429 and "retry-after" in stream.headers
    # Another key has its own budget; a wrong key is refused before it can use anyone's.
    assert client.post("/ask", json=ask, headers=bearer(other_read)).status_code == 200
    assert client.post("/ask", json=ask, headers=bearer(WRONG_KEY)).status_code == 401


def test_rate_limit_without_keys_is_per_client(make_client) -> None:  # noqa: ANN001
    client, _ = make_client(rate_limit_per_minute=3)
    statuses = [client.post("/ask", json={"question": "What did the foundry cast?"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_every_api_endpoint_but_health_needs_a_key(keyed: tuple[TestClient, object]) -> None:
    """Walks the app's own OpenAPI paths, so endpoints added later are covered too."""
    client, _ = keyed
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/ask", "/ask/stream", "/documents", "/health"} <= set(paths)
    checked = 0
    for path, operations in paths.items():
        concrete = "/".join("x" if part.startswith("{") else part for part in path.split("/"))
        for method in operations:
            response = client.request(method.upper(), concrete, json={})
            if path == "/health":
                assert response.status_code == 200
                continue
            assert response.status_code == 401, (method, path, response.status_code, response.text[:200])
            assert response.json()["error"]["code"] == "unauthorized"
            checked += 1
    assert checked >= 7
