"""Generated text for scale benchmarks, and a cheap but honest vectoriser for it.

How the text is generated
-------------------------
Sentences come from the docstrings of the local Python standard library, read with
``ast`` (no imports, nothing downloaded): real English technical prose, on every
machine that has Python. A filler document is 20-120 of those sentences drawn with
a seeded RNG, in paragraphs of 3-6. The same seed gives the same documents.

How its vectors are made
------------------------
Embedding 100k chunks with the real model takes about an hour here (25-60 chunks/s),
so filler chunks are not embedded one by one. A pool of distinct sentences is
embedded once with the real model; a filler chunk's vector is the normalised mean of
the vectors of the pool sentences it is made of. These vectors live in the same space
as real chunk vectors and cluster like them (chunks that share sentences are near each
other), which is what HNSW search cost depends on. Queries are always embedded with
the real model, by both systems, at query time.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import random
import re
import sysconfig
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.documents import DocumentMetadata, LoadedDocument
from index.embed import Embedder
from index.sentences import split_sentences

log = logging.getLogger(__name__)

_SKIP_DIRS = frozenset({"test", "tests", "site-packages", "idlelib", "lib2to3", "turtledemo", "__pycache__"})
_MIN_CHARS, _MAX_CHARS = 40, 300
_CLEAN = re.compile(r"^[A-Z][^\n]*[a-z)][.]$")


def stdlib_root() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def stdlib_docstrings(root: Path | None = None) -> Iterator[tuple[str, str]]:
    """(module name, docstrings of the module, its classes and functions) for each stdlib module."""
    root = root or stdlib_root()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if _SKIP_DIRS.intersection(relative.parts):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except (SyntaxError, ValueError):
            continue
        docs = [
            doc
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and (doc := ast.get_docstring(node))
        ]
        if docs:
            yield ".".join(relative.with_suffix("").parts), "\n\n".join(docs)


def _prose_sentences(text: str) -> Iterator[str]:
    """Sentences of docstring prose: paragraphs re-flowed, code and tables left out."""
    for paragraph in re.split(r"\n\s*\n", text):
        if ">>>" in paragraph or "::" in paragraph or "|" in paragraph:
            continue
        flowed = " ".join(paragraph.split())
        for span in split_sentences(flowed):
            sentence = flowed[span.start : span.end]
            if _MIN_CHARS <= len(sentence) <= _MAX_CHARS and _CLEAN.match(sentence):
                yield sentence


def _stands_alone(sentence: str) -> bool:
    """True when the sentence splitter finds it whole, also when another sentence follows."""
    pair = f"{sentence} The next sentence starts here."
    return len(split_sentences(sentence)) == 1 and len(split_sentences(pair)) == 2


def sentence_pool(cache_dir: Path) -> list[str]:
    """Distinct stand-alone stdlib docstring sentences, cached (parsing the stdlib takes seconds)."""
    cache = cache_dir / "stdlib-sentences.json"
    if cache.exists():
        cached: list[str] = json.loads(cache.read_text(encoding="utf-8"))
        return cached
    seen: dict[str, None] = {}
    for _module, text in stdlib_docstrings():
        for sentence in _prose_sentences(text):
            if sentence not in seen and _stands_alone(sentence):
                seen[sentence] = None
    pool = list(seen)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(pool), encoding="utf-8")
    log.info("sentence pool sentences=%d cache=%s", len(pool), cache)
    return pool


def write_docstring_corpus(target: Path) -> list[Path]:
    """A real corpus of a few hundred documents where the Python HTML docs are not installed."""
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for module, text in stdlib_docstrings():
        if len(text) < 400:
            continue
        path = target / f"{module}.txt"
        if not path.exists():
            path.write_text(f"{module}\n\n{text}\n", encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True)
class FillerGenerator:
    """Deterministic filler documents built from pool sentences."""

    pool: Sequence[str]
    seed: int = 1234
    min_sentences: int = 20
    max_sentences: int = 120

    def document(self, number: int) -> LoadedDocument:
        rng = random.Random(self.seed * 1_000_003 + number)
        count = rng.randint(self.min_sentences, self.max_sentences)
        sentences = [self.pool[rng.randrange(len(self.pool))] for _ in range(count)]
        paragraphs = []
        while sentences:
            size = rng.randint(3, 6)
            paragraphs.append(" ".join(sentences[:size]))
            sentences = sentences[size:]
        return LoadedDocument(
            source=f"synthetic-{number:07d}.txt",
            text="\n\n".join(paragraphs) + "\n",
            metadata=DocumentMetadata(),
            media_type="text/plain",
        )

    def documents(self, start: int, count: int) -> Iterator[LoadedDocument]:
        for number in range(start, start + count):
            yield self.document(number)

    def queries(self, count: int, seed: int = 99) -> list[str]:
        """Keyword-style queries: the opening words of random pool sentences."""
        rng = random.Random(seed)
        queries = []
        for _ in range(count):
            words = self.pool[rng.randrange(len(self.pool))].rstrip(".").split()
            queries.append(" ".join(words[: rng.randint(5, 10)]) + "?")
        return queries


class ComposedVectoriser:
    """Stands in for ``Embedder`` at ingest: chunk vector = normalised mean of its pool-sentence vectors.

    ``embed_query`` and unknown text go to the real model, so the query path is real.
    """

    def __init__(self, embedder: Embedder, pool: Sequence[str], cache_dir: Path, pool_size: int) -> None:
        self.embedder = embedder
        self.dimension = embedder.dimension
        self.model_name = embedder.model_name
        self.pool = list(pool[:pool_size])
        self._vectors = self._pool_vectors(cache_dir)
        self._index = {sentence: i for i, sentence in enumerate(self.pool)}
        self.misses = 0

    def _pool_vectors(self, cache_dir: Path) -> np.ndarray:
        key = hashlib.sha256(("\n".join(self.pool) + self.model_name).encode()).hexdigest()[:16]
        cache = cache_dir / f"pool-vectors-{key}.npy"
        if cache.exists():
            vectors: np.ndarray = np.load(cache)
            return vectors
        log.info("embedding sentence pool sentences=%d (once, cached)", len(self.pool))
        vectors = self.embedder.embed(self.pool, batch_size=64)
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors)
        return vectors

    def embed(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._compose(text)
        return out

    def _compose(self, text: str) -> np.ndarray:
        ids = [self._index.get(text[s.start : s.end]) for s in split_sentences(text)]
        known = [i for i in ids if i is not None]
        if len(known) < len(ids):
            self.misses += 1
        if not known:
            return self.embedder.embed_query(text)
        mean = self._vectors[known].mean(axis=0)
        return (mean / np.linalg.norm(mean)).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.embed_query(text)
