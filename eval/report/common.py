"""What the markdown and HTML reports share: the rows of the summary and how values are shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LOWER_IS_BETTER = {"refusal.false_rate", "latency.p50_ms", "latency.p95_ms", "latency.ttft_p50_ms"}
TYPE_COLUMNS = (
    "faithfulness",
    "citation.precision",
    "citation.recall",
    "answer.mention_recall",
    "retrieval.recall@k",
    "refusal.accuracy",
    "refusal.false_rate",
    "contradiction.question_recall",
    "contradiction.question_recall_documents",
)
# The headline metrics a command prints: the per-type columns, with citation validity after the citations.
SUMMARY_KEYS = (*TYPE_COLUMNS[:3], "citation.validity", *TYPE_COLUMNS[3:])


@dataclass(frozen=True)
class Row:
    key: str
    value: Any
    fraction: float | None  # a 0..1 value that can be drawn as a bar
    count: int | None
    note: str


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) <= 1 else f"{value:,.1f}"
    return str(value)


def metric_rows(report: dict[str, Any]) -> list[Row]:
    """One row per reported number; dict-valued metrics (pairs, latency) are flattened."""
    rows: list[Row] = []
    counts, notes = report.get("metric_counts", {}), report.get("metric_notes", {})
    for key, value in report["metrics"].items():
        note = notes.get(key, "")
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                fraction = subvalue if key != "latency" and isinstance(subvalue, int | float) else None
                rows.append(Row(f"{key}.{sub}", subvalue, fraction, counts.get(key), note))
        elif value is None and key in ("contradiction.pairs", "latency"):
            rows.append(Row(key, None, None, counts.get(key), note))
        else:
            rows.append(Row(key, value, value if isinstance(value, int | float) else None, counts.get(key), note))
    return rows


def question_flags(question: dict[str, Any]) -> list[str]:
    """Why a question deserves a look; empty when it passed every check."""
    flags: list[str] = []
    scores = question["scores"]
    if question.get("error"):
        flags.append("request failed")
    if scores.get("refusal.correct") is False:
        flags.append("wrongly refused" if question["answerable"] else "answered an unanswerable question")
    for key in (
        "faithfulness",
        "citation.precision",
        "citation.recall",
        "answer.mention_recall",
        "retrieval.recall@k",
    ):
        value = scores.get(key)
        if value is not None and value < 1:
            flags.append(f"{key} {value:.2f}")
    if scores.get("citation.validity") is not None and scores["citation.validity"] < 1:
        flags.append("invalid citation offsets")
    if scores.get("contradiction.recalled") is False:
        flags.append("contradiction not surfaced")
    return flags
