"""Judges: signals, NLI (both orders, checksummed model), LLM JSON, and how they combine."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag.conflicts.claims import Claim
from rag.conflicts.judges import (
    ClaimPair,
    ConflictJudge,
    LLMContradictionJudge,
    NLIContradictionJudge,
    SignalsJudge,
    StancedClaim,
)
from rag.conflicts.nli import (
    PACKAGED_NLI_VERSION,
    CachedScorer,
    NLIUnavailable,
    load_scorer,
    packaged_dir,
    verify_manifest,
)
from rag.conflicts.nli_freeze import frozen_model
from rag.conflicts.stance import is_hedged, stance_of
from rag.llm.base import ChatMessage
from rag.text import content_terms


def claim(text: str, speaker: str, doc: str = "d1") -> StancedClaim:
    c = Claim(id=f"{doc}:{hash(text) % 10_000}", collection="default", doc_id=doc, source=f"{doc}.txt", title=None,
              chunk_id=f"{doc}:0-10", start=0, end=len(text), text=text, speaker=speaker,
              speaker_key=speaker.lower(), attributed=True)
    return StancedClaim(c, stance_of(text))


def pair(a: str, b: str, similarity: float) -> ClaimPair:
    first, second = claim(a, "Lin Jian", "d1"), claim(b, "The Post", "d2")
    return ClaimPair(first, second, similarity, frozenset(content_terms(a)) & frozenset(content_terms(b)))


DENIAL = "The Chinese side has never provided lethal weapons to any party in the conflict."
ASSERTION = "China approved the provision of lethal aid to Russia earlier this year."


class FakeScorer:
    """P(contradiction) from a table, recording the order each pair was asked in."""

    name = "fake-nli"

    def __init__(self, scores: dict[tuple[str, str], float]) -> None:
        self.scores = scores
        self.asked: list[tuple[str, str]] = []

    def contradiction(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.asked.extend(pairs)
        return np.array([self.scores.get(p, 0.0) for p in pairs])


class FakeBackend:
    name = "fake-llm"

    def __init__(self, reply: dict[str, Any] | Exception) -> None:
        self.reply = reply
        self.schemas: list[dict[str, Any]] = []

    def stream(self, messages: Sequence[ChatMessage], max_tokens: int = 256) -> Iterator[str]:
        yield ""

    def complete_json(self, messages: Sequence[ChatMessage], schema: dict[str, Any]) -> dict[str, Any]:
        self.schemas.append(schema)
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


def test_signals_judge_polarity_numbers_and_agreement() -> None:
    judge = SignalsJudge()
    verdict = judge.judge(pair(DENIAL, ASSERTION, 0.45))
    assert verdict.label == "contradicts" and "Lin Jian denies it" in verdict.explanation
    assert judge.judge(pair(DENIAL, ASSERTION, 0.2)).label == "unrelated"
    numbers = judge.judge(pair("China shipped 1,000 military drones to Russia.",
                               "China shipped 300 drones to Russia last year.", 0.8))
    assert numbers.label == "contradicts" and "1000" in numbers.explanation and numbers.sure
    same = judge.judge(pair("China last week staunchly denied providing weapons.",
                            "China has repeatedly denied sending military equipment to Russia.", 0.7))
    assert same.label == "agrees"


SILENCE = "Western heads of government have avoided directly accusing the Chinese government of supplying weapons."


def test_a_negated_speech_act_is_a_silence_not_a_denial() -> None:
    silence = stance_of(SILENCE)
    assert silence.negates_speech and not silence.denies
    assert stance_of("Officials did not say whether China supplied drones.").negates_speech
    # Words that judge the content still deny it, and a plain negation of a fact is untouched.
    assert stance_of("The West has falsely claimed that China is supplying Russia.").denies
    assert stance_of("China has repeatedly denied sending military equipment.").denies
    not_seen = stance_of("The US said it had not seen any evidence that China had given Russia weapons.")
    assert not_seen.denies and not not_seen.negates_speech


def test_signals_leave_a_silence_to_the_model() -> None:
    report = "The US said it had not seen any evidence that China had given Russia weapons."
    silence_pair = pair(report, SILENCE, 0.8)
    verdict = SignalsJudge().judge(silence_pair)
    assert verdict.label == "contradicts" and not verdict.sure   # opposite polarity, but only a candidate
    nli = NLIContradictionJudge(FakeScorer({(report, SILENCE): 0.54, (SILENCE, report): 0.2}))
    assert ConflictJudge(model=nli).judge_many([silence_pair])[0].label == "unrelated"
    assert ConflictJudge().judge_many([silence_pair])[0].label == "unrelated"  # signals alone cannot tell


def test_rumours_and_guesses_are_hedged_but_sourced_reports_are_not() -> None:
    assert is_hedged("There's been talk circulating for some time now about China possibly supplying weapons.")
    assert is_hedged("It seems that it's believed that Beijing was part of the supply chain.")
    assert is_hedged("Russia may have obtained drone technology from China.")
    assert not is_hedged("China is reportedly supplying Russia with helicopters and drones.")
    assert not is_hedged("A new report suggests that a Chinese company shipped a batch of drones.")
    assert not is_hedged("The Chinese side has never provided lethal weapons to any party.")


def test_nli_judge_needs_both_orders_and_skips_the_second_when_the_first_settles_it() -> None:
    scorer = FakeScorer({(DENIAL, ASSERTION): 0.95, (ASSERTION, DENIAL): 0.9,
                         ("A is so.", "B is not so."): 0.9, ("B is not so.", "A is so."): 0.1})
    judge = NLIContradictionJudge(scorer)
    pairs = [pair(DENIAL, ASSERTION, 0.45), pair("A is so.", "B is not so.", 0.45),
             pair("C is so.", "D is not so.", 0.45)]
    labels = [v.label for v in judge.judge_many(pairs)]
    assert labels == ["contradicts", "unrelated", "unrelated"]
    assert ("D is not so.", "C is so.") not in scorer.asked  # 0.0 one way already settles it


def test_combined_judge_sends_unsure_pairs_to_the_model_first_within_its_budget() -> None:
    scorer = FakeScorer({(DENIAL, ASSERTION): 0.2, (ASSERTION, DENIAL): 0.2})
    judge = ConflictJudge(signals=SignalsJudge(), model=NLIContradictionJudge(scorer), budget=1)
    unsure = pair(DENIAL, ASSERTION, 0.45)
    sure = pair(DENIAL, ASSERTION, 0.8)
    over_budget = pair("Officials said no rifles were delivered.", "Rifles reached the front in May.", 0.42)
    verdicts = judge.judge_many([sure, unsure, over_budget])
    assert verdicts[1].label == "unrelated" and verdicts[1].judge.startswith("nli")  # the model overruled
    # The one model call went to the unsure pair, in one order: 0.2 is below the 0.5 it must reach in
    # both. The sure pair keeps the signals' verdict, and past the budget the stricter signals-only
    # rule decides: 0.42 is below its 0.45.
    assert verdicts[0].label == "contradicts" and verdicts[0].judge == "signals"
    assert verdicts[2].label == "unrelated"
    assert scorer.asked == [(DENIAL, ASSERTION)]


def test_model_may_veto_a_signal_sure_pair_only_when_confident_it_is_compatible() -> None:
    # Opposite polarity, so the signals call it a conflict; but they are about different months.
    compatible = ("No rifles were delivered in May, officials said.", "Rifles were delivered to the army in June.")
    scorer = FakeScorer({(DENIAL, ASSERTION): 0.3, (ASSERTION, DENIAL): 0.6,
                         compatible: 0.01, compatible[::-1]: 0.02})
    judge = ConflictJudge(signals=SignalsJudge(), model=NLIContradictionJudge(scorer))
    doubted, vetoed = judge.judge_many([pair(DENIAL, ASSERTION, 0.8), pair(*compatible, 0.8)])
    # A doubtful model does not overrule sure signals, but lowers the confidence that ranks the pair.
    signals_only = SignalsJudge().judge(pair(DENIAL, ASSERTION, 0.8))
    assert doubted.label == "contradicts" and doubted.judge.startswith("signals+nli")
    assert doubted.confidence == round((signals_only.confidence + 0.3) / 2, 3)
    assert vetoed.label == "unrelated" and "vetoed" in vetoed.explanation
    # A sure pair is rechecked in the other order whenever it could still escape the veto (0.3 here),
    # and not when the first order already vetoes it (0.01).
    assert (ASSERTION, DENIAL) in scorer.asked and compatible[::-1] not in scorer.asked


def test_llm_judge_uses_schema_json_and_falls_back_to_nli_when_unreachable() -> None:
    backend = FakeBackend({"label": "contradicts", "confidence": 0.9,
                           "explanation": "Lin Jian denies what the Post reports."})
    verdict = LLMContradictionJudge(backend).judge(pair(DENIAL, ASSERTION, 0.45))
    assert verdict.label == "contradicts" and verdict.judge == "llm:fake-llm"
    schema = backend.schemas[0]
    assert schema["properties"]["label"]["enum"] == ["contradicts", "agrees", "unrelated"]
    assert all("maxLength" in p for p in schema["properties"].values() if p["type"] == "string" and "enum" not in p)
    combined = ConflictJudge(model=LLMContradictionJudge(backend)).judge_many([pair(DENIAL, ASSERTION, 0.45)])[0]
    assert combined.judge == "signals+llm:fake-llm" and combined.explanation.startswith("Lin Jian denies")

    nli = NLIContradictionJudge(FakeScorer({(DENIAL, ASSERTION): 0.9, (ASSERTION, DENIAL): 0.9}))
    broken = ConflictJudge(model=LLMContradictionJudge(FakeBackend(ConnectionError("down"))), fallback=nli)
    assert broken.judge_many([pair(DENIAL, ASSERTION, 0.45)])[0].judge.startswith("signals+nli")
    with pytest.raises(ValueError):
        unknown = FakeBackend({"label": "maybe", "confidence": 1, "explanation": ""})
        LLMContradictionJudge(unknown).judge(pair(DENIAL, ASSERTION, 0.5))


def test_cached_scorer_remembers_across_instances(tmp_path: Path) -> None:
    inner = FakeScorer({("a", "b"): 0.7})
    first = CachedScorer(inner, tmp_path / "cache.sqlite3")
    assert first.contradiction([("a", "b")])[0] == pytest.approx(0.7)
    again = CachedScorer(FakeScorer({}), tmp_path / "cache.sqlite3")
    assert again.contradiction([("a", "b")])[0] == pytest.approx(0.7)


def test_packaged_nli_is_pinned_and_checksummed(tmp_path: Path) -> None:
    folder = packaged_dir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["version"] == PACKAGED_NLI_VERSION
    verify_manifest(folder, ["policy_nli_tokenizer/tokenizer.json"])
    # A tampered copy is refused.
    copy = tmp_path / "pkg"
    (copy / "policy_nli_tokenizer").mkdir(parents=True)
    (copy / "manifest.json").write_text(json.dumps(manifest))
    (copy / "policy_nli_tokenizer" / "tokenizer.json").write_text("{}")
    with pytest.raises(NLIUnavailable):
        verify_manifest(copy, ["policy_nli_tokenizer/tokenizer.json"])


def test_packaged_nli_scores_a_clear_contradiction_high_and_a_restatement_low() -> None:
    scorer = load_scorer()
    scores = scorer.contradiction([
        (DENIAL, ASSERTION),
        ("It has imported more than $100 million in drones from China this year alone, the report said.",
         "Overall, Russia has imported more than $100 million worth of drones from China since the start of "
         "this year"),
    ])
    assert scores[0] > 0.9 and scores[1] < 0.5


def test_packaged_nli_scores_a_pair_the_same_in_any_company() -> None:
    # The int8 model picks its activation ranges per batch unless they are frozen (nli_freeze).
    scorer = load_scorer()
    neighbours = [("Rifles were delivered in June.", "No rifles were delivered in May, officials said."),
                  ("It rained in Paris on Monday.", "The stock market closed higher.")]
    alone = scorer.contradiction([(DENIAL, ASSERTION)])[0]
    in_company = scorer.contradiction([neighbours[0], (DENIAL, ASSERTION), neighbours[1]], batch_size=3)[1]
    assert alone == in_company


def test_freezing_leaves_a_model_without_dynamic_quantization_alone(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "plain",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    plain = tmp_path / "plain.onnx"
    onnx.save(helper.make_model(graph), str(plain))
    assert frozen_model(plain, lambda pairs: {}, tmp_path / "frozen") == plain
    assert not (tmp_path / "frozen").exists()


def test_an_unwritable_models_folder_falls_back_to_the_dynamic_model(tmp_path: Path) -> None:
    from rag.conflicts.nli import PACKAGED_NLI, OnnxNLI, packaged_dir

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    folder = packaged_dir()
    scorer = OnnxNLI(PACKAGED_NLI, folder / "policy_nli_int8.onnx", folder / "policy_nli_tokenizer" / "tokenizer.json",
                     {0: "other", 1: "contradiction"}, 160, 2, blocked / "models")
    assert scorer.contradiction([(DENIAL, ASSERTION)])[0] > 0.5
