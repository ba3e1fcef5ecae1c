"""report.json: the stable, documented schema (docs/eval.md) that markdown, HTML and compare read.

Bump ``SCHEMA_VERSION``'s major number on any change that renames or removes a
key; adding keys is a minor change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eval.metrics.contradictions import PairScores
from eval.metrics.judge_agreement import JudgeAgreement
from eval.scoring import Aggregate, QuestionResult

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class RunInfo:
    command: str  # "run" | "score"
    dataset: Path
    pairs: Path | None
    system: dict[str, Any]
    judge_name: str
    judge_description: str
    validity_basis: str
    contradictions_source: str


def _sha256(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None and path.is_file() else None


def _agreement(agreement: JudgeAgreement | None) -> dict[str, Any] | None:
    if agreement is None:
        return None
    data = asdict(agreement)
    data["details"] = [asdict(d) for d in agreement.details]
    return data


def _question(result: QuestionResult) -> dict[str, Any]:
    q, response = result.question, result.response
    checked = [c for c in result.validity if c.valid is not None]
    validity = {c.id: c for c in result.validity}
    refusal_correct = result.refused if not q.answerable else not result.refused
    return {
        "id": q.id,
        "type": q.type,
        "question": q.question,
        "answerable": q.answerable,
        "reference_answer": q.reference_answer,
        "must_mention": [list(g) for g in q.must_mention],
        "gold": [asdict(g) for g in q.gold],
        "expected_contradiction": asdict(q.expected_contradiction) if q.expected_contradiction else None,
        "error": result.answer.error,
        "latency_ms": result.answer.latency_ms,
        "ttft_ms": result.answer.ttft_ms,
        "answer": response.answer,
        "answerable_reported": response.answerable if result.answer.response else None,
        "refused": result.refused,
        "scores": {
            "faithfulness": result.faithfulness.score,
            "faithfulness_any_context": result.faithfulness.any_context,
            "citation.precision": result.citations.precision,
            "citation.recall": result.citations.recall,
            "citation.validity": sum(c.valid is True for c in checked) / len(checked) if checked else None,
            "answer.mention_recall": result.mention.score,
            "answer.correctness": result.correctness,
            "retrieval.recall@k": result.retrieval.recall,
            "retrieval.mrr": result.retrieval.reciprocal_rank,
            "refusal.correct": refusal_correct,
            "contradiction.recalled": result.contradiction[0] if result.contradiction else None,
        },
        "claims": [asdict(c) for c in result.faithfulness.claims],
        "sentences": [
            {
                "text": s.text,
                "citations": list(s.citations),
                "supported": s.supported,
                "reason": s.reason,
                "imprecise_citations": list(s.imprecise),
            }
            for s in result.citations.sentences
        ],
        "citations": [
            {
                "id": c.id,
                "source": c.source,
                "doc_id": c.doc_id,
                "title": c.title,
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
                "valid": validity[c.id].valid if c.id in validity else None,
                "validity_reason": validity[c.id].reason if c.id in validity else None,
            }
            for c in response.citations
        ],
        "missing_mentions": [list(g) for g in result.mention.missing],
        "correctness_reason": result.correctness_reason,
        "retrieval": {
            "basis": result.retrieval.basis,
            "k": result.retrieval.k,
            "gold_recalled": list(result.retrieval.recalled),
        },
        "contradiction": {"recalled": result.contradiction[0], "how": result.contradiction[1]}
        if result.contradiction
        else None,
        "contradictions": [c.model_dump(mode="json") for c in response.contradictions],
    }


def build_report(
    info: RunInfo,
    results: Sequence[QuestionResult],
    agg: Aggregate,
    by_type: dict[str, dict[str, Any]],
    pairs: PairScores | None,
    agreements: Sequence[JudgeAgreement],
    pair_count: int,
) -> dict[str, Any]:
    active = next((a for a in agreements if a.judge == info.judge_name), None)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": info.command,
        "dataset": {
            "path": str(info.dataset),
            "sha256": _sha256(info.dataset),
            "questions": len(results),
            "pairs_path": str(info.pairs) if info.pairs else None,
            "pairs_sha256": _sha256(info.pairs),
            "pairs": pair_count,
        },
        "system": info.system,
        "judge": {
            "name": info.judge_name,
            "description": info.judge_description,
            "agreement": _agreement(active),
        },
        "judges": [_agreement(a) for a in agreements],
        "metrics": agg.metrics,
        "metric_counts": agg.counts,
        "metric_notes": agg.notes,
        "citation_validity_basis": info.validity_basis,
        "contradictions_source": info.contradictions_source,
        "contradiction_pairs": asdict(pairs) if pairs else None,
        "errors": sum(1 for r in results if r.answer.error),
        "by_type": by_type,
        "questions": [_question(r) for r in results],
    }


def write_json(report: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_report(path: Path) -> dict[str, Any]:
    """A report.json, given the file or the run's directory."""
    file = path / "report.json" if path.is_dir() else path
    report: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    major = str(report.get("schema_version", "0")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"{file}: schema_version {report.get('schema_version')} is not {SCHEMA_VERSION}.x")
    return report
