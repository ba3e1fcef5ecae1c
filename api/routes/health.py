"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import require_read

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process is up")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness: models loaded, store reachable, demo corpus indexed",
            dependencies=[require_read])
def ready(request: Request) -> JSONResponse:
    state = request.app.state
    engine = getattr(state, "engine", None)
    if engine is None or not state.ready.is_set():
        detail = state.startup_error or "loading models and indexing"
        return JSONResponse({"status": "starting", "detail": detail}, status_code=503,
                            headers={"Retry-After": "5"})
    if not engine.ready():
        return JSONResponse({"status": "degraded", "detail": "vector store unreachable"}, status_code=503)
    try:
        docs, chunks = engine.doctable.counts(engine.settings.collection)
    except Exception as error:  # noqa: BLE001 - a readiness probe reports, it does not fail
        # With CROSSCHECK_DATABASE_URL the document table is a server that can go away.
        return JSONResponse({"status": "degraded", "detail": f"document store unreachable ({type(error).__name__})"},
                            status_code=503, headers={"Retry-After": "5"})
    return JSONResponse({"status": "ready", "documents": docs, "chunks": chunks,
                         "llm_backend": engine.settings.llm_backend})
