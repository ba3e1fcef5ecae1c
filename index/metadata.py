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
    """A markdown heading; else the first of the page's first lines that is not furniture: a
    timestamp, a byline, a menu word, a list item, or a label too short to be a headline."""
    for line in lines:
        if line.lstrip().startswith("#"):
            return plain(line)[:300] or None
    return next((candidate for line in lines if (candidate := _title_candidate(line))), None)


def _title_candidate(line: str) -> str | None:
    if _LIST_ITEM.match(line):
        return None
    candidate = _TIMESTAMP.sub("", plain(line)).strip()
    if not _SHORTEST_TITLE <= len(candidate) <= _LONGEST_TITLE or _NOT_TITLE.match(candidate) \
            or _dateline(candidate) or _BYLINE.match(candidate):
        return None
    return candidate


# A saved page's leading timestamp (" date 2022-07-29 Russia's Defence Ministry said …"): not a headline's.
_TIMESTAMP = re.compile(r"^(?:date\s+)?\d{4}-\d{2}-\d{2}\s+", re.IGNORECASE)
_SHORTEST_TITLE = 15
_LONGEST_TITLE = 200
_LIST_ITEM = re.compile(r"^\s*(?:[•▪◦‣*+–-]|\d+[.)])\s+")


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
