"""Find the spans of a document worth indexing; drop boilerplate as whole lines.

Cleaning never rewrites text. It returns the ``[start, end)`` regions of the
stored text that hold content, so offsets stay valid and quotes stay verbatim.

Every rule below is about page furniture in general, not about one site:

* phrase patterns (``_BOILERPLATE_LINE``), one documented group each: share /
  follow / subscribe prompts, cookie and copyright notices, "read more" and
  "related" links, skip links and one-word menu entries, instructions about the
  page's own buttons, "label: [link], [link]" taxonomy lines, image credits,
  syndication notes, and separator lines with no words;
* a trailer: after an end-of-article marker ("related articles", "read also",
  "comments", a copyright line, "about the author") in the latter part of a
  document, the rest is bios, link lists and teasers;
* navigation runs: five or more consecutive very short lines that are not
  sentences (menus, breadcrumbs, tag clouds);
* repeats inside one document: a title repeated under itself (list items
  excepted), running page headers and footers (the same short line, up to its
  page number, opening or closing three or more pages), truncated teasers
  ("... regarding...") followed by their full text, and a picture's caption given
  again just below itself without the credit it ended with;
* repeats across documents: lines that occur verbatim in several other documents
  of the same site or collection (``furniture``; see ``RepeatedLines``), passed in
  by the ingestor, which is the one place that sees a collection;
* a metadata field opening the document ("date 2023-10-19 As information emerges …",
  "Published: 2023-10-19T08:00Z"), as page stores and scrapers prepend it: the one
  place where part of a line is dropped, because the article's first paragraph often
  follows on the same line.
"""

from __future__ import annotations

import re
import string
import threading
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from core.documents import Span
from index.sentences import typical_width

_BOILERPLATE_LINE = re.compile(
    r"""(
        # Share / follow / subscribe prompts (only in lines of at most about 40 words).
        (?=^(?:\S+\s+){0,40}\S*$).*(\bshare\s+(this|on|via|it|widely)\b | \bfollow\s+us\b |
            \bsubscribe\b | \bnewsletter\b.*\b(click|sign\s*up|receive|subscribe)\b | \bsign\s+up\s+for\b) |
        # Cookie, copyright and licence notices.
        \bcookies?\b.*\b(accept|use|policy|consent|settings)\b | \ball\s+rights\s+reserved\b |
        ^\W*copyright\s*(©|\(c\)|\d{4}|by\b) | © | \(c\)\s*\d{4} |
        # Link lists and teasers: the label then a colon, or alone. (Not just any line that starts
        # with "related" or "read more": in hard-wrapped text a line may start with any word.)
        ^\W*(read\s+(also|more|next)|also\s+read|related(\s+(articles?|posts?|stories|video|content|coverage))?|
             see\s+also|more\s+from|recommended(\s+for\s+you)?|you\s+(may|might)\s+also\s+like|
             advertisement|sponsored(\s+content)?)\s*(:|[\s>»›|*_\-]*$) |
        ^\W*(?-i:More\s+from|Sponsored\s+by)\s |
        # Skip links and one-word menu entries, alone on their line (no full stop: "home." may end
        # a wrapped paragraph).
        ^\W*(skip\s+to(\s+main)?\s+content|back\s+to\s+top|top\s+of\s+page|bottom\s+of\s+page|
             menu|home|search|log\s*in|sign\s*in|sign\s*up|register|comments?|share|print|email|
             next|previous|(next|previous)\s+(article|post|page|story))[\s>»›|*_\-]*$ |
        # Instructions about the page's own buttons and links.
        \b(click|tap|press|activat\w*)\b[^.]{0,80}\b(button|icon)\b | \bclick\s+here\b |
        \bbutton\s+(above|below)\b | \bprint\s+this\s+(page|article)\b |
        # Image credits alone on their line: "(photo credit: Ministry of Defence/via REUTERS)", "Photo: AFP".
        (?=^(?:\S+\s+){0,15}\S*$)^\W*(photo|image|picture|video|illustration|graphic)s?
            (\s+(credit|courtesy|source)s?)?\s*:.*$ |
        # A picture's caption that ends in its credit, agency after a slash, with no full stop before
        # it: "Riot police cordon off the area … on June 24 [Javier Bernardo/AP]".
        (?<![.!?])\s\[[^\[\]/]{2,60}/[^\[\]]{1,40}\]\s*$ |
        # Syndication and contact notes.
        \boriginally\s+(published|appeared)\s+(on|at|by|in)\b | \bfeatured\s+image\b |
        ^\W*(for\s+)?(media|press)\s+(inquiries|enquiries|contacts?)\b |
        \bbecome\s+a\s+(member|subscriber|supporter|patron)\b |
        # "Tags: [a](..), [b](..)": a label followed by nothing but links (taxonomy, bylines lists).
        ^\W*[\w][\w\ -]{0,30}:\s*(\[[^\]]*\]\([^)]*\)[\s,;|/&]*(and\s+)?)+$ |
        # Page numbers: "Page 3", "3 of 12", "- 3 -".
        ^\W*page\s+\d{1,4}(\s*(of|/)\s*\d{1,4})?\W*$ | ^\W*\d{1,4}\s*(of|/)\s*\d{1,4}\W*$ |
        ^\s*[-–]\s*\d{1,4}\s*[-–]\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_NO_WORDS = re.compile(r"^[\W_]*$")  # "***", "---", "=====": separators and rules

# After one of these, the rest of an article is furniture: bios, links, teasers.
_TRAILER_START = re.compile(
    r"^\W*(read\s+(also|more|next)\s*(:|\W*$)|comments?[\s:>»›|*_\-]*$|copyright\s*(©|\(c\)|\d{4}|by\b)|"
    r"bottom\s+of\s+page\W*$|about\s+the\s+author\s*(:|\W*$)|(?-i:More\s+from\s)|"
    r"(related|recommended|more)\s+(articles|posts|stories)\s*(:|\W*$)|you\s+(may|might)\s+also\s+like)",
    re.IGNORECASE,
)
_TRAILER_MIN_POSITION = 0.4  # an end marker only counts in the latter part of a document

# A link to another page set inside a paragraph, its label then a colon, running to the end of its
# sentence: "… cut off. Also read: Quake death toll rises to 2,800 as search goes on. This rainfall …".
# Only with the colon: "see also" and "related" are words of prose too.
_INLINE_TEASER = re.compile(
    r"(?<=[.!?”\"’)\]]\s)\W*(also\s+read|read\s+(also|more|next)|see\s+also|related(\s+(articles?|stories))?)\s*:"
    r"[^\n]*?(?:[.!?](?=\s+[A-Z“\"]|\s*$)|$)",
    re.IGNORECASE,
)

# Navigation: short lines that are not sentences, several in a row.
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LIST_MARK = re.compile(r"^([-*+•|>]\s*)+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_LIST_ITEM = re.compile(r"([-*+•‣◦▪●]|\d{1,3}[.)])\s")
_RUNNING_MAX_WORDS = 12
_RUNNING_MIN_PAGES = 3
_WRAPPED_FILL = 0.6
_RUNNING_MIN_WORDS = 3
# A line repeated within a document is dropped only near its first occurrence, from this length, and
# only if it does not start in lower case: a repeated title or teaser is long and close, while short
# lines, list items, table rows ("4 CARD32 OFFSET") and wrapped lines recur in their own right.
_REPEAT_MIN_WORDS = 5
_REPEAT_WINDOW_LINES = 12  # a table of contents and the headings it lists are far apart
_NAV_MAX_WORDS = 4
_NAV_MAX_CHARS = 32
_NAV_MIN_RUN = 5  # menus have many entries; a title block has a few short lines

# Cross-document repeats: a line counts as furniture once this many OTHER documents of the
# same site (or collection) hold it verbatim.
MIN_OTHER_DOCUMENTS = 2
# Without a known site, only lines that are not full sentences may be dropped this way: news
# outlets quote the same statement verbatim, and such a quote is content, not furniture.
_SENTENCE_MIN_WORDS = 6
_MAX_FURNITURE_CHARS = 600


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


def line_key(line: str) -> str:
    """The identity of a line for cross-document repeats: its text, whitespace collapsed."""
    return " ".join(line.split())


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


def _is_nav_line(line: str) -> bool:
    if line.lstrip().startswith("#"):
        return False  # a markdown heading is structure, not navigation
    visible = _LIST_MARK.sub("", _MD_LINK.sub(r"\1", line)).strip().strip("*_").strip()
    if not visible or _SENTENCE_END.search(visible) or any(ch.isdigit() for ch in visible):
        return False  # sentences, and table rows or list items with figures, are content
    # Menu entries are links or capitalised labels ("World", "Business"); code and values are not.
    looks_like_entry = _MD_LINK.search(line) is not None or visible[0].isupper()
    return looks_like_entry and len(visible) <= _NAV_MAX_CHARS and len(visible.split()) <= _NAV_MAX_WORDS


def _navigation_runs(lines: list[_Line]) -> set[int]:
    """Indexes of lines in runs of at least ``_NAV_MIN_RUN`` consecutive navigation-sized lines."""
    dropped: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, None]):
        if line is not None and _NO_WORDS.match(line.text):
            continue  # a separator neither counts towards a run nor breaks one
        if line is not None and _is_nav_line(line.text):
            run.append(index)
            continue
        if len(run) >= _NAV_MIN_RUN:
            dropped.update(run)
        run = []
    return dropped


def _is_repeat(line: str, key: str, seen: dict[str, int], index: int, alone: bool) -> bool:
    """A title or teaser repeated just below itself (not a short line, list item or wrapped line).

    ``alone``: the line is a paragraph of its own (blank lines around it); a line inside a
    wrapped paragraph may repeat another by chance and is never dropped as a repeat."""
    last = seen.get(key)
    return (
        last is not None
        and (alone or last == index - 1)
        and index - last <= _REPEAT_WINDOW_LINES
        and len(key.split()) >= _REPEAT_MIN_WORDS
        and not line[0].islower()
        and not _LIST_ITEM.match(line)
    )


def _blank_around(text: str, lines: list[_Line]) -> list[tuple[bool, bool]]:
    """For each line: is there a blank line (or the text's edge) before it, and after it?"""
    around: list[tuple[bool, bool]] = []
    for index, line in enumerate(lines):
        before = text[lines[index - 1].span.end : line.span.start] if index else "\n\n"
        after = text[line.span.end : lines[index + 1].span.start] if index + 1 < len(lines) else "\n\n"
        around.append((before.count("\n") >= 2, after.count("\n") >= 2))
    return around


_DIGITS_AND_SPACE = string.digits + string.whitespace


def without_page_numbers(line: str) -> str:
    """The line without the numbers at its ends ("3 / 21 Annual Report" -> "/ 21 Annual Report" ->
    the key that repeats from page to page). String stripping, not a regular expression: the pattern
    ``(\s*\d+)+$`` backtracks exponentially on long runs of numbers and spaces (an index page)."""
    if line[:1].isdigit():
        line = line.lstrip(_DIGITS_AND_SPACE)
    if line[-1:].isdigit():
        line = line.rstrip(_DIGITS_AND_SPACE)
    return line


def _running_heads(text: str, lines: list[_Line]) -> set[int]:
    """Running headers and footers: the same short line, up to its numbers, at the edge of many pages.

    PDF text has a page's header or footer ("Annual Report 2023 · 3 / 21", a bare "7") as the
    first or last line of each page's text; the page numbers differ, so an exact repeat misses them.
    """
    width = typical_width(text, [Span(0, len(text))])
    keys: list[str | None] = []
    for index, (line, (before, after)) in enumerate(zip(lines, _blank_around(text, lines), strict=True)):
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        # A full-width line whose sentence goes on below is a wrapped line, not a header (a header
        # is short, even where the page after it continues the previous page's sentence).
        continues = not after and following[:1].islower() and len(line.text) >= _WRAPPED_FILL * width
        # Page numbers sit at either end of the line; numbers inside it ("4.1. The 2.x Releases")
        # belong to a numbered heading, which is content.
        key = without_page_numbers(_normalise(line.text))
        named = len(key.split())
        candidate = (
            (before or after)
            and named <= _RUNNING_MAX_WORDS
            and (named == 0 or named >= _RUNNING_MIN_WORDS)
            and not _SENTENCE_END.search(line.text)
            and not _LIST_ITEM.match(line.text)
            and not continues
            and not line.text.endswith(":")  # introduces what follows: content
        )
        keys.append(key if candidate else None)
    counts = Counter(key for key in keys if key is not None)
    return {index for index, key in enumerate(keys) if key is not None and counts[key] >= _RUNNING_MIN_PAGES}


# A machine-written date field (ISO 8601) at the very start of a document: no sentence begins so.
_METADATA_PREFIX = re.compile(
    r"^\s*(?:date|published|updated|posted|modified)\s*:?\s*\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?:\s+|$)",
    re.IGNORECASE,
)


def content_lines(text: str, furniture: Collection[str] = ()) -> list[Span]:
    """Spans of the lines that carry content, in document order; the first may start after a
    metadata field that opens the document.

    ``furniture``: ``line_key``s of lines that repeat across other documents of the same
    site or collection (from ``RepeatedLines.furniture``); they are dropped too.
    """
    kept = _content_lines(text, furniture)
    first_line = next((line for line in _lines(text) if line.text.strip()), None)
    if kept and first_line is not None and kept[0].start == first_line.span.start:
        field = _METADATA_PREFIX.match(first_line.text)
        if field is not None:
            rest = Span(first_line.span.start + field.end(), first_line.span.end)
            kept = ([rest] if rest.end > rest.start and text[rest.start : rest.end].strip() else []) + kept[1:]
    return kept


def _content_lines(text: str, furniture: Collection[str]) -> list[Span]:
    lines = _lines(text)
    lines = lines[: _trailer_index(lines, len(text))]
    navigation = _navigation_runs(lines) | _running_heads(text, lines)
    around = _blank_around(text, lines)
    seen: dict[str, int] = {}  # line key -> index of its last occurrence
    kept: list[Span] = []
    above = ""   # the key of the last line kept
    for index, line in enumerate(lines):
        following = lines[index + 1].text if index + 1 < len(lines) else None
        key = _normalise(line.text)
        if (
            not key
            or index in navigation
            or _is_repeat(line.text, key, seen, index, all(around[index]))
            or _shortened_repeat(key, above)
            or _NO_WORDS.match(line.text)
            or _BOILERPLATE_LINE.search(line.text)
            or _is_teaser_of(line.text, following)
            or (furniture and line_key(line.text) in furniture)
        ):
            continue
        seen[key] = index
        above = key
        kept.extend(_without_inline_teasers(text, line.span))
    return kept


def _without_inline_teasers(text: str, line: Span) -> list[Span]:
    """The line, less any link to another page set inside it (``_INLINE_TEASER``): one span or more."""
    pieces, start = [], line.start
    for teaser in _INLINE_TEASER.finditer(text, line.start, line.end):
        end = teaser.start()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            pieces.append(Span(start, end))
        start = teaser.end()
        while start < line.end and text[start].isspace():
            start += 1
    if start < line.end:
        pieces.append(Span(start, line.end))
    return pieces


def _shortened_repeat(key: str, above: str) -> bool:
    """A line that repeats the start of the line just above it: a picture's caption given again
    without the credit that ended it the first time."""
    return above != key and above.startswith(key + " ") and len(key.split()) >= _REPEAT_MIN_WORDS


def content_regions(text: str, furniture: Collection[str] = ()) -> list[Span]:
    """Content lines merged into maximal regions with nothing dropped in between.

    A chunk may span several lines of one region but never crosses a dropped line,
    because a chunk is a single contiguous span of the stored text.
    """
    kept = content_lines(text, furniture)
    regions: list[Span] = []
    current: Span | None = None
    next_kept = 0
    for line in (line.span for line in _lines(text)):
        # The kept pieces of this line: the whole line, or less (a date field or a link cut out).
        pieces = []
        while next_kept < len(kept) and kept[next_kept].start < line.end:
            if kept[next_kept].start >= line.start:
                pieces.append(kept[next_kept])
            next_kept += 1
        for piece in pieces:
            if current is not None and piece.start == line.start:
                current = Span(current.start, piece.end)   # the region runs on into this whole line's start
                continue
            if current is not None:
                regions.append(current)
            current = piece
        if not pieces or pieces[-1].end != line.end:
            if current is not None:
                regions.append(current)
            current = None
    if current is not None:
        regions.append(current)
    return regions


# -- repeats across documents ------------------------------------------------------------


def site_of(url: str | None) -> str | None:
    """The site a document came from (host without ``www.``), when its URL is known."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.") or None


def _is_sentence(key: str) -> bool:
    return bool(_SENTENCE_END.search(key)) and len(key.split()) >= _SENTENCE_MIN_WORDS


def candidate_keys(text: str) -> frozenset[str]:
    """The distinct lines of a document that could be furniture if other documents repeat them."""
    return frozenset(
        key for line in _lines(text) if len(line.text) <= _MAX_FURNITURE_CHARS and (key := line_key(line.text))
    )


class RepeatedLines:
    """How many documents of a collection hold each line, overall and per site.

    Page furniture (a site's menu, disclaimer, newsletter box) repeats verbatim on every
    page of that site; article text does not. A line held by ``MIN_OTHER_DOCUMENTS`` other
    documents of the same site is dropped; a line held by that many other documents of the
    collection is dropped only if it is not a full sentence (so a statement that several
    outlets quote verbatim is kept). Thread-safe.
    """

    def __init__(self, min_other_documents: int = MIN_OTHER_DOCUMENTS) -> None:
        self.min_other_documents = min_other_documents
        self._lock = threading.Lock()
        self._documents: dict[str, tuple[str | None, frozenset[str]]] = {}
        self._overall: Counter[str] = Counter()
        self._by_site: dict[str, Counter[str]] = {}

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._documents

    def doc_ids(self) -> set[str]:
        with self._lock:
            return set(self._documents)

    def add(self, doc_id: str, text: str, url: str | None = None) -> frozenset[str]:
        """Count a document's lines; returns the keys that this document made furniture."""
        keys = candidate_keys(text)
        site = site_of(url)
        threshold = self.min_other_documents + 1
        with self._lock:
            if doc_id in self._documents:
                return frozenset()
            self._documents[doc_id] = (site, keys)
            self._overall.update(keys)
            promoted = {key for key in keys if self._overall[key] == threshold}
            if site is not None:
                counts = self._by_site.setdefault(site, Counter())
                counts.update(keys)
                promoted.update(key for key in keys if counts[key] == threshold)
            return frozenset(promoted)

    def remove(self, doc_id: str) -> None:
        with self._lock:
            entry = self._documents.pop(doc_id, None)
            if entry is None:
                return
            site, keys = entry
            self._overall.subtract(keys)
            if site is not None:
                self._by_site[site].subtract(keys)

    def furniture(self, text: str, url: str | None = None, doc_id: str | None = None) -> frozenset[str]:
        """Keys of the lines of ``text`` that enough other documents repeat."""
        keys = candidate_keys(text)
        site = site_of(url)
        with self._lock:
            own = self._documents.get(doc_id) if doc_id is not None else None
            mine = own[1] if own is not None else frozenset()
            by_site = self._by_site.get(site) if site is not None else None
            found: set[str] = set()
            for key in keys:
                self_count = 1 if key in mine else 0
                on_site = by_site is not None and by_site[key] - self_count >= self.min_other_documents
                overall = self._overall[key] - self_count >= self.min_other_documents and not _is_sentence(key)
                if on_site or overall:
                    found.add(key)
            return frozenset(found)


def repeated_lines(texts: Iterable[str], min_documents: int = MIN_OTHER_DOCUMENTS + 1) -> frozenset[str]:
    """Lines (``line_key``s) that occur in at least ``min_documents`` of ``texts``, e.g. one site's pages."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(candidate_keys(text))
    return frozenset(key for key, count in counts.items() if count >= min_documents)
