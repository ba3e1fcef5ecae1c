"""``crosscheck contradictions``: the corpus-wide map as a readable table, or as JSON.

Reads the persisted map directly; models load only if the map must first catch
up with documents indexed while it was not listening.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache

from rich.console import Console
from rich.table import Table

from index.doctable import DocTable
from index.embed import Embedder
from rag.conflicts.report import to_contradiction
from rag.conflicts.service import open_map
from rag.conflicts.store import StoredConflict
from rag.settings import Settings
from rag.text import display_text

_QUOTE_CHARS = 160


def _short(text: str) -> str:
    text = display_text(text)
    return text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"


def _side(claim_source: str, speaker: str, text: str) -> str:
    return f"[bold]{speaker}[/bold] ({claim_source})\n“{_short(text)}”"


def render_table(conflicts: list[StoredConflict], title: str) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("topic", ratio=1)
    table.add_column("one side", ratio=3)
    table.add_column("the other side", ratio=3)
    table.add_column("judge / confidence", ratio=1)
    for number, conflict in enumerate(conflicts, start=1):
        table.add_row(
            str(number),
            conflict.topic,
            _side(conflict.a.source, conflict.a.speaker, conflict.a.text),
            _side(conflict.b.source, conflict.b.speaker, conflict.b.text),
            f"{conflict.judge}\n{conflict.confidence:.2f}",
        )
    return table


def show_contradictions(settings: Settings, source: str | None = None, as_json: bool = False) -> int:
    @lru_cache(maxsize=1)
    def embedder() -> Embedder:
        return Embedder.from_settings(settings)

    doctable = DocTable(settings.doctable_path)
    contradiction_map = open_map(settings, embedder)
    contradiction_map.reconcile(doctable)
    collection = settings.collection
    if source is not None and doctable.find_by_source(collection, source) is None:
        print(f"no document with source {source!r} in collection {collection!r}", file=sys.stderr)
        return 1
    conflicts = contradiction_map.conflicts(collection, source)
    if as_json:
        body = {"contradictions": [to_contradiction(c).model_dump() for c in conflicts]}
        print(json.dumps(body, indent=2, ensure_ascii=False))
        return 0
    documents, _ = doctable.counts(collection)
    where = f"{source}" if source else f"{documents} documents in collection {collection!r}"
    console = Console()
    if not conflicts:
        console.print(f"No contradictions found among {where}.")
        return 0
    console.print(render_table(conflicts, f"{len(conflicts)} contradictions among {where}"))
    return 0
