"""Where citation validity gets the stored document texts from.

- in-process: the engine's document table;
- against a server: ``GET {target}/documents/{doc_id}/text``;
- scoring saved answers without a server: the corpus files, loaded with the
  ingest loaders, so the text is the one the offsets were computed on.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Protocol

from eval.matching import source_name

log = logging.getLogger(__name__)


class DocumentTexts(Protocol):
    basis: str

    def text_for(self, doc_id: str, source: str) -> str | None: ...


class _Cached:
    def __init__(self) -> None:
        self._texts: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def _cached(self, key: str, load: Any) -> str | None:
        with self._lock:
            if key in self._texts:
                return self._texts[key]
        text = load()
        with self._lock:
            self._texts[key] = text
        return text


class DocTableTexts(_Cached):
    def __init__(self, doctable: Any, collection: str) -> None:
        super().__init__()
        self.doctable = doctable
        self.collection = collection
        self.basis = f"document table (collection {collection})"

    def text_for(self, doc_id: str, source: str) -> str | None:
        def load() -> str | None:
            document = self.doctable.get(self.collection, doc_id) if doc_id else None
            document = document or self.doctable.find_by_source(self.collection, source)
            return document.text if document is not None else None

        return self._cached(doc_id or source, load)


class ApiTexts(_Cached):
    def __init__(self, client: Any, target: str) -> None:
        super().__init__()
        self.client = client
        self.basis = f"documents API ({target}/documents/{{id}}/text)"

    def text_for(self, doc_id: str, source: str) -> str | None:
        def load() -> str | None:
            if not doc_id:
                return None
            try:
                reply = self.client.get(f"/documents/{doc_id}/text")
            except Exception as exc:  # the check degrades to "unchecked", it does not stop the run
                log.warning("document text fetch failed doc_id=%s error=%s", doc_id, exc)
                return None
            if reply.status_code != 200:
                log.warning("document text unavailable doc_id=%s status=%d", doc_id, reply.status_code)
                return None
            text = reply.json().get("text")
            return text if isinstance(text, str) else None

        return self._cached(doc_id, load)


class CorpusTexts(_Cached):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.basis = f"corpus files ({folder}), loaded as ingest loads them"

    def text_for(self, doc_id: str, source: str) -> str | None:
        def load() -> str | None:
            from index.errors import IngestError
            from index.loaders import load_path

            path = self.folder / source_name(source)
            if not path.is_file():
                return None
            try:
                return load_path(path).text
            except IngestError as exc:
                log.warning("corpus file unreadable path=%s error=%s", path, exc)
                return None

        return self._cached(source_name(source), load)


class NoTexts:
    def __init__(self, why: str) -> None:
        self.basis = why

    def text_for(self, doc_id: str, source: str) -> str | None:
        return None
