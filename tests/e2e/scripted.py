"""A stand-in engine whose pipeline is scripted by the question, for failures and disconnects on demand."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI

from api.app import create_app
from core.settings import Settings
from rag.schemas import AskRequest, AskResponse

SLOW_TOKENS = 200


@dataclass
class ScriptedPipeline:
    """'slow …' streams SLOW_TOKENS tokens 20 ms apart; 'fail …' breaks after two tokens."""

    produced: int = 0
    closed: threading.Event = field(default_factory=threading.Event)

    def events(self, request: AskRequest) -> Iterator[tuple[str, Any]]:
        self.produced, self.closed = 0, threading.Event()
        try:
            for i in range(SLOW_TOKENS):
                if request.question.startswith("fail") and i == 2:
                    raise RuntimeError("secret internal detail")
                time.sleep(0.02 if request.question.startswith("slow") else 0)
                self.produced += 1
                yield ("token", {"text": f"w{i} "})
            yield ("done", AskResponse(answer="done", answerable=False, citations=[], sentences=[],
                                       contradictions=[], timings_ms={}))
        finally:
            self.closed.set()


class _OneCollection:
    def collections(self) -> list[str]:
        return ["default"]


@dataclass
class ScriptedEngine:
    """Just what the routes under test touch: the pipeline, settings, llm, doctable, ready()."""

    pipeline: ScriptedPipeline
    settings: Settings
    llm: None = None
    contradiction_map: None = None
    doctable: _OneCollection = field(default_factory=_OneCollection)

    def ready(self) -> bool:
        return True


def scripted_app(settings: Settings) -> tuple[FastAPI, ScriptedPipeline]:
    pipeline = ScriptedPipeline()
    engine = ScriptedEngine(pipeline, settings)
    app = create_app(settings, engine_factory=lambda _s: engine, background_start=False)  # type: ignore[arg-type,return-value]
    return app, pipeline
