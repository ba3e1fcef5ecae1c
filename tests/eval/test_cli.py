"""`crosscheck eval score` and `compare` through the CLI entry point, on small synthetic files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from eval.cli import run_eval_command
from eval.responses import Answer, write_answers
from eval.scoring import METRIC_KEYS
from tests.eval.helpers import PASSAGES, grounded_answers, response
from tests.eval.perturb import negate

QUESTIONS = [
    {
        "id": "q1",
        "type": "numeric",
        "question": "How many turbines did the plant make?",
        "answerable": True,
        "reference_answer": "4,200 in 2021.",
        "must_mention": [["4,200", "4200"], ["Anna Kask"]],
        "gold": [{"source": "plant.txt", "quote": "produced 4,200 turbines in 2021"}],
        "expected_contradiction": None,
    },
    {
        "id": "q2",
        "type": "factoid",
        "question": "What do critics say? <script>alert(1)</script>",
        "answerable": True,
        "reference_answer": "Subsidies were wasted.",
        "must_mention": [["wasted"]],
        "gold": [{"source": "critics.txt", "quote": "the subsidies were wasted on outdated equipment"}],
        "expected_contradiction": {"sources": ["critics.txt", "union.txt"], "about": "wages"},
    },
    {
        "id": "q3",
        "type": "unanswerable",
        "question": "Who owns the port?",
        "answerable": False,
        "reference_answer": None,
        "must_mention": [],
        "gold": [],
        "expected_contradiction": None,
    },
]
PAIRS = [
    {
        "id": "p1",
        "label": "contradiction",
        "a": {"source": "mayor.txt", "quote": "would not close before 2030"},
        "b": {"source": "critics.txt", "quote": "the subsidies were wasted"},
    },
    {
        "id": "p2",
        "label": "consistent",
        "a": {"source": "plant.txt", "quote": "produced 4,200 turbines"},
        "b": {"source": "union.txt", "quote": "wages rose by 12 percent"},
    },
]


def eval_cli(*argv: str) -> int:
    return run_eval_command(argparse.Namespace(eval_args=list(argv)))


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for source, text in {s: t for s, t in PASSAGES.values() if s != "plant.txt"}.items():
        (corpus / source).write_text(text, encoding="utf-8")
    (corpus / "plant.txt").write_text(PASSAGES[1][1], encoding="utf-8")  # passage 5 is not at offset 0
    dataset, pairs = tmp_path / "questions.jsonl", tmp_path / "pairs.jsonl"
    dataset.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    pairs.write_text("".join(json.dumps(p) + "\n" for p in PAIRS), encoding="utf-8")
    grounded = grounded_answers()
    hostile = response("Critics argue that the subsidies were wasted on outdated equipment [3].", [3])
    answers = tmp_path / "answers.jsonl"
    write_answers(
        answers,
        [
            Answer("q1", grounded[0], latency_ms=120.0),
            Answer("q2", hostile, latency_ms=80.0),
            Answer("q3", response("The documents do not say.", [], answerable=False)),
        ],
    )
    perturbed = tmp_path / "perturbed.jsonl"
    write_answers(
        perturbed, [Answer("q1", negate(grounded[0])), Answer("q2", negate(hostile)), Answer("q3", grounded[1])]
    )
    contradictions = tmp_path / "contradictions.json"
    contradictions.write_text(
        json.dumps(
            {
                "contradictions": [
                    {
                        "claims": [
                            {"source": "mayor.txt", "quote": PASSAGES[2][1], "start": 0, "end": 10},
                            {"source": "critics.txt", "quote": PASSAGES[3][1], "start": 0, "end": 10},
                        ]
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    return {
        "corpus": corpus,
        "dataset": dataset,
        "pairs": pairs,
        "answers": answers,
        "perturbed": perturbed,
        "contradictions": contradictions,
        "root": tmp_path,
    }


def _score(files: dict[str, Path], answers: str, out: str) -> dict:
    arguments = [
        "--dataset", files["dataset"], "--pairs", files["pairs"], "--answers", files[answers],
        "--corpus", files["corpus"], "--contradictions", files["contradictions"], "--out", files["root"] / out,
    ]
    assert eval_cli("score", *map(str, arguments), "--no-progress") == 0
    return json.loads((files["root"] / out / "report.json").read_text(encoding="utf-8"))


def test_score_writes_all_reports_with_every_metric(files: dict[str, Path]) -> None:
    report = _score(files, "answers", "base")
    assert report["schema_version"].startswith("1.")
    assert set(METRIC_KEYS) <= set(report["metrics"])
    metrics = report["metrics"]
    assert metrics["faithfulness"] == 1.0 and metrics["citation.precision"] == 1.0
    assert metrics["answer.mention_recall"] == 1.0
    assert metrics["refusal.accuracy"] == 1.0 and metrics["refusal.false_rate"] == 0.0
    assert metrics["retrieval.recall@k"] == 1.0
    assert metrics["contradiction.pairs"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert metrics["contradiction.question_recall"] == 0.0
    assert metrics["answer.correctness"] is None and "LLM" in report["metric_notes"]["answer.correctness"]
    assert metrics["latency"]["p50_ms"] == 80.0 and metrics["latency"]["ttft_p50_ms"] is None
    assert report["judge"]["name"] == "lexical" and report["judge"]["agreement"]["pairs"] == 2
    assert "corpus files" in report["citation_validity_basis"]
    # Every citation of q1 is at offset 0 of its corpus file; passage 5 is not in plant.txt at 0.
    assert metrics["citation.validity"] == 1.0
    html = (files["root"] / "base" / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<svg" in html and "<details>" in html
    markdown = (files["root"] / "base" / "report.md").read_text(encoding="utf-8")
    assert "| `faithfulness` | 1.000 |" in markdown


def test_perturbed_answers_score_lower_and_compare_shows_the_changes(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = _score(files, "answers", "base")
    worse = _score(files, "perturbed", "worse")
    assert base["metrics"]["faithfulness"] - worse["metrics"]["faithfulness"] >= 0.25
    assert worse["metrics"]["refusal.accuracy"] == 0.0
    capsys.readouterr()
    assert eval_cli("compare", str(files["root"] / "base"), str(files["root"] / "worse" / "report.json")) == 0
    out = capsys.readouterr().out
    assert "faithfulness" in out and "worse" in out
    assert "q1: faithfulness 1.000 -> 0.000 (worse)" in out
    q3 = next(line for line in out.splitlines() if line.startswith("q3: "))
    assert "refusal.correct yes -> no (worse)" in q3


def test_bad_dataset_exits_with_line_and_field(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    files["dataset"].write_text(json.dumps({"id": "x", "question": "", "answerable": True}) + "\n", encoding="utf-8")
    arguments = ["--dataset", files["dataset"], "--answers", files["answers"], "--out", files["root"] / "bad"]
    assert eval_cli("score", *map(str, arguments)) == 2
    assert "questions.jsonl:1: field 'question'" in capsys.readouterr().err


def test_help_names_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        eval_cli("--help")
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "crosscheck eval" in out and all(cmd in out for cmd in ("run", "score", "compare"))
