"""The document model: what a loader produces, the spans of stored text, chunks, stored documents.

Every offset in Crosscheck is a ``[start, end)`` index into a document's stored text, which
is never rewritten, so ``text[start:end]`` is always the quote.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentMetadata:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class LoadedDocument:
    """A document as a loader produced it: its stored text is exactly ``text``."""

    source: str
    text: str
    metadata: DocumentMetadata
    media_type: str


@dataclass(frozen=True)
class LocatedText:
    """Text quoted from a stored document, with where it stands: ``document.text[start:end] == text``."""

    doc_id: str
    source: str
    title: str | None
    chunk_id: str
    start: int
    end: int
    text: str

    @property
    def place(self) -> tuple[str, int, int]:
        """Where the text stands: two quotes of one document span are the same quote."""
        return self.doc_id, self.start, self.end


@dataclass(frozen=True)
class Span:
    """A half-open ``[start, end)`` range of a document's stored text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    source: str
    start: int
    end: int
    text: str
    ordinal: int


@dataclass(frozen=True)
class StoredDocument:
    id: str
    collection: str
    source: str
    content_hash: str
    text: str
    metadata: DocumentMetadata
    media_type: str
    created_at: float
    chunk_count: int
    keep_spans: tuple[Span, ...] = ()


# ---------------------------------------------------------------------------
# Query-time records
# ---------------------------------------------------------------------------
