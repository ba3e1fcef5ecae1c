"""Uploaded file names never become paths: traversal, NUL bytes, control characters and huge names."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rag.engine import Engine
from tests.robustness.conftest import assert_empty, store_problems

TEXT = b"The Hollis archive keeps the harbour master's letters from 1890 onwards."

NEUTRALISED = [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\system32\\evil.md", "evil.md"),
    ("/absolute/path/notes.txt", "notes.txt"),
    ("....//....//secret.txt", "secret.txt"),
    ("name\x00.txt", "name%00.txt"),  # clients percent-encode control characters (WHATWG multipart)
    ("tab\tand\nnewline.txt", "tab%09and%0Anewline.txt"),
    ("  .hidden.txt  ", "hidden.txt"),
]


@pytest.mark.parametrize(("name", "expected"), NEUTRALISED)
def test_unsafe_names_are_reduced_to_a_base_name(shared: tuple[TestClient, Engine], name: str, expected: str) -> None:
    fresh_client, fresh_engine = shared
    response = fresh_client.post("/documents", files={"file": (name, TEXT, "text/plain")})
    assert response.status_code == 201, response.text
    source = response.json()["source"]
    assert source == expected
    assert "/" not in source and "\\" not in source and "\x00" not in source and ".." not in source
    listed = fresh_client.get("/documents").json()["documents"]
    assert [d["source"] for d in listed] == [expected]
    assert store_problems(fresh_engine) == []


def raw_upload(client: TestClient, filename: bytes, data: bytes = TEXT):  # noqa: ANN201
    """A multipart body written by hand, so that raw NUL and control bytes reach the server unencoded."""
    boundary = b"crosscheck-boundary"
    body = (b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
            + b"\"\r\nContent-Type: text/plain\r\n\r\n" + data + b"\r\n--" + boundary + b"--\r\n")
    return client.post("/documents", content=body,
                       headers={"content-type": "multipart/form-data; boundary=" + boundary.decode()})


@pytest.mark.parametrize(("raw", "expected"), [
    (b"evil\x00.txt", "evil_.txt"),
    (b"../../etc/passwd\x00.txt", "passwd_.txt"),
    (b"bell\x07\x1b[31mred.txt", "bell__[31mred.txt"),
    (b"caf\xc3\xa9.txt", "caf\u00e9.txt"),
])
def test_raw_control_bytes_in_names_are_neutralised(shared: tuple[TestClient, Engine], raw: bytes,
                                                    expected: str) -> None:
    fresh_client, fresh_engine = shared
    response = raw_upload(fresh_client, raw)
    assert response.status_code == 201, response.text
    assert response.json()["source"] == expected
    assert store_problems(fresh_engine) == []


def test_nothing_is_written_outside_the_data_dir(fresh_client: TestClient, fresh_engine: Engine) -> None:
    data_dir = fresh_engine.settings.data_dir
    before = {p for p in data_dir.parent.rglob("*")}
    response = fresh_client.post("/documents", files={"file": ("../../escaped.txt", TEXT, "text/plain")})
    assert response.status_code == 201
    created = {p for p in data_dir.parent.rglob("*")} - before
    assert all(data_dir in p.parents for p in created), created
    assert not any(p.name == "escaped.txt" for p in created)


def test_very_long_names_are_shortened_keeping_the_suffix(fresh_client: TestClient, fresh_engine: Engine) -> None:
    name = "report-" + "x" * 3000 + ".md"
    response = fresh_client.post("/documents", files={"file": (name, TEXT, "text/markdown")})
    assert response.status_code == 201, response.text
    source = response.json()["source"]
    assert len(source) <= 200 and source.endswith(".md") and source.startswith("report-")
    # Beyond what the multipart parser accepts in one header, the upload is refused as malformed.
    response = fresh_client.post("/documents", files={"file": ("z" * 20000 + ".txt", TEXT, "text/plain")})
    assert response.status_code == 422 and response.json()["error"]["code"] == "malformed_body"
    assert fresh_engine.doctable.counts("default")[0] == 1
    # JSON uploads bound the name as well.
    response = fresh_client.post("/documents", json={"source": "y" * 301 + ".txt", "text": TEXT.decode()})
    assert response.status_code == 422


@pytest.mark.parametrize("name", ["../..", "\x00\x00", "///", "..", " . ", "\\\\"])
def test_names_with_nothing_left_are_refused(shared: tuple[TestClient, Engine], name: str) -> None:
    fresh_client, fresh_engine = shared
    response = fresh_client.post("/documents", files={"file": (name, TEXT, "text/plain")})
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]["message"]
    response = fresh_client.post("/documents", json={"source": name, "text": TEXT.decode()})
    assert 400 <= response.status_code < 500, response.text
    assert_empty(fresh_engine)


def test_json_sources_are_sanitised_too(shared: tuple[TestClient, Engine]) -> None:
    fresh_client, _ = shared
    response = fresh_client.post("/documents", json={"source": "../../etc/shadow.txt", "text": TEXT.decode()})
    assert response.status_code == 201 and response.json()["source"] == "shadow.txt"
