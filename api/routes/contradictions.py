"""``GET /contradictions``: the corpus-wide disputes, ranked, filterable and paged."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep, SettingsDep, require_read
from api.errors import ApiError, ErrorResponse
from api.validation import CollectionParam, require_unicode, validated_collection
from rag.conflicts.report import DisputeItem, to_dispute

router = APIRouter(tags=["contradictions"])
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (401, 404, 422, 429, 503)}


class ContradictionList(BaseModel):
    contradictions: list[DisputeItem] = Field(description="Disputes, best first: one proposition each, with the "
                                              "voices on both sides and the pairwise evidence behind it.")
    total: int = Field(description="How many disputes match the filters, before limit and offset.")


@router.get("/contradictions", response_model=ContradictionList, responses=_ERRORS, dependencies=[require_read])
async def list_contradictions(
    engine: EngineDep,
    settings: SettingsDep,
    source: Annotated[str | None, Query(max_length=300, description="Only disputes with a voice from this source.")]
    = None,
    collection: CollectionParam = None,
    min_confidence: Annotated[float, Query(ge=0, le=1, description="Only disputes at least this confident.")] = 0.0,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many disputes.")] = 100,
    offset: Annotated[int, Query(ge=0, description="Skip this many disputes first.")] = 0,
) -> ContradictionList:
    name = validated_collection(collection, settings)
    contradiction_map = engine.contradiction_map
    if contradiction_map is None:
        raise ApiError(503, "contradictions_unavailable", "the contradiction map is not enabled on this server")
    if source is not None:
        require_unicode(source, "the source name")
        if engine.doctable.find_by_source(name, source) is None:
            raise ApiError(404, "source_not_found", f"no document with source {source!r} in collection {name!r}")
    disputes = await run_in_threadpool(contradiction_map.disputes, name, source, min_confidence)
    page = disputes[offset : offset + limit]
    return ContradictionList(contradictions=[to_dispute(d) for d in page], total=len(disputes))
