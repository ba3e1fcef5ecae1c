"""The one test that runs Crosscheck's real pipeline: a few demo questions, in-process, end to end."""

from __future__ import annotations

import re
from pathlib import Path

from eval.dataset import load_pairs, load_questions
from eval.judges import StrictLexicalJudge
from eval.matching import normalise
from eval.report import write_reports
from eval.responses import Answer
from eval.runner import Evaluation, collect_answers, evaluate
from eval.scoring import METRIC_KEYS
from eval.targets import InProcessTarget
from rag.engine import Engine
from tests.eval.perturb import PERTURBATIONS

DATASETS = Path(__file__).resolve().parents[2] / "eval" / "datasets"
PICKED = (
    "demo-fact-01",
    "demo-fact-03",
    "demo-num-01",
    "demo-num-04",
    "demo-attr-04",
    "demo-contra-01",
    "demo-unans-04",
)


def _whole_in(needle: str, text: str) -> bool:
    """Containment, where a figure must not run on into more digits ("15" is not in "150" or "1,500")."""
    def runs_on(beside: str) -> bool:   # the two characters next to the needle, the nearer first
        return beside[:1].isdigit() or (beside[:1] in {".", ","} and beside[1:2].isdigit())

    start = text.find(needle)
    while start >= 0:
        left = text[max(0, start - 2) : start][::-1]
        right = text[start + len(needle) : start + len(needle) + 2]
        if not (needle[:1].isdigit() and runs_on(left)) and not (needle[-1:].isdigit() and runs_on(right)):
            return True
        start = text.find(needle, start + 1)
    return False


def _independent_mention_recall(questions, answers) -> float:  # noqa: ANN001 - plain re-implementation
    scores = []
    for question in questions:
        if not question.answerable or not question.must_mention:
            continue
        text = re.sub(r"\[\d+\]", " ", normalise(answers[question.id].response.answer))
        hits = [any(_whole_in(normalise(alt), text) for alt in group) for group in question.must_mention]
        scores.append(sum(hits) / len(hits))
    return sum(scores) / len(scores)


def test_in_process_run_scores_real_answers_and_catches_perturbations(demo_engine: Engine, tmp_path: Path) -> None:
    questions = [q for q in load_questions(DATASETS / "demo.jsonl") if q.id in PICKED]
    pairs = load_pairs(DATASETS / "demo_pairs.jsonl")
    target = InProcessTarget(demo_engine)
    answers = collect_answers(target, questions, concurrency=2, progress=False)
    assert not [a.error for a in answers if a.error]

    def report_for(run_answers: list[Answer]) -> dict:
        evaluation = Evaluation(
            "run",
            DATASETS / "demo.jsonl",
            questions,
            DATASETS / "demo_pairs.jsonl",
            pairs,
            StrictLexicalJudge(),
            target.texts(),
            target.contradictions(),
            target.system(),
        )
        return evaluate(evaluation, run_answers, progress=False)

    report = report_for(answers)
    metrics = report["metrics"]
    assert set(METRIC_KEYS) <= set(metrics)
    assert metrics["citation.validity"] == 1.0  # the core promise: quote == text[start:end]
    assert metrics["faithfulness"] >= 0.9
    assert metrics["latency"]["p50_ms"] > 0 and metrics["latency"]["ttft_p50_ms"] is not None
    pair_metric = metrics["contradiction.pairs"]
    assert (
        pair_metric is None
        and report["metric_notes"]["contradiction.pairs"]
        or set(pair_metric) == {"precision", "recall", "f1"}
    )
    by_id = {a.id: a for a in answers}
    assert abs(metrics["answer.mention_recall"] - _independent_mention_recall(questions, by_id)) < 1e-3

    paths = write_reports(report, tmp_path / "report")
    assert all(p.stat().st_size > 0 for p in paths)

    # One invented sentence added to an answer of about four lowers its faithfulness by about a fifth;
    # a negation or a changed number spoils more of it.
    for name, drop in (("negated", 0.25), ("numbers_or_names", 0.25), ("invented", 0.15)):
        perturbed = [Answer(a.id, PERTURBATIONS[name](a.response)) for a in answers if a.response is not None]
        assert metrics["faithfulness"] - report_for(perturbed)["metrics"]["faithfulness"] >= drop, name
