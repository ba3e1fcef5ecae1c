"""The embedded llama.cpp backend constrains JSON with a grammar built from the schema: on the real GGUF,
an answer to a schema'd request parses and validates, even when the prompt asks for something else."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from core.settings import Settings
from rag.llm.base import ChatMessage, bounded_schema
from tests.scale.conftest import only_llama_process

pytestmark = pytest.mark.llm


def test_embedded_backend_reply_matches_the_schema() -> None:
    from rag.llm.llamacpp import make_llamacpp_backend

    schema: dict[str, Any] = {
        "title": "verdict", "type": "object",
        "properties": {"verdict": {"type": "string", "enum": ["supported", "contradicted", "not_enough_info"]},
                       "reason": {"type": "string", "maxLength": 80}},
        "required": ["verdict", "reason"],
    }
    with only_llama_process():
        backend = make_llamacpp_backend(Settings(llm_backend="llamacpp", llm_max_tokens=64,  # type: ignore[arg-type]
                                                 llm_context=1024))
        # The prompt asks for prose; the grammar still allows only the schema's JSON.
        reply = backend.complete_json([ChatMessage("user", "Write a short poem about rivers.")], schema)
    jsonschema.validate(reply, bounded_schema(schema))
    assert reply["verdict"] in ("supported", "contradicted", "not_enough_info")
