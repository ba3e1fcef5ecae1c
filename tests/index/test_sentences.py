"""Sentences as users upload text: wrapped lines join, paragraphs, headings and list items still split.

The real files are in ``tests/fixtures`` (origin in ``tests/fixtures/ORIGIN.md``): a hard-wrapped
plain-text manifesto and a multi-page PDF specification, loaded the way an upload loads them.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.documents import Span
from index.chunk import chunk_spans
from index.clean import content_regions
from index.loaders import load_bytes
from index.sentences import split_sentences

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"
MANIFESTO = "debian-manifesto.txt"
SPEC_PDF = "shared-mime-info-spec.pdf"


@cache
def fixture_text(name: str) -> str:
    return load_bytes(name, (FIXTURES / name).read_bytes()).text


def sentences_of(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, content_regions(text))]


# -- the rule, on small texts --------------------------------------------------------------


WRAPPED = [
    pytest.param(
        "The committee met on Tuesday and agreed that the\n"
        "harbour wall must be rebuilt before winter. Work starts soon.",
        ["The committee met on Tuesday and agreed that the\nharbour wall must be rebuilt before winter.",
         "Work starts soon."],
        id="a wrapped line does not end a sentence",
    ),
    pytest.param(
        "The committee met on Tuesday and agreed that the harbour wall must\n"
        "be rebuilt before winter.\n"
        "Work on the northern section starts in March, said the engineer in\n"
        "charge of the project.",
        ["The committee met on Tuesday and agreed that the harbour wall must\nbe rebuilt before winter.",
         "Work on the northern section starts in March, said the engineer in\ncharge of the project."],
        id="a line that ends a sentence still ends it",
    ),
]


@pytest.mark.parametrize(("text", "sentences"), WRAPPED)
def test_hard_wrapped_lines(text: str, sentences: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text)] == sentences


def test_paragraphs_headings_and_list_items_are_boundaries() -> None:
    text = (
        "# Harbour report\n"
        "The committee met on Tuesday and agreed that the harbour wall must be\n"
        "rebuilt before winter because of the storm damage found in the autumn\n"
        "survey of the northern pier\n"
        "\n"
        "the next paragraph starts in lower case and has no full stop\n"
        "\n"
        "The work comes in three parts, which the council listed as follows\n"
        "- new stone for the outer face of the wall\n"
        "* a concrete cap along the whole length of the pier\n"
        "• lights at the end of the pier\n"
        "1. a survey in spring\n"
        "a) a survey in autumn\n"
        "Budget\n"
        "The budget is four million pounds over two years, paid by the port."
    )
    assert sentences_of(text) == [
        "# Harbour report",
        "The committee met on Tuesday and agreed that the harbour wall must be\n"
        "rebuilt before winter because of the storm damage found in the autumn\n"
        "survey of the northern pier",
        "the next paragraph starts in lower case and has no full stop",
        "The work comes in three parts, which the council listed as follows",
        "- new stone for the outer face of the wall",
        "* a concrete cap along the whole length of the pier",
        "• lights at the end of the pier",
        "1. a survey in spring",
        "a) a survey in autumn",
        "Budget",
        "The budget is four million pounds over two years, paid by the port.",
    ]


def test_a_hyphenated_line_break_stays_inside_the_sentence() -> None:
    text = "The ministry said that the inter-\nnational inspectors would arrive on Monday. They did."
    assert sentences_of(text) == [
        "The ministry said that the inter-\nnational inspectors would arrive on Monday.",
        "They did.",
    ]


def test_abbreviations_across_a_line_break_do_not_end_a_sentence() -> None:
    text = (
        "The delegation that arrived in the capital on Monday was led by Mr.\n"
        "Lin, and it included several senior officials of the U.S.\n"
        "Treasury who had worked on the draft of the agreement for months."
    )
    assert len(split_sentences(text)) == 1


@pytest.mark.parametrize("rank", ["Maj. Gen.", "Adm.", "Brig. Gen.", "Cmdr."])
def test_a_military_rank_before_a_name_does_not_end_a_sentence(rank: str) -> None:
    text = f"The material was stored at the port, said {rank} Ilvo Merrow, the head of security."
    assert len(split_sentences(text)) == 1


def test_one_paragraph_per_line_keeps_headlines_apart() -> None:
    """The demo corpus's form: a headline without a full stop is its own unit, not glued to the next line."""
    text = (
        "Ukraine Expresses Concern About the War\n"
        "Ukraine's Ministry of Foreign Affairs said that it had summoned the ambassador to express "
        "serious concerns about the participation of foreign citizens in the fighting against Ukraine.\n"
        "The deputy minister stressed that the participation of foreign citizens in hostilities is of "
        "serious concern and contradicts the spirit of partnership between the two countries."
    )
    got = sentences_of(text)
    assert got[0] == "Ukraine Expresses Concern About the War"
    assert len(got) == 3


# -- real files ------------------------------------------------------------------------------


def test_hard_wrapped_text_file_sentences_cross_line_breaks() -> None:
    text = fixture_text(MANIFESTO)
    got = sentences_of(text)
    wrapped = (
        "Rather than\nbeing developed by one isolated individual or group, as other\n"
        "distributions of Linux have been developed in the past, Debian is being\n"
        "developed openly in the spirit of Linux and GNU."
    )
    assert wrapped in got
    assert "Distributions are essential to the future of Linux." in got
    # Headings (setext, underlined) stay their own units, not glued to the paragraph after them.
    assert "What is Debian Linux?" in got
    assert "How will Debian attempt to put an end to these problems?" in got
    # Paragraph breaks: the last sentence of one paragraph and the first of the next are apart.
    assert "Clearly something needs to be done to remedy the\nsituation." in got
    # Most sentences of a wrapped text run over more than one line; before, none could.
    assert sum("\n" in s for s in got) > len(got) / 3


def test_multi_page_pdf_sentences_cross_line_breaks() -> None:
    from pypdf import PdfReader

    data = (FIXTURES / SPEC_PDF).read_bytes()
    import io

    assert len(PdfReader(io.BytesIO(data)).pages) >= 5
    text = fixture_text(SPEC_PDF)
    got = sentences_of(text)
    assert (
        "This is generally done by examining the file’s\nname or contents, "
        "and looking up the correct MIME type in a database."
    ) in got
    assert (
        "For interoperability, it is useful for different programs to use the same database so that different\n"
        "programs agree on the type of a file and information is not duplicated."
    ) in got
    # Headings and bullet items are still boundaries.
    assert "What is this spec?" in got and "Directory layout" in got
    assert "This specification proposes:" in got
    assert "• A standard way of getting the MIME type for a file." in got
    assert "• A standard way of getting information about a MIME type." in got


# -- offsets: text[start:end] is the quote, over whole documents ----------------------------


def _assert_exact_spans(text: str) -> None:
    regions = content_regions(text)
    sentences = split_sentences(text, regions)
    for previous, sentence in zip(sentences, sentences[1:], strict=False):
        assert previous.end <= sentence.start, "sentences are ordered and do not overlap"
    for span in sentences:
        quote = text[span.start : span.end]
        assert quote and quote == quote.strip()
        assert any(r.start <= span.start and span.end <= r.end for r in regions)
    for span in chunk_spans(text, regions, 800, 150):
        quote = text[span.start : span.end]
        assert quote == quote.strip() and len(quote) <= 800
        # A chunk is made of whole sentences: it starts and ends on sentence edges (or splits a long one).
        inside = [s for s in sentences if span.start <= s.start and s.end <= span.end]
        assert inside or any(s.start <= span.start and span.end <= s.end for s in sentences)


def test_real_documents_have_exact_sentence_and_chunk_spans() -> None:
    for name in (MANIFESTO, SPEC_PDF):
        _assert_exact_spans(fixture_text(name))
    for path in sorted(DEMO.glob("*.txt")):
        _assert_exact_spans(path.read_text(encoding="utf-8"))


@st.composite
def excerpts(draw: st.DrawFn) -> str:
    """A slice of a real document, possibly with its line breaks shuffled into other forms."""
    text = fixture_text(draw(st.sampled_from([MANIFESTO, SPEC_PDF])))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start, min(len(text), start + 4000)))
    excerpt = text[start:end]
    newline = draw(st.sampled_from(["\n", "\r\n", "\n\n", "\n  "]))
    return excerpt.replace("\n", newline)


@settings(max_examples=150, deadline=None)
@given(text=excerpts())
def test_spans_are_exact_on_any_slice_of_a_real_document(text: str) -> None:
    _assert_exact_spans(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab Xy.!?-•#*1)\n\r\t“”\"", max_size=600))
def test_spans_are_exact_on_arbitrary_text(text: str) -> None:
    for span in split_sentences(text):
        quote = text[span.start : span.end]
        assert 0 <= span.start < span.end <= len(text)
        assert quote == quote.strip() and len(quote) >= 2


def test_splitting_is_fast_enough_for_query_time() -> None:
    """Evidence selection splits about eight 800-character passages per question."""
    text = fixture_text(SPEC_PDF)
    passages = [Span(start, min(start + 800, len(text))) for start in range(0, len(text) - 800, 800)]
    started = time.perf_counter()
    for _ in range(5):
        for passage in passages:
            split_sentences(text[passage.start : passage.end])
    per_passage_ms = (time.perf_counter() - started) * 1000 / (5 * len(passages))
    assert per_passage_ms < 5, f"{per_passage_ms:.2f} ms per 800-character passage"


def test_a_full_stop_that_lost_its_space_still_ends_a_sentence() -> None:
    """Scraped pages run sentences together ("… of Monday.The court …"); initials, a domain and a
    dotted name in code do not end one."""
    text = ("Four men were arrested in the early hours of Monday.The court charged them. He moved to the "
            "U.S.The move was short. Use Node.js here. See pathlib.Path for more. Visit www.The.org now. "
            "It began at the port.Lebanon's security chief spoke.")
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Four men were arrested in the early hours of Monday.", "The court charged them.",
        "He moved to the U.S.The move was short.", "Use Node.js here.", "See pathlib.Path for more.",
        "Visit www.The.org now.", "It began at the port.", "Lebanon's security chief spoke."]
