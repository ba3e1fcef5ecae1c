"""Claims: the clauses of a document's content, each with its speaker and exact offsets.

A claim is a sentence, or a clause of one ("While A, B"; "A, but B"; "A – B"),
cut from the content regions that cleaning kept. It carries the speaker that
the text names (see ``speakers``), or the document's own voice, because "X
denies Y" and "Z says Y" disagree even though both sentences are true reports.
Quotations are attributed as a whole: every sentence inside "“…,” a NATO
spokesperson added" is the spokesperson's, and so is a quotation followed by a
caption line. Offsets are never rewritten: ``document.text[start:end] == text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from core.documents import Chunk, LocatedText, Span, StoredDocument
from index.clean import content_regions
from index.sentences import split_sentences
from rag.conflicts.speakers import (
    Speaker,
    according_to,
    attribute,
    caption_speaker,
    leading_speaker,
    trailing_speaker,
)

_MIN_CLAUSE_WORDS = 4
_MIN_QUOTATION_WORDS = 6  # shorter quotes are names or scare quotes ("Times", “stolen”), not speech
_DIRECT_SPEECH_SHARE = 0.5
_CLAUSE_BREAK = re.compile(
    r";\s+"
    r"|,\s+(?=(?:but|yet|while|whereas|although|though|despite|which|whose|and\s+that)\b)"
    r"|\s+[–—]\s+"
    r"|,\s+(?=and\s+\S+(?:\s+\S+){3})"
)
_LIST_BEFORE = re.compile(r",\s*(?:\S+\s+){0,2}\S+$")  # "the components, microelectronics, and ..." closes a list
_LEADING_SUBORDINATE = re.compile(r"[\"“*_]*(?:While|Although|Though|Even though|Despite|Whereas)\b[^,]{8,}?,\s+")
_TRIM_CHARS = " \t\n,;:–—-*_•"
_HYPOTHETICAL = re.compile(r"\bif\b", re.I)  # conditionals assert nothing either way
_OPENING = "“"
_CLOSING = "”"


@dataclass(frozen=True)
class Claim(LocatedText):
    """A sentence or clause that asserts something, with who asserts it."""

    id: str
    collection: str
    speaker: str
    speaker_key: str
    attributed: bool  # the text names the speaker; False: the document's own voice


@dataclass(frozen=True)
class _Quotation:
    span: Span       # the quoted words, without the quote marks
    line: int


_VOICE_CHARS = 60


def document_voice(document: StoredDocument) -> Speaker:
    """The writer: the byline if there is one, else the headline (shortened), else the file name."""
    meta = document.metadata
    label = meta.author or meta.title or document.source
    if len(label) > _VOICE_CHARS:
        label = label[:_VOICE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    # Each document's voice is its own speaker, even when two share an author line.
    return Speaker(label=label, key=f"doc:{document.id}")


def _lines(text: str, regions: Sequence[Span]) -> list[Span]:
    lines: list[Span] = []
    for region in regions:
        cursor = region.start
        for match in re.finditer(r"\n", text[region.start : region.end]):
            end = region.start + match.start()
            if text[cursor:end].strip():
                lines.append(Span(cursor, end))
            cursor = region.start + match.end()
        if text[cursor : region.end].strip():
            lines.append(Span(cursor, region.end))
    return lines


def _quotations(text: str, line: Span, index: int) -> Iterator[_Quotation]:
    """Quoted stretches of one line: curly quotes pair up, straight quotes toggle; an unclosed one runs on."""
    opened: int | None = None
    for position in range(line.start, line.end):
        char = text[position]
        if char == _OPENING or (char == '"' and opened is None):
            opened = position + 1
        elif (char == _CLOSING or char == '"') and opened is not None:
            yield _Quotation(Span(opened, position), index)
            opened = None
    if opened is not None:
        yield _Quotation(Span(opened, line.end), index)


def _word_count(text: str) -> int:
    return len(text.split())


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and (text[start] in _TRIM_CHARS or text[start : start + 2] in ("( ", "(\n")):
        start += 1
    while end > start and text[end - 1] in _TRIM_CHARS:
        end -= 1
    return Span(start, end) if end > start else None


def split_clauses(text: str, span: Span) -> list[Span]:
    """Contrasted or appended clauses of one sentence; fragments too short to claim anything stay attached."""
    cuts = [span.start]
    lead = _LEADING_SUBORDINATE.match(text, span.start, span.end)
    if lead:
        cuts.append(lead.end())
    for match in _CLAUSE_BREAK.finditer(text, span.start, span.end):
        is_list = match.group(0).startswith(",") and text[match.end() : match.end() + 4] == "and " and bool(
            _LIST_BEFORE.search(text[max(span.start, match.start() - 40) : match.start()])
        )
        if match.start() > cuts[-1] and not is_list:
            cuts.append(match.start())
    cuts = sorted(set(cuts)) + [span.end]
    pieces = [_trim(text, a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
    merged: list[Span] = []
    for piece in pieces:
        if piece is None:
            continue
        if merged and (_word_count(text[piece.start : piece.end]) < _MIN_CLAUSE_WORDS
                       or _word_count(text[merged[-1].start : merged[-1].end]) < _MIN_CLAUSE_WORDS):
            merged[-1] = Span(merged[-1].start, piece.end)
        else:
            merged.append(piece)
    return merged


def _is_claim(text: str) -> bool:
    """A statement with enough ordinary words: not a heading, byline, caption, question or conditional."""
    lowercase_words = re.findall(r"\b[a-z][a-z’'\-]{2,}\b", text)
    if len(lowercase_words) < 3 or _word_count(text) < _MIN_CLAUSE_WORDS:
        return False
    if text.rstrip("”\"’' *_").endswith("?"):
        return False
    return not _HYPOTHETICAL.search(text)


class _Attributor:
    """Walks one document in order, remembering speakers for pronouns, quotations and name variants."""

    def __init__(self, text: str, lines: list[Span]) -> None:
        self.text = text
        self.lines = lines
        self.previous: Speaker | None = None
        self._by_surname: dict[str, Speaker] = {}
        self._quotes: dict[_Quotation, Speaker | None] = {}

    def canonical(self, speaker: Speaker | None) -> Speaker | None:
        """"Volodymyr Zelenskyy", "Ukrainian President, Zelenskyy" and "Zelenskyy" are one speaker in a document."""
        if speaker is None:
            return None
        surname = speaker.key.split()[-1] if speaker.key else ""
        known = self._by_surname.get(surname)
        if known is None:
            self._by_surname[surname] = speaker
            return speaker
        return known if len(known.label) <= len(speaker.label) else Speaker(speaker.label, known.key)

    def remember(self, speaker: Speaker | None) -> None:
        if speaker is not None:
            self.previous = speaker

    def attribute(self, span: Span) -> Speaker | None:
        return self.canonical(attribute(self.text[span.start : span.end], self.previous))

    def quotation(self, quote: _Quotation, sentences: list[Span], paragraph: Speaker | None) -> Speaker | None:
        """Said by whoever the text names after it, before it, in a caption line, or earlier in the paragraph."""
        if quote not in self._quotes:
            self._quotes[quote] = self.canonical(self._quotation_speaker(quote, sentences))
        return self._quotes[quote] or paragraph

    def _quotation_speaker(self, quote: _Quotation, sentences: list[Span]) -> Speaker | None:
        text = self.text
        closing = next((s for s in sentences if s.start <= quote.span.end <= s.end), None)
        opening = next((s for s in sentences if s.start <= quote.span.start <= s.end), None)
        if closing is not None and quote.span.end < closing.end:
            found = trailing_speaker(text[max(quote.span.end - 1, closing.start) : closing.end], self.previous)
            if found:
                return found
        if opening is not None and quote.span.start - 1 > opening.start:
            found = leading_speaker(text[opening.start : quote.span.start - 1], self.previous)
            if found:
                return found
        return self._caption_after(quote.line)

    def _caption_after(self, index: int) -> Speaker | None:
        """Quoted paragraphs followed by a caption line ("Volodymyr Zelenskyy") are that person's."""
        following = index + 1
        while following < len(self.lines):
            line = self.text[self.lines[following].start : self.lines[following].end].strip()
            if line.startswith((_OPENING, '"')):
                following += 1
                continue
            return caption_speaker(line)
        return None


def extract_claims(document: StoredDocument, chunks: Sequence[Chunk]) -> list[Claim]:
    """Every claim of a document's content, in document order."""
    text = document.text
    regions = list(document.keep_spans) or content_regions(text)
    lines = _lines(text, regions)
    voice = document_voice(document)
    attributor = _Attributor(text, lines)
    claims: list[Claim] = []
    for index, line in enumerate(lines):
        sentences = split_sentences(text, [line])
        quotes = [q for q in _quotations(text, line, index)
                  if _word_count(text[q.span.start : q.span.end]) >= _MIN_QUOTATION_WORDS]
        paragraph: Speaker | None = None  # the last speaker named earlier in this paragraph
        for sentence in sentences:
            for span, speaker in _sentence_claims(text, sentence, sentences, quotes, attributor, paragraph):
                paragraph = speaker or paragraph
                attributor.remember(speaker)
                claim_text = text[span.start : span.end]
                if _is_claim(claim_text):
                    claims.append(_claim(document, chunks, span, speaker or voice, speaker is not None))
    return claims


def _claim(document: StoredDocument, chunks: Sequence[Chunk], span: Span, speaker: Speaker, named: bool) -> Claim:
    return Claim(
        id=f"{document.id}:{span.start}-{span.end}",
        collection=document.collection,
        doc_id=document.id,
        source=document.source,
        title=document.metadata.title,
        chunk_id=containing_chunk(chunks, span),
        start=span.start,
        end=span.end,
        text=document.text[span.start : span.end],
        speaker=speaker.label,
        speaker_key=speaker.key,
        attributed=named,
    )


def _sentence_claims(
    text: str,
    sentence: Span,
    sentences: list[Span],
    quotes: list[_Quotation],
    attributor: _Attributor,
    paragraph: Speaker | None,
) -> Iterator[tuple[Span, Speaker | None]]:
    """Clauses of one sentence with their speakers; direct speech is cut down to the quoted words.

    A clause's own attribution wins; then the quotation it sits in; then an attribution
    closing the sentence ("..., Politico reported."); then the speaker of the clause before
    it. A speaker named in a later clause never reaches back to an earlier one.
    """
    content, direct = _direct_speech(text, sentence, quotes)
    report = _report_before(text, sentence, direct) if direct is not None else None
    if report is not None and direct is not None:
        # "X denied that the toll had reached 11,300, saying: “…”": the words before the quotation claim too.
        yield report, attributor.attribute(report) or attributor.quotation(direct, sentences, paragraph)
    clauses = split_clauses(text, content)
    if not clauses:
        return
    closing = attributor.canonical(
        trailing_speaker(text[sentence.start : sentence.end], attributor.previous)
        or according_to(text[clauses[-1].start : clauses[-1].end])
    )
    carried: Speaker | None = None
    for clause in clauses:
        # A clause may name its own speaker even inside a quotation: "…, which Beijing has
        # repeatedly stated is not the case."
        own = attributor.attribute(clause) if len(clauses) > 1 or direct is None else None
        quote = direct or next(
            (q for q in quotes if q.span.start <= clause.start and clause.end <= q.span.end), None
        )
        quoted = attributor.quotation(quote, sentences, paragraph) if quote is not None else None
        speaker = own or quoted or closing or carried
        carried = speaker
        yield clause, speaker


# The participle that hands over to a quotation: "…, saying in a press statement:".
_HANDOVER = re.compile(r",\s+(?:saying|adding|stating|writing|explaining|noting|telling\s+\w+)\b[^,]*$", re.IGNORECASE)
_MIN_REPORT_WORDS = 10


def _report_before(text: str, sentence: Span, quote: _Quotation) -> Span | None:
    """The words before a quotation that make a report of their own, in indirect speech: "Tawfiq Shukri
    denied that the death toll had reached 11,300, saying: “…”". A plain introduction ("He said:") is none."""
    end = quote.span.start
    while end > sentence.start and text[end - 1] in "“\"'‘ :":
        end -= 1
    if end <= sentence.start:
        return None
    before = text[sentence.start : end]
    handover = _HANDOVER.search(before)
    if handover is not None:
        before = before[: handover.start()]
    if " that " not in f" {before} " or _word_count(before) < _MIN_REPORT_WORDS:
        return None
    return _trim(text, sentence.start, sentence.start + len(before))


def _direct_speech(text: str, sentence: Span, quotes: list[_Quotation]) -> tuple[Span, _Quotation | None]:
    """When a quotation is the sentence's content ("X said: “…”", "“…,” X added"), the claim is the quoted words."""
    for quote in quotes:
        start, end = max(sentence.start, quote.span.start), min(sentence.end, quote.span.end)
        if end <= start:
            continue
        share = (end - start) / max(1, sentence.end - sentence.start)
        before = text[sentence.start : max(sentence.start, quote.span.start - 1)].rstrip()
        introduced = before.endswith((":", ",")) and leading_speaker(before) is not None
        if share >= _DIRECT_SPEECH_SHARE or introduced:
            trimmed = _trim(text, start, end)
            if trimmed is not None:
                return trimmed, quote
    return sentence, None


def containing_chunk(chunks: Sequence[Chunk], span: Span) -> str:
    """A chunk holding the whole span, else the one overlapping it most (chunks never split sentences)."""
    best_id, best_overlap = "", -1
    for chunk in chunks:
        if chunk.start <= span.start and span.end <= chunk.end:
            return chunk.id
        overlap = min(chunk.end, span.end) - max(chunk.start, span.start)
        if overlap > best_overlap:
            best_id, best_overlap = chunk.id, overlap
    return best_id
