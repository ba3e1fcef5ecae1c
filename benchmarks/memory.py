"""Resident memory of a real ``crosscheck serve`` process holding an index and the models.

The server opens an existing data directory, loads the embedding model, and answers a
few questions (which builds its in-memory corpus snapshot with the BM25 index and
loads Chroma's HNSW segment). Then its RSS and peak RSS are read from /proc.

    python -m benchmarks.memory --data-dir /path/to/index
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import httpx

from benchmarks.common import crosscheck_server, process_memory_mib

WARM_QUESTIONS = (
    "Which company made the bulletproof vests?",
    "What does the function return when the file is missing?",
    "How is the buffer size chosen?",
)


def server_memory(
    data_dir: Path, questions: Sequence[str] = WARM_QUESTIONS, env: dict[str, str] | None = None
) -> dict[str, float]:
    with crosscheck_server(data_dir, env=env) as (base, process):
        with httpx.Client(base_url=base, timeout=600) as client:
            for question in questions:
                client.post("/ask", json={"question": question}).raise_for_status()
        return process_memory_mib(process.pid)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    memory = server_memory(args.data_dir)
    print(f"RSS {memory['rss_mib']:.0f} MiB, peak {memory['peak_rss_mib']:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
