"""Document management: list, show, stored text, upload (file or JSON), delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep, SettingsDep, require_admin, require_read
from api.errors import ApiError, ErrorResponse
from api.limits import ingest_slot
from api.validation import CollectionParam, validated_collection
from core.documents import DocumentMetadata, StoredDocument
from index.errors import DocumentTooLarge, InvalidSource
from index.loaders import load_bytes, load_text, sanitize_source

router = APIRouter(prefix="/documents", tags=["documents"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (401, 403, 404, 413, 415, 422, 429, 503)
}


class DocumentInfo(BaseModel):
    id: str
    source: str
    collection: str
    title: str | None
    author: str | None
    date: str | None
    url: str | None
    media_type: str
    chunks: int
    characters: int
    created_at: float


class DocumentList(BaseModel):
    documents: list[DocumentInfo]


class DocumentText(BaseModel):
    id: str
    source: str
    title: str | None
    text: str


class DocumentIn(BaseModel):
    source: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1)
    metadata: dict[str, str | None] = Field(default_factory=dict)


class IngestOut(BaseModel):
    id: str
    source: str
    status: str
    chunks: int
    replaced: str | None = None


def _info(document: StoredDocument) -> DocumentInfo:
    meta = document.metadata
    return DocumentInfo(
        id=document.id, source=document.source, collection=document.collection, title=meta.title,
        author=meta.author, date=meta.date, url=meta.url, media_type=document.media_type,
        chunks=document.chunk_count, characters=len(document.text), created_at=document.created_at,
    )


def _find(engine: EngineDep, collection: str, doc_id: str) -> StoredDocument:
    document = engine.doctable.get(collection, doc_id)
    if document is None:
        raise ApiError(404, "document_not_found", f"no document with id {doc_id!r} in collection {collection!r}")
    return document


@router.get("", response_model=DocumentList, responses=_ERRORS, dependencies=[require_read])
def list_documents(engine: EngineDep, settings: SettingsDep, collection: CollectionParam = None) -> DocumentList:
    name = validated_collection(collection, settings)
    return DocumentList(documents=[_info(d) for d in engine.doctable.list(name)])


@router.get("/{doc_id}", response_model=DocumentInfo, responses=_ERRORS, dependencies=[require_read])
def show_document(doc_id: str, engine: EngineDep, settings: SettingsDep,
                  collection: CollectionParam = None) -> DocumentInfo:
    return _info(_find(engine, validated_collection(collection, settings), doc_id))


@router.get("/{doc_id}/text", response_model=DocumentText, responses=_ERRORS, dependencies=[require_read])
def document_text(doc_id: str, engine: EngineDep, settings: SettingsDep,
                  collection: CollectionParam = None) -> DocumentText:
    document = _find(engine, validated_collection(collection, settings), doc_id)
    return DocumentText(id=document.id, source=document.source, title=document.metadata.title, text=document.text)


@router.delete("/{doc_id}", responses=_ERRORS, dependencies=[require_admin])
def delete_document(doc_id: str, engine: EngineDep, settings: SettingsDep,
                    collection: CollectionParam = None) -> dict[str, str]:
    name = validated_collection(collection, settings)
    if not engine.ingestor.delete(name, doc_id):
        raise ApiError(404, "document_not_found", f"no document with id {doc_id!r} in collection {name!r}")
    return {"deleted": doc_id}


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise DocumentTooLarge(f"the upload is larger than the {limit} byte limit")
    return data


@router.post("", status_code=201, response_model=IngestOut, responses=_ERRORS, dependencies=[require_admin],
             openapi_extra={"requestBody": {"content": {
                 "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                                    "properties": {"file": {"type": "string", "format": "binary"}}}},
                 "application/json": {"schema": DocumentIn.model_json_schema()},
             }}})
async def add_document(request: Request, engine: EngineDep, settings: SettingsDep,
                       collection: CollectionParam = None) -> JSONResponse:
    """Upload a file (multipart field ``file``) or JSON ``{source, text, metadata}``."""
    name = validated_collection(collection, settings)
    declared = int(request.headers.get("content-length") or 0)
    if declared > settings.max_upload_bytes + 64 * 1024:
        raise DocumentTooLarge(f"the upload is larger than the {settings.max_upload_bytes} byte limit")
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile) and not hasattr(upload, "read"):
            raise ApiError(422, "missing_file", "the multipart body needs a 'file' field")
        source = sanitize_source(getattr(upload, "filename", None) or "")
        data = await _read_limited(upload, settings.max_upload_bytes)  # type: ignore[arg-type]
        loaded = await run_in_threadpool(load_bytes, source, data)
    elif content_type.startswith("application/json"):
        body = await request.body()
        if len(body) > settings.max_upload_bytes:
            raise DocumentTooLarge(f"the document is larger than the {settings.max_upload_bytes} byte limit")
        try:
            document = DocumentIn.model_validate_json(body)
        except ValueError as exc:
            raise ApiError(422, "invalid_request", f"expected JSON {{source, text, metadata}}: {exc}"[:500]) from exc
        source = sanitize_source(document.source)
        meta = document.metadata
        loaded = load_text(source, document.text, DocumentMetadata(
            title=meta.get("title"), author=meta.get("author"), date=meta.get("date"), url=meta.get("url")))
    else:
        raise ApiError(415, "unsupported_media_type", "send multipart/form-data with a 'file' field, or JSON")
    if not loaded.source:
        raise InvalidSource("the document needs a source name")
    async with ingest_slot(request):
        result = await run_in_threadpool(engine.ingestor.ingest, loaded, name)
    status = 200 if result.status == "unchanged" else 201
    body_out = IngestOut(id=result.doc_id, source=result.source, status=result.status, chunks=result.chunks,
                         replaced=result.replaced_doc_id)
    return JSONResponse(body_out.model_dump(), status_code=status)
