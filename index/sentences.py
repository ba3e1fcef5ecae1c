"""Sentence boundaries as spans of the original text.

Chunking, evidence selection, claim extraction and verification all work on
sentences, and every one of them needs offsets into the stored text, so the
splitter never copies or normalises: it only returns ``Span``s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rag.schemas import Span

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets),
# then whitespace, then something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9*])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st gen col lt sgt rep sen gov pres no vs etc e.g i.e u.s u.k u.n "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd corp co fig approx".split()
)
_LINE_BREAK = re.compile(r"\n\s*")
_MIN_SENTENCE_CHARS = 2


def _is_abbreviation(text: str, dot_index: int) -> bool:
    word_start = dot_index
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot_index].lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    # Single capital initials such as "J. Smith" or "U.S." spelled with dots.
    return len(word) == 1 and text[word_start].isupper()


def _lines(text: str, span: Span) -> Iterator[Span]:
    """Hard boundaries: a line break always ends a sentence in this corpus of articles."""
    cursor = span.start
    for match in _LINE_BREAK.finditer(text, span.start, span.end):
        yield Span(cursor, match.start())
        cursor = match.end()
    yield Span(cursor, span.end)


def _sentences_in_line(text: str, line: Span) -> Iterator[Span]:
    cursor = line.start
    for match in _BOUNDARY.finditer(text, line.start, line.end):
        dot = match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        yield Span(cursor, match.end())
        cursor = match.end()
    yield Span(cursor, line.end)


def _trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < _MIN_SENTENCE_CHARS:
        return None
    return Span(start, end)


def split_sentences(text: str, spans: Iterable[Span] | None = None) -> list[Span]:
    """Sentence spans inside ``spans`` (default: the whole text), trimmed of surrounding whitespace."""
    regions = list(spans) if spans is not None else [Span(0, len(text))]
    sentences: list[Span] = []
    for region in regions:
        for line in _lines(text, region):
            for raw in _sentences_in_line(text, line):
                trimmed = _trim(text, raw)
                if trimmed is not None:
                    sentences.append(trimmed)
    return sentences
