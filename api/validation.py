"""Checks on user input that the JSON schema alone cannot express."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Query

from api.errors import ApiError
from core.settings import Settings
from rag.schemas import AskRequest

# The ``?collection=`` query parameter of every route that reads or writes one collection.
CollectionParam = Annotated[str | None, Query(description="Collection; defaults to the server's.")]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_COLLECTION = re.compile(r"^[A-Za-z0-9_-]{1,48}$")
# JSON may carry "\ud800" escapes: lone surrogates are not text, and tokenizers and encoders raise on them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def require_unicode(value: str, what: str) -> str:
    if _SURROGATE.search(value):
        raise ApiError(422, "invalid_text", f"{what} is not valid Unicode text (it has unpaired surrogates)")
    return value


def clean_question(question: str, settings: Settings) -> str:
    text = _CONTROL.sub(" ", require_unicode(question, "the question")).strip()
    if not text:
        raise ApiError(422, "empty_question", "the question is empty")
    if len(text) > settings.max_question_chars:
        raise ApiError(422, "question_too_long",
                       f"the question has {len(text)} characters; the limit is {settings.max_question_chars}")
    if not any(ch.isalnum() for ch in text):
        raise ApiError(422, "invalid_question", "the question has no letters or digits")
    return text


def validated_collection(collection: str | None, settings: Settings) -> str:
    name = collection or settings.collection
    if not _COLLECTION.match(name):
        raise ApiError(422, "invalid_collection", "collection names use 1-48 letters, digits, '_' or '-'")
    return name


def validated_ask(request: AskRequest, settings: Settings, query_collection: str | None = None) -> AskRequest:
    """The request, checked, with its collection taken from the body or the ``?collection=`` query
    parameter (as ``POST /documents`` takes it); the two must not name different collections."""
    if query_collection and request.collection and query_collection != request.collection:
        raise ApiError(422, "conflicting_collection",
                       f"the body asks collection {request.collection!r} but the query names {query_collection!r}")
    if request.top_k is not None and not 1 <= request.top_k <= 50:
        raise ApiError(422, "invalid_top_k", f"top_k must be between 1 and 50, not {request.top_k}")
    if request.sources is not None and (len(request.sources) > 100 or any(len(s) > 300 for s in request.sources)):
        raise ApiError(422, "invalid_sources", "sources must be at most 100 names of at most 300 characters")
    for source in request.sources or ():
        require_unicode(source, "a source name")
    return request.model_copy(update={
        "question": clean_question(request.question, settings),
        "collection": validated_collection(request.collection or query_collection, settings),
    })
