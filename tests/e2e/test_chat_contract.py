"""/v1 in-process: keys and rate limits like /ask, ignored OpenAI parameters, and the text of the sources note."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.routes.chat import sources_note
from rag.schemas import AskResponse, Citation, Contradiction, ContradictionClaim
from rag.settings import Settings
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


def test_sources_note_lists_every_citation_and_who_disagrees() -> None:
    denial = "China has never provided lethal weapons to any party to the conflict."
    claim = "There is irrefutable evidence that Chinese companies are providing Russia with lethal weapons."
    response = AskResponse(
        answer="The sources disagree on this. [1][2]", answerable=True, sentences=[], timings_ms={},
        citations=[_citation(1, "a.txt", denial, "Beijing denies"), _citation(2, "b.txt", "  " + claim + "\n")],
        contradictions=[Contradiction(topic="China supplying lethal weapons to Russia", explanation="denial", claims=[
            ContradictionClaim(text=denial, citation=1, source="a.txt", speaker="Lin Jian", quote=denial,
                               start=0, end=len(denial)),
            ContradictionClaim(text=claim, citation=2, source="b.txt", quote=claim, start=0, end=len(claim)),
        ])],
    )
    assert sources_note(response) == (
        "\n\nSources:\n"
        f"- [1] Beijing denies — a.txt: “{denial}”\n"
        f"- [2] b.txt: “{claim}”"
        "\n\nSources disagree:\n"
        f"- China supplying lethal weapons to Russia: Lin Jian [1] says “{denial}”, while b.txt [2] says “{claim}”."
    )


def test_sources_note_lists_each_side_of_a_grouped_disagreement_together() -> None:
    def claim(citation: int, speaker: str, quote: str, side: int) -> ContradictionClaim:
        return ContradictionClaim(text=quote, citation=citation, source="a.txt", speaker=speaker, quote=quote,
                                  start=0, end=len(quote), side=side)

    response = AskResponse(
        answer="The sources disagree. [1][2]", answerable=True, sentences=[], timings_ms={}, citations=[],
        contradictions=[Contradiction(topic="arms", explanation="", claims=[
            claim(1, "Zelenskyy", "China supplies arms.", 0), claim(2, "Lin Jian", "China never supplied arms.", 1),
            claim(3, "Insiders", "Chinese firms sent weapons.", 0),
        ])],
    )
    assert sources_note(response).endswith(
        "- arms: Zelenskyy [1] says “China supplies arms.” and Insiders [3] says “Chinese firms sent weapons.”; "
        "on the other side, Lin Jian [2] says “China never supplied arms.”."
    )


def test_sources_note_is_empty_for_a_refusal() -> None:
    refusal = AskResponse(answer="The documents do not say.", answerable=False, citations=[], sentences=[],
                          contradictions=[], timings_ms={})
    assert sources_note(refusal) == ""
