"""Text normalisation and quote overlap, shared by the answer, retrieval and contradiction metrics.

Quotes are verbatim spans of the same document, so "overlap" is character
overlap: one quote inside the other, or the end of one running into the start
of the other (a quote that straddles two chunks). Both sides are normalised
first, so curly quotes and re-flowed whitespace do not hide a match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
MIN_OVERLAP_CHARS = 20


def normalise(text: str) -> str:
    """Case-folded, straight quotes, single spaces: for matching, never for display."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def source_name(source: str) -> str:
    """A document's file name, so that 'corpus/demo/a.txt' and 'a.txt' name the same source."""
    return PurePosixPath(source.replace("\\", "/")).name


def covered_interval(target: str, other: str, min_chars: int = MIN_OVERLAP_CHARS) -> tuple[int, int] | None:
    """The part of ``target`` that ``other`` also contains, as [start, end) in ``target``; both normalised."""
    if not target or not other:
        return None
    if target in other:
        return 0, len(target)
    found = target.find(other)
    if found >= 0 and len(other) >= min(min_chars, len(target)):
        return found, found + len(other)
    need = min(min_chars, len(target))
    best: tuple[int, int] | None = None
    for size in range(min(len(target), len(other)) - 1, need - 1, -1):
        if other.endswith(target[:size]):
            best = (0, size)
            break
    for size in range(min(len(target), len(other)) - 1, need - 1, -1):
        if other.startswith(target[-size:]):
            if best is None or size > best[1] - best[0]:
                best = (len(target) - size, len(target))
            break
    return best


def coverage(target: str, others: Iterable[str]) -> float:
    """Share of ``target``'s characters that appear in ``others`` (each normalised first)."""
    norm_target = normalise(target)
    if not norm_target:
        return 0.0
    intervals = sorted(
        span for other in others if (span := covered_interval(norm_target, normalise(other))) is not None
    )
    covered, reach = 0, 0
    for start, end in intervals:
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered / len(norm_target)


def quotes_overlap(a: str, b: str) -> bool:
    """Do two verbatim quotes of one document share text: substring either way, or running into each other?"""
    return covered_interval(normalise(a), normalise(b)) is not None


def contains(text: str, phrase: str) -> bool:
    """Case-insensitive containment after normalisation (the must_mention test).

    Citation markers ("[4]") are not the answer's words, and a figure is matched whole: "4" is not in
    "[4]" nor in "1,400", "15" not in "150". A word may still match as a stem ("declin" in "declined")."""
    needle = normalise(phrase)
    if not needle:
        return False
    haystack = _CITATION_MARKER.sub(" ", normalise(text))
    before = r"(?<![\d])(?<!\d[.,])" if needle[0].isdigit() else ""
    after = r"(?![\d])(?![.,]\d)" if needle[-1].isdigit() else ""
    return re.search(before + re.escape(needle) + after, haystack) is not None


_CITATION_MARKER = re.compile(r"\[\d+\]")
