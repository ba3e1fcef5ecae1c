"""A name in the question as the collection spells it, over a real snapshot of small documents."""

from __future__ import annotations

from core.documents import Chunk
from rag.corpus import CorpusSnapshot
from rag.spelling import corpus_acronyms, corpus_case, corpus_spelling

TEXTS = [
    "Karvia's presidential adviser Mykhailo Podoljak called the blast a staged operation.",
    "President Zelenskyy said the Tarvik terminal was hit by a Karvian missile.",
    "Officials in Tarvik said the boast of the navy was premature, and the Podolsk plant denied it.",
]


def snapshot() -> CorpusSnapshot:
    chunks = [Chunk(f"d{i}:0", f"d{i}", f"{i}.txt", 0, len(text), text, 0) for i, text in enumerate(TEXTS)]
    return CorpusSnapshot("spelling", 1, chunks, {c.doc_id: None for c in chunks})


def test_a_name_one_letter_away_from_the_collections_spelling_is_read_as_it() -> None:
    corpus = snapshot()
    assert corpus_spelling("What did Zelensky's adviser Podolyak say?", corpus) == \
        "What did Zelenskyy's adviser Podoljak say?"
    assert corpus_spelling("what did zelensky say?", corpus) == "what did zelensky say?"   # no name to read


def test_a_name_the_collection_uses_a_common_word_and_a_far_name_are_left_as_asked() -> None:
    corpus = snapshot()
    # "Tarvik" is in the collection; "Boat" is a common word's spelling, not a name the documents use.
    assert corpus_spelling("Was the Boat near Tarvik?", corpus) == "Was the Boat near Tarvik?"
    assert corpus_spelling("What did Smith say about Karvia?", corpus) == "What did Smith say about Karvia?"


def test_a_country_the_documents_never_name_is_not_a_misspelt_name() -> None:
    text = "A German think tank said Karvia armed Tarvik."
    corpus = CorpusSnapshot("spelling", 1, [Chunk("d:0", "d", "d.txt", 0, len(text), text, 0)], {"d": None})
    assert corpus_spelling("Has Germany sent drones to Tarvik?", corpus) == "Has Germany sent drones to Tarvik?"


def test_a_name_typed_in_lower_case_is_read_as_the_collection_writes_it() -> None:
    texts = ["Officials with Karvia Rail said the crew followed the rules, the NTSB found. " * 5,
             "The report on Karvia Rail was published by the NTSB in Tarvik. " * 4,
             "A rail car in Tarvik was inspected; its records are at example.org/ntsb/records."]
    chunks = [Chunk(f"d{i}:0", f"d{i}", f"{i}.txt", 0, len(t), t, 0) for i, t in enumerate(texts)]
    corpus = CorpusSnapshot("case", 1, chunks, {c.doc_id: None for c in chunks})
    # "ntsb" in a web address is one in ten: the collection writes "NTSB".
    assert corpus_case("what did karvia rail say after the ntsb report?", corpus) == \
        "what did Karvia Rail say after the NTSB report?"
    # Where "rail" is written in lower case too, it is left as asked.
    corpus = CorpusSnapshot("case", 1, chunks[2:], {chunks[2].doc_id: None})
    assert corpus_case("which rail cars in tarvik?", corpus) == "which rail cars in tarvik?"


def test_a_word_capitalised_only_inside_a_longer_name_stays_a_common_noun() -> None:
    text = "Rockets hit Tarvik City on Monday. Officials in Tarvik City said the port was closed. " * 2
    corpus = CorpusSnapshot("case", 1, [Chunk("d:0", "d", "d.txt", 0, len(text), text, 0)], {"d": None})
    assert corpus_case("which city was hit on monday?", corpus) == "which city was hit on Monday?"
    assert corpus_case("was tarvik city hit?", corpus) == "was Tarvik City hit?"


def test_an_acronym_the_collection_only_writes_in_full_is_read_in_full() -> None:
    texts = ["The Karvian Maritime Office said the ferries were late.",
             "A Tarvik Rail Authority engineer inspected the line; the TRA said it was safe."]
    chunks = [Chunk(f"d{i}:0", f"d{i}", f"{i}.txt", 0, len(t), t, 0) for i, t in enumerate(texts)]
    corpus = CorpusSnapshot("acronyms", 1, chunks, {c.doc_id: None for c in chunks})
    assert corpus_acronyms("What did the KMO say about the ferries?", corpus) == \
        "What did the Karvian Maritime Office say about the ferries?"
    # Written as an acronym somewhere in the collection: left as asked; unknown everywhere: left too.
    assert corpus_acronyms("What did the TRA say?", corpus) == "What did the TRA say?"
    assert corpus_acronyms("What did the UNHCR say?", corpus) == "What did the UNHCR say?"
