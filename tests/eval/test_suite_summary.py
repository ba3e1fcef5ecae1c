"""The suite's summary figures, computed from report rows."""

from __future__ import annotations

from typing import Any

import pytest

from eval.suite import SUITE, _bad_start, _cited_gold_share, format_table, select_entries, summary


def _question(cited: list[str], gold: list[str], answerable: bool = True, refused: bool = False) -> dict[str, Any]:
    return {"answerable": answerable, "refused": refused, "citations": [{"source": s} for s in cited],
            "gold": [{"source": s, "quote": "q"} for s in gold]}


def test_cited_gold_documents_is_the_mean_share_of_cited_documents_that_hold_a_gold_quote() -> None:
    questions = [
        _question(["a.txt", "b.txt"], ["a.txt"]),          # one of two cited documents holds gold: 0.5
        _question(["c.txt"], ["c.txt", "d.txt"]),          # 1.0
        _question(["x.txt"], ["y.txt"], refused=True),     # a refusal is not an answer: left out
        _question(["x.txt"], [], answerable=False),        # nothing to compare: left out
    ]
    assert _cited_gold_share(questions) == 0.75
    assert _cited_gold_share([]) is None


def test_bad_sentence_starts() -> None:
    assert _bad_start("# Heading")
    assert _bad_start("while pushing false claims.")
    assert _bad_start("“An unclosed quotation.")
    assert not _bad_start("“A closed one,” he said.")


def test_only_runs_the_named_question_sets_in_suite_order_and_names_an_unknown_one() -> None:
    chosen = select_entries(["pydocs", "demo"])
    assert [entry.name for entry in chosen] == ["demo", "pydocs"]
    assert len(select_entries([])) == len(SUITE)
    with pytest.raises(ValueError, match="no question set named nonesuch"):
        select_entries(["nonesuch"])


def test_the_summary_counts_the_questions_whose_answering_failed() -> None:
    metrics = {"answer.mention_recall": 0.5, "refusal.false_rate": 0.0, "refusal.accuracy": None,
               "citation.precision": None, "citation.validity": None, "contradiction.question_recall": None}
    questions = [{**_question([], []), "answer": "", "error": "ValueError: boom"},
                 {**_question(["a.txt"], ["a.txt"]), "answer": "An answer.", "error": None}]
    row = summary({"metrics": metrics, "questions": questions})
    assert row["failed"] == 1
    header, _, line = format_table([{"dataset": "x", "split": "dev", **row}]).splitlines()[:3]
    assert line.split(" | ")[header.split(" | ").index("failed")] == "1"
