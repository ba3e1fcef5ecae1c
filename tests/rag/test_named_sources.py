"""A question may name a document by its outlet: "According to the Washington Post, …?". Over a real
snapshot of three small documents."""

from __future__ import annotations

from core.documents import Chunk
from rag.answerability import sources_named_apart
from rag.corpus import CorpusSnapshot
from rag.evidence import EvidenceSelection
from rag.question import analyse, whose_account
from rag.schemas import Evidence
from rag.text import mentioned

TEXTS = {
    "01_herald_fire.txt": "The warehouse fire started shortly after midnight, firefighters said.",
    "02_washingtonpost_live_updates.txt": "The roof collapsed an hour later and two firefighters were hurt.",
    "03_gazette_fire.txt": "Residents were evacuated as smoke spread, the Herald reported.",
    "04_scrutiny_on_karvia_rail.txt": "Karvia Rail Corp. is facing scrutiny from regulators after the crash.",
    "05_courier_burn.txt": "The final decision to burn the cargo came from the incident commander, Karvia Rail "
                           "said in a statement.",
    "06_fr24news_roof.txt": "The roof of the warehouse fell in at dawn, fire crews said.",
    "07_kdnbreaking_arrests.txt": "Two men were arrested 90 miles from the port, officials said.",
}


def snapshot() -> CorpusSnapshot:
    chunks = [Chunk(f"d{i}:0", f"d{i}", source, 0, len(text), text, 0)
              for i, (source, text) in enumerate(TEXTS.items())]
    return CorpusSnapshot("fires", 1, chunks, {c.doc_id: None for c in chunks})


def selection_of(question: str, sources: list[str]) -> EvidenceSelection:
    ranked = [Evidence(f"d{list(TEXTS).index(s)}", s, None, f"d{list(TEXTS).index(s)}:0", 0, len(TEXTS[s]),
                       TEXTS[s], 0.5) for s in sources]
    return EvidenceSelection(ranked, ranked, 0.5, 1.0, None, analyse(question))


def test_a_website_is_named_by_its_compact_name() -> None:
    assert mentioned("the Washington Post", "02_washingtonpost_live_updates.txt")


def test_a_document_named_by_its_outlet_is_searched_on_its_own_when_nothing_retrieved_is_from_it() -> None:
    question = "According to the Washington Post, what happened to the warehouse roof?"
    retrieved_elsewhere = selection_of(question, ["01_herald_fire.txt", "03_gazette_fire.txt"])
    assert sources_named_apart(retrieved_elsewhere, snapshot()) == ["02_washingtonpost_live_updates.txt"]
    # Named, not asked to be quoted, and already retrieved: nothing to narrow.
    named = "What did the Washington Post report about the warehouse roof?"
    assert sources_named_apart(selection_of(named, ["02_washingtonpost_live_updates.txt"]), snapshot()) == []
    assert sources_named_apart(selection_of(named, ["01_herald_fire.txt"]), snapshot()) == [
        "02_washingtonpost_live_updates.txt"]
    # A name no document carries narrows nothing (the question is then refused as before).
    absent = selection_of("According to Le Monde, what happened to the roof?", ["01_herald_fire.txt"])
    assert sources_named_apart(absent, snapshot()) == []


def test_whoever_the_question_asks_to_be_quoted_is_read_from_their_own_document() -> None:
    question = "According to the Herald, when did the warehouse fire start?"
    assert whose_account(question) == ["the herald"]
    # The Herald's own report is searched, beside the reports that quote it: not the Washington Post's.
    cited_elsewhere = selection_of(question, ["03_gazette_fire.txt", "02_washingtonpost_live_updates.txt"])
    assert sources_named_apart(cited_elsewhere, snapshot()) == ["01_herald_fire.txt", "03_gazette_fire.txt"]
    assert whose_account("According to the documents, when did the fire start?") == []
    # The piece a question reads within names its outlet too.
    assert whose_account("In the Herald piece, when did the warehouse fire start?") == ["herald"]
    assert whose_account("In the first article, when did the fire start?") == []
    # An outlet written in lower case is a name all the same; an adjective is none.
    assert whose_account("In the herald24news report, when did the fire start?") == ["herald24news"]
    assert whose_account("In the final report, when did the fire start?") == []
    assert whose_account("In the police report, when did the fire start?") == []   # a word, no outlet
    lower_case = "In the fr24news report, when did the roof fall in?"
    assert sources_named_apart(selection_of(lower_case, ["02_washingtonpost_live_updates.txt"]), snapshot(),
                               lower_case) == ["06_fr24news_roof.txt"]
    assert whose_account("According to officials, when did the fire start?") == []
    # "According to the Herald report" is the Herald's account, not the documents': its name is kept.
    assert whose_account("According to the Herald report, when did the warehouse fire start?") == ["herald"]
    assert analyse("According to the Herald report, how many people died in the fire?").asks_for_a_partys_figure
    assert not analyse("According to the available reports, how many people died?").asks_for_a_partys_figure


def test_a_piece_named_by_the_start_of_its_file_name_is_read_on_its_own() -> None:
    # "the KDN piece says" names the outlet that "07_kdnbreaking_arrests.txt" runs together with a word.
    question = "The KDN piece says the men were arrested how far from the port?"
    assert whose_account(question) == ["kdn"]
    elsewhere = selection_of(question, ["01_herald_fire.txt", "03_gazette_fire.txt"])
    assert sources_named_apart(elsewhere, snapshot(), question) == ["07_kdnbreaking_arrests.txt"]
    # Two letters begin too many words to name a file.
    assert sources_named_apart(selection_of("The KD piece says when?", ["01_herald_fire.txt"]), snapshot(),
                               "The KD piece says when?") == []


def test_a_party_a_title_is_about_is_quoted_from_the_reports_that_quote_it() -> None:
    # "… scrutiny on Karvia Rail" names the report's subject, not its outlet: the company's own words are in
    # the courier's report, which must be searched too.
    question = "According to Karvia Rail, who made the final decision to burn the cargo?"
    retrieved = selection_of(question, ["05_courier_burn.txt", "04_scrutiny_on_karvia_rail.txt"])
    assert sources_named_apart(retrieved, snapshot()) == ["04_scrutiny_on_karvia_rail.txt", "05_courier_burn.txt"]
