"""FastAPI dependencies: the engine, access checks and request-scoped settings."""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import Depends, Header, Request

from api.errors import ApiError
from core.settings import Settings
from rag.engine import Engine

Role = Literal["read", "admin"]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine | None = getattr(request.app.state, "engine", None)
    if engine is None or not request.app.state.ready.is_set():
        raise ApiError(503, "not_ready", "the service is still loading models and indexing; retry shortly",
                       {"Retry-After": "5"})
    return engine


def _presented_key(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def _matches(key: str, candidates: list) -> bool:
    # Compare against every key, always, in constant time per key: no early exit leaks which matched.
    found = False
    for candidate in candidates:
        found |= hmac.compare_digest(key.encode(), candidate.get_secret_value().encode())
    return found


def resolve_role(settings: Settings, authorization: str | None, x_api_key: str | None) -> Role | None:
    """The role a request holds, or None when it presents no valid key. Open access when no keys are set."""
    if not settings.auth_enabled:
        return "admin"
    key = _presented_key(authorization, x_api_key)
    if key is None:
        return None
    if _matches(key, settings.admin_api_keys):
        return "admin"
    if _matches(key, settings.read_api_keys):
        return "read"
    return None


def _require(role: Role):  # noqa: ANN202 - returns a FastAPI dependency
    def check(
        request: Request,
        authorization: Annotated[str | None, Header()] = None,
        x_api_key: Annotated[str | None, Header()] = None,
    ) -> Role:
        settings = get_settings(request)
        held = resolve_role(settings, authorization, x_api_key)
        if held is None:
            raise ApiError(401, "unauthorized", "a valid API key is required (Authorization: Bearer <key>)",
                           {"WWW-Authenticate": "Bearer"})
        if role == "admin" and held != "admin":
            raise ApiError(403, "forbidden", "this key may ask questions but not change documents")
        # Rate limits are per key, or per client address when access is open.
        client = request.client.host if request.client else "anonymous"
        request.state.client_id = _presented_key(authorization, x_api_key) or client
        return held

    return check


require_read = Depends(_require("read"))
require_admin = Depends(_require("admin"))
EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
