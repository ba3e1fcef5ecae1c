"""What report.json keeps about the judge: its agreement with hand-labelled claims (--judge-claims), and
for a model judge every judgement with the claim, the cited text and the label. The lexical judge stands
in for the model here; tests/scale/test_llm_judge_real.py runs the LLM judge itself."""

from __future__ import annotations

import json
from pathlib import Path

from eval.cli import _judge_records, main
from eval.judges import CachedJudge, StrictLexicalJudge
from eval.metrics.judge_agreement import claim_agreement, load_labelled_claims

REPO = Path(__file__).resolve().parents[2]
CLAIMS = REPO / "tests/eval/judge_labelled_pairs.jsonl"


def test_labelled_claims_are_balanced_and_load() -> None:
    claims = load_labelled_claims(CLAIMS)
    assert 6 <= len(claims) <= 10
    assert sum(c.label == "supported" for c in claims) == len(claims) // 2


def test_cached_judge_keeps_each_judgement_with_claim_cited_text_and_label() -> None:
    judge = CachedJudge(StrictLexicalJudge())
    claims = load_labelled_claims(CLAIMS)
    agreement = claim_agreement(judge, claims)
    claim_agreement(judge, claims)  # asked again: cached, not recorded twice
    records = _judge_records(judge, [])
    assert records is not None and len(records) == len(claims)
    assert {r["label"] for r in records} <= {"supported", "unsupported"}
    assert records[0]["claim"] == claims[0].claim and records[0]["cited_text"] == claims[0].premise
    assert agreement.claims == len(claims) and 0.0 <= agreement.agreement <= 1.0
    assert _judge_records(StrictLexicalJudge(), []) is None


def test_eval_score_reports_agreement_with_labelled_claims(tmp_path: Path) -> None:
    line = (REPO / "eval/datasets/demo.jsonl").read_text().splitlines()[0]
    question = json.loads(line)
    dataset = tmp_path / "one.jsonl"
    dataset.write_text(line + "\n")
    gold = question["gold"][0]
    text = (REPO / "corpus/demo" / gold["source"]).read_text(encoding="utf-8")
    start = text.index(gold["quote"])
    citation = {"id": 1, "source": gold["source"], "quote": gold["quote"], "doc_id": "d1", "start": start,
                "end": start + len(gold["quote"])}
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"id": question["id"], "response": {
        "answer": gold["quote"] + ". [1]", "answerable": True, "citations": [citation],
        "passages": [citation]}}) + "\n")
    out = tmp_path / "report"
    assert main(["score", "--judge", "lexical", "--dataset", str(dataset), "--answers", str(answers),
                 "--judge-claims", str(CLAIMS), "--out", str(out), "--no-progress"]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["judge"]["name"] == "lexical"
    labelled = report["judge"]["labelled_claims"]
    assert labelled["claims"] == 10 and len(labelled["details"]) == 10
