"""Responses to score: the /ask contract, read leniently, and the answers file that carries them.

Another system's outputs only need ``answer`` and ``citations`` to be scored;
the other contract fields default to empty, so a converted response is scored
by exactly the same code as Crosscheck's own.

An answers file has one JSON object per line:
``{"id": str, "response": <an /ask response>, "latency_ms"?: float, "ttft_ms"?: float}``
or ``{"id": str, "error": str}`` for a question whose request failed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from eval.jsonl import Problem, RecordChecker, read_unique_records


class EvalCitation(BaseModel):
    """A contract citation; fields another system may not have default to empty."""

    id: int
    source: str
    quote: str
    doc_id: str = ""
    title: str | None = None
    chunk_id: str = ""
    start: int = -1
    end: int = -1
    score: float = 0.0


class EvalSentence(BaseModel):
    text: str
    citations: list[int] = Field(default_factory=list)
    supported: bool | None = None


class EvalClaim(BaseModel):
    """One side of a reported contradiction (from /ask or GET /contradictions)."""

    source: str
    quote: str
    text: str = ""
    citation: int | None = None
    doc_id: str | None = None
    speaker: str | None = None
    start: int = -1
    end: int = -1
    side: int | None = None  # 0 or 1 when the response says which side the claim is on


class EvalContradiction(BaseModel):
    claims: list[EvalClaim]
    topic: str = ""
    explanation: str = ""


class EvalResponse(BaseModel):
    answer: str
    answerable: bool = True
    citations: list[EvalCitation] = Field(default_factory=list)
    sentences: list[EvalSentence] = Field(default_factory=list)
    contradictions: list[EvalContradiction] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    passages: list[EvalCitation] = Field(default_factory=list)

    def citation(self, number: int) -> EvalCitation | None:
        return next((c for c in self.citations if c.id == number), None)


@dataclass
class Answer:
    """The outcome of asking one question: a response, or the error that prevented one."""

    id: str
    response: EvalResponse | None
    error: str | None = None
    latency_ms: float | None = None
    ttft_ms: float | None = None


def parse_response(obj: Any) -> EvalResponse:
    return EvalResponse.model_validate(obj)


def validation_problems(exc: ValidationError, path: Path, line: int, prefix: str) -> list[Problem]:
    return [
        Problem(str(path), line, ".".join([prefix, *(str(p) for p in err["loc"])]), err["msg"]) for err in exc.errors()
    ]


def _answer(check: RecordChecker, path: Path) -> Answer | None:
    qid = check.text("id")
    if qid is None:
        return None
    error = check.record.get("error")
    raw = check.record.get("response")
    if raw is None:
        if isinstance(error, str) and error:
            return Answer(qid, None, error)
        check.fail("response", 'missing (expected an /ask response object, or an "error" string)')
        return None
    try:
        response = parse_response(raw)
    except ValidationError as exc:
        check.problems.extend(validation_problems(exc, path, check.line, "response"))
        return None
    return Answer(qid, response, None, _number(check, "latency_ms"), _number(check, "ttft_ms"))


def _number(check: RecordChecker, field: str) -> float | None:
    value = check.record.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        check.fail(field, f"expected a number, got {json.dumps(value)[:40]}")
        return None
    return float(value)


def load_answers(path: Path) -> dict[str, Answer]:
    """The answers of a saved run, by question id; ``DatasetError`` names every bad line and field."""
    return {answer.id: answer for answer in read_unique_records(path, lambda check: _answer(check, path))}


def answer_record(answer: Answer) -> dict[str, Any]:
    record: dict[str, Any] = {"id": answer.id}
    if answer.response is not None:
        record["response"] = answer.response.model_dump(mode="json")
    if answer.error is not None:
        record["error"] = answer.error
    if answer.latency_ms is not None:
        record["latency_ms"] = round(answer.latency_ms, 2)
    if answer.ttft_ms is not None:
        record["ttft_ms"] = round(answer.ttft_ms, 2)
    return record


def write_answers(path: Path, answers: Iterable[Answer]) -> None:
    """The answers file that ``crosscheck eval score`` reads back."""
    with path.open("w", encoding="utf-8") as handle:
        for answer in answers:
            handle.write(json.dumps(answer_record(answer), ensure_ascii=False) + "\n")
