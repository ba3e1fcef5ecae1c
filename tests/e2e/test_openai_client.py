"""The official ``openai`` client against the real server: /v1/models and /v1/chat/completions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from tests.api.test_ask_contract import assert_citations_checkable

QUESTION = "Did Chinese companies supply drones to Russia?"
FOLLOW_UP = "and what did China say about that?"
MARKER = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def client(live_server: str) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{live_server}/v1", api_key="not-needed", timeout=120, max_retries=0) as c:
        yield c


def crosscheck(reply: Any) -> dict[str, Any]:
    extra = reply.model_extra or {}
    assert "crosscheck" in extra, "the reply must carry the structured crosscheck field"
    field: dict[str, Any] = extra["crosscheck"]
    return field


def assert_cited_answer_with_sources(text: str, field: dict[str, Any], http: httpx.Client) -> None:
    answer, _, sources = text.partition("\n\nSources:\n")
    assert answer.strip(), text
    assert MARKER.search(answer), f"no [n] citation in the answer: {answer!r}"
    assert sources, f"no sources list at the end: {text!r}"
    assert field["answerable"] is True
    for citation in field["citations"]:
        assert f"- [{citation['id']}] " in sources
        assert citation["source"] in sources
    assert {int(n) for n in MARKER.findall(answer)} <= {c["id"] for c in field["citations"]}
    assert_citations_checkable(http, {"citations": field["citations"], "sentences": field["sentences"],
                                      "contradictions": field["contradictions"]})


def test_models_lists_crosscheck(client: openai.OpenAI) -> None:
    ids = [model.id for model in client.models.list()]
    assert ids[0] == "crosscheck"
    assert "crosscheck-default" in ids


def test_non_streaming_answer_cites_and_lists_sources(client: openai.OpenAI, http: httpx.Client) -> None:
    reply = client.chat.completions.create(model="crosscheck", messages=[{"role": "user", "content": QUESTION}],
                                           temperature=0.2, max_tokens=300)  # ignored, but must be accepted
    choice = reply.choices[0]
    assert reply.object == "chat.completion" and choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    field = crosscheck(reply)
    assert field["standalone_question"] == QUESTION
    assert_cited_answer_with_sources(choice.message.content or "", field, http)


def test_streaming_answer_arrives_in_chunks(client: openai.OpenAI, http: httpx.Client) -> None:
    stream = client.chat.completions.create(
        model="crosscheck", stream=True,
        messages=[{"role": "system", "content": "Be brief."},
                  {"role": "user", "content": [{"type": "text", "text": QUESTION}]}],  # content parts
        extra_body={"top_k": 6},  # a Crosscheck extension
    )
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    content = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content) > 5, "the answer must stream as many deltas, not one block"
    assert len({c.id for c in chunks}) == 1
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert all(c.choices[0].finish_reason is None for c in chunks[:-1])
    assert_cited_answer_with_sources("".join(content), crosscheck(last), http)


@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_follow_up_resolves_against_history(client: openai.OpenAI, http: httpx.Client, stream: bool) -> None:
    first = client.chat.completions.create(model="crosscheck", messages=[{"role": "user", "content": QUESTION}])
    messages: list[Any] = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": FOLLOW_UP},
    ]
    if stream:
        chunks = list(client.chat.completions.create(model="crosscheck", messages=messages, stream=True))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        field = crosscheck(chunks[-1])
    else:
        reply = client.chat.completions.create(model="crosscheck", messages=messages)
        text, field = reply.choices[0].message.content or "", crosscheck(reply)
    standalone = field["standalone_question"]
    assert standalone != FOLLOW_UP
    assert "China" in standalone and "Russia" in standalone and "drones" in standalone, standalone
    assert_cited_answer_with_sources(text, field, http)
    # The follow-up alone names neither drones nor Russia; cited text about both shows the history was used.
    quotes = " ".join(c["quote"] for c in field["citations"])
    assert re.search(r"\b(China|Chinese|Beijing)\b", quotes), quotes
    assert re.search(r"\bdrones?\b", quotes, re.I) and "Russia" in quotes, quotes


@pytest.mark.parametrize(
    ("messages", "code"),
    [
        ([], "empty_messages"),
        ([{"role": "system", "content": "You are helpful."}], "no_user_message"),
        ([{"role": "wizard", "content": QUESTION}], "invalid_role"),
        ([{"role": "user", "content": "   "}], "empty_question"),
        ([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}], "empty_question"),
    ],
)
def test_malformed_conversations_get_a_readable_4xx(client: openai.OpenAI, messages: list[Any], code: str) -> None:
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model="crosscheck", messages=messages)
    assert caught.value.status_code == 422
    body: Any = caught.value.body
    assert body["code"] == code and body["message"]


def test_unusable_text_in_the_history_is_not_an_error(http: httpx.Client) -> None:
    # A lone surrogate and a NUL in an earlier turn: the question itself would be refused, history is cleaned.
    raw = ('{"model": "crosscheck", "messages": ['
           '{"role": "user", "content": "Did Chinese \\ud800 companies\\u0000 supply drones to Russia?"},'
           '{"role": "assistant", "content": null},'
           '{"role": "user", "content": "Why?"}]}')
    response = http.post("/v1/chat/completions", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    assert "Russia" in response.json()["crosscheck"]["standalone_question"]


def test_unknown_model_is_a_404(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    body: Any = caught.value.body
    assert body["code"] == "model_not_found"


def test_raw_stream_is_openai_sse(http: httpx.Client) -> None:
    """The wire format itself: data-only events, a stop chunk, then the [DONE] sentinel."""
    payload = {"model": "crosscheck", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    with http.stream("POST", "/v1/chat/completions", json=payload) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in response.iter_lines() if line and not line.startswith(":")]
    assert all(line.startswith("data: ") for line in lines)
    assert lines[-1] == "data: [DONE]"
    assert '"finish_reason": "stop"' in lines[-2] and '"crosscheck"' in lines[-2]
