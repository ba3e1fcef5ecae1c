"""Schema-constrained JSON without a model: the bounds every schema gets, the grammar the embedded
backend builds from it, validation of replies, and which server errors step the OpenAI format down.
The constraint itself is shown on the real model in tests/scale/test_llm_judge_real.py."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eval.judges import CORRECTNESS_SCHEMA
from rag.judging import SUPPORT_SCHEMA
from rag.llm.base import bounded_schema, parse_reply, strict_compatible
from rag.llm.openai import _format_rejected, response_format


def _free_strings(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "string" and "enum" not in node and "const" not in node:
            found.append(node)
        for value in node.values():
            found.extend(_free_strings(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_free_strings(value))
    return found


def test_every_string_gets_a_max_length_and_objects_are_closed() -> None:
    schema = {"type": "object", "properties": {
        "a": {"type": "string"}, "b": {"type": "array", "items": {"type": "string"}},
        "c": {"type": "object", "properties": {"d": {"type": ["string", "null"]}}, "required": ["d"]},
        "e": {"type": "string", "enum": ["x", "y"]}, "f": {"type": "string", "maxLength": 9}}}
    bounded = bounded_schema(schema)
    assert all(isinstance(s.get("maxLength"), int) for s in _free_strings(bounded))
    assert bounded["properties"]["f"]["maxLength"] == 9 and "maxLength" not in bounded["properties"]["e"]
    assert bounded["additionalProperties"] is False and bounded["properties"]["c"]["additionalProperties"] is False
    assert "maxLength" not in schema["properties"]["a"]  # the caller's schema is not changed
    assert not strict_compatible(bounded) and strict_compatible(bounded_schema(SUPPORT_SCHEMA))


@pytest.mark.parametrize("schema", [SUPPORT_SCHEMA, CORRECTNESS_SCHEMA])
def test_the_judge_schemas_are_bounded_and_compile_to_a_grammar(schema: dict[str, Any]) -> None:
    llama_cpp = pytest.importorskip("llama_cpp")
    assert all(s.get("maxLength") for s in _free_strings(schema))
    grammar = llama_cpp.LlamaGrammar.from_json_schema(json.dumps(bounded_schema(schema)), verbose=False)
    assert grammar is not None
    fmt = response_format("json_schema", bounded_schema(schema))
    assert fmt["json_schema"]["strict"] is True and fmt["json_schema"]["name"] == schema["title"]


def test_replies_are_validated_against_the_schema() -> None:
    schema = bounded_schema(SUPPORT_SCHEMA)
    assert parse_reply('{"verdict": "supported", "reason": "stated"}', schema)["verdict"] == "supported"
    long = parse_reply(json.dumps({"verdict": "contradicted", "reason": "x" * 500}), schema)
    assert len(long["reason"]) == schema["properties"]["reason"]["maxLength"]
    for bad in ('{"verdict": "maybe", "reason": ""}', '{"reason": "no verdict"}', "not json", "[1]"):
        with pytest.raises(ValueError):
            parse_reply(bad, schema)


class _StatusError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status


def test_only_format_rejections_step_the_response_format_down() -> None:
    assert _format_rejected(_StatusError(400, "response_format json_schema unsupported")) == 400
    assert _format_rejected(_StatusError(422, "unprocessable")) == 422
    # llama_cpp.server 0.3 answers its own validation error with a 500 that names the field
    assert _format_rejected(_StatusError(500, "'loc': ('body', 'response_format', 'type')")) == 500
    for status, message in ((401, "bad key"), (404, "no route"), (429, "slow down"), (500, "out of memory")):
        assert _format_rejected(_StatusError(status, message)) is None
    assert _format_rejected(ConnectionError("down")) is None
