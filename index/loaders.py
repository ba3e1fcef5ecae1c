"""Turn bytes of a supported format into stored text plus metadata.

The text a loader returns is what gets stored and what citation offsets point
into. For plain text and markdown it is the file's own text, so every quote
can also be found verbatim in the original file.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from core.documents import DocumentMetadata, LoadedDocument
from index.errors import EmptyDocument, NoTextLayer, UndecodableDocument, UnsupportedMediaType
from index.metadata import guess_metadata

log = logging.getLogger(__name__)

MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SUPPORTED_SUFFIXES = tuple(sorted(MEDIA_TYPES))

# Share of characters that may be control or replacement characters before we
# call a "text" file binary garbage.
_MAX_JUNK_RATIO = 0.05


def media_type_for(source: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    return MEDIA_TYPES[suffix]


def load_bytes(source: str, data: bytes) -> LoadedDocument:
    """Load one document. Raises an ``IngestError`` subclass that says why it cannot be used."""
    media_type = media_type_for(source)
    if not data.strip():
        raise EmptyDocument(f"{source}: the file is empty")
    text, metadata = _LOADERS[media_type](source, data)
    _require_readable_text(source, text)
    return LoadedDocument(source=source, text=text, metadata=metadata, media_type=media_type)


def load_text(source: str, text: str, metadata: DocumentMetadata | None = None) -> LoadedDocument:
    """A document given as text (e.g. JSON to ``POST /documents``); stored exactly as given."""
    _require_readable_text(source, text)
    guessed = guess_metadata(text)
    given = metadata or DocumentMetadata()
    merged = DocumentMetadata(
        title=given.title or guessed.title,
        author=given.author or guessed.author,
        date=given.date or guessed.date,
        url=given.url,
    )
    media_type = MEDIA_TYPES.get(Path(source).suffix.lower(), "text/plain")
    return LoadedDocument(source=source, text=text, metadata=merged, media_type=media_type)


def load_path(path: Path, source: str | None = None) -> LoadedDocument:
    return load_bytes(source or path.name, path.read_bytes())


def _require_readable_text(source: str, text: str) -> None:
    if not text or not text.strip():
        raise EmptyDocument(f"{source}: no text could be extracted")
    if "\x00" in text:
        # No text format holds NUL characters, and PostgreSQL cannot store them: refuse on every store alike.
        raise UndecodableDocument(f"{source}: the text contains NUL characters; it is binary, not text")
    junk = sum(1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t"))
    if junk / len(text) > _MAX_JUNK_RATIO:
        raise UndecodableDocument(f"{source}: the content looks like binary data, not text")
    if sum(ch.isalpha() for ch in text) < 3:
        raise EmptyDocument(f"{source}: the text has no words")


def decode_text(source: str, data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UndecodableDocument(f"{source}: the file contains NUL bytes; it is binary, not text")
    # UTF-16 only with a byte-order mark: almost any even-length byte string "decodes" as UTF-16.
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    raise UndecodableDocument(f"{source}: the file is not valid UTF-8 or UTF-16 text")


def _load_plain(source: str, data: bytes) -> tuple[str, DocumentMetadata]:
    text = decode_text(source, data)
    return text, guess_metadata(text)


def _load_html(source: str, data: bytes) -> tuple[str, DocumentMetadata]:
    import trafilatura
    from trafilatura.settings import Document

    html = decode_text(source, data)
    # One pass for text and metadata: extract() plus extract_metadata() parsed every page
    # twice, and HTML parsing is most of the CPU an ingest spends outside the embedder.
    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, favor_recall=True, with_metadata=True
    )
    meta = extracted if isinstance(extracted, Document) else None
    text = (meta.text if meta else None) or ""
    if not text.strip():
        # Small hand-written pages have no "main content" for trafilatura to find.
        text = _visible_html_text(html)
    guessed = guess_metadata(text)
    return text, DocumentMetadata(
        title=(meta.title if meta and meta.title else None) or guessed.title,
        author=(meta.author if meta and meta.author else None) or guessed.author,
        date=(meta.date if meta and meta.date else None) or guessed.date,
        url=meta.url if meta and meta.url else None,
    )


def _visible_html_text(html: str) -> str:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    lines = (line.strip() for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _load_pdf(source: str, data: bytes) -> tuple[str, DocumentMetadata]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UndecodableDocument(f"{source}: not a readable PDF ({exc})") from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text.strip():
        raise NoTextLayer(f"{source}: the PDF has no text layer (scanned images need OCR first)")
    info = reader.metadata
    guessed = guess_metadata(text)
    return text, DocumentMetadata(
        title=(info.title if info and info.title else None) or guessed.title,
        author=(info.author if info and info.author else None) or guessed.author,
        date=guessed.date,
    )


def _load_docx(source: str, data: bytes) -> tuple[str, DocumentMetadata]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise UndecodableDocument(f"{source}: not a readable .docx file ({exc})") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends
        raise UndecodableDocument(f"{source}: not a readable .docx file ({type(exc).__name__})") from exc
    text = "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
    props = document.core_properties
    guessed = guess_metadata(text)
    return text, DocumentMetadata(
        title=props.title or guessed.title,
        author=props.author or guessed.author,
        date=props.created.date().isoformat() if props.created else guessed.date,
    )


_LOADERS: dict[str, Callable[[str, bytes], tuple[str, DocumentMetadata]]] = {
    "text/plain": _load_plain,
    "text/markdown": _load_plain,
    "text/html": _load_html,
    "application/pdf": _load_pdf,
    MEDIA_TYPES[".docx"]: _load_docx,
}

_UNSAFE_SOURCE_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]")
MAX_SOURCE_CHARS = 200


def sanitize_source(name: str) -> str:
    """Reduce an uploaded file name to a safe base name; never a path."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_SOURCE_CHARS.sub("_", base).strip(" .")
    if not base or set(base) <= {"_", "."}:
        raise UnsupportedMediaType("the file name is empty once unsafe characters are removed")
    if len(base) > MAX_SOURCE_CHARS:
        stem, dot, suffix = base.rpartition(".")
        keep = MAX_SOURCE_CHARS - len(suffix) - 1
        base = f"{stem[:keep]}.{suffix}" if dot and keep > 0 else base[:MAX_SOURCE_CHARS]
    return base
