"""The sentence ranker: its weights file, and what its features say about real sentences."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.documents import Chunk
from rag.profile import QuestionProfile
from rag.question import analyse
from rag.ranking import DEFAULT_WEIGHTS, FEATURES, SentenceRanker, sentence_features
from rag.schemas import Evidence, RetrievedChunk


def test_the_packaged_weights_fit_the_features_and_say_how_they_were_fitted() -> None:
    data = json.loads(DEFAULT_WEIGHTS.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES and len(data["weights"]) == len(FEATURES)
    assert data["fitted"]["split"] == "dev"   # never fitted on the test splits
    ranker = SentenceRanker.load()
    assert ranker.scale > 0


def test_weights_fitted_for_other_features_are_refused(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_WEIGHTS.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="refit"):
        SentenceRanker.load(stale)


def _candidates(texts: list[str]) -> tuple[list[Evidence], list[RetrievedChunk]]:
    text = " ".join(texts)
    chunk = Chunk(id="d:0-1", doc_id="d", source="d.txt", start=0, end=len(text), text=text, ordinal=0)
    evidence, offset = [], 0
    for sentence in texts:
        evidence.append(Evidence("d", "d.txt", "Report", chunk.id, offset, offset + len(sentence), sentence, 0.0))
        offset += len(sentence) + 1
    return evidence, [RetrievedChunk(chunk, 1.0, "Report", 1, 1)]


def test_the_sentence_that_gives_the_asked_number_outranks_one_that_does_not() -> None:
    question = "How many drones did the company ship to Russia?"
    texts = ["The company shipped 1,000 military drones to Russia.", "The company denies shipping drones to Russia."]
    candidates, passages = _candidates(texts)
    # Equal similarity, so only what the sentences hold can separate them.
    similarity = np.array([0.6, 0.6])
    features = sentence_features(QuestionProfile.of(question), analyse(question), candidates, texts, similarity,
                                 similarity, passages, lambda _term: 1.0, {})
    assert features.shape == (2, len(FEATURES))
    assert features[0, FEATURES.index("gives_asked_part")] == 1.0
    assert features[1, FEATURES.index("lacks_asked_part")] == 1.0
    scores = SentenceRanker.load().score(features)
    assert scores[0] > scores[1]


def test_a_quotation_over_two_sentences_is_a_candidate_whole_and_its_opening_sentence_is_not() -> None:
    """Alone, the opening sentence would put the minister's words in the writer's voice."""
    from rag.evidence import sentences_of

    text = ("\u201cChina has become a key facilitator of the war. It cannot go on,\u201d the minister said. "
            "\u201cWe agree,\u201d she said.")
    _, passages = _candidates([text])
    found = sentences_of(passages)
    texts = [e.text for e in found]
    whole = "\u201cChina has become a key facilitator of the war. It cannot go on,\u201d the minister said."
    assert whole in texts
    assert "China has become a key facilitator of the war." not in texts
    for evidence in found:
        assert passages[0].chunk.text[evidence.start - passages[0].chunk.start : evidence.end
                                      - passages[0].chunk.start] == evidence.text
    # A quotation closed within its sentence keeps its marks.
    assert found[-1].text.startswith("\u201cWe agree,\u201d")


def test_a_list_item_is_a_candidate_without_its_marker() -> None:
    from rag.evidence import sentences_of

    text = "Options:\n\n- Indicates the fastest compression method (less compression).\n- class csv.unix_dialect"
    _, passages = _candidates([text])
    found = sentences_of(passages)
    item = next(e for e in found if "fastest" in e.text)
    assert item.text == "Indicates the fastest compression method (less compression)."
    assert passages[0].chunk.text[item.start : item.end] == item.text
