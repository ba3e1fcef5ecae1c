"""Pack sentences into chunks; each chunk is one ``[start, end)`` span of the stored text.

Chunks never cross a region that cleaning dropped, never split a sentence
(unless one sentence alone is longer than the limit), and overlap their
neighbours by whole sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.documents import Chunk, Span
from index.sentences import split_sentences, typical_width


def chunk_id(doc_id: str, span: Span) -> str:
    return f"{doc_id}:{span.start}-{span.end}"


def _split_long(text: str, span: Span, limit: int) -> list[Span]:
    """A sentence longer than a chunk, cut into pieces of at most ``limit`` characters: at the last
    space that fits when there is one, and never with whitespace at either end of a piece."""
    pieces: list[Span] = []
    start = span.start
    while start < span.end:
        end = min(start + limit, span.end)
        if end < span.end:
            space = text.rfind(" ", start + 1, end + 1)
            end = space if space > start else end
        piece_start, piece_end = start, end
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > piece_start:
            pieces.append(Span(piece_start, piece_end))
        start = end
        while start < span.end and text[start].isspace():
            start += 1
    return pieces


def _pack(text: str, sentences: Sequence[Span], size: int, overlap: int) -> list[Span]:
    pieces: list[Span] = []
    for sentence in sentences:
        pieces.extend(_split_long(text, sentence, size) if len(sentence) > size else [sentence])
    chunks: list[Span] = []
    first = 0
    while first < len(pieces):
        last = first
        while last + 1 < len(pieces) and pieces[last + 1].end - pieces[first].start <= size:
            last += 1
        chunks.append(Span(pieces[first].start, pieces[last].end))
        if last + 1 >= len(pieces):
            break
        # Step back over whole sentences that fit in the overlap, but always advance.
        next_first = last + 1
        while next_first - 1 > first and pieces[last].end - pieces[next_first - 1].start <= overlap:
            next_first -= 1
        first = next_first
    return chunks


def chunk_spans(text: str, regions: Sequence[Span], size: int, overlap: int) -> list[Span]:
    # One line width for the whole document, so that a region's sentences are the ones that
    # splitting all regions at once gives (as the contradiction map does).
    width = typical_width(text, regions)
    spans: list[Span] = []
    for region in regions:
        spans.extend(_pack(text, split_sentences(text, [region], width=width), size, overlap))
    return spans


def chunk_document(
    doc_id: str, source: str, text: str, regions: Sequence[Span], size: int, overlap: int
) -> list[Chunk]:
    return [
        Chunk(
            id=chunk_id(doc_id, span),
            doc_id=doc_id,
            source=source,
            start=span.start,
            end=span.end,
            text=text[span.start : span.end],
            ordinal=ordinal,
        )
        for ordinal, span in enumerate(chunk_spans(text, regions, size, overlap))
    ]
