"""Ingest failures that a caller can act on. Each maps to one HTTP status."""

from __future__ import annotations


class IngestError(Exception):
    """A document was refused; nothing of it was stored."""

    status_code = 422
    code = "invalid_document"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnsupportedMediaType(IngestError):
    status_code = 415
    code = "unsupported_media_type"


class DocumentTooLarge(IngestError):
    status_code = 413
    code = "document_too_large"


class EmptyDocument(IngestError):
    code = "empty_document"


class UndecodableDocument(IngestError):
    code = "undecodable_document"


class NoTextLayer(IngestError):
    code = "pdf_without_text"


class InvalidSource(IngestError):
    code = "invalid_source"
