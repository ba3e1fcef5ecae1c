"""The evaluation corpora under ``corpus/``: which files a corpus holds, byte-for-byte as published.

A corpus is a folder of documents with an ``ORIGIN.md``. A corpus of many similar pages (the
Python docs slice) is kept as one ``*.tar.gz`` with a ``*.sha256`` file beside it, because the
pages repeat the same site furniture and, loose, would drown the project's own files in every
tree-wide diff and duplicate scan. The archive is unpacked once into a cache folder keyed by its
checksum, and every page is checked against ``sha256sum``'s list before it is used, so what is
indexed is exactly what was published.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1] / "corpus"
_NOT_DOCUMENTS = {"ORIGIN.md"}
_ARCHIVE = ".tar.gz"
_CHECKSUMS = ".sha256"


class CorpusError(RuntimeError):
    """An archived corpus is missing a page, holds an unexpected one, or a page's bytes changed."""


def corpus_files(folder: Path) -> list[Path]:
    """The corpus's documents, sorted by name: its loose files, and the pages of its archives."""
    files: list[Path] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name in _NOT_DOCUMENTS or path.name.endswith(_CHECKSUMS):
            continue
        files.extend(unpacked(path) if path.name.endswith(_ARCHIVE) else [path])
    return sorted(files, key=lambda p: p.name)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_checksums(archive: Path) -> dict[str, str]:
    """``name -> sha256`` from the ``sha256sum`` list beside the archive."""
    listing = archive.with_name(archive.name.removesuffix(_ARCHIVE) + _CHECKSUMS)
    if not listing.is_file():
        raise CorpusError(f"{archive.name}: no checksum list {listing.name} beside it")
    sums: dict[str, str] = {}
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split(maxsplit=1)
        if len(fields) != 2:
            raise CorpusError(f"{listing.name}:{number}: expected '<sha256>  <file name>'")
        digest, name = fields
        sums[Path(name.lstrip("*")).name] = digest
    return sums


def _cache_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "crosscheck" / "corpora"


def unpacked(archive: Path, cache_root: Path | None = None) -> list[Path]:
    """The archive's pages in a cache folder, unpacked on first use and verified every time."""
    expected = expected_checksums(archive)
    target = (cache_root or _cache_root()) / f"{archive.parent.name}-{_sha256(archive)[:16]}"
    if not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=target.parent))
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # "data": nothing outside the folder, no device files, no absolute or escaping links.
                tar.extractall(staging, filter="data")
            staging.chmod(0o755)
            staging.rename(target)  # atomic: a second process sees all pages or none
        except OSError:
            if not target.is_dir():
                raise  # not a lost race: a real failure
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone after a rename; leftovers after a failure
    pages = sorted(p for p in target.iterdir() if p.is_file())
    found = {p.name: _sha256(p) for p in pages}
    if found != expected:
        missing_or_extra = set(found) ^ set(expected)
        altered = {name for name in found.keys() & expected.keys() if found[name] != expected[name]}
        changed = sorted(missing_or_extra | altered)
        raise CorpusError(f"{archive.name}: pages differ from {archive.name.removesuffix(_ARCHIVE)}{_CHECKSUMS}: "
                          f"{', '.join(changed)}")
    return pages
