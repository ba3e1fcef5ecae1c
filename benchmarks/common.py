"""Small shared helpers: timing statistics, machine facts, processes, the dev set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from api.local_server import free_port, stop, wait_ready

# Questions about the demo corpus, answerable and not, shared by the load test and the API tests.
DEMO_QUESTIONS = (
    "What did China's Foreign Ministry spokesman say about lethal weapons?",
    "How much did Russia spend on Chinese drones this year according to Politico?",
    "Who is Fabian Hinz?",
    "Did the US see evidence that China gave Russia weapons?",
    "What is Garpiya-3?",
    "How many Chinese citizens did Zelenskyy say were fighting for Russia?",
    "What is the capital of Australia?",
)

REPO = Path(__file__).resolve().parents[1]
DEMO_CORPUS = REPO / "corpus" / "demo"
DEV_SET = REPO / "eval" / "datasets" / "demo.jsonl"
# Sentence pools and their vectors are cached here between runs.
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "crosscheck" / "bench"


@dataclass(frozen=True)
class Latency:
    """Latency percentiles of one measured series, in milliseconds."""

    n: int
    p50_ms: float
    p95_ms: float
    mean_ms: float

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> Latency:
        values = np.asarray(samples_ms, dtype=np.float64)
        if values.size == 0:
            return cls(0, float("nan"), float("nan"), float("nan"))
        return cls(
            n=int(values.size),
            p50_ms=round(float(np.percentile(values, 50)), 2),
            p95_ms=round(float(np.percentile(values, 95)), 2),
            mean_ms=round(float(values.mean()), 2),
        )


def machine() -> str:
    """What the figures were measured on, e.g. '2 cores, 24 GiB, no GPU'."""
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    gib = round(pages / 2**30)
    try:
        import torch

        gpu = "GPU" if torch.cuda.is_available() else "no GPU"
    except ImportError:  # pragma: no cover - torch is a dependency
        gpu = "no GPU"
    return f"{os.cpu_count()} cores, {gib} GiB, {gpu}"


def load_average() -> float:
    """1-minute load average: figures taken while other jobs run are slower, so we report it."""
    return round(os.getloadavg()[0], 2)


def process_memory_mib(pid: int) -> dict[str, float]:
    """Resident set size now and at its peak (VmHWM), from /proc."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mib": fields.get("VmRSS", float("nan")), "peak_rss_mib": fields.get("VmHWM", float("nan"))}


def dir_size_mib(path: Path) -> float:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return round(total / 2**20, 1)


@dataclass(frozen=True)
class DevQuestion:
    id: str
    question: str
    answerable: bool
    gold: tuple[tuple[str, str], ...]  # (source, quote)


def load_dev_set(path: Path = DEV_SET) -> list[DevQuestion]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        gold = tuple((g["source"], g["quote"]) for g in row.get("gold") or [])
        questions.append(DevQuestion(row["id"], row["question"], bool(row["answerable"]), gold))
    return questions


@contextmanager
def crosscheck_server(data_dir: Path, *extra: str, env: dict[str, str] | None = None,
                      ready_timeout: float = 900) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real ``crosscheck serve`` process on a free port; yields (base URL, process) once /ready is 200."""
    port = free_port()
    command = [sys.executable, "-m", "crosscheck", "--log-level", "WARNING", "serve",
               "--data-dir", str(data_dir), "--port", str(port), *extra]
    log_path = data_dir.parent / f"server-{port}.log"
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, process, log_path, ready_timeout)
            yield base, process
        finally:
            stop(process)
