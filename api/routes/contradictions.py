"""``GET /contradictions``: the corpus-wide contradiction map, optionally for one source."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep, SettingsDep, require_read
from api.errors import ApiError
from api.validation import require_unicode, validated_collection
from rag.conflicts.report import to_contradiction
from rag.conflicts.service import contradiction_map_of
from rag.schemas import Contradiction, ErrorResponse

router = APIRouter(tags=["contradictions"])
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (401, 404, 422, 429, 503)}


class ContradictionList(BaseModel):
    contradictions: list[Contradiction]


@router.get("/contradictions", response_model=ContradictionList, responses=_ERRORS, dependencies=[require_read])
async def list_contradictions(
    engine: EngineDep,
    settings: SettingsDep,
    source: Annotated[str | None, Query(max_length=300, description="Only conflicts with a claim from this source.")]
    = None,
    collection: Annotated[str | None, Query(description="Collection; defaults to the server's.")] = None,
) -> ContradictionList:
    name = validated_collection(collection, settings)
    contradiction_map = contradiction_map_of(engine)
    if contradiction_map is None:
        raise ApiError(503, "contradictions_unavailable", "the contradiction map is not enabled on this server")
    if source is not None:
        require_unicode(source, "the source name")
        if engine.doctable.find_by_source(name, source) is None:
            raise ApiError(404, "source_not_found", f"no document with source {source!r} in collection {name!r}")
    conflicts = await run_in_threadpool(contradiction_map.conflicts, name, source)
    return ContradictionList(contradictions=[to_contradiction(c) for c in conflicts])
