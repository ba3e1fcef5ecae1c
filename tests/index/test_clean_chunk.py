"""Cleaning drops whole boilerplate lines; chunks are exact, sentence-aligned spans."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from index.chunk import chunk_spans
from index.clean import content_lines, content_regions
from index.sentences import split_sentences

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"
BOILERPLATE = [
    "Click the share button above",
    "Follow us on",
    "Copyright ©",
    "Read also:",
    "Struggling Titlist",
    "fair use",
    "Related video:",
    "Skip to content",
    "READ ALSO:",
    "can be read in 51 languages",
]


def demo_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))}


def test_boilerplate_never_reaches_a_chunk() -> None:
    for name, text in demo_texts().items():
        for span in chunk_spans(text, content_regions(text), 800, 150):
            chunk = text[span.start : span.end]
            for phrase in BOILERPLATE:
                assert phrase not in chunk, f"{name}: boilerplate {phrase!r} in a chunk"


def test_content_survives_cleaning() -> None:
    texts = demo_texts()
    kept = {name: " ".join(text[s.start : s.end] for s in content_lines(text)) for name, text in texts.items()}
    assert "The Chinese side has never provided lethal weapons" in kept["002_86393d9dbeceabfc.txt"]
    assert "irrefutable evidence" in kept["001_3033fa34d47c0150.txt"]
    assert "more than $100 million worth of drones" in kept["004_9721aee89642c7ce.txt"]
    # Repeated title and truncated teaser lines appear once, not twice.
    assert kept["001_3033fa34d47c0150.txt"].count("China reportedly provides Russia with drone equipment") == 1


def test_chunks_never_cross_a_dropped_line() -> None:
    for text in demo_texts().values():
        regions = content_regions(text)
        for span in chunk_spans(text, regions, 800, 150):
            assert any(r.start <= span.start and span.end <= r.end for r in regions)


def test_sentences_split_on_abbreviations_correctly() -> None:
    text = "The U.S. said it had not seen any evidence. Mr. Lin denied it. Exports rose 3.5 percent."
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "The U.S. said it had not seen any evidence.",
        "Mr. Lin denied it.",
        "Exports rose 3.5 percent.",
    ]


words = st.text(alphabet="abcdefgh XYZ.!?\n,", min_size=0, max_size=3000)


@settings(max_examples=200, deadline=None)
@given(text=words, size=st.integers(min_value=40, max_value=900), overlap=st.integers(min_value=0, max_value=300))
def test_chunk_spans_are_ordered_valid_and_cover_every_sentence(text: str, size: int, overlap: int) -> None:
    regions = content_regions(text)
    spans = chunk_spans(text, regions, size, overlap)
    starts = [s.start for s in spans]
    assert starts == sorted(starts), "chunks come in document order"
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.end - span.start <= size
        assert text[span.start : span.end] == text[span.start : span.end].strip()
    for sentence in split_sentences(text, regions):
        assert any(s.start <= sentence.start and sentence.end <= s.end for s in spans) or (
            sentence.end - sentence.start > size
        )
