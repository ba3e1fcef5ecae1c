"""/v1 in-process: keys and rate limits like /ask, ignored OpenAI parameters, and the text of the sources note."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.routes.chat import sources_note
from core.settings import Settings
from rag.schemas import AskResponse, Citation, Contradiction, ContradictionClaim
from tests.e2e.scripted import scripted_app

READ_KEY = "read-key-for-tests"
CHAT = {"model": "crosscheck", "messages": [{"role": "user", "content": "quick question"}]}


@pytest.fixture()
def keyed_client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, read_api_keys=[SecretStr(READ_KEY)], rate_limit_per_minute=2)
    app, _ = scripted_app(settings)
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize(("method", "path", "body"), [("get", "/v1/models", None),
                                                      ("post", "/v1/chat/completions", CHAT)])
def test_a_key_is_required_when_keys_are_configured(keyed_client: TestClient, method: str, path: str,
                                                     body: dict | None) -> None:
    denied = keyed_client.request(method, path, json=body)
    assert denied.status_code == 401 and denied.json()["error"]["code"] == "unauthorized"
    allowed = keyed_client.request(method, path, json=body, headers={"Authorization": f"Bearer {READ_KEY}"})
    assert allowed.status_code == 200, allowed.text


def test_chat_counts_against_the_rate_limit(keyed_client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {READ_KEY}"}
    statuses = [keyed_client.post("/v1/chat/completions", json={**CHAT, "stream": stream}, headers=headers).status_code
                for stream in (False, True, False)]
    assert statuses == [200, 200, 429]


def test_unknown_parameters_are_ignored(keyed_client: TestClient) -> None:
    body = {**CHAT, "temperature": 0.3, "max_tokens": 10, "n": 3, "tools": [], "stream_options": {"x": 1},
            "response_format": {"type": "json_object"}, "user": "someone", "seed": 7}
    reply = keyed_client.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {READ_KEY}"})
    assert reply.status_code == 200
    assert len(reply.json()["choices"]) == 1


def _citation(number: int, source: str, quote: str, title: str | None = None) -> Citation:
    return Citation(id=number, doc_id=f"d{number}", source=source, title=title, chunk_id=f"c{number}",
                    quote=quote, start=0, end=len(quote), score=1.0)


def test_sources_note_names_every_source_once_and_repeats_no_quote() -> None:
    """The answer quotes what each source says, disagreements included; the note only names them."""
    denial = "China has never provided lethal weapons to any party to the conflict."
    claim = "There is irrefutable evidence that Chinese companies are providing Russia with lethal weapons."
    response = AskResponse(
        answer=f"The sources disagree on whether China armed Russia. [1][2] On one side, {claim} [2] "
               f"On the other side, {denial} [1]", answerable=True, sentences=[], timings_ms={},
        citations=[_citation(1, "a.txt", denial, "Beijing denies"), _citation(2, "b.txt", claim)],
        contradictions=[Contradiction(topic="whether China armed Russia", explanation="", claims=[
            ContradictionClaim(text=claim, citation=2, source="b.txt", quote=claim, start=0, end=len(claim), side=0),
            ContradictionClaim(text=denial, citation=1, source="a.txt", speaker="Lin Jian", quote=denial,
                               start=0, end=len(denial), side=1),
        ])],
    )
    note = sources_note(response)
    assert note == "\n\nSources:\n- [1] Beijing denies — a.txt\n- [2] b.txt"
    message = response.answer + note
    assert message.count(denial) == 1 and message.count(claim) == 1
    assert sources_note(response.model_copy(update={"citations": []})) == ""

def test_sources_note_is_empty_for_a_refusal() -> None:
    refusal = AskResponse(answer="The documents do not say.", answerable=False, citations=[], sentences=[],
                          contradictions=[], timings_ms={})
    assert sources_note(refusal) == ""
