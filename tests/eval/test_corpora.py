"""Archived evaluation corpora unpack to exactly the published bytes, or refuse."""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest

from eval.corpora import CORPORA, CorpusError, corpus_files, unpacked


def _archive(folder: Path, pages: dict[str, bytes], listed: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True)
    source = folder / "loose"
    source.mkdir()
    archive = folder / "pages.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in pages.items():
            (source / name).write_bytes(data)
            tar.add(source / name, arcname=name)
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in listed.items()]
    (folder / "pages.sha256").write_text("\n".join(lines) + "\n")
    return archive


def test_pages_unpack_byte_for_byte(tmp_path: Path) -> None:
    pages = {"a.html": b"<p>first</p>", "b.html": b"<p>second</p>\r\n"}
    archive = _archive(tmp_path / "corpus", pages, pages)
    found = unpacked(archive, tmp_path / "cache")
    assert {p.name: p.read_bytes() for p in found} == pages
    assert unpacked(archive, tmp_path / "cache") == found  # the second call reuses the cache


def test_a_changed_page_is_refused(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "corpus", {"a.html": b"edited"}, {"a.html": b"as published"})
    with pytest.raises(CorpusError, match="a.html"):
        unpacked(archive, tmp_path / "cache")


def test_a_missing_page_is_refused(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "corpus", {"a.html": b"x"}, {"a.html": b"x", "b.html": b"y"})
    with pytest.raises(CorpusError, match="b.html"):
        unpacked(archive, tmp_path / "cache")


def test_the_python_docs_corpus_lists_its_pages_and_no_archive() -> None:
    names = [p.name for p in corpus_files(CORPORA / "pydocs")]
    assert "json.html" in names and len(names) == 10
    assert not any(name.endswith((".tar.gz", ".sha256", ".md")) for name in names)


def test_a_malformed_checksum_list_is_refused_with_its_line(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "corpus", {"a.html": b"x"}, {"a.html": b"x"})
    (tmp_path / "corpus" / "pages.sha256").write_text("not-a-pair\n")
    with pytest.raises(CorpusError, match="pages.sha256:1"):
        unpacked(archive, tmp_path / "cache")
