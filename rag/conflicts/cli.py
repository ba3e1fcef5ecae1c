"""``crosscheck contradictions``: the corpus-wide disputes as readable text, or as JSON.

Reads the persisted map directly; models load only if the map must first catch
up with documents indexed while it was not listening.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from core.settings import Settings
from index.doctable import DocTable
from index.embed import Embedder
from rag.conflicts.disputes import Dispute
from rag.conflicts.report import to_dispute
from rag.conflicts.service import open_map
from rag.text import display_text

_QUOTE_CHARS = 200
_STANCE = {"affirms": "affirms", "denies": "denies", "no_evidence": "no evidence"}


def _short(text: str) -> str:
    text = display_text(text)
    return text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"


def render_dispute(number: int, dispute: Dispute) -> Panel:
    """One dispute: its proposition, then each side's voices with speaker, source and quote."""
    lines = []
    for side, heading in ((0, "Affirm"), (1, "Deny / no evidence")):
        voices = [v for v in dispute.voices if v.side == side]
        lines.append(f"[bold]{heading}[/bold] ({dispute.sources(side)} source(s))")
        for voice in voices:
            hedge = ", hedged" if voice.hedged else ""
            lines.append(f"  • [bold]{escape(voice.claim.speaker)}[/bold] ({escape(voice.claim.source)}, "
                         f"{_STANCE.get(voice.stance, voice.stance)}{hedge}): “{escape(_short(voice.claim.text))}”")
    lines.append(f"[dim]{len(dispute.pairs)} judged pair(s); best confidence {dispute.confidence:.2f}[/dim]")
    title = f"#{number} {escape(_short(dispute.proposition))}"
    return Panel("\n".join(lines), title=title, title_align="left")


def show_contradictions(settings: Settings, source: str | None = None, as_json: bool = False,
                        min_confidence: float = 0.0, limit: int | None = None) -> int:
    @lru_cache(maxsize=1)
    def embedder() -> Embedder:
        return Embedder.from_settings(settings)

    doctable = DocTable.from_settings(settings)
    contradiction_map = open_map(settings, embedder)
    contradiction_map.reconcile(doctable)
    collection = settings.collection
    if source is not None and doctable.find_by_source(collection, source) is None:
        print(f"no document with source {source!r} in collection {collection!r}", file=sys.stderr)
        return 1
    disputes = contradiction_map.disputes(collection, source, min_confidence)
    shown = disputes[:limit] if limit is not None else disputes
    if as_json:
        body = {"contradictions": [to_dispute(d).model_dump() for d in shown], "total": len(disputes)}
        print(json.dumps(body, indent=2, ensure_ascii=False))
        return 0
    documents, _ = doctable.counts(collection)
    where = f"{source}" if source else f"{documents} documents in collection {collection!r}"
    console = Console()
    if not disputes:
        console.print(f"No contradictions found among {escape(where)}.")
        return 0
    console.print(f"[bold]{len(disputes)} disputes among {escape(where)}[/bold]")
    for number, dispute in enumerate(shown, start=1):
        console.print(render_dispute(number, dispute))
    return 0
