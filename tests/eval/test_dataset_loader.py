"""Loading validates every record and names the line and field of each problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import load_pairs, load_questions
from eval.jsonl import DatasetError
from eval.responses import load_answers

DATASETS = Path(__file__).resolve().parents[2] / "eval" / "datasets"
GOOD = {
    "id": "q1",
    "question": "Who?",
    "answerable": True,
    "reference_answer": "Ann.",
    "must_mention": [["Ann", "Anna"]],
    "gold": [{"source": "a.txt", "quote": "Ann did it"}],
    "expected_contradiction": None,
}


def _write(tmp_path: Path, lines: list[object]) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def _problems(path: Path, loader=load_questions) -> list[str]:  # noqa: ANN001 - a loader function
    with pytest.raises(DatasetError) as raised:
        loader(path)
    return [str(p) for p in raised.value.problems]


def test_shipped_datasets_load() -> None:
    questions = load_questions(DATASETS / "demo.jsonl")
    pairs = load_pairs(DATASETS / "demo_pairs.jsonl")
    assert len(questions) >= 30 and len(pairs) >= 30
    assert any(q.expected_contradiction for q in questions) and any(not q.answerable for q in questions)
    assert questions[0].type == "factoid"  # extra keys are kept where the loader knows them


def test_every_bad_field_is_reported_with_its_line(tmp_path: Path) -> None:
    bad_gold = {**GOOD, "id": "q2", "gold": [{"source": "a.txt"}]}
    bad_types = {**GOOD, "id": "q3", "answerable": "yes", "must_mention": [[]]}
    bad_expected = {**GOOD, "id": "q4", "expected_contradiction": {"sources": [], "about": "x"}}
    path = _write(tmp_path, [GOOD, bad_gold, "{not json", bad_types, bad_expected, {**GOOD}, [1, 2]])
    problems = _problems(path)
    text = "\n".join(problems)
    assert f"{path}:2: field 'gold[0].quote': missing" in text
    assert f"{path}:3: invalid JSON" in text
    assert f"{path}:4: field 'answerable': expected true or false" in text
    assert f"{path}:4: field 'must_mention[0]'" in text
    assert f"{path}:5: field 'expected_contradiction.sources'" in text
    assert f"{path}:6: field 'id': duplicate id 'q1' (first on line 1)" in text
    assert f"{path}:7: expected a JSON object" in text


def test_missing_required_fields_and_optional_defaults(tmp_path: Path) -> None:
    assert "field 'question': missing" in "\n".join(_problems(_write(tmp_path, [{"id": "x", "answerable": True}])))
    minimal = load_questions(_write(tmp_path, [{"id": "x", "question": "Why?", "answerable": False}]))
    assert minimal[0].must_mention == () and minimal[0].gold == () and minimal[0].reference_answer is None


def test_pairs_validate_label_and_sides(tmp_path: Path) -> None:
    pair = {"id": "p1", "label": "maybe", "a": {"source": "a.txt", "quote": "x"}, "b": "nope"}
    text = "\n".join(_problems(_write(tmp_path, [pair]), load_pairs))
    assert "field 'label': expected one of contradiction, consistent" in text
    assert "field 'b': expected an object" in text


def test_answers_file_reports_response_fields(tmp_path: Path) -> None:
    good = {
        "id": "q1",
        "response": {"answer": "Ann did it. [1]", "citations": [{"id": 1, "source": "a.txt", "quote": "Ann did it"}]},
    }
    failed = {"id": "q2", "error": "timeout"}
    bad = {"id": "q3", "response": {"citations": [{"id": "one", "source": "a.txt", "quote": "x"}]}}
    path = _write(tmp_path, [good, failed, bad, {"id": "q4"}])
    text = "\n".join(_problems(path, load_answers))
    assert ":3: field 'response.answer'" in text
    assert ":3: field 'response.citations.0.id'" in text
    assert ":4: field 'response': missing" in text
    answers = load_answers(_write(tmp_path, [good, failed]))
    assert answers["q1"].response is not None and answers["q1"].response.citations[0].quote == "Ann did it"
    assert answers["q2"].error == "timeout" and answers["q2"].response is None


def test_split_field_is_loaded_validated_and_filtered(tmp_path: Path) -> None:
    from eval.dataset import in_split

    dev = {**GOOD, "id": "d", "split": "dev"}
    test = {**GOOD, "id": "t", "split": "test"}
    unsplit = {**GOOD, "id": "u"}
    questions = load_questions(_write(tmp_path, [dev, test, unsplit]))
    assert [q.split for q in questions] == ["dev", "test", None]
    assert [q.id for q in in_split(questions, "dev")] == ["d"]
    assert [q.id for q in in_split(questions, "test")] == ["t"]
    assert [q.id for q in in_split(questions, None)] == ["d", "t", "u"]
    bad = {**GOOD, "id": "b", "split": "train"}
    assert "field 'split': expected one of dev, test or null, got 'train'" in "\n".join(
        _problems(_write(tmp_path, [bad]))
    )
    pair = {
        "id": "p",
        "label": "consistent",
        "a": {"source": "a.txt", "quote": "x"},
        "b": {"source": "b.txt", "quote": "y"},
    }
    pairs = load_pairs(_write(tmp_path, [{**pair, "split": "test"}, {**pair, "id": "q"}]))
    assert [p.split for p in pairs] == ["test", None]
    assert "field 'split'" in "\n".join(_problems(_write(tmp_path, [{**pair, "split": 1}]), load_pairs))


def test_every_shipped_record_has_a_split_and_the_splits_are_halves() -> None:
    for path in sorted(DATASETS.glob("*.jsonl")):
        records = load_pairs(path) if path.name.endswith("_pairs.jsonl") else load_questions(path)
        dev = sum(r.split == "dev" for r in records)
        test = sum(r.split == "test" for r in records)
        assert dev + test == len(records), f"{path.name}: records without a split"
        assert abs(dev - test) <= max(2, len(records) // 10), f"{path.name}: dev {dev} vs test {test}"


def test_cli_split_keeps_only_that_split(tmp_path: Path) -> None:
    import argparse

    from eval.cli import _load_inputs

    questions = _write(tmp_path, [{**GOOD, "id": "d", "split": "dev"}, {**GOOD, "id": "t", "split": "test"}])
    pair = {
        "id": "p",
        "label": "consistent",
        "a": {"source": "a.txt", "quote": "x"},
        "b": {"source": "b.txt", "quote": "y"},
    }
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps({**pair, "split": "dev"}) + "\n" + json.dumps({**pair, "id": "p2", "split": "test"}) + "\n"
    )
    args = argparse.Namespace(dataset=questions, pairs=pairs, limit=None, split="test")
    kept, kept_pairs = _load_inputs(args)
    assert [q.id for q in kept] == ["t"] and [p.id for p in kept_pairs] == ["p2"]
    args.split = None
    kept, kept_pairs = _load_inputs(args)
    assert len(kept) == 2 and len(kept_pairs) == 2


def test_split_option_is_offered_by_eval_run_and_score() -> None:
    from eval.cli import build_parser

    parser = build_parser()
    run = parser.parse_args(["run", "--dataset", "d.jsonl", "--out", "o", "--split", "test"])
    score = parser.parse_args(["score", "--dataset", "d.jsonl", "--answers", "a.jsonl", "--out", "o", "--split", "dev"])
    assert (run.split, score.split) == ("test", "dev")
    assert parser.parse_args(["run", "--dataset", "d.jsonl", "--out", "o"]).split is None
    with pytest.raises(SystemExit):
        parser.parse_args(["run", "--dataset", "d.jsonl", "--out", "o", "--split", "train"])
