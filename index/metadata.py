"""Guess title, author and date from the first lines of a document's text."""

from __future__ import annotations

import re

from core.documents import DocumentMetadata

_HEAD_LINES = 25
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS}\.? \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTHS} \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)
_BYLINE = re.compile(r"^\s*(?:By|Written by|Author:)\s+\[?([A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3})\]?", re.I)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NOT_TITLE = re.compile(r"^(skip to content|top of page|menu|home|search)$", re.I)


def plain(line: str) -> str:
    """Strip markdown decoration (links, emphasis, heading marks) from one line, for display only."""
    line = _MD_LINK.sub(r"\1", line)
    return line.strip().lstrip("#").strip().strip("*_").strip()


def guess_metadata(text: str) -> DocumentMetadata:
    lines = [line for line in text.splitlines() if line.strip()][:_HEAD_LINES]
    return DocumentMetadata(title=_guess_title(lines), author=_guess_author(lines), date=_guess_date(lines))


def _guess_title(lines: list[str]) -> str | None:
    for line in lines:
        if line.lstrip().startswith("#"):
            return plain(line)[:300] or None
    for line in lines:
        candidate = plain(line)
        if 15 <= len(candidate) <= 200 and not _NOT_TITLE.match(candidate) and not _dateline(candidate):
            return candidate
    return None


def _dateline(line: str) -> bool:
    """A line that is a date and little else ("Saturday, September 7, 2024", "date 2023-06-07 All
    Sections"): a saved page's timestamp, which would otherwise be taken for its title and then name
    the article in answers."""
    match = _DATE.search(line)
    return match is not None and len((line[: match.start()] + line[match.end() :]).split()) <= _DATELINE_WORDS


_DATELINE_WORDS = 3


def _guess_author(lines: list[str]) -> str | None:
    for line in lines:
        match = _BYLINE.match(line)
        if match:
            return match.group(1)
    return None


def _guess_date(lines: list[str]) -> str | None:
    for line in lines:
        match = _DATE.search(line)
        if match:
            return match.group(0)
    return None
