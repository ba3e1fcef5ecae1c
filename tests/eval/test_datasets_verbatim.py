"""Sanity checks for the hand-labelled demo dev datasets.

Every quote must occur verbatim in its source file, so that citation checks
and contradiction-detector evaluations measure the system, not typos in the
labels.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "demo"
DATASETS = ROOT / "eval" / "datasets"
QA_PATH = DATASETS / "demo.jsonl"
PAIRS_PATH = DATASETS / "demo_pairs.jsonl"
SECOND_CONFLICTS_PATH = DATASETS / "demo_conflicts_second.jsonl"

QA_TYPES = {"factoid", "numeric", "attribution", "multi_document", "contradiction", "unanswerable"}
PAIR_LABELS = {"contradiction", "consistent"}


def _load(path: Path) -> list[dict]:
    assert path.is_file(), f"missing dataset {path}"
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:  # pragma: no cover - failure path
            pytest.fail(f"{path.name}:{lineno}: invalid JSON: {exc}")
        assert isinstance(obj, dict), f"{path.name}:{lineno}: not a JSON object"
        records.append(obj)
    return records


_TEXT_CACHE: dict[str, str] = {}


def _source_text(source: str) -> str:
    if source not in _TEXT_CACHE:
        path = CORPUS / source
        assert path.is_file(), f"unknown source file {source!r}"
        _TEXT_CACHE[source] = path.read_text(encoding="utf-8")
    return _TEXT_CACHE[source]


def _check_quote(ref: object, where: str) -> None:
    assert isinstance(ref, dict), f"{where}: expected object, got {ref!r}"
    assert isinstance(ref.get("source"), str) and ref["source"], f"{where}: bad source"
    assert isinstance(ref.get("quote"), str) and ref["quote"].strip(), f"{where}: bad quote"
    assert ref["quote"] in _source_text(ref["source"]), (
        f"{where}: quote not verbatim in {ref['source']}: {ref['quote']!r}"
    )


@pytest.fixture(scope="module")
def qa() -> list[dict]:
    return _load(QA_PATH)


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    return _load(PAIRS_PATH)


def test_corpus_present() -> None:
    assert CORPUS.is_dir()
    assert len(list(CORPUS.glob("*.txt"))) >= 1


def test_qa_schema(qa: list[dict]) -> None:
    for rec in qa:
        rid = rec.get("id")
        assert isinstance(rid, str) and rid, f"bad id in {rec!r}"
        assert isinstance(rec.get("question"), str) and rec["question"].strip(), rid
        assert isinstance(rec.get("answerable"), bool), rid
        assert rec.get("type") in QA_TYPES, f"{rid}: bad type {rec.get('type')!r}"
        assert "reference_answer" in rec, rid
        assert rec["reference_answer"] is None or isinstance(rec["reference_answer"], str), rid

        mm = rec.get("must_mention")
        assert isinstance(mm, list), rid
        for group in mm:
            assert isinstance(group, list) and group, f"{rid}: empty must_mention group"
            assert all(isinstance(s, str) and s.strip() for s in group), rid

        gold = rec.get("gold")
        assert isinstance(gold, list), rid

        assert "expected_contradiction" in rec, rid
        ec = rec["expected_contradiction"]
        if ec is not None:
            assert isinstance(ec, dict), rid
            assert isinstance(ec.get("sources"), list) and ec["sources"], rid
            assert all(isinstance(s, str) for s in ec["sources"]), rid
            for s in ec["sources"]:
                _source_text(s)  # must be a real corpus file
            assert isinstance(ec.get("about"), str) and ec["about"].strip(), rid

        if rec["answerable"]:
            assert rec["type"] != "unanswerable", rid
            assert isinstance(rec["reference_answer"], str) and rec["reference_answer"].strip(), rid
            assert gold, f"{rid}: answerable record without gold quotes"
            assert mm, f"{rid}: answerable record without must_mention"
        else:
            assert rec["type"] == "unanswerable", rid
            assert rec["reference_answer"] is None, rid
            assert mm == [] and gold == [], rid
            assert ec is None, rid

        if rec["type"] == "contradiction":
            assert ec is not None, f"{rid}: contradiction question without expected_contradiction"
            gold_sources = {g["source"] for g in gold}
            assert set(ec["sources"]) <= gold_sources, f"{rid}: contradiction sources lack gold quotes"
            assert len(gold) >= 2, f"{rid}: contradiction needs quotes of both sides"
        if rec["type"] == "multi_document":
            assert len({g["source"] for g in gold}) >= 2, f"{rid}: multi_document needs 2+ sources"


def test_qa_quotes_verbatim(qa: list[dict]) -> None:
    for rec in qa:
        for i, ref in enumerate(rec["gold"]):
            _check_quote(ref, f"{rec['id']} gold[{i}]")
        expected = rec["expected_contradiction"] or {}
        for i, (a, b) in enumerate(expected.get("sides", [])):
            _check_quote(a, f"{rec['id']} sides[{i}][0]")
            _check_quote(b, f"{rec['id']} sides[{i}][1]")
            assert {a["source"], b["source"]} <= set(expected["sources"]), f"{rec['id']} sides[{i}]: unlisted source"


def test_qa_ids_unique_and_coverage(qa: list[dict]) -> None:
    ids = [r["id"] for r in qa]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    assert len(qa) >= 30
    types = Counter(r["type"] for r in qa)
    assert set(types) == QA_TYPES, f"missing types: {QA_TYPES - set(types)}"
    assert types["unanswerable"] >= 4


def test_second_conflict_questions_load_and_quote_verbatim() -> None:
    from eval.dataset import load_questions

    questions = load_questions(SECOND_CONFLICTS_PATH)  # validates the schema, names bad lines
    assert len(questions) >= 8 and all(q.type == "contradiction" for q in questions)
    for question in questions:
        expected = question.expected_contradiction
        assert expected is not None and expected.sides, question.id
        for i, (a, b) in enumerate(expected.sides):
            _check_quote({"source": a.source, "quote": a.quote}, f"{question.id} sides[{i}][0]")
            _check_quote({"source": b.source, "quote": b.quote}, f"{question.id} sides[{i}][1]")


def test_pairs_schema_and_quotes(pairs: list[dict]) -> None:
    for rec in pairs:
        rid = rec.get("id")
        assert isinstance(rid, str) and rid, f"bad id in {rec!r}"
        assert rec.get("label") in PAIR_LABELS, f"{rid}: bad label"
        assert isinstance(rec.get("note"), str), rid
        _check_quote(rec.get("a"), f"{rid}.a")
        _check_quote(rec.get("b"), f"{rid}.b")
        assert rec["a"] != rec["b"], f"{rid}: a and b identical"


def test_pairs_ids_unique_and_coverage(pairs: list[dict]) -> None:
    ids = [r["id"] for r in pairs]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    labels = Counter(r["label"] for r in pairs)
    assert labels["contradiction"] >= 15
    assert labels["consistent"] >= 15
    same_doc = [r for r in pairs if r["label"] == "contradiction" and r["a"]["source"] == r["b"]["source"]]
    assert len(same_doc) >= 5, f"only {len(same_doc)} within-document contradiction pairs"
