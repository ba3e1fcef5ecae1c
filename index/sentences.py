"""Sentence boundaries as spans of the original text.

Chunking, evidence selection, claim extraction and verification all work on
sentences, and every one of them needs offsets into the stored text, so the
splitter never copies or normalises: it only returns ``Span``s.

Line breaks. Users upload PDF text and hard-wrapped .txt/.md, where a single
newline is only the place a line was wrapped. So:

* a blank line (a paragraph break) always ends a sentence;
* a single newline ends one only where the break is structural: the next line
  starts a list item (``-``, ``*``, ``•``, ``1.``, ``a)``) or a markdown
  heading, the line before is a heading or a rule, or the line before is a
  standalone line (a heading, a dateline, a one-paragraph-per-line paragraph):
  one that stopped well before the text's typical line width although the next
  line's first word would have fitted on it;
* otherwise the newline is whitespace inside a sentence, and the usual rule
  (``.``, ``!``, ``?``, optionally closing quotes, then a capital) decides, so a
  line that ends a sentence still ends it;
* a word hyphenated across a line break ("inter-\\nnational") never ends one.

The typical line width is measured on the text being split (the 75th
percentile of its line lengths), so the rule needs no per-source setting: in
hard-wrapped text nearly every line is close to the width; in text with one
paragraph per line, headlines and other short lines are far below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from core.documents import Span
from core.lexicon import ABBREVIATIONS

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets),
# then whitespace, then something that can start a sentence. A scraped page may have lost the space
# ("… in the early hours of Monday.The Russian court …"): a word of small letters, its full stop, and a
# function word that opens sentences (closed classes: articles, pronouns, conjunctions, prepositions),
# or a name in the possessive ("port.Lebanon's head of security"), right after it end a sentence too.
# Not "pathlib.Path", "U.S.The" or "www.Example.org".
_RUN_ON_OPENERS = (
    "The|A|An|This|That|These|Those|He|She|It|They|We|I|You|His|Her|Its|Their|Our|There|But|And|Or|So|Yet|"
    "In|On|At|As|After|Before|When|While|However|Meanwhile|Since|If|Although|Some|Many|Most|Other|Another|"
    "According|During|Following|Earlier|Later|Then|Also"
)
_BOUNDARY = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9*])"
    rf"|(?<=[a-z]{{2}}[.!?])(?<!www\.)(?=(?:{_RUN_ON_OPENERS})\b|[A-Z][a-z]+['’]s\s)"
)
_MIN_SENTENCE_CHARS = 2

# A line that starts a block of its own: list item, markdown heading, quote, table row, fence.
_BLOCK_START = re.compile(
    r"[ \t]*(?:[-*+•‣◦▪●]\s|\d{1,3}[.)]\s|[a-z][.)]\s|\([0-9a-z]{1,3}\)\s|#{1,6}(?:\s|$)|>|\||```)"
)
_HEADING = re.compile(r"[ \t]*#{1,6}(?:\s|$)")
_RULE = re.compile(r"[ \t]*(?:[-=*_~]\s*){3,}$")  # --- *** === : a rule or setext underline
# The line before continues into the next one: a hyphenated word, or a clause still open.
_CONTINUES = re.compile(r"(?:[^\W\d_]-|[,;–—])$")
_FIRST_WORD = re.compile(r"\S+")
# A line is standalone when it, plus the next line's first word, is under this share of the
# typical width: short enough that a wrapping program would not have broken it there.
_STANDALONE_FILL = 0.85
_WIDTH_PERCENTILE = 0.75


def _is_abbreviation(text: str, dot_index: int) -> bool:
    word_start = dot_index
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot_index].lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # Single capital initials such as "J. Smith" or "U.S." spelled with dots.
    return len(word) == 1 and text[word_start].isupper()


def _line_spans(text: str, region: Span) -> list[Span]:
    """The lines of a region, without their line terminators."""
    lines: list[Span] = []
    cursor = region.start
    while True:
        newline = text.find("\n", cursor, region.end)
        if newline < 0:
            lines.append(Span(cursor, region.end))
            return lines
        end = newline - 1 if newline > cursor and text[newline - 1] == "\r" else newline
        lines.append(Span(cursor, end))
        cursor = newline + 1


def _visible_length(text: str, line: Span) -> int:
    end = line.end
    while end > line.start and text[end - 1].isspace():
        end -= 1
    return end - line.start


def typical_width(text: str, regions: Iterable[Span]) -> int:
    """The text's typical line width: the 75th percentile of its non-blank line lengths."""
    lengths = sorted(
        length for region in regions for line in _line_spans(text, region) if (length := _visible_length(text, line))
    )
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * _WIDTH_PERCENTILE))]


def _is_hard_break(text: str, line: str, following: str, width: int) -> bool:
    """Does the newline between ``line`` and ``following`` (both non-blank) end a sentence?"""
    if _BLOCK_START.match(following) or _HEADING.match(line) or _RULE.match(line) or _RULE.match(following):
        return True
    stripped = line.rstrip()
    if _CONTINUES.search(stripped):
        return False
    first = _FIRST_WORD.search(following)
    if first is None or first.group(0)[0].islower():
        return False  # a standalone line is not followed by the rest of its sentence
    return len(stripped) + 1 + len(first.group(0)) < _STANDALONE_FILL * width


def _blocks(text: str, region: Span, width: int) -> Iterator[Span]:
    """Parts of a region between hard breaks (blank lines and structural newlines)."""
    lines = _line_spans(text, region)
    block_start: int | None = None
    previous: Span | None = None
    for line in lines:
        blank = _visible_length(text, line) == 0 or text[line.start : line.end].isspace()
        if blank:
            if block_start is not None and previous is not None:
                yield Span(block_start, previous.end)
            block_start, previous = None, None
            continue
        if block_start is None or previous is None:
            block_start = line.start
        elif _is_hard_break(text, text[previous.start : previous.end], text[line.start : line.end], width):
            yield Span(block_start, previous.end)
            block_start = line.start
        previous = line
    if block_start is not None and previous is not None:
        yield Span(block_start, previous.end)


def _sentences_in_block(text: str, block: Span) -> Iterator[Span]:
    cursor = block.start
    for match in _BOUNDARY.finditer(text, block.start, block.end):
        dot = match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        yield Span(cursor, match.end())
        cursor = match.end()
    yield Span(cursor, block.end)


def _trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < _MIN_SENTENCE_CHARS:
        return None
    return Span(start, end)


def split_sentences(text: str, spans: Iterable[Span] | None = None, *, width: int | None = None) -> list[Span]:
    """Sentence spans inside ``spans`` (default: the whole text), trimmed of surrounding whitespace.

    ``width``: the text's typical line width; by default measured over all of ``spans``
    together. Pass the document's own (``typical_width``) to split one region at a time
    exactly as the whole document would be split.
    """
    regions = list(spans) if spans is not None else [Span(0, len(text))]
    if width is None:
        width = typical_width(text, regions)
    sentences: list[Span] = []
    for region in regions:
        for block in _blocks(text, region, width):
            for raw in _sentences_in_block(text, block):
                trimmed = _trim(text, raw)
                if trimmed is not None:
                    sentences.append(trimmed)
    return sentences
