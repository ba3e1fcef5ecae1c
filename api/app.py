"""The FastAPI application: routers, error handlers, CORS, the web chat, and start-up.

Models load and the demo corpus is indexed in a background thread, so
``/health`` answers at once and ``/ready`` turns 200 only when answering works.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.errors import install_error_handlers
from api.limits import BodyLimit, install_limits
from api.routes import ask, chat, contradictions, documents, health
from core.settings import Settings
from rag.engine import Engine

log = logging.getLogger(__name__)
WEB_DIR = Path(__file__).parent / "web"

EngineFactory = Callable[[Settings], Engine]


def _start_engine(app: FastAPI, settings: Settings, factory: EngineFactory) -> None:
    try:
        engine = factory(settings)
        if settings.demo_corpus is not None:
            results = engine.ingest_folder(settings.demo_corpus, progress=False)
            log.info("demo corpus folder=%s documents=%d", settings.demo_corpus, len(results))
        app.state.engine = engine
        app.state.ready.set()
        log.info("ready collection=%s llm_backend=%s", settings.collection, settings.llm_backend)
    except Exception as exc:  # keep serving /health and report the failure on /ready
        log.exception("start-up failed")
        app.state.startup_error = f"start-up failed: {exc}"


def create_app(
    settings: Settings | None = None,
    engine_factory: EngineFactory = Engine.from_settings,
    background_start: bool = True,
) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "engine", None) is None:
            if background_start:
                threading.Thread(target=_start_engine, args=(app, settings, engine_factory), daemon=True).start()
            else:
                _start_engine(app, settings, engine_factory)
        yield

    app = FastAPI(
        title="Crosscheck",
        version="0.1.0",
        description="Answers over your documents with verbatim, offset-checked citations, "
        "and an explicit account of where the sources disagree.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.ready = threading.Event()
    app.state.startup_error = None
    install_limits(app.state, settings)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, settings=settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key"],
        )
    for module in (health, ask, documents, contradictions, chat):
        app.include_router(module.router)
    if WEB_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def web_chat() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", headers={
            "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff",
        })

    return app

