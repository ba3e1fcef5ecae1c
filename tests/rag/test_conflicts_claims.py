"""Claims with speakers and exact offsets, and the stance signals read off them."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.documents import DocumentMetadata, Span, StoredDocument
from index.chunk import chunk_document
from index.clean import content_regions
from index.ingest import content_hash, document_id
from index.loaders import load_path
from rag.conflicts.claims import Claim, extract_claims, split_clauses
from rag.conflicts.stance import conflicting_quantities, quantities, stance_of

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"


def stored(text: str, source: str = "doc.txt", title: str | None = "A report", author: str | None = None
           ) -> StoredDocument:
    regions = tuple(content_regions(text))
    doc_id = document_id(text)
    return StoredDocument(doc_id, "default", source, content_hash(text), text,
                          DocumentMetadata(title=title, author=author), "text/plain", 0.0, 1, regions)


def claims_of(text: str, **kwargs: str | None) -> list[Claim]:
    document = stored(text, **kwargs)  # type: ignore[arg-type]
    chunks = chunk_document(document.id, document.source, text, document.keep_spans, 800, 150)
    return extract_claims(document, chunks)


def claim_with(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if words in c.text]
    assert found, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return found[0]


@pytest.fixture(scope="module")
def demo_claims() -> dict[str, list[Claim]]:
    found = {}
    for path in sorted(DEMO.glob("*.txt")):
        loaded = load_path(path)
        document = stored(loaded.text, source=loaded.source, title=loaded.metadata.title,
                          author=loaded.metadata.author)
        chunks = chunk_document(document.id, document.source, document.text, document.keep_spans, 800, 150)
        found[path.name] = extract_claims(document, chunks)
    return found


def test_every_claim_is_verbatim_and_inside_a_chunk(demo_claims: dict[str, list[Claim]]) -> None:
    for name, claims in demo_claims.items():
        text = (DEMO / name).read_text(encoding="utf-8")
        assert len(claims) >= 10
        for claim in claims:
            assert text[claim.start : claim.end] == claim.text
            assert claim.chunk_id.startswith(claim.doc_id)
            start, end = (int(x) for x in claim.chunk_id.rsplit(":", 1)[1].split("-"))
            assert start <= claim.start and claim.end <= end


@pytest.mark.parametrize(("source", "words", "speaker"), [
    ("002_86393d9dbeceabfc.txt", "never provided lethal weapons", "Lin Jian"),        # "X said on Friday, “…”"
    ("001_3033fa34d47c0150.txt", "we haven't seen evidence", "Hinz"),                 # "…,” the “Times” quoted Hinz."
    ("001_3033fa34d47c0150.txt", "key facilitator", "NATO spokesperson"),             # multi-sentence quotation
    ("001_3033fa34d47c0150.txt", "rigorous export controls", "Chinese embassy"),      # quote after its speaker
    ("002_86393d9dbeceabfc.txt", "Russia stole", "Zelenskyy"),                        # caption line after a quote
    ("002_86393d9dbeceabfc.txt", "staunchly denied", "China"),                        # "X denied …"
    ("004_9721aee89642c7ce.txt", "supporting Russia's positions", "Legarda"),         # "X told Politico: …"
    ("004_9721aee89642c7ce.txt", "enough military equipment to outfit", "Politico"),  # "…, Politico reported."
    ("003_dce95be80ec8594e.txt", "$200 billion", "Telegraph"),                        # "according to a report by …"
    ("000_83144d348378fdad.txt", "falsely claimed", "Korybko"),                       # the author's own voice
])
def test_speakers_are_attributed(demo_claims: dict[str, list[Claim]], source: str, words: str, speaker: str) -> None:
    claim = claim_with(demo_claims[source], words)
    assert speaker in claim.speaker, claim


def test_document_voice_is_a_speaker_of_its_own_per_document(demo_claims: dict[str, list[Claim]]) -> None:
    neutral = claim_with(demo_claims["004_9721aee89642c7ce.txt"], "China is officially neutral")
    assert not neutral.attributed and neutral.speaker_key.startswith("doc:")


def test_a_report_in_indirect_speech_before_a_quotation_is_a_claim_too() -> None:
    """"X denied that the toll had reached 1,130, saying: “…”": the denial is X's claim, not only the
    quoted words; a bare introduction ("He told reporters:") is none."""
    text = ("In response, the spokesman for the Karvia Relief Agency, Ilse Morrow, denied that the death toll "
            "in Tarvik had reached 1,130, saying in a statement: \"We are surprised to be cited, and we have "
            "announced no such numbers.\"\n\nThe mayor told reporters: \"The water came down the valley at "
            "night and took whole streets.\"\n")
    claims = claims_of(text)
    denial = claim_with(claims, "denied that the death toll")
    assert denial.text.endswith("had reached 1,130") and denial.speaker_key == "ilse morrow"
    assert text[denial.start : denial.end] == denial.text
    assert claim_with(claims, "We are surprised").speaker_key == "ilse morrow"
    assert not [c for c in claims if "told reporters" in c.text]


def test_clauses_split_contrasts_but_not_lists() -> None:
    text = ("While China is known for supporting Russia with dual-use goods, we haven't seen evidence of entire "
            "systems. He named the components, microelectronics, and microprocessors used in rockets.")
    first, second = Span(0, text.index(" He") ), Span(text.index("He"), len(text))
    assert [text[s.start : s.end] for s in split_clauses(text, first)] == [
        "While China is known for supporting Russia with dual-use goods",
        "we haven't seen evidence of entire systems.",
    ]
    assert len(split_clauses(text, second)) == 1


def test_questions_and_conditionals_are_not_claims() -> None:
    claims = claims_of("Is the government involved in this trade at all?\n"
                       "If the government knew, it would be a new level of support for the war.\n"
                       "The ministry said the shipments of drones had stopped in March.")
    assert [c.text for c in claims] == ["The ministry said the shipments of drones had stopped in March."]
    assert claims[0].speaker == "The ministry"


@pytest.mark.parametrize(("text", "polarity"), [
    ("The Chinese side has never provided lethal weapons to any party.", -1),
    ("China last week staunchly denied providing weapons.", -1),
    ("The West has falsely claimed that the state is supplying Russia.", -1),
    ("That allegation has now been disproven by none other than Kiev.", -1),
    ("China approved the provision of lethal aid to Russia.", 1),
    ("There is irrefutable evidence that companies are providing lethal weapons.", 1),
    ("Talk of China not only backing Russia politically but also supplying weapons.", 1),
    ("The government is responsible for ensuring that its companies do not provide assistance.", 1),
    ("China, for all its claims that it is a neutral actor, is, in fact, supporting Russia.", 1),
])
def test_stance_polarity(text: str, polarity: int) -> None:
    assert stance_of(text).polarity == polarity


def test_conflicting_quantities_need_the_same_unit() -> None:
    drones_a = stance_of("China shipped 1,000 military drones to Russia.")
    drones_b = stance_of("China shipped 300 drones to Russia.")
    money = stance_of("Russia imported $100 million worth of drones.")
    trade = stance_of("Russia received more than $200 billion in trade with China.")
    assert conflicting_quantities(drones_a, drones_b) is not None
    assert conflicting_quantities(drones_a, money) is None          # a count is not a price
    assert conflicting_quantities(money, trade) is None             # dollars of different things
    same = stance_of("At least 155 Chinese were fighting, two of whom were captured.")
    assert conflicting_quantities(same, stance_of("Two of the 155 Chinese fighters were captured.")) is None
    assert quantities("about $2.5 million last year")[0].value == "2.5 million"
