"""The metrics must be able to fail: perturbed answers score clearly lower than grounded ones."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from eval.claims import atomic_claims, is_refusal, split_sentences
from eval.dataset import ExpectedContradiction, LabelledPair, SourceQuote
from eval.judges import LLMGrader, StrictLexicalJudge
from eval.metrics.answer import mention_recall
from eval.metrics.citations import check_validity, score_citations
from eval.metrics.contradictions import documents_recalled, question_recalled, score_pairs
from eval.metrics.faithfulness import score_faithfulness
from eval.metrics.judge_agreement import judge_agreement
from eval.metrics.latency import percentile
from eval.metrics.refusal import refused
from eval.metrics.retrieval import score_retrieval
from eval.responses import EvalClaim, EvalContradiction, EvalResponse
from rag.conflicts.nli import NLIUnavailable
from rag.judging import LLMSupportJudge, NLISupportJudge, SupportVerdict
from tests.eval.helpers import PASSAGES, citation, grounded_answers, response
from tests.eval.perturb import PERTURBATIONS, add_invented, negate

JUDGE = StrictLexicalJudge()


def _mean(values: Sequence[float | None]) -> float:
    present = [v for v in values if v is not None]
    assert present, "metric undefined on every response"
    return sum(present) / len(present)


def faithfulness(responses: Sequence[EvalResponse], judge: Any = JUDGE) -> float:
    return _mean([score_faithfulness(r, judge).score for r in responses])


def precision(responses: Sequence[EvalResponse], judge: Any = JUDGE) -> float:
    return _mean([score_citations(r, judge).precision for r in responses])


# ---------------------------------------------------------------------------
# Grounded answers score high, perturbed ones clearly lower
# ---------------------------------------------------------------------------


def test_grounded_answers_score_high() -> None:
    answers = grounded_answers()
    assert faithfulness(answers) >= 0.9
    assert precision(answers) >= 0.9
    assert _mean([score_citations(r, JUDGE).recall for r in answers]) >= 0.9


@pytest.mark.parametrize("name", sorted(PERTURBATIONS))
def test_perturbations_lower_faithfulness_and_citation_precision(name: str) -> None:
    grounded = grounded_answers()
    perturbed = [PERTURBATIONS[name](r) for r in grounded]
    assert all(p.answer != g.answer for p, g in zip(perturbed, grounded, strict=True))
    assert faithfulness(grounded) - faithfulness(perturbed) >= 0.25, name
    assert precision(grounded) - precision(perturbed) >= 0.25, name


def test_wrong_citation_is_caught_by_faithfulness_but_not_by_any_context() -> None:
    moved = PERTURBATIONS["citation_moved"](grounded_answers()[0])
    result = score_faithfulness(moved, JUDGE)
    assert result.score == 0.0
    assert result.any_context == 1.0  # the claims are true, just cited from the wrong passage


def test_negation_is_caught_even_when_the_cited_text_has_another_negation() -> None:
    # The premise contains "not" elsewhere; a whole-premise polarity check would let this through.
    answer = response("The Zephyr plant in Tallinn did not produce 4,200 turbines in 2021. [1]", [1])
    answer.citations[0] = citation(1, PASSAGES[1][1] + " " + PASSAGES[2][1])
    assert score_faithfulness(answer, JUDGE).score == 0.0


def test_changed_year_is_caught() -> None:
    answer = response("The Zephyr plant in Tallinn produced 4,200 turbines in 2019. [1]", [1])
    verdict = score_faithfulness(answer, JUDGE).claims[0]
    assert not verdict.supported and "2019" in verdict.reason


def test_claim_without_citation_is_unsupported_and_refusals_are_not_claims() -> None:
    answer = response("Mayor Anna Kask said the plant would not close before 2030.", [])
    assert score_faithfulness(answer, JUDGE).score == 0.0
    refusal = response(
        "The documents do not say. None of the indexed passages answers this question.", [], answerable=False
    )
    assert score_faithfulness(refusal, JUDGE).score is None
    assert score_citations(refusal, JUDGE).precision is None


def test_marker_without_matching_citation_is_unsupported() -> None:
    answer = response("Mayor Anna Kask said the plant would not close before 2030. [7]", [2])
    claim = score_faithfulness(answer, JUDGE).claims[0]
    assert not claim.supported and "[7]" in claim.reason


def test_invented_sentences_count_per_claim() -> None:
    grounded = grounded_answers()[0]
    assert score_faithfulness(add_invented(grounded), JUDGE).score == pytest.approx(2 / 3)


def test_alce_precision_flags_a_superfluous_citation() -> None:
    answer = response("Mayor Anna Kask said the plant would not close before 2030. [2][3]", [2, 3])
    quality = score_citations(answer, JUDGE)
    assert quality.recall == 1.0
    assert quality.precision == 0.5
    assert quality.sentences[0].imprecise == (3,)


def test_alce_precision_keeps_citations_that_are_needed_together() -> None:
    answer = response(
        "The Zephyr plant produced 4,200 turbines in 2021, and Mayor Anna Kask said the plant would "
        "not close before 2030. [1][2]",
        [1, 2],
    )
    quality = score_citations(answer, JUDGE)
    assert quality.recall == 1.0 and quality.precision == 1.0


def test_quoted_attribution_is_checked_by_its_quotation_and_speaker() -> None:
    quoted = (
        "The sources disagree on this: mayor.txt says “Mayor Anna Kask said the plant would not close "
        "before 2030”, while critics.txt says “Critics argue that the subsidies were wasted”. [2][3]"
    )
    assert score_faithfulness(response(quoted, [2, 3]), JUDGE).score == 1.0
    wrong_speaker = quoted.replace("critics.txt says", "Senator Mart Laar says")
    result = score_faithfulness(response(wrong_speaker, [2, 3]), JUDGE)
    assert result.score == 0.5 and "Mart Laar" in result.claims[1].reason.replace("mart laar", "Mart Laar")
    negated = quoted.replace("critics.txt says", "critics.txt never says")
    assert score_faithfulness(response(negated, [2, 3]), JUDGE).score == 0.5


def test_a_quoted_headline_names_its_source_and_is_not_checked_as_a_quotation() -> None:
    statement = ("The sources disagree on this: the article “Plant To Close By…” says “Mayor Anna Kask said the "
                 "plant would not close before 2030”, while critics.txt says “Critics argue that the subsidies "
                 "were wasted”. [2][3]")
    titled = response(statement, [2, 3])
    titled.citations[0].title = "Plant To Close By 2030, Mayor Says"
    assert score_faithfulness(titled, JUDGE).score == 1.0
    # The same quotation naming no cited source is a quotation the cited text does not contain.
    untitled = response(statement, [2, 3])
    assert score_faithfulness(untitled, JUDGE).score == 0.5


# ---------------------------------------------------------------------------
# Parsing answers
# ---------------------------------------------------------------------------


def test_sentences_take_markers_after_or_before_the_full_stop() -> None:
    sentences = split_sentences("First claim here. [1] Second claim [2]. The U.S. Army said so [1, 3]. Tail")
    assert [(s.text, s.citations) for s in sentences] == [
        ("First claim here.", (1,)),
        ("Second claim.", (2,)),
        ("The U.S. Army said so.", (1, 3)),
        ("Tail", ()),
    ]


def test_lower_case_sentence_after_markers_is_its_own_sentence() -> None:
    sentences = split_sentences("It risks being complicit. [4] while pushing false claims about it. [5]")
    assert [s.citations for s in sentences] == [(4,), (5,)]


def test_no_split_inside_a_quotation() -> None:
    sentences = split_sentences("He said “It is over. We go home.” and left. [1]")
    assert len(sentences) == 1


def test_atomic_claims_split_coordinated_clauses_only_when_safe() -> None:
    sentence = split_sentences("The plant produced many turbines; the union reported higher wages. [1]")[0]
    assert [c.text for c in atomic_claims(sentence)] == [
        "The plant produced many turbines",
        "the union reported higher wages.",
    ]
    kept = split_sentences("The plant makes turbines, blades and towers. [1]")[0]
    assert len(atomic_claims(kept)) == 1
    clause = split_sentences("Officials said the plant was safe, but the union reported serious leaks. [1]")[0]
    assert [c.citations for c in atomic_claims(clause)] == [(1,), (1,)]


@pytest.mark.parametrize(
    "text",
    [
        "The documents do not say.",
        "None of the indexed passages answers this question.",
        "The sources don’t mention who shipped them.",
        "I don't know.",
    ],
)
def test_refusal_phrases(text: str) -> None:
    assert is_refusal(text)


def test_refused_uses_answerable_flag_or_text() -> None:
    assert refused(response("Anything.", [], answerable=False))
    assert refused(response("The documents do not say who paid.", []))
    assert not refused(grounded_answers()[0])


# ---------------------------------------------------------------------------
# Answer, retrieval, validity, contradictions, latency
# ---------------------------------------------------------------------------


def test_a_figure_is_mentioned_only_whole_and_never_by_a_citation_marker() -> None:
    assert mention_recall("Two hospitals were hit. [4]", [["four", "4"]]).score == 0.0
    assert mention_recall("At least 150 died and 1,400 were hurt.", [["15"], ["400"]]).score == 0.0
    assert mention_recall("Victims came from 15 countries (1,400 km away).", [["15"], ["1,400"]]).score == 1.0
    assert mention_recall("The toll declined.", [["declin"]]).score == 1.0


def test_mention_recall_counts_groups_with_any_alternative() -> None:
    answer = "Lin  Jian said China’s exports TRIPLED."
    result = mention_recall(answer, [["Lin Jian"], ["tripled", "three times"], ["China's"], ["Mao Ning"]])
    assert result.score == 0.75
    assert result.missing == (("Mao Ning",),)
    assert mention_recall(answer, []).score is None


def test_retrieval_recall_and_mrr() -> None:
    gold = [
        SourceQuote("mayor.txt", "said the plant would not close before 2030"),
        SourceQuote("union.txt", "wages rose by 12 percent"),
    ]
    result = score_retrieval(gold, response("x", [], retrieved=[3, 2, 1]))
    assert result.recall == 0.5 and result.reciprocal_rank == 0.5 and result.basis == "passages"
    assert score_retrieval(gold, response("x", [], retrieved=[4, 2])).reciprocal_rank == 1.0
    assert (
        score_retrieval([SourceQuote("other.txt", "wages rose by 12 percent")], response("x", [], retrieved=[4])).recall
        == 0.0
    )


def test_retrieval_counts_a_quote_split_across_two_chunks() -> None:
    text = PASSAGES[1][1]
    first, second = citation(1, text[:35]), citation(1, text[25:])
    answer = EvalResponse(answer="x", passages=[first, second])
    assert score_retrieval([SourceQuote("plant.txt", text)], answer).recall == 1.0
    assert score_retrieval([SourceQuote("plant.txt", text)], answer, k=1).recall == 0.0


class FakeTexts:
    basis = "test texts"

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    def text_for(self, doc_id: str, source: str) -> str | None:
        return self.texts.get(doc_id)


def test_citation_validity_compares_quote_with_text_at_offsets() -> None:
    good = citation(1)
    shifted = good.model_copy(update={"id": 2, "start": 1, "end": good.end + 1})
    unknown = good.model_copy(update={"id": 3, "doc_id": "missing"})
    checks = check_validity([good, shifted, unknown], FakeTexts({good.doc_id: good.quote + " More."}))
    assert [c.valid for c in checks] == [True, False, None]


def _claim(source: str, quote: str) -> EvalClaim:
    return EvalClaim(source=source, quote=quote, start=0, end=len(quote))


def test_question_recall_needs_both_expected_sides() -> None:
    expected = ExpectedContradiction(("a.txt", "b.txt"), "who supplied")
    both = EvalResponse(
        answer="x", contradictions=[EvalContradiction(claims=[_claim("a.txt", "yes"), _claim("b.txt", "no")])]
    )
    one = EvalResponse(
        answer="x", contradictions=[EvalContradiction(claims=[_claim("a.txt", "yes"), _claim("c.txt", "no")])]
    )
    assert question_recalled(both, expected)[0]
    assert not question_recalled(one, expected)[0]
    single = ExpectedContradiction(("a.txt",), "within one article")
    two_in_a = EvalResponse(
        answer="x",
        contradictions=[
            EvalContradiction(
                claims=[
                    EvalClaim(source="a.txt", quote="yes", start=0, end=3),
                    EvalClaim(source="a.txt", quote="no", start=9, end=11),
                ]
            )
        ],
    )
    assert question_recalled(two_in_a, single)[0]
    assert not question_recalled(both, single)[0]


def test_question_recall_with_labelled_sides_needs_both_quotes() -> None:
    accusation = SourceQuote("a.txt", "China supplies weapons to Russia")
    denial = SourceQuote("b.txt", "China has never provided lethal weapons")
    expected = ExpectedContradiction(("a.txt", "b.txt"), "weapons", sides=((accusation, denial),))
    quoting_both = EvalResponse(answer="x", contradictions=[EvalContradiction(claims=[
        _claim("b.txt", "China has never provided lethal weapons."),
        _claim("a.txt", "China supplies weapons to Russia")])])
    right_sources_other_claims = EvalResponse(answer="x", contradictions=[EvalContradiction(claims=[
        _claim("a.txt", "Trade grew by a third"), _claim("b.txt", "Exports fell last year")])])
    one_quote_twice = EvalResponse(answer="x", contradictions=[EvalContradiction(claims=[
        _claim("a.txt", "China supplies weapons to Russia"), _claim("a.txt", "China supplies weapons to Russia")])])
    assert question_recalled(quoting_both, expected)[0]
    assert not question_recalled(right_sources_other_claims, expected)[0]
    assert not question_recalled(one_quote_twice, expected)[0]
    # A sentence that merely says the sources disagree is not enough once the quotes are labelled.
    assert not question_recalled(EvalResponse(answer="The sources disagree."), expected)[0]


def test_document_level_recall_counts_the_right_reports_with_other_sentences() -> None:
    accusation = SourceQuote("a.txt", "China supplies weapons to Russia")
    denial = SourceQuote("b.txt", "China has never provided lethal weapons")
    inside_a = (SourceQuote("a.txt", "Officials saw no evidence"), accusation)
    expected = ExpectedContradiction(("a.txt", "b.txt"), "weapons", sides=((accusation, denial), inside_a))
    other_sentences = EvalResponse(answer="x", contradictions=[EvalContradiction(claims=[
        _claim("a.txt", "Trade grew by a third"), _claim("b.txt", "Exports fell last year")])])
    wrong_reports = EvalResponse(answer="x", contradictions=[EvalContradiction(claims=[
        _claim("b.txt", "Trade grew by a third"), _claim("c.txt", "Exports fell last year")])])
    two_claims_in_a = EvalResponse(answer="x", contradictions=[EvalContradiction(claims=[
        EvalClaim(source="a.txt", quote="yes", start=0, end=3),
        EvalClaim(source="a.txt", quote="no", start=9, end=11)])])
    assert documents_recalled(other_sentences, expected) is True
    assert documents_recalled(two_claims_in_a, expected) is True   # the pair inside a.txt
    assert documents_recalled(wrong_reports, expected) is False
    assert documents_recalled(EvalResponse(answer="x"), expected) is False
    assert documents_recalled(other_sentences, ExpectedContradiction(("a.txt", "b.txt"), "weapons")) is None


def test_claims_on_one_side_of_a_grouped_contradiction_do_not_make_a_disagreement() -> None:
    accusation = SourceQuote("a.txt", "China supplies weapons to Russia")
    denial = SourceQuote("b.txt", "China has never provided lethal weapons")
    expected = ExpectedContradiction(("a.txt", "b.txt"), "weapons", sides=((accusation, denial),))

    def grouped(accusation_side: int, denial_side: int) -> EvalResponse:
        claims = [
            _claim("c.txt", "Exports fell last year").model_copy(update={"side": 0}),
            _claim("c.txt", "Trade grew by a third").model_copy(update={"side": 1}),
            _claim("a.txt", accusation.quote).model_copy(update={"side": accusation_side}),
            _claim("b.txt", denial.quote).model_copy(update={"side": denial_side}),
        ]
        return EvalResponse(answer="x", contradictions=[EvalContradiction(claims=claims)])

    assert question_recalled(grouped(0, 1), expected)[0]
    assert documents_recalled(grouped(1, 0), expected) is True
    # Both voices stand on one side: the response did not report them as disagreeing.
    assert not question_recalled(grouped(1, 1), expected)[0]
    assert documents_recalled(grouped(0, 0), expected) is False


def test_question_recall_accepts_a_disagreeing_sentence_citing_both_sides() -> None:
    prose = response("The union reported rising wages, however critics disagree. [3][4]", [3, 4])
    assert question_recalled(prose, ExpectedContradiction(("critics.txt", "union.txt"), "wages"))[0]
    plain = response("The union reported rising wages and critics wrote about it. [3][4]", [3, 4])
    assert not question_recalled(plain, ExpectedContradiction(("critics.txt", "union.txt"), "wages"))[0]


def test_pair_precision_recall_f1() -> None:
    pairs = [
        LabelledPair(
            "c1",
            "contradiction",
            SourceQuote("a.txt", "China supplied drones to Russia last spring"),
            SourceQuote("b.txt", "China has never provided weapons to any party"),
        ),
        LabelledPair(
            "c2",
            "contradiction",
            SourceQuote("a.txt", "exports tripled in the fiscal year"),
            SourceQuote("a.txt", "exports fell sharply in the fiscal year"),
        ),
        LabelledPair(
            "s1",
            "consistent",
            SourceQuote("a.txt", "China supplied drones to Russia last spring"),
            SourceQuote("c.txt", "drones reached Russia from Chinese factories"),
        ),
    ]
    reported = [
        # overlapping, not identical, quotes still recover c1 (claims in either order)
        EvalContradiction(
            claims=[
                _claim("b.txt", "Officials said China has never provided weapons to any party."),
                _claim("a.txt", "China supplied drones to Russia"),
            ]
        ),
        EvalContradiction(
            claims=[
                _claim("a.txt", "China supplied drones to Russia last spring"),
                _claim("c.txt", "drones reached Russia from Chinese factories"),
            ]
        ),
        EvalContradiction(claims=[_claim("d.txt", "unrelated one"), _claim("e.txt", "unrelated two")]),
    ]
    scores = score_pairs(pairs, reported)
    assert (scores.tp, scores.fp, scores.fn, scores.unlabelled) == (1, 1, 1, 1)
    assert scores.precision == 0.5 and scores.recall == 0.5 and scores.f1 == 0.5
    assert score_pairs(pairs, []).recall == 0.0


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0 and percentile(values, 95) == 95.0
    assert percentile([], 50) is None


# ---------------------------------------------------------------------------
# Judges
# ---------------------------------------------------------------------------


class ScriptedJudge:
    name = "scripted"
    description = "labels from a table"

    def __init__(self, labels: dict[tuple[str, str], str]) -> None:
        self.labels = labels

    def judge(self, claim: str, premise: str) -> SupportVerdict:
        label = self.labels.get((claim, premise), "unverified")
        return SupportVerdict(label == "supported", 1.0, label, label)  # type: ignore[arg-type]


def test_judge_agreement_rewards_detected_contradictions_and_untouched_consistent_pairs() -> None:
    a, b, c = SourceQuote("x", "A"), SourceQuote("y", "B"), SourceQuote("z", "C")
    pairs = [
        LabelledPair("c1", "contradiction", a, b),
        LabelledPair("c2", "contradiction", a, c),
        LabelledPair("s1", "consistent", b, c),
    ]
    judge = ScriptedJudge({("B", "A"): "contradicted", ("C", "A"): "supported", ("C", "B"): "contradicted"})
    agreement = judge_agreement(judge, pairs)
    assert [d.agrees for d in agreement.details] == [True, False, False]
    assert agreement.false_support == 1
    assert agreement.contradiction_agreement == 0.5 and agreement.consistent_agreement == 0.0


def test_lexical_judge_never_supports_a_labelled_contradiction() -> None:
    from eval.dataset import load_pairs

    pairs = load_pairs(Path(__file__).resolve().parents[2] / "eval" / "datasets" / "demo_pairs.jsonl")
    assert judge_agreement(JUDGE, pairs).false_support == 0


class FakeBackend:
    """A ChatBackend that answers from the passages by substring match: it tests the metrics' arithmetic
    around the judge, not the model (tests/scale/test_llm_judge_real.py runs the judge on a real one)."""

    name = "fake"

    def __init__(self, fail: bool = False) -> None:
        self.schemas: list[dict[str, Any]] = []
        self.fail = fail

    def stream(self, messages: Any, max_tokens: int = 256) -> Any:
        raise NotImplementedError

    def complete_json(self, messages: Any, schema: dict[str, Any]) -> dict[str, Any]:
        self.schemas.append(schema)
        if self.fail:
            raise RuntimeError("endpoint down")
        user = messages[-1].content
        if "Reference answer" in user:
            return {"verdict": "correct", "reason": "same facts"}
        passages, claim = user.split("\n\nClaim: ")
        claim_core = claim.rstrip(".").lower()
        if claim_core in passages.lower():
            return {"verdict": "supported", "reason": "stated"}
        return {"verdict": "contradicted" if " not " in claim_core else "not_enough_info", "reason": "absent"}


def test_llm_judge_verdicts_drive_faithfulness_down_on_perturbations() -> None:
    backend = FakeBackend()
    judge = LLMSupportJudge(backend)
    grounded = grounded_answers()[:1]
    base = faithfulness(grounded, judge)
    assert base >= 0.9
    for name in ("negated", "invented", "citation_moved"):
        perturbed = [PERTURBATIONS[name](r) for r in grounded]
        assert base - faithfulness(perturbed, judge) >= 0.25, name
        assert precision(grounded, judge) - precision(perturbed, judge) >= 0.25, name
    assert judge.judge("x", "y").label == "unverified"


def test_llm_judge_and_grader_failures_are_reported_not_raised() -> None:
    verdict = LLMSupportJudge(FakeBackend(fail=True)).judge("claim", "premise")
    assert not verdict.supported and "endpoint down" in verdict.reason
    score, reason = LLMGrader(FakeBackend(fail=True)).grade("q", "a", "r")
    assert score is None and "endpoint down" in reason
    assert LLMGrader(FakeBackend()).grade("q", "a", "r")[0] == 1.0


def test_nli_judge_without_model_says_how_to_configure_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="--nli-model"):
        NLISupportJudge(tmp_path / "missing")


def test_nli_judge_refuses_a_model_that_cannot_tell_entailment(tmp_path: Path) -> None:
    """A contradiction-only model (like the packaged one) has no entailment label: support needs one."""
    (tmp_path / "config.json").write_text(json.dumps({"id2label": {"0": "not_contradiction", "1": "contradiction"}}))
    with pytest.raises(NLIUnavailable, match="entailment"):
        NLISupportJudge(tmp_path)


def test_lexical_labels_negations_as_contradicted() -> None:
    verdict = JUDGE.judge("Mayor Anna Kask said the plant would close before 2030.", PASSAGES[2][1])
    assert not verdict.supported and verdict.label == "contradicted"
    unrelated = JUDGE.judge("Bananas are yellow and sweet when ripe.", PASSAGES[2][1])
    assert unrelated.label == "unverified"


def test_negation_perturbation_really_negates() -> None:
    assert "not" in negate(grounded_answers()[1]).answer
