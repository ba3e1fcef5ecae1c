"""Find the spans of a document worth indexing; drop boilerplate as whole lines.

Cleaning never rewrites text. It returns the ``[start, end)`` regions of the
stored text that hold content, so offsets stay valid and quotes stay verbatim.
Dropped: share/follow/subscribe lines, cookie and copyright notices, "read
also"/"related" links, navigation crumbs, repeated teaser lines, and the
trailer that follows an end-of-article marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.schemas import Span

_BOILERPLATE_LINE = re.compile(
    r"""(
        \bshare\b.*\b(button|article|widely)\b | \bclick\s+the\s+share\b | \bfollow\s+us\b |
        \bsubscribe\b | \bnewsletter\b.*\b(click|sign\s*up|receive)\b | \bcookies?\b.*\b(accept|use|policy)\b |
        \ball\s+rights\s+reserved\b | ^\W*copyright\b | ©  | \bfair\s+use\b | \bmedia\s+inquiries\b |
        \bbecome\s+a\s+member\b | \bcomment\s+on\b.*\barticles?\b | ^\W*(read\s+(also|more)|related(\s+video)?|
        see\s+also|advertisement|sponsored)\b | ^\W*(skip\s+to\s+content|top\s+of\s+page|bottom\s+of\s+page|
        comments|latest|members\s+public|menu|home)\W*$ | ^\W*(region|theme|in-depth\s+report|tags?|filed\s+under)\s*: |
        \bcan\s+be\s+read\s+in\s+\d+\s+languages\b | \btranslate\s+website\b | ^\W*articles\s+by\s*: |
        ^\W*about\s+the\s+author\W*$ | \bfeatured\s+image\b | \boriginally\s+published\s+(on|at|by)\b |
        \bnote\s+to\s+readers\b | \bprint\s+this\s+(page|article)\b | ^\W*(\*+|-{3,}|_{3,})\W*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# After one of these, the rest of an article is furniture: bios, links, teasers.
_TRAILER_START = re.compile(
    r"^\W*(read\s+also|comments|the\s+original\s+source\s+of\s+this\s+article|copyright\b|"
    r"bottom\s+of\s+page|about\s+the\s+author|articles\s+by\s*:|related\s+(articles|posts|stories))",
    re.IGNORECASE,
)
_TRAILER_MIN_POSITION = 0.4  # an end marker only counts in the latter part of a document


@dataclass(frozen=True)
class _Line:
    span: Span
    text: str


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    cursor = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = cursor + lead
            lines.append(_Line(Span(start, start + len(stripped)), stripped))
        cursor += len(raw)
    return lines


def _normalise(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def _is_teaser_of(line: str, following: str | None) -> bool:
    """A truncated teaser ("Russia and China are ... regarding...") repeated in full just after."""
    if following is None or not line.endswith(("...", "…")):
        return False
    stem = _normalise(line.rstrip(".…"))
    return bool(stem) and _normalise(following).startswith(stem)


def _trailer_index(lines: list[_Line], text_length: int) -> int:
    for index, line in enumerate(lines):
        if line.span.start >= _TRAILER_MIN_POSITION * text_length and _TRAILER_START.match(line.text):
            return index
    return len(lines)


def content_lines(text: str) -> list[Span]:
    """Spans of the lines that carry content, in document order."""
    lines = _lines(text)
    lines = lines[: _trailer_index(lines, len(text))]
    seen: set[str] = set()
    kept: list[Span] = []
    for index, line in enumerate(lines):
        following = lines[index + 1].text if index + 1 < len(lines) else None
        key = _normalise(line.text)
        if not key or key in seen or _BOILERPLATE_LINE.search(line.text) or _is_teaser_of(line.text, following):
            continue
        seen.add(key)
        kept.append(line.span)
    return kept


def content_regions(text: str) -> list[Span]:
    """Content lines merged into maximal regions with nothing dropped in between.

    A chunk may span several lines of one region but never crosses a dropped line,
    because a chunk is a single contiguous span of the stored text.
    """
    all_lines = [line.span for line in _lines(text)]
    kept = content_lines(text)
    kept_starts = {span.start for span in kept}
    regions: list[Span] = []
    current: Span | None = None
    for span in all_lines:
        if span.start not in kept_starts:
            if current is not None:
                regions.append(current)
            current = None
            continue
        current = span if current is None else Span(current.start, span.end)
    if current is not None:
        regions.append(current)
    return regions
