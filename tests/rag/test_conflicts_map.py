"""The contradiction map follows ingestion (adds, deletes, restarts, crashes, a second reader, the CLI),
and on the demo corpus it reports disputes, not noise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import load_pairs
from eval.metrics.contradictions import recovers, score_pairs
from eval.targets import parse_contradictions
from index.loaders import load_text
from rag.conflicts.cli import show_contradictions
from rag.conflicts.report import to_dispute
from rag.conflicts.service import open_map
from rag.engine import Engine

REPO = Path(__file__).resolve().parents[2]
DENIAL = ("Officials in Valmora said on Monday that Karvia has never supplied combat drones to the northern "
          "militia, and called the reports baseless.")
REPORT = ("Customs records show that Karvia supplied hundreds of combat drones to the northern militia this "
          "spring, the Ledger reported.")
SECOND_REPORT = "Radio Meridian said that Karvia was supplying combat drones to the militia."
UNRELATED = "The harbour of Brindisi reopened on Tuesday after a week of storms closed it to ferries."
QUESTION = "Is Karvia supplying combat drones to the northern militia?"
BLAME = "The Ministry of Health in Valmora said Karvia was responsible for the explosion at the Brindisi depot."
INTEL_DENIAL = ("“We judge that Karvia was not responsible for the explosion at the Brindisi depot,” said the "
                "unclassified intelligence report.")


def ingest(engine: Engine, source: str, text: str) -> str:
    return engine.ingestor.ingest(load_text(source, text)).doc_id


def test_map_follows_adds_and_deletes(fresh_engine: Engine) -> None:
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    denial = ingest(fresh_engine, "valmora.txt", DENIAL)
    harbour = ingest(fresh_engine, "harbour.txt", UNRELATED)
    ingest(fresh_engine, "question.txt", QUESTION)
    assert contradiction_map.conflicts("default") == []
    assert contradiction_map.mapped_claims("default", [harbour]) == []  # no actor acting on anything: no claim
    report = ingest(fresh_engine, "ledger.txt", REPORT)
    found = contradiction_map.conflicts("default")
    assert found and all({c.a.doc_id, c.b.doc_id} == {denial, report} for c in found)
    conflict = found[0]
    for claim in (conflict.a, conflict.b):
        text = fresh_engine.doctable.get("default", claim.doc_id).text  # type: ignore[union-attr]
        assert text[claim.start : claim.end] == claim.text
    assert {conflict.a.speaker, conflict.b.speaker} >= {"the Ledger"}
    assert conflict.judge and 0 < conflict.confidence <= 1 and "denies" in conflict.explanation
    assert {conflict.a_stance, conflict.b_stance} == {"affirms", "denies"} and conflict.actor == "karvia"
    # Looked up by claim, from either side: what an answer uses to find further voices.
    for claim in (conflict.a, conflict.b):
        (mapped,) = contradiction_map.mapped_claims_by_id("default", [claim.id])
        assert mapped.vector.any() and mapped.context.any()  # embedded once it conflicts, for answer ranking
        assert (conflict.a.id, conflict.b.id) in {(c.a.id, c.b.id) for c in
                                                  contradiction_map.conflicts_with("default", [mapped])}
    # A second report joins the same dispute on the affirming side.
    second = ingest(fresh_engine, "meridian.txt", SECOND_REPORT)
    (dispute,) = contradiction_map.disputes("default")
    sides = {v.claim.doc_id: v.side for v in dispute.voices}
    assert sides == {report: 0, second: 0, denial: 1}
    assert dispute.sources(0) == 2 and dispute.sources(1) == 1 and "Karvia" in dispute.proposition
    assert contradiction_map.disputes("default", source="harbour.txt") == []
    assert contradiction_map.disputes("default", min_confidence=1.01) == []
    assert fresh_engine.ingestor.delete("default", report)
    assert fresh_engine.ingestor.delete("default", second)
    assert contradiction_map.conflicts("default") == [] and contradiction_map.disputes("default") == []


def test_different_figures_form_a_numbers_dispute_sided_by_figure(fresh_engine: Engine) -> None:
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    first = ingest(fresh_engine, "ministry.txt", "The health ministry in Gaza said 471 people were killed.")
    second = ingest(fresh_engine, "officials.txt", "Palestinian officials said 471 people were killed in the blast.")
    low = ingest(fresh_engine, "chief.txt", "A civil defence chief said 300 people were killed.")
    (dispute,) = contradiction_map.disputes("default")
    assert dispute.kind == "numbers" and "471" in dispute.proposition
    assert {v.claim.doc_id: (v.side, v.stance) for v in dispute.voices} == {
        first: (0, "affirms"), second: (0, "affirms"), low: (1, "denies")}
    assert len(dispute.pairs) == 2  # the two reports of 471 agree with each other


def test_a_voice_that_denies_what_another_document_reports_it_said_is_in_dispute(fresh_engine: Engine) -> None:
    """One report says the relief agency gave a toll; the agency, in another report, denies it did. Its two
    figures, in two reports, are an update, not a dispute."""
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    said = ingest(fresh_engine, "wire.txt", "The death toll in Tarvik has soared to 1,130, the Karvia Relief "
                  "Agency said on Tuesday.")
    denied = ingest(fresh_engine, "local.txt", "The Karvia Relief Agency denied that the death toll in Tarvik "
                    "had reached 1,130, and said it had announced no figures.")
    (dispute,) = contradiction_map.disputes("default")
    assert {v.claim.doc_id: v.stance for v in dispute.voices} == {said: "affirms", denied: "denies"}
    update = ingest(fresh_engine, "update.txt", "The Karvia Relief Agency said on Friday the death toll in "
                    "Tarvik had risen to 1,410.")
    paired = [{pair.a.doc_id, pair.b.doc_id} for d in contradiction_map.disputes("default") for pair in d.pairs]
    assert {said, denied} in paired and {said, update} not in paired


def test_a_question_about_who_is_to_blame_is_answered_with_the_maps_dispute(fresh_engine: Engine) -> None:
    from rag.schemas import AskRequest

    blame = ingest(fresh_engine, "ministry.txt", BLAME)
    denial = ingest(fresh_engine, "intel.txt", INTEL_DENIAL)
    rival = ingest(fresh_engine, "army.txt", "The army said the explosion at the Brindisi depot resulted from a "
                                             "misfired rocket of the Northern Front.")
    ingest(fresh_engine, "harbour.txt", UNRELATED)
    question = "Who was to blame for the explosion at the Brindisi depot?"
    response = fresh_engine.pipeline.run(AskRequest(question=question))
    (disagreement,) = response.contradictions
    # A rival party held responsible stands with the denial.
    assert {(c.doc_id, c.side) for c in disagreement.claims} == {(blame, 0), (denial, 1), (rival, 1)}
    assert response.answer.startswith("The sources disagree on who was to blame for the explosion")
    # The same documents, asked what happened rather than who is to blame: no dispute about that.
    response = fresh_engine.pipeline.run(AskRequest(question="Where was the explosion?"))
    assert response.contradictions == []


def test_a_question_about_where_the_sources_disagree_is_answered_from_the_map(fresh_engine: Engine) -> None:
    from rag.overview import asks_where_sources_disagree
    from rag.question import analyse
    from rag.schemas import AskRequest

    assert asks_where_sources_disagree(analyse("Where do the documents contradict each other?"))
    assert not asks_where_sources_disagree(analyse("Do the sources disagree about the death toll?"))
    blame = ingest(fresh_engine, "ministry.txt", BLAME)
    denial = ingest(fresh_engine, "intel.txt", INTEL_DENIAL)
    ingest(fresh_engine, "harbour.txt", UNRELATED)
    response = fresh_engine.pipeline.run(AskRequest(question="What do the sources disagree about?"))
    assert response.answerable
    (disagreement,) = response.contradictions
    assert {(c.doc_id, c.side) for c in disagreement.claims} == {(blame, 0), (denial, 1)}
    assert response.answer.startswith("The sources disagree on whether Karvia was responsible")
    for citation in response.citations:
        text = fresh_engine.doctable.get("default", citation.doc_id).text  # type: ignore[union-attr]
        assert text[citation.start : citation.end] == citation.quote
    # Asked of the one source that takes no side, there is nothing to report, and the answer says so.
    response = fresh_engine.pipeline.run(AskRequest(question="What do the sources disagree about?",
                                                    sources=["harbour.txt"]))
    assert response.contradictions == [] and not response.answerable
    assert response.answer == "The contradiction map finds no place where these documents contradict each other."


def test_where_the_sources_disagree_names_the_other_disputes_too(fresh_engine: Engine) -> None:
    from rag.schemas import AskRequest

    ingest(fresh_engine, "ministry.txt", BLAME)
    ingest(fresh_engine, "intel.txt", INTEL_DENIAL)
    ingest(fresh_engine, "toll-a.txt", "The health ministry said 40 people were killed in the explosion at the depot.")
    ingest(fresh_engine, "toll-b.txt", "Inspectors said 12 people were killed in the explosion at the depot.")
    response = fresh_engine.pipeline.run(AskRequest(question="Where do the documents contradict each other?"))
    assert response.answer.startswith("The sources disagree on 2 points; the clearest is whether")
    assert "They also disagree on how many people were killed." in response.answer
    assert len(response.contradictions) == 2
    assert {c.source for c in response.citations} == {"ministry.txt", "intel.txt", "toll-a.txt", "toll-b.txt"}
    # Asked of some documents: the disputes between them only.
    response = fresh_engine.pipeline.run(AskRequest(question="Where do the documents contradict each other?",
                                                    sources=["toll-a.txt", "toll-b.txt"]))
    assert response.answer.startswith("The sources disagree on how many people were killed.")
    assert {c.source for c in response.citations} == {"toll-a.txt", "toll-b.txt"}


def test_two_parties_held_responsible_for_one_event_form_one_dispute(fresh_engine: Engine) -> None:
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    blame = ingest(fresh_engine, "officials.txt", "Syrian officials said Turkey was responsible for the explosion "
                                                  "at the Qamishli depot.")
    rival = ingest(fresh_engine, "ministry.txt", "The Turkish defence ministry said the explosion at the Qamishli "
                                                 "depot resulted from a Hezbollah rocket that misfired.")
    same = ingest(fresh_engine, "monitor.txt", "A monitoring group said the explosion at the Qamishli depot was "
                                               "caused by a rocket fired by Hezbollah.")
    (dispute,) = contradiction_map.disputes("default")
    # Holding Hezbollah responsible denies that Turkey was; the two that blame Hezbollah agree.
    assert {v.claim.doc_id: v.side for v in dispute.voices} == {blame: 0, rival: 1, same: 1}
    assert "Turkey" in dispute.proposition and dispute.kind == "polarity"
    assert all("responsible" in pair.explanation for pair in dispute.pairs)


def test_an_answer_reads_the_passages_the_map_sets_against_its_evidence(fresh_engine: Engine) -> None:
    from rag.schemas import AskRequest

    blame = ingest(fresh_engine, "ministry.txt", BLAME)
    denial = ingest(fresh_engine, "intel.txt", INTEL_DENIAL)
    question = "Who was to blame for the explosion at the Brindisi depot?"
    # One passage retrieved: the map brings in the other side's passage.
    response = fresh_engine.pipeline.run(AskRequest(question=question, top_k=1))
    (disagreement,) = response.contradictions
    assert {c.doc_id for c in disagreement.claims} == {blame, denial}
    # Not from a source the request leaves out.
    first = {c.doc_id for c in response.citations}
    kept = "ministry.txt" if blame in first else "intel.txt"
    response = fresh_engine.pipeline.run(AskRequest(question=question, top_k=1, sources=[kept]))
    assert response.answerable and {c.source for c in response.citations} == {kept}
    assert response.contradictions == []


def test_map_survives_restart_and_is_seen_by_a_second_reader(fresh_engine: Engine, tmp_path: Path) -> None:
    ingest(fresh_engine, "valmora.txt", DENIAL)
    ingest(fresh_engine, "ledger.txt", REPORT)
    found = len(fresh_engine.contradiction_map.conflicts("default"))  # type: ignore[union-attr]
    reader = open_map(fresh_engine.settings, lambda: fresh_engine.embedder)
    assert found >= 1 and len(reader.conflicts("default")) == found
    restarted = Engine.from_settings(fresh_engine.settings, embedder=fresh_engine.embedder)
    assert len(restarted.contradiction_map.conflicts("default")) == found  # type: ignore[union-attr]


def test_reconcile_maps_documents_published_while_the_map_was_not_listening(fresh_engine: Engine) -> None:
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    ingest(fresh_engine, "valmora.txt", DENIAL)
    report = ingest(fresh_engine, "ledger.txt", REPORT)
    contradiction_map.store.remove_document("default", report)  # as if the process died after publishing
    assert contradiction_map.conflicts("default") == []
    assert contradiction_map.reconcile(fresh_engine.doctable) == 1
    found = len(contradiction_map.conflicts("default"))
    assert found >= 1
    contradiction_map.store.set_meta("version", "an older judge")
    assert contradiction_map.reconcile(fresh_engine.doctable) == 2  # rebuilt under the current judge
    assert len(contradiction_map.conflicts("default")) == found


def test_a_failing_map_update_never_fails_the_ingest(fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None

    def broken(document: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(contradiction_map, "add", broken)
    doc_id = ingest(fresh_engine, "valmora.txt", DENIAL)
    assert fresh_engine.doctable.get("default", doc_id) is not None
    assert doc_id not in contradiction_map.store.mapped_documents("default")


def test_cli_prints_disputes_and_json(fresh_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    ingest(fresh_engine, "valmora.txt", DENIAL)
    ingest(fresh_engine, "ledger.txt", REPORT)
    assert show_contradictions(fresh_engine.settings) == 0
    table = capsys.readouterr().out
    assert "1 disputes among 2 documents" in table and "the Ledger" in table and "Deny / no evidence" in table
    assert show_contradictions(fresh_engine.settings, source="ledger.txt", as_json=True) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["total"] == 1
    (item,) = body["contradictions"]
    assert {c["source"] for c in item["claims"]} == {"valmora.txt", "ledger.txt"}
    assert {(c["side"], c["stance"]) for c in item["claims"]} == {(0, "affirms"), (1, "denies")}
    assert item["pairs"] and item["proposition"]
    assert show_contradictions(fresh_engine.settings, source="missing.txt") == 1


# -- the demo corpus ---------------------------------------------------------------

# The false flags, each (source, quote) against (source, quote): none may stand on opposite sides.
FALSE_FLAGS = [
    (("004_9721aee89642c7ce.txt", "Ukraine is also a customer of Chinese weapons"),
     ("004_9721aee89642c7ce.txt", "China has repeatedly denied sending military equipment to Russia")),
    (("002_86393d9dbeceabfc.txt", "at least 155 Chinese were fighting with the Russian army"),
     ("002_86393d9dbeceabfc.txt", "never provided lethal weapons to any party")),
    (("003_dce95be80ec8594e.txt", "China had shipped 1,000 military drones to Russia"),
     ("004_9721aee89642c7ce.txt", "his troops didn't have enough equipment")),
    (("000_83144d348378fdad.txt", "pushing false claims about that country arming Russian forces"),
     ("003_dce95be80ec8594e.txt", "official claim of neutrality")),
]


@pytest.fixture(scope="module")
def demo_disputes(demo_engine: Engine) -> list[dict]:  # type: ignore[type-arg]
    contradiction_map = demo_engine.contradiction_map
    assert contradiction_map is not None
    return [to_dispute(d).model_dump() for d in contradiction_map.disputes(demo_engine.settings.collection)]


def _opposed(dispute: dict, first: tuple[str, str], second: tuple[str, str]) -> bool:  # type: ignore[type-arg]
    def sides(source: str, quote: str) -> set[int]:
        return {c["side"] for c in dispute["claims"] if c["source"] == source and quote in c["text"]}
    return any(x != y for x in sides(*first) for y in sides(*second))


def test_demo_map_has_no_known_false_flags_and_no_non_claims(demo_disputes: list[dict]) -> None:  # type: ignore[type-arg]
    assert demo_disputes
    for first, second in FALSE_FLAGS:
        assert not any(_opposed(d, first, second) for d in demo_disputes), (first, second)
    texts = [c["text"] for d in demo_disputes for c in d["claims"]]
    assert not any("The query arises" in t or t.rstrip().endswith("?") for t in texts)


def test_demo_disputes_have_consistent_sides(demo_disputes: list[dict]) -> None:  # type: ignore[type-arg]
    for dispute in demo_disputes:
        assert dispute["proposition"] and dispute["pairs"]
        assert {c["side"] for c in dispute["claims"]} == {0, 1}
        for claim in dispute["claims"]:
            assert (claim["side"] == 0) == (claim["stance"] == "affirms")
        voices = {(c["doc_id"], c["start"], c["end"]): c["side"] for c in dispute["claims"]}
        for pair in dispute["pairs"]:
            a, b = pair["claims"]
            assert voices[(a["doc_id"], a["start"], a["end"])] != voices[(b["doc_id"], b["start"], b["end"])]


def test_demo_labelled_pairs(demo_disputes: list[dict]) -> None:  # type: ignore[type-arg]
    """Recall on the dev pairs, and the look-alike consistent pairs stay unflagged."""
    pairs = load_pairs(REPO / "eval" / "datasets" / "demo_pairs.jsonl")
    reported = parse_contradictions({"contradictions": demo_disputes})
    scores = score_pairs(pairs, reported)
    flagged = [p.id for p in pairs if p.label == "consistent" and any(recovers(c, p) for c in reported)]
    assert flagged == [] and scores.recall >= 0.4, scores


def test_scaling_benchmark_runs_standalone() -> None:
    from benchmarks.contradiction_map_scaling import build, generate_documents

    documents = generate_documents(5)
    assert len({d.id for d in documents}) == 5
    small = build(5, real_embedder=False, nli=False)
    larger = build(40, real_embedder=False, nli=False)
    assert small["claims"] > 0 and larger["conflicts"] > 0


def test_a_claim_in_the_opening_sentence_of_a_long_quotation_is_quoted_from_that_quotation() -> None:
    """The map cut "China has become a key facilitator …" from a quotation over two sentences; the
    answer must quote the unit that holds it (the whole quotation), not the sentence after it."""
    from core.documents import Chunk, LocatedText
    from rag.evidence import sentences_of
    from rag.overview import unit_holding
    from rag.schemas import RetrievedChunk

    text = ("The summit ended on Monday. “China has become a key facilitator of the war. China cannot continue "
            "without consequences,” a NATO spokesperson said. Officials left.")
    chunk = Chunk(id="d:0", doc_id="d", source="d.txt", start=0, end=len(text), text=text, ordinal=0)
    units = sentences_of([RetrievedChunk(chunk, 1.0, "Report", None)])

    def claim(phrase: str) -> LocatedText:
        start = text.index(phrase)
        return LocatedText("d", "d.txt", None, "d:0", start, start + len(phrase), phrase)

    opening = unit_holding(units, claim("China has become a key facilitator of the war."))
    assert opening is not None and opening.text.startswith("“China has become") and opening.text.endswith("said.")
    # A claim in a sentence of its own is quoted with that sentence alone.
    later = unit_holding(units, claim("China cannot continue without consequences"))
    assert later is not None and later.text.startswith("China cannot continue")
    last = unit_holding(units, claim("Officials left."))
    assert last is not None and last.text == "Officials left."


def test_a_numbers_dispute_sides_each_voice_by_its_own_figure_and_counts_one_harm(fresh_engine: Engine) -> None:
    """Three figures for one death toll: a two-colouring of the pairs puts 23 and one of 37/29 on one
    side (37 and 29 conflict too); each voice's own figure does not. The injured and the jailed are
    counted apart from the dead."""
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    first = ingest(fresh_engine, "officials.txt", "Tarvik officials said 23 people died in the crossing.")
    second = ingest(fresh_engine, "locals.txt", "Local authorities said 23 people were killed in the crossing.")
    higher = ingest(fresh_engine, "rights.txt", "A rights group said 37 people died in the crossing.")
    other = ingest(fresh_engine, "association.txt", "An association said 29 people were killed in the crossing.")
    injured = ingest(fresh_engine, "injured.txt", "Officials said 76 people were injured in the crossing.")
    jailed = ingest(fresh_engine, "court.txt", "A court gave 13 people jail sentences over the crossing.")
    disputes = [d for d in contradiction_map.disputes("default") if d.kind == "numbers"]
    assert len(disputes) == 1
    sides = {v.claim.doc_id: v.side for v in disputes[0].voices}
    assert sides == {first: 0, second: 0, higher: 1, other: 1}
    assert injured not in sides and jailed not in sides


def test_a_numbers_dispute_always_has_two_sides(fresh_engine: Engine) -> None:
    """"At least 63 were killed and 3,000 injured" against "the wounded exceed 5,000": the first claim's
    toll ("at least 63") meets the second's open-ended figure, so reading figures alone would put both
    voices on one side. A dispute with no other side is none: each stays opposite the other."""
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    first = ingest(fresh_engine, "minister.txt", "The Tarvik health minister said that at least 63 people were "
                   "killed and 3,000 were injured in the blast.")
    later = ingest(fresh_engine, "agency.txt", "In Tarvik, the number of wounded exceeds 5,000, the agency said.")
    (dispute,) = [d for d in contradiction_map.disputes("default") if d.kind == "numbers"]
    assert {v.claim.doc_id: v.side for v in dispute.voices} in ({first: 0, later: 1}, {first: 1, later: 0})


def test_reports_that_give_different_days_for_one_incident_are_a_dispute_sided_by_the_day(
        fresh_engine: Engine) -> None:
    """Days a tenth apart as numbers ("May 2" and "May 3") are different days; a report that says "As
    reported, …" is not spoken by someone called "As"."""
    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    night = ingest(fresh_engine, "night.txt", "On the night of May 3, an explosion occurred at the Karvia terminal.")
    early = ingest(fresh_engine, "early.txt",
                   "Early on May 3, a mysterious explosion tore through the Karvia terminal.")
    earlier = ingest(fresh_engine, "earlier.txt",
                     "As reported, on May 2, the navy staged an explosion at the Karvia ferry terminal.")
    disputes = [d for d in contradiction_map.disputes("default") if d.kind == "numbers"]
    assert len(disputes) == 1
    sides = {v.claim.doc_id: v.side for v in disputes[0].voices}
    assert sides == {night: 0, early: 0, earlier: 1}
    assert all(v.claim.speaker != "As" for v in disputes[0].voices)
