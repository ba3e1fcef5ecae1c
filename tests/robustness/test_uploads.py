"""Uploads of every supported format, through the API and the CLI, and refusals that leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosscheck.cli import main as cli_main
from index.embed import Embedder
from rag.engine import Engine
from tests.robustness.conftest import assert_empty, engine_with, http_client, store_problems
from tests.robustness.files import make_docx, make_pdf

# One distinctive fact per format, so each answer can only come from that upload.
FACTS = {
    "txt": "The Kestrel Point lighthouse was rebuilt in 1911 after a winter storm.",
    "md": "The Varnholm ferry carries 340 passengers between the two islands.",
    "html": "The Quillon observatory recorded 52 meteors on the night of the solstice.",
    "pdf": "The Brannock mill ground 900 sacks of rye during the harvest.",
    "docx": "The Oskarby choir performed 17 concerts during its spring tour.",
}


def sample(kind: str) -> tuple[str, bytes, str]:
    fact = FACTS[kind]
    if kind == "txt":
        return "lighthouse.txt", f"Harbour notes\n\n{fact} It stands on a granite ledge.\n".encode(), "text/plain"
    if kind == "md":
        return "ferry.md", f"# Ferry timetable\n\n{fact} The crossing takes forty minutes.\n".encode(), "text/markdown"
    if kind == "html":
        html = (f"<html><head><title>Observatory log</title><script>alert('x')</script></head>"
                f"<body><article><h1>Observatory log</h1><p>{fact}</p><p>The sky was clear.</p></article>"
                f"</body></html>")
        return "observatory.html", html.encode(), "text/html"
    if kind == "pdf":
        return "mill.pdf", make_pdf(["Mill ledger", fact, "The miller kept careful accounts."]), "application/pdf"
    return "choir.docx", make_docx(["Choir newsletter", fact, "Tickets sold out quickly."], title="Choir newsletter"), (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


QUESTIONS = {
    "txt": "When was the Kestrel Point lighthouse rebuilt?",
    "md": "How many passengers does the Varnholm ferry carry?",
    "html": "How many meteors did the Quillon observatory record?",
    "pdf": "How many sacks of rye did the Brannock mill grind?",
    "docx": "How many concerts did the Oskarby choir perform?",
}
ANSWERS = {"txt": "1911", "md": "340", "html": "52", "pdf": "900", "docx": "17"}


@pytest.mark.parametrize("kind", list(FACTS))
def test_every_format_uploads_and_answers(fresh_client: TestClient, fresh_engine: Engine, kind: str) -> None:
    name, data, media_type = sample(kind)
    response = fresh_client.post("/documents", files={"file": (name, data, media_type)})
    assert response.status_code == 201, response.text
    doc_id = response.json()["id"]
    assert response.json()["source"] == name and response.json()["chunks"] >= 1
    stored = fresh_client.get(f"/documents/{doc_id}/text").json()["text"]
    assert FACTS[kind] in stored
    assert "alert(" not in stored  # HTML scripts are dropped at load, never stored
    body = fresh_client.post("/ask", json={"question": QUESTIONS[kind]}).json()
    assert body["answerable"] and ANSWERS[kind] in body["answer"], body["answer"]
    assert {c["doc_id"] for c in body["citations"]} == {doc_id}
    for citation in body["citations"]:
        assert stored[citation["start"] : citation["end"]] == citation["quote"]
    assert store_problems(fresh_engine) == []


def test_every_format_ingests_through_the_cli(tmp_path: Path, embedder: Embedder,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for kind in FACTS:
        name, data, _ = sample(kind)
        (folder / name).write_bytes(data)
    (folder / "scan.pdf").write_bytes(make_pdf(None))       # refused: no text layer
    (folder / "noise.txt").write_bytes(bytes(range(256)) * 4)  # refused: binary
    data_dir = tmp_path / "data"
    assert cli_main(["ingest", str(folder), "--data-dir", str(data_dir), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "ingested 5 documents (5 new" in out
    assert "scan.pdf" in err and "no text layer" in err
    assert "noise.txt" in err and "binary" in err
    engine = engine_with(data_dir, embedder)
    assert sorted(d.source for d in engine.doctable.list("default")) == sorted(sample(k)[0] for k in FACTS)
    assert store_problems(engine) == []
    # Running it again changes nothing.
    assert cli_main(["ingest", str(folder), "--data-dir", str(data_dir), "--quiet"]) == 0
    assert "5 unchanged" in capsys.readouterr().out
    assert engine.doctable.counts("default")[0] == 5 and store_problems(engine) == []


REFUSALS = [
    # (file name, bytes, expected status, expected error code, words the message must contain)
    ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00binary", 415, "unsupported_media_type", "unsupported file type"),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 64, 415, "unsupported_media_type", "unsupported file type"),
    ("noext", b"plain words without a suffix", 415, "unsupported_media_type", "unsupported file type"),
    ("empty.txt", b"", 422, "empty_document", "empty"),
    ("blank.md", b" \n\t\n  ", 422, "empty_document", "empty"),
    ("garbage.txt", bytes(range(256)) * 16, 422, "undecodable_document", "binary"),
    ("latin1.txt", "Caf\xe9 cr\xe8me br\xfbl\xe9e, s'il vous pla\xeet. ".encode("latin-1") * 20, 422,
     "undecodable_document", "not valid UTF-8"),
    ("controls.md", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100 + b"some text", 422, "undecodable_document", "binary"),
    ("punct.txt", b"... --- !!! ??? 123 456", 422, "empty_document", "no words"),
    # A NUL after the first 4 KiB: no text format holds one, and PostgreSQL could not store it.
    ("late-nul.txt", b"Plain words of a long note. " * 200 + b"\x00 and more words.", 422, "undecodable_document",
     "NUL"),
    ("fake.pdf", b"%PDF-1.4 this is not really a pdf", 422, "undecodable_document", "not a readable PDF"),
    ("scan.pdf", make_pdf(None), 422, "pdf_without_text", "no text layer"),
    ("fake.docx", b"PK\x03\x04 not a real docx archive", 422, "undecodable_document", "not a readable .docx"),
    ("empty.docx", make_docx([]), 422, "empty_document", "no text"),
    ("empty.html", b"<html><head><script>var a = 1;</script></head><body></body></html>", 422,
     "empty_document", "no text"),
]


@pytest.mark.parametrize(("name", "data", "status", "code", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_say_why_and_leave_nothing(shared: tuple[TestClient, Engine], name: str,
                                            data: bytes, status: int, code: str, reason: str) -> None:
    fresh_client, fresh_engine = shared
    response = fresh_client.post("/documents", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and reason in error["message"], error
    assert_empty(fresh_engine)


def test_oversized_uploads_get_413_and_leave_nothing(make_client) -> None:  # noqa: ANN001
    client, engine = make_client(max_upload_bytes=4096)
    big = ("The archive holds many letters from the harbour master. " * 200).encode()
    assert len(big) > 4096
    response = client.post("/documents", files={"file": ("big.txt", big, "text/plain")})
    assert response.status_code == 413 and response.json()["error"]["code"] == "document_too_large"
    response = client.post("/documents", json={"source": "big.txt", "text": big.decode()})
    assert response.status_code == 413
    # A body far beyond the limit is refused from its Content-Length, before it is read.
    huge = b"x" * (4096 + 200 * 1024)
    response = client.post("/documents", content=huge, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert_empty(engine)
    # Just under the limit is fine.
    ok = client.post("/documents", files={"file": ("ok.txt", big[:4000], "text/plain")})
    assert ok.status_code == 201, ok.text


def test_chunked_bodies_over_the_limit_are_cut_off(make_client) -> None:  # noqa: ANN001
    """Without a Content-Length the body is counted as it streams in, and refused past the limit."""
    client, engine = make_client(max_upload_bytes=4096, max_request_bytes=2048)

    def chunks(total: int, prefix: bytes = b"") -> object:
        yield prefix
        for _ in range(total // 1024):
            yield b"a" * 1024

    boundary = b"xyzzy"
    head = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n")
    response = client.post("/documents", content=chunks(200 * 1024, head),
                           headers={"content-type": "multipart/form-data; boundary=xyzzy"})
    assert response.status_code == 413, response.text
    response = client.post("/documents", content=chunks(200 * 1024, b'{"source": "a.txt", "text": "'),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413, response.text
    response = client.post("/ask", content=chunks(64 * 1024, b'{"question": "'),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    response = client.post("/ask", content=b'{"question": "' + b"a" * 4000 + b'"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 413  # declared Content-Length over max_request_bytes
    assert_empty(engine)


def test_unsupported_request_media_type_is_415(fresh_client: TestClient, fresh_engine: Engine) -> None:
    response = fresh_client.post("/documents", content=b"hello world", headers={"content-type": "text/plain"})
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_media_type"
    response = fresh_client.post("/documents", files={"other": ("a.txt", b"some words here", "text/plain")})
    assert response.status_code == 422 and response.json()["error"]["code"] == "missing_file"
    response = fresh_client.post("/documents", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert_empty(fresh_engine)


def test_failure_during_ingest_leaves_nothing_partial(fresh_engine: Engine) -> None:
    """A store failure after the vectors are written must roll them back and clear the journal."""
    def broken_publish(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    table = fresh_engine.doctable
    names = [n for n in ("publish", "publish_many") if hasattr(table, n)]
    for name in names:  # fail after the vectors are written, whichever publish the ingester uses
        setattr(table, name, broken_publish)
    try:
        with http_client(fresh_engine) as client:
            response = client.post("/documents", json={"source": "doomed.txt",
                                                       "text": "The vault door opens at nine every morning."})
        assert response.status_code == 500 and response.json()["error"]["code"] == "internal_error"
        assert "disk full" not in response.text  # internals are logged, not sent
    finally:
        for name in names:
            delattr(table, name)
    assert_empty(fresh_engine)


# -- text as users upload it: a real multi-page PDF and a real hard-wrapped text file ----------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"  # origin: tests/fixtures/ORIGIN.md
WRAPPED_UPLOADS = {
    "debian-manifesto.txt": (
        "text/plain",
        # A sentence wrapped over four lines comes back whole.
        "Rather than\nbeing developed by one isolated individual or group, as other\n"
        "distributions of Linux have been developed in the past, Debian is being\n"
        "developed openly in the spirit of Linux and GNU.",
        ["What is Debian Linux?", "Distributions are essential to the future of Linux."],
    ),
    "shared-mime-info-spec.pdf": (
        "application/pdf",
        "This is generally done by examining the file’s\nname or contents, "
        "and looking up the correct MIME type in a database.",
        ["What is this spec?", "This specification proposes:",
         "• A standard way of getting the MIME type for a file."],
    ),
}


@pytest.mark.parametrize("name", list(WRAPPED_UPLOADS))
def test_wrapped_uploads_keep_sentences_whole_and_offsets_exact(fresh_client: TestClient, fresh_engine: Engine,
                                                               name: str) -> None:
    from index.sentences import split_sentences

    media_type, wrapped, boundaries = WRAPPED_UPLOADS[name]
    response = fresh_client.post("/documents", files={"file": (name, (FIXTURES / name).read_bytes(), media_type)})
    assert response.status_code == 201, response.text
    doc_id = response.json()["id"]
    assert response.json()["chunks"] >= 5
    stored = fresh_engine.doctable.get("default", doc_id)
    assert stored is not None
    text = stored.text
    sentences = [text[s.start : s.end] for s in split_sentences(text, stored.keep_spans)]
    assert wrapped in sentences  # (a) a single line break inside a paragraph is not a boundary
    for unit in boundaries:      # (b) headings and list items still are
        assert unit in sentences
    # (c) every chunk is exactly its span of the stored text, and holds the wrapped sentence whole somewhere.
    _, _, chunks = fresh_engine.doctable.read_collection("default")
    assert chunks and all(text[c.start : c.end] == c.text for c in chunks)
    assert any(wrapped in c.text for c in chunks)
    # Citations quote the stored text verbatim.
    body = fresh_client.post("/ask", json={"question": "What is Debian being developed in the spirit of?"
                                           if name.endswith(".txt") else
                                           "How is the correct MIME type for a file usually worked out?"}).json()
    for citation in body["citations"]:
        assert text[citation["start"] : citation["end"]] == citation["quote"]
    assert store_problems(fresh_engine) == []
