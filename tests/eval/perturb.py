"""Perturbations of grounded answers, for testing that the metrics can fail.

Each works on the answer text and keeps its [n] markers, the way a checker
would corrupt a real /ask response.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eval.responses import EvalResponse

_PIECES = re.compile(r"((?:\s*\[\d+(?:\s*,\s*\d+)*\])+[.!?]?\s*)")
_NEGATION = re.compile(r"\b(?:not|never|no)\b\s*|n['’]t\b", re.IGNORECASE)
_AUXILIARY = re.compile(r"\b(is|was|were|are|has|have|had|would|will|can|could|did|does|do|should|may|might)\b")
_NUMBER = re.compile(r"(?<!\[)\b\d[\d,]*(?:\.\d+)?\b(?!\])")
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
INVENTED = "The committee approved a budget of 12 billion euros for lunar mining in Patagonia. [1]"


def _map_text(answer: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to each sentence's text, leaving the marker groups between them untouched."""
    parts = _PIECES.split(answer)
    return "".join(part if _PIECES.fullmatch(part) else (change(part) if part.strip() else part) for part in parts)


def negate_sentence(text: str) -> str:
    if _NEGATION.search(text):
        return _NEGATION.sub("", text, count=1)
    if _AUXILIARY.search(text):
        return _AUXILIARY.sub(lambda m: f"{m.group(1)} not", text, count=1)
    return "It is not true that " + text[:1].lower() + text[1:]


def change_number(match: re.Match[str]) -> str:
    digits = match.group(0).replace(",", "")
    whole = digits.split(".")[0]
    return str(int(whole) * 3 + 17) if whole else match.group(0)


def negate(response: EvalResponse) -> EvalResponse:
    return response.model_copy(update={"answer": _map_text(response.answer, negate_sentence)})


def change_numbers_and_names(response: EvalResponse) -> EvalResponse:
    def change(text: str) -> str:
        changed = _NUMBER.sub(change_number, text)
        return _NAME.sub("Zorblatt Quendel", changed) if changed == text else changed

    return response.model_copy(update={"answer": _map_text(response.answer, change)})


def move_citations(response: EvalResponse) -> EvalResponse:
    """Point every marker at another citation (n -> n+1, wrapping), as if cited from the wrong passage."""
    count = max(len(response.citations), 1)
    ids = [c.id for c in response.citations] or [1]

    def shift(match: re.Match[str]) -> str:
        number = int(match.group(1))
        index = ids.index(number) if number in ids else 0
        return f"[{ids[(index + 1) % count]}]"

    return response.model_copy(update={"answer": re.sub(r"\[(\d+)\]", shift, response.answer)})


def add_invented(response: EvalResponse, times: int = 1) -> EvalResponse:
    return response.model_copy(update={"answer": " ".join([response.answer, *[INVENTED] * times])})


PERTURBATIONS: dict[str, Callable[[EvalResponse], EvalResponse]] = {
    "negated": negate,
    "numbers_or_names": change_numbers_and_names,
    "citation_moved": move_citations,
    "invented": add_invented,
}
