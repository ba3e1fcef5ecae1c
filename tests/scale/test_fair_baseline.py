"""The LangChain baseline in both configurations the bench reports (benchmarks/baseline.py): as a user
gets it by default, and configured fairly (lower-cased, punctuation-stripped BM25; 40 + 40 candidates)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.baseline import FAIR_CANDIDATES, LangChainBaseline, fair_preprocess
from benchmarks.retrieval import scored_question_ids
from core.documents import Chunk
from index.embed import Embedder


def test_fair_preprocess_lowercases_and_strips_punctuation() -> None:
    assert fair_preprocess("Garpiya-3 (G3), said KUPOL.") == ["garpiya", "3", "g3", "said", "kupol"]


def test_the_fair_baseline_matches_words_the_default_split_misses(tmp_path: Path, embedder: Embedder) -> None:
    texts = ["The drone, called Garpiya-3, was tested in China.", "Wheat prices rose in Kansas last spring.",
             "Tallinn harbour opened a new ferry terminal.", "A violin concerto premiered in Vienna."]
    chunks = [Chunk(f"c{i}", f"d{i}", f"s{i}.txt", 0, len(t), t, 0) for i, t in enumerate(texts)]
    baseline = LangChainBaseline(embedder, tmp_path / "baseline", k=2)
    baseline.add(chunks, embedder.embed(texts))
    # whitespace split: "drone," and "China." never equal the query's "drone" / "china"
    default_bm25 = baseline.retriever().retrievers[0]
    fair_bm25 = baseline.retriever(fair=True).retrievers[0]
    assert default_bm25.k == 2 and fair_bm25.k == FAIR_CANDIDATES
    assert "drone," in default_bm25.preprocess_func(texts[0])
    assert fair_bm25.invoke("drone china")[0].metadata["chunk_id"] == "c0"
    found = baseline.search("Which DRONE was tested in china?", fair=True)
    assert len(found) == 2 and found[0].metadata["chunk_id"] == "c0"


def test_recall_is_scored_on_the_test_split_only() -> None:
    ids = scored_question_ids()
    assert ids and all(isinstance(i, str) for i in ids)
    from eval.dataset import load_questions

    questions = load_questions(Path(__file__).resolve().parents[2] / "eval/datasets/demo.jsonl")
    assert {q.id for q in questions if q.split == "test"} == ids
    assert len(ids) < len(questions)
