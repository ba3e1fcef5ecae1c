"""Did the system refuse? ``answerable: false``, or an answer that says the documents do not answer."""

from __future__ import annotations

from eval.claims import is_refusal
from eval.responses import EvalResponse


def refused(response: EvalResponse) -> bool:
    return not response.answerable or is_refusal(response.answer)
