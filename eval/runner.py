"""Ask every question of a dataset, concurrently, with a progress bar; then score the answers.

A failed request does not stop the run: the question is recorded with its
error and scored as an empty answer (so failures lower the scores instead of
silently shrinking the denominator).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eval.dataset import LabelledPair, Question
from eval.judges import LLMGrader
from eval.metrics.contradictions import PairScores, score_pairs
from eval.metrics.judge_agreement import judge_agreement
from eval.report.json_report import RunInfo, build_report
from eval.responses import Answer
from eval.scoring import Scorers, aggregate, by_type, score_all, with_pairs
from eval.sources import DocumentTexts
from eval.targets import CorpusContradictions, Target
from rag.judging import SupportJudge

log = logging.getLogger(__name__)


def _ask(target: Target, question: Question) -> Answer:
    try:
        return target.ask(question.id, question.question)
    except Exception as exc:  # one failed question must not lose the others' answers
        log.warning("question failed id=%s error=%s", question.id, exc)
        return Answer(question.id, None, f"{type(exc).__name__}: {str(exc)[:300]}")


def collect_answers(
    target: Target, questions: Sequence[Question], concurrency: int = 2, progress: bool = True
) -> list[Answer]:
    """The answers in dataset order."""
    answers: dict[str, Answer] = {}
    with (
        ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool,
        tqdm(total=len(questions), desc="ask", unit="q", disable=not progress) as bar,
    ):
        futures = {pool.submit(_ask, target, q): q.id for q in questions}
        for future in as_completed(futures):
            answer = future.result()
            answers[answer.id] = answer
            bar.update(1)
            if answer.error:
                bar.set_postfix_str(f"errors={sum(1 for a in answers.values() if a.error)}")
    return [answers[q.id] for q in questions]


# ---------------------------------------------------------------------------
# Scoring a set of answers into a report (shared by `run` and `score`)
# ---------------------------------------------------------------------------


@dataclass
class Evaluation:
    """Everything needed to score answers, whatever produced them."""

    command: str
    dataset_path: Path
    questions: Sequence[Question]
    pairs_path: Path | None
    pairs: Sequence[LabelledPair]
    judge: SupportJudge
    texts: DocumentTexts
    contradictions: CorpusContradictions
    system: dict[str, Any]
    grader: LLMGrader | None = None
    k: int | None = None
    agreement_judges: Sequence[SupportJudge] = field(default_factory=tuple)


def _pair_scores(evaluation: Evaluation) -> tuple[PairScores | None, str]:
    if not evaluation.pairs:
        return None, "no --pairs file given"
    if evaluation.contradictions.items is None:
        return None, f"not measured: {evaluation.contradictions.note}"
    scores = score_pairs(evaluation.pairs, evaluation.contradictions.items)
    return scores, (
        f"{evaluation.contradictions.note}: {scores.reported} reported, {scores.tp} labelled "
        f"contradictions recovered, {scores.fp} consistent pairs reported, {scores.unlabelled} unlabelled"
    )


def evaluate(evaluation: Evaluation, answers: Sequence[Answer], progress: bool = True) -> dict[str, Any]:
    """Score ``answers`` and build the report dict (schema: docs/eval.md)."""
    scorers = Scorers(evaluation.judge, evaluation.texts, evaluation.grader, evaluation.k)
    results = score_all(evaluation.questions, answers, scorers, progress)
    grader_available = evaluation.grader is not None
    pairs, note = _pair_scores(evaluation)
    agg = with_pairs(aggregate(results, grader_available), pairs, note)
    judges = [evaluation.judge, *(j for j in evaluation.agreement_judges if j.name != evaluation.judge.name)]
    agreements = [judge_agreement(j, evaluation.pairs) for j in judges] if evaluation.pairs else []
    info = RunInfo(
        evaluation.command,
        evaluation.dataset_path,
        evaluation.pairs_path,
        evaluation.system,
        evaluation.judge.name,
        evaluation.judge.description,
        evaluation.texts.basis,
        evaluation.contradictions.note,
    )
    return build_report(
        info, results, agg, by_type(results, grader_available), pairs, agreements, len(evaluation.pairs)
    )
