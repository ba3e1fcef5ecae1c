"""Measured quality on labelled data: the map against demo_pairs.jsonl (and a second set), answers
against the conflict questions of demo.jsonl and demo_conflicts_second.jsonl.

Scored by the eval harness's own metrics. The floors sit a little under what was measured, so a
regression fails here. The map is deterministic (fixed NLI activation ranges, every pair
compared in a small collection), so these do not drift with the order of ingestion or the
state of the NLI cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.dataset import LabelledPair, PairLabel, Question, SourceQuote, load_pairs, load_questions
from eval.metrics.contradictions import documents_recalled, question_recalled, score_pairs
from eval.responses import EvalContradiction, parse_response
from index.loaders import load_text
from rag.conflicts.report import to_dispute
from rag.engine import Engine
from rag.schemas import AskRequest, AskResponse

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / "eval" / "datasets"
DEMO = REPO / "corpus" / "demo"

# Labelled after the dev pairs had been used for tuning, as a check on over-fitting:
# conflicts (h) between speakers or reports, and look-alikes (l) that agree or count different things.
KORYBKO, TIMES, ZELENSKYY, TELEGRAPH, POLITICO = (
    "000_83144d348378fdad.txt", "001_3033fa34d47c0150.txt", "002_86393d9dbeceabfc.txt",
    "003_dce95be80ec8594e.txt", "004_9721aee89642c7ce.txt",
)


def _pair(pair_id: str, a: tuple[str, str], b: tuple[str, str]) -> LabelledPair:
    label: PairLabel = "contradiction" if pair_id.startswith("h") else "consistent"
    return LabelledPair(pair_id, label, SourceQuote(*a), SourceQuote(*b))


SECOND_SET = [
    _pair("h1", (TIMES, "A spokesperson for the Chinese embassy in the UK stated that they were unaware of the "
                        "details mentioned."),
          (TIMES, "It seems that it's believed that Beijing was part of the supply chain")),
    _pair("h2", (POLITICO, "China is officially neutral"),
          (POLITICO, "China has sent Russia enough military equipment to outfit an army")),
    _pair("h3", (ZELENSKYY, "which Beijing has repeatedly stated is not the case"),
          (ZELENSKYY, "Chinese side to take measures to stop supporting Russia in its aggression against Ukraine")),
    _pair("h4", (TELEGRAPH, "official claim of neutrality in the war"),
          (TELEGRAPH, "China is reportedly supplying Russia with helicopters, drones and other military resources")),
    _pair("h5", (KORYBKO, "the Chinese state itself obviously knew that it wasn't arming either of the direct "
                          "participants"),
          (POLITICO, "China has sent Russia enough military equipment to outfit an army")),
    _pair("h6", (ZELENSKYY, "China has strongly denied involvement in Russia’s war on Ukraine."),
          (TIMES, "China has become a key facilitator of Russia's war in Ukraine")),
    _pair("h7", (POLITICO, "The US said it had not seen any evidence that China had given Russia weapons"),
          (TELEGRAPH, "China is reportedly supplying Russia with helicopters, drones and other military resources")),
    _pair("h8", (ZELENSKYY, "Russia may have obtained drone technology from China without Beijing’s knowledge"),
          (TIMES, "Beijing was part of the supply chain or at least was aware of it")),
    _pair("l1", (ZELENSKYY, "China has strongly denied involvement in Russia’s war on Ukraine."),
          (POLITICO, "China has repeatedly denied sending military equipment to Russia")),
    _pair("l2", (POLITICO, "It has imported more than $100 million in drones from China this year alone"),
          (POLITICO, "$225 million in ceramics")),
    _pair("l3", (TIMES, "Insiders claim that Chinese businesses have covertly provided weapons to Russia."),
          (TIMES, "irrefutable evidence that Chinese companies are providing Russia with lethal weapons")),
    _pair("l4", (ZELENSKYY, "The Chinese side has never provided lethal weapons to any party in the conflict"),
          (POLITICO, "The US said it had not seen any evidence that China had given Russia weapons or lethal aid.")),
    _pair("l5", (TELEGRAPH, "Such optical sights were sent to more than 50 Russian companies for about $2.5 million"),
          (POLITICO, "Chinese manufacturers have also sent thermal-optical sights that can target soldiers at night")),
    _pair("l6", (TIMES, 'NATO declared that these two reports were "seriously concerning"'),
          (TIMES, "China has become a key facilitator of Russia's war in Ukraine")),
    _pair("l7", (TELEGRAPH, "China has also been exporting goods that have civilian uses to Russia."),
          (POLITICO, "The gear is considered nonlethal and seen as dual use")),
]


def test_map_recovers_labelled_conflicts_and_spares_look_alikes(demo_engine: Engine) -> None:
    """Scored on disputes, as GET /contradictions reports them: a labelled pair is recovered when its
    two quotes are voices on opposite sides of one dispute."""
    contradiction_map = demo_engine.contradiction_map
    assert contradiction_map is not None
    reported = [EvalContradiction.model_validate(to_dispute(d).model_dump())
                for d in contradiction_map.disputes(demo_engine.settings.collection)]
    dev = score_pairs(load_pairs(DATASETS / "demo_pairs.jsonl"), reported)
    second = score_pairs(SECOND_SET, reported)
    print(f"\ncontradiction map, disputes={len(reported)}\n  dev pairs: {dev}\n  second set: {second}")
    # Measured: dev 9/20, no look-alike; second set 2/8, no look-alike. The misses are pairs whose
    # actors differ (Chinese companies against the Chinese state), nominal events ("involvement",
    # "neutrality") and anaphors ("that allegation"): see docs/contradictions.md.
    assert dev.recall >= 0.4 and dev.fp == 0, dev
    assert second.recall >= 0.25 and second.fp == 0, second


def test_map_does_not_depend_on_the_order_documents_arrive_in(demo_engine: Engine, fresh_engine: Engine) -> None:
    def spans(engine: Engine) -> set[frozenset[tuple[str, int, int]]]:
        found = engine.contradiction_map.conflicts(engine.settings.collection)  # type: ignore[union-attr]
        return {frozenset({(c.a.source, c.a.start, c.a.end), (c.b.source, c.b.start, c.b.end)}) for c in found}

    for path in sorted(DEMO.glob("*.txt"), reverse=True):
        fresh_engine.ingestor.ingest(load_text(path.name, path.read_text(encoding="utf-8")))
    assert spans(fresh_engine) == spans(demo_engine)


# Measured with stance-based answers and the fitted sentence ranker (2026-12-05): demo 5/18 quoted,
# 8/18 by documents; second set 0/8 and 0/8 (1/8 by documents before the ranker). The floors sit a
# little under, and the two sets together must keep a labelled pair's documents in 7 answers.
DEMO_QUOTED_FLOOR, DEMO_DOCUMENTS_FLOOR, ALL_DOCUMENTS_FLOOR = 4, 7, 7


def test_second_set_quotes_are_verbatim() -> None:
    for pair in SECOND_SET:
        for quote in (pair.a, pair.b):
            assert quote.quote in (DEMO / quote.source).read_text(encoding="utf-8"), (pair.id, quote.quote)


@pytest.fixture(scope="module")
def conflict_answers(demo_engine: Engine) -> list[tuple[Question, AskResponse]]:
    """Answers to the conflict questions of demo.jsonl, then to the second set (about the second set of
    labelled pairs)."""
    dev = [q for q in load_questions(DATASETS / "demo.jsonl") if q.type == "contradiction"]
    second = load_questions(DATASETS / "demo_conflicts_second.jsonl")
    return [(q, demo_engine.pipeline.run(AskRequest(question=q.question))) for q in dev + second]


def _recall(answers: list[tuple[Question, AskResponse]]) -> tuple[int, int]:
    quoted = by_documents = 0
    for question, response in answers:
        expected = question.expected_contradiction
        assert expected is not None and expected.sides, question.id
        scored = parse_response(response.model_dump())
        quoted += question_recalled(scored, expected)[0]
        by_documents += bool(documents_recalled(scored, expected))
    return quoted, by_documents


def test_answers_to_conflict_questions_report_the_disagreement(
    conflict_answers: list[tuple[Question, AskResponse]],
) -> None:
    """Answers take sides by stance toward the question, so this is a floor under what was measured,
    not a target: the issue's 75% (a labelled pair quoted on opposite sides) is not met."""
    dev = [(q, r) for q, r in conflict_answers if not q.id.startswith("second-")]
    second = [(q, r) for q, r in conflict_answers if q.id.startswith("second-")]
    (dev_quoted, dev_documents), (second_quoted, second_documents) = _recall(dev), _recall(second)
    print(f"\nconflict questions, a labelled pair quoted on opposite sides / its two documents: demo "
          f"{dev_quoted}/{len(dev)}, {dev_documents}/{len(dev)}; second set {second_quoted}/{len(second)}, "
          f"{second_documents}/{len(second)}")
    assert dev_quoted >= DEMO_QUOTED_FLOOR and dev_documents >= DEMO_DOCUMENTS_FLOOR
    assert dev_documents + second_documents >= ALL_DOCUMENTS_FLOOR


def test_a_reported_disagreement_is_one_proposition_with_sides_by_stance(
    conflict_answers: list[tuple[Question, AskResponse]], demo_engine: Engine,
) -> None:
    for question, response in conflict_answers:
        assert len(response.contradictions) <= 1, question.id
        for item in response.contradictions:
            assert response.answer.startswith("The sources disagree on "), question.id
            affirm, oppose = item.by_side()
            assert affirm and oppose and item.proposition
            assert {c.stance for c in affirm} == {"affirms"}
            assert {c.stance for c in oppose} <= {"denies", "no_evidence"}
            numbers = {c.id for c in response.citations}
            for claim in item.claims:
                assert claim.citation in numbers
                text = demo_engine.doctable.get("default", claim.doc_id).text  # type: ignore[union-attr]
                assert text[claim.start : claim.end] == claim.quote


def test_voices_per_side_and_disagreements_are_settings(demo_engine: Engine) -> None:
    question = AskRequest(question="Did China give Russia lethal weapons?")
    assert demo_engine.pipeline.run(question).contradictions, "the default reports this disagreement"
    one_voice = Engine.from_settings(demo_engine.settings.model_copy(update={"answer_conflict_voices": 1}),
                                     embedder=demo_engine.embedder)
    (item,) = one_voice.pipeline.run(question).contradictions
    assert [c.side for c in item.claims] == [0, 1]
    silent = Engine.from_settings(demo_engine.settings.model_copy(update={"answer_conflicts": 0}),
                                  embedder=demo_engine.embedder)
    response = silent.pipeline.run(question)
    assert response.contradictions == [] and "The sources disagree" not in response.answer
