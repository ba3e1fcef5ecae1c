"""The evaluation suite: every corpus in its own collection, every question set scored on one split.

``crosscheck eval suite --split test`` indexes each corpus of ``SUITE`` (its files, not its
ORIGIN.md) into a collection of its own, asks each question set in-process, writes one report
per set under ``--out``, and prints one summary table, with the answer-shape figures beside the
quality ones: how often an undisputed question gets a disagreement, and how long answers are.
Tune on ``dev``; report ``test``.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.claims import split_sentences
from eval.corpora import CORPORA, corpus_files
from eval.dataset import Split, in_split, load_pairs, load_questions
from eval.judges import StrictLexicalJudge
from eval.report import write_reports
from eval.runner import Evaluation, collect_answers, evaluate
from eval.targets import CorpusContradictions, InProcessTarget

DATASETS = Path(__file__).resolve().parent / "datasets"


@dataclass(frozen=True)
class SuiteEntry:
    name: str          # the question set, eval/datasets/<name>.jsonl
    corpus: str        # the folder under corpus/, indexed into a collection of the same name
    pairs: str | None = None


SUITE = (
    SuiteEntry("demo", "demo", "demo_pairs"),
    SuiteEntry("demo_heldout", "demo"),
    SuiteEntry("al_ahli_hospital_blast", "al_ahli_hospital_blast", "al_ahli_hospital_blast_pairs"),
    SuiteEntry("melilla_border_deaths", "melilla_border_deaths", "melilla_border_deaths_pairs"),
    # Written by helpers that never read the answering code (tenth stop): a fresh demo set, two fresh events.
    SuiteEntry("demo_fresh", "demo"),
    # A second fresh demo set, written by a helper that never read the answering code (seventeenth stop).
    SuiteEntry("demo_fresh2", "demo"),
    SuiteEntry("kramatorsk_station_strike", "kramatorsk_station_strike"),
    SuiteEntry("prigozhin_plane_crash", "prigozhin_plane_crash"),
    # Two more events by such helpers (eleventh stop), first run with the code as it stood.
    SuiteEntry("nord_stream_pipeline_blasts", "nord_stream_pipeline_blasts"),
    SuiteEntry("kakhovka_dam_breach", "kakhovka_dam_breach"),
    SuiteEntry("pydocs", "pydocs"),
    SuiteEntry("debian_history", "debian_history", "debian_history_pairs"),
    # A fresh event, written by a helper that never read the answering code (seventeenth stop).
    SuiteEntry("olenivka_prison_explosion", "olenivka_prison_explosion", "olenivka_prison_explosion_pairs"),
    # Fresh questions on two events already indexed, by a helper that never read them or the code (eighteenth stop).
    SuiteEntry("melilla_fresh", "melilla_border_deaths"),
    SuiteEntry("kramatorsk_fresh", "kramatorsk_station_strike"),
    # A fresh event on another subject (an industrial accident), by such a helper (eighteenth stop).
    SuiteEntry("east_palestine_derailment", "east_palestine_derailment", "east_palestine_derailment_pairs"),
    # A third fresh demo set and a fresh event (a flood), by such helpers (nineteenth stop).
    SuiteEntry("demo_fresh3", "demo"),
    SuiteEntry("derna_dam_flood", "derna_dam_flood", "derna_dam_flood_pairs"),
    # A fresh event by such a helper, first run only after this stop's changes were frozen (nineteenth stop).
    SuiteEntry("beirut_port_explosion", "beirut_port_explosion", "beirut_port_explosion_pairs"),
    # Two fresh events by such helpers, run first at the twentieth stop's start and at its freeze.
    SuiteEntry("crocus_city_hall_attack", "crocus_city_hall_attack", "crocus_city_hall_attack_pairs"),
    SuiteEntry("balasore_train_collision", "balasore_train_collision", "balasore_train_collision_pairs"),
    SuiteEntry("pylos_shipwreck", "pylos_shipwreck", "pylos_shipwreck_pairs"),
    SuiteEntry("kanjuruhan_stadium_crush", "kanjuruhan_stadium_crush", "kanjuruhan_stadium_crush_pairs"),
    # Two fresh events by such helpers, run first at the twenty-second stop's start (a5e7627's code).
    SuiteEntry("itaewon_crowd_crush", "itaewon_crowd_crush", "itaewon_crowd_crush_pairs"),
    SuiteEntry("key_bridge_collapse", "key_bridge_collapse", "key_bridge_collapse_pairs"),
    # Two fresh events by such helpers, run first at the twenty-third stop's start (f5a059f's code).
    SuiteEntry("lahaina_wildfire", "lahaina_wildfire", "lahaina_wildfire_pairs"),
    SuiteEntry("hajj_heat_deaths", "hajj_heat_deaths", "hajj_heat_deaths_pairs"),
    # Two fresh events by such helpers, run first at the twenty-fourth stop's start (bf02012's code).
    SuiteEntry("uvalde_school_shooting", "uvalde_school_shooting", "uvalde_school_shooting_pairs"),
    SuiteEntry("kabul_airport_bombing", "kabul_airport_bombing", "kabul_airport_bombing_pairs"),
)


def indexed_engine(settings: Any, entry: SuiteEntry, embedder: Any, progress: bool = True) -> Any:
    """An engine whose collection holds the entry's corpus (indexing it, or finding it indexed)."""
    from rag.engine import Engine

    engine = Engine.from_settings(settings.model_copy(update={"collection": entry.corpus}), embedder=embedder)
    engine.ingestor.ingest_paths(corpus_files(CORPORA / entry.corpus), entry.corpus, progress=progress)
    return engine


def select_entries(names: Sequence[str] = ()) -> list[SuiteEntry]:
    """The suite's entries, or only those named (in suite order); an unknown name is an error."""
    unknown = sorted(set(names) - {entry.name for entry in SUITE})
    if unknown:
        raise ValueError(f"no question set named {', '.join(unknown)}; the suite has "
                         f"{', '.join(entry.name for entry in SUITE)}")
    return [entry for entry in SUITE if not names or entry.name in names]


def run_suite(
    settings: Any, split: Split | None, out: Path, progress: bool = True, only: Sequence[str] = ()
) -> list[dict[str, Any]]:
    from index.embed import Embedder

    entries = select_entries(only)
    embedder = Embedder.from_settings(settings)
    rows = []
    for entry in entries:
        engine = indexed_engine(settings, entry, embedder, progress)
        questions = in_split(load_questions(DATASETS / f"{entry.name}.jsonl"), split)
        pairs_path = DATASETS / f"{entry.pairs}.jsonl" if entry.pairs else None
        pairs = in_split(load_pairs(pairs_path), split) if pairs_path else []
        target = InProcessTarget(engine)
        answers = collect_answers(target, questions, 1, progress=progress)
        contradictions = target.contradictions() if pairs else CorpusContradictions(None, "no labelled pairs")
        evaluation = Evaluation("suite", DATASETS / f"{entry.name}.jsonl", questions, pairs_path, pairs,
                                StrictLexicalJudge(), target.texts(), contradictions, target.system(), None, None,
                                ())
        report = evaluate(evaluation, answers, progress=progress)
        write_reports(report, out / entry.name)
        rows.append({"dataset": entry.name, "split": split or "all", **summary(report)})
        target.close()
    (out / "summary.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return rows


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The figures the issues ask for, from one report."""
    metrics, questions = report["metrics"], report["questions"]
    undisputed = [q for q in questions if q["answerable"] and not q.get("expected_contradiction")]
    disputed = [q for q in questions if q.get("expected_contradiction")]
    return {
        "questions": len(questions),
        # A question whose answering failed scores as unanswered; counted, so a failure is never read as
        # a weak answer (one fresh corpus failed half its questions this way).
        "failed": sum(bool(q.get("error")) for q in questions),
        "mention_recall": metrics["answer.mention_recall"],
        "answerable_refused": metrics["refusal.false_rate"],
        "unanswerable_refused": metrics["refusal.accuracy"],
        "citation_precision": metrics["citation.precision"],
        "citation_validity": metrics["citation.validity"],
        "cited_gold_documents": _cited_gold_share(questions),
        "conflict_recall": metrics["contradiction.question_recall"],
        "disagreement_on_undisputed": _share(["The sources disagree" in q["answer"] for q in undisputed]),
        "median_chars_undisputed": _median([len(q["answer"]) for q in undisputed]),
        "median_chars_disputed": _median([len(q["answer"]) for q in disputed]),
        "bad_sentence_starts": sum(_bad_start(s.text) for q in questions for s in split_sentences(q["answer"])),
        "latency_p50_ms": metrics["latency"]["p50_ms"] if metrics.get("latency") else None,
    }


def _cited_gold_share(questions: list[dict[str, Any]]) -> float | None:
    """Per answered question with gold quotes, the share of the documents it cites that hold one; the
    mean. A lower bound on "cited documents that support the answer": the gold lists name the
    documents a labeller found, and another document may support the answer too."""
    shares = []
    for q in questions:
        cited = {c["source"] for c in q.get("citations") or []}
        gold = {g["source"] for g in q.get("gold") or []}
        if q["answerable"] and cited and gold and not q["refused"]:
            shares.append(len(cited & gold) / len(cited))
    return round(sum(shares) / len(shares), 3) if shares else None


def _bad_start(sentence: str) -> bool:
    """A heading or list marker, a lower-case word, or an unmatched quotation mark."""
    text = sentence.strip()
    if not text:
        return False
    unmatched = text.count("“") != text.count("”") or text.count('"') % 2 == 1
    return text[0] in "#-*•" or text[0].islower() or (text[0] in "“\"" and unmatched)


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 3) if flags else None


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def format_table(rows: list[dict[str, Any]]) -> str:
    columns = ["dataset", "split", "questions", "failed", "mention_recall", "answerable_refused",
               "unanswerable_refused", "citation_precision", "cited_gold_documents", "conflict_recall",
               "disagreement_on_undisputed", "median_chars_undisputed", "median_chars_disputed",
               "bad_sentence_starts", "latency_p50_ms"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}" if value < 10 else f"{value:.0f}"
    return str(value)
