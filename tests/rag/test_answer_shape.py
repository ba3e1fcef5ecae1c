"""The shape of answers over the real demo index: a direct lead, short support, a disagreement only
when the question's own answer is disputed, whole sentences, verbatim citations."""

from __future__ import annotations

import re

import pytest

from rag.answerability import Assessment
from rag.compose import disagreement_sentences
from rag.disagreement import acts_on_another, asks_who_is_responsible, stances, value_dispute
from rag.engine import Engine
from rag.evidence import EvidenceSelection
from rag.plan import AnswerPlan, PlanLimits, plan_answer
from rag.question import analyse
from rag.schemas import AskRequest, AskResponse, Evidence
from rag.units import is_clean_unit
from rag.values import from_the_giver, values_for
from rag.voices import speaks_for_two_parties
from tests.rag.helpers import disagreements, figure_dispute, said

# Written for this test from the articles, not taken from the eval datasets.
UNDISPUTED = [
    "Which company made the bulletproof vests and helmets that Russian buyers ordered?",
    "Who is Fabian Hinz?",
    "What did NATO call the two reports?",
    "Which Chinese ambassador was summoned by Ukraine's foreign ministry?",
]
DISPUTED = "Did China give Russia lethal weapons?"


def ask(engine: Engine, question: str) -> AskResponse:
    return engine.pipeline.run(AskRequest(question=question))


def plan_of(question: str, texts: list[tuple[str, str, float, int]]) -> AnswerPlan:
    """The plan over sentences given as (document, text, score, start)."""
    return plan_over(question, [said(doc, text, score, start) for doc, text, score, start in texts])


def plan_over(question: str, evidence: list[Evidence], selected: int = 2,
              assessment: Assessment | None = None) -> AnswerPlan:
    """The plan over these evidence sentences, best first: of an answerable question unless told otherwise."""
    ranked = sorted(evidence, key=lambda e: e.score, reverse=True)
    selection = EvidenceSelection(ranked, ranked[:selected], ranked[0].score, 1.0, None, analyse(question))
    return plan_answer(question, selection, assessment or Assessment(True, "test"), [], PlanLimits())


@pytest.fixture(scope="module")
def answers(demo_engine: Engine) -> dict[str, AskResponse]:
    return {q: ask(demo_engine, q) for q in [*UNDISPUTED, DISPUTED]}


def test_every_citation_is_verbatim_and_every_sentence_is_whole(demo_engine: Engine,
                                                                answers: dict[str, AskResponse]) -> None:
    for response in answers.values():
        for citation in response.citations:
            document = demo_engine.doctable.get(demo_engine.settings.collection, citation.doc_id)
            assert document is not None
            assert document.text[citation.start : citation.end] == citation.quote
        for sentence in response.sentences:
            assert not re.match(r"^\s*(#|[-*•]\s|\d+[.)]\s)", sentence.text), sentence.text
            assert not sentence.text[0].islower(), sentence.text
            if sentence.citations and not sentence.text.startswith("The sources disagree"):
                assert is_clean_unit(sentence.text), sentence.text


def test_undisputed_questions_get_a_short_answer_without_a_disagreement(demo_engine: Engine,
                                                                        answers: dict[str, AskResponse]) -> None:
    budget = demo_engine.settings.answer_max_chars
    for question in UNDISPUTED:
        response = answers[question]
        assert response.answerable, question
        assert response.contradictions == [], question
        assert "disagree" not in response.answer
        # Lead and support fit the budget; citation markers add a few characters.
        assert len(re.sub(r"\s*\[\d+\]", "", response.answer)) <= budget, question
        assert len(response.sentences) <= 1 + demo_engine.settings.answer_support_sentences


def test_a_factoid_answer_leads_with_the_name_asked_for(answers: dict[str, AskResponse]) -> None:
    lead = answers[UNDISPUTED[0]].sentences[0]
    assert "Shanghai H Win" in lead.text and lead.citations == [1]


def test_a_disputed_question_reports_one_disagreement_by_stance(answers: dict[str, AskResponse]) -> None:
    response = answers[DISPUTED]
    assert response.answer.startswith("The sources disagree on whether China")
    (conflict,) = response.contradictions
    assert conflict.proposition and "China" in conflict.proposition
    affirm, oppose = conflict.by_side()
    assert affirm and oppose
    assert {c.stance for c in affirm} == {"affirms"}
    assert {c.stance for c in oppose} <= {"denies", "no_evidence"}
    # Three voices a side at most (the default), and no speaker in one document on both sides.
    assert len(affirm) <= 3 and len(oppose) <= 3
    assert not {(c.source, c.speaker) for c in affirm} & {(c.source, c.speaker) for c in oppose}
    # The denial of lethal weapons is among the voices against.
    assert any("never provided lethal weapons" in c.quote or "not seen any evidence" in c.quote for c in oppose)


def test_asking_whether_the_sources_agree_asks_the_question_they_would_agree_on(
        demo_engine: Engine, answers: dict[str, AskResponse]) -> None:
    response = ask(demo_engine, "Do the sources agree on whether China gave Russia lethal weapons?")
    assert response.answer.startswith("The sources disagree on whether China gave Russia lethal weapons")
    (conflict,) = response.contradictions
    plain = answers[DISPUTED].contradictions[0]
    # The same voices as the question asked plainly.
    assert {c.quote for c in conflict.claims} == {c.quote for c in plain.claims}


def test_a_missing_detail_is_refused_plainly_with_what_the_documents_do_say(demo_engine: Engine) -> None:
    response = ask(demo_engine, "What is the top speed of the Garpiya-3?")
    assert not response.answerable
    assert response.answer.startswith("The documents do not give the")
    assert response.citations, "the closest passage is cited"


def test_a_refusal_quotes_the_closest_sentence_about_what_was_asked() -> None:
    question = "How deep was the pit?"
    toll = said("a", "We estimate the number of deaths is probably at the low end of the range.", 0.33)
    pit = said("b", "The photographs show a pit in the courtyard that engineers call shallow.", 0.32)
    refused = Assessment(False, "test", analyse(question).parts)
    assert plan_over(question, [toll, pit], assessment=refused).lead == pit


def test_a_count_of_something_the_documents_never_count_is_refused(demo_engine: Engine) -> None:
    # Helicopters were shipped, the articles say, but none counts them; 1,000 counts drones.
    refused = ask(demo_engine, "How many helicopters were shipped from China to Russia?")
    assert not refused.answerable
    assert refused.answer.startswith("The documents do not give the number of helicopters")
    answered = ask(demo_engine, "How many military drones had China shipped to Russia before the invasion?")
    assert answered.answerable and "1,000" in answered.answer


def test_a_question_about_nothing_in_the_documents_is_refused(demo_engine: Engine) -> None:
    response = ask(demo_engine, "What is the boiling point of liquid nitrogen on Neptune?")
    assert not response.answerable and response.citations == []


def test_a_yes_or_no_question_about_an_actor_who_does_nothing_in_the_documents_is_refused(demo_engine: Engine) -> None:
    # The documents are full of drones sent to Russia and Ukraine, but Germany sends nothing in them.
    response = ask(demo_engine, "Has Germany sent drones to Ukraine?")
    assert not response.answerable and response.contradictions == []
    assert ask(demo_engine, "Did China ship military drones to Russia?").answerable


def test_a_best_sentence_that_leans_on_the_one_before_is_quoted_with_it() -> None:
    question = "Which release was the first to include cryptographic software?"
    texts = ["Debian 3.0 Woody was released in July 2002.",
             "It was also the first release to include cryptographic software.",
             "Debian 2.2 Potato was released in August 2000."]
    plan = plan_over(question, [said("d", text, score, start)
                                for start, text, score in zip([0, 44, 110], texts, (0.5, 0.7, 0.3), strict=True)])
    # The leaning sentence ranks first; its context leads, and it follows at once.
    assert plan.lead is not None and plan.lead.text == texts[0]
    assert plan.support[0].text == texts[1]


def test_a_lead_that_announces_a_quotation_is_followed_by_it() -> None:
    from rag.units import quoted_by_a_pronoun

    quotation = "“More than a month to reach the conclusion the world reached after two days,” he said."
    assert quoted_by_a_pronoun(quotation)
    assert not quoted_by_a_pronoun("“It was late,” Nahshon said.")   # names its speaker: stands alone
    question = "What did the diplomat complain about?"
    announcing = "The diplomat criticised the time it took the group to report."
    lead = said("d", announcing, 0.6)
    other = said("e", "The group published its report on Sunday.", 0.5)
    follows = said("d", quotation, 0.2, start=lead.end + 2)
    selection = EvidenceSelection([lead, other], [lead], 0.6, 1.0, None, analyse(question),
                                  continuations={("d", lead.end): follows})
    plan = plan_answer(question, selection, Assessment(True, "test"), [], PlanLimits())
    assert plan.lead is lead and plan.support[0] is follows


def test_a_quotation_whose_speaker_is_only_he_is_quoted_after_the_sentence_naming_him() -> None:
    """"Who said 'figures do change'?": the sentence holding the words names its speaker "he"; the one
    before names him, and leads."""
    from rag.units import quoted_by_a_pronoun

    naming = "Station manager Ilse Morrow said that 1,100 people were injured in the Tarvik crash."
    quotation = "On the revised toll, he said, “Figures do change with time.”"
    assert quoted_by_a_pronoun(quotation) and quoted_by_a_pronoun("She told reporters: “We are surprised.”")
    assert not quoted_by_a_pronoun("The minister said, “We are surprised.”")   # names its speaker
    question = "Who said that figures do change with time?"
    before = said("d", naming, 0.3)
    words = said("d", quotation, 0.6, start=before.end + 1)
    other = said("e", "Karvia's governor Anna Lind visited the Tarvik crash site on Sunday.", 0.4)
    plan = plan_over(question, [words, other, before])
    assert plan.lead is not None and plan.lead.text == naming
    assert plan.support[0].text == quotation


def test_yes_or_no_only_from_a_voice_that_states_the_proposition() -> None:
    from rag.plan import settles

    question = analyse("Can the built-in TOML module produce TOML files?")
    assert not settles(question, said("d", "The Tomli-W package is a TOML writer that can be used with this module.",
                                      0.5))
    assert settles(question, said("d", "The built-in TOML module cannot produce TOML files.", 0.5))


def test_a_question_about_the_collections_sources_names_one_source_per_sentence(demo_engine: Engine) -> None:
    """Politico is the reporter the demo articles cite most ("…, Politico reported."): it leads."""
    response = ask(demo_engine, "Which news organisations does the collection rely on?")
    assert response.answerable
    assert "Politico" in response.sentences[0].text
    quoted = [c.quote for c in response.citations]
    assert len(quoted) == len(set(quoted)) >= 3


def test_who_wrote_a_piece_is_answered_by_the_pieces_own_sentence_naming_its_author(demo_engine: Engine) -> None:
    """Only the Global Research commentary has a byline (Andrew Korybko); its text names him."""
    response = ask(demo_engine, "Who wrote the piece arguing that Beijing is militarily neutral?")
    first = response.sentences[0]
    assert "Korybko" in first.text
    cited = {c.source for c in response.citations}
    assert len(cited) == 1  # the author's sentence and one sentence of the same piece
    for citation in response.citations:
        document = demo_engine.doctable.get(demo_engine.settings.collection, citation.doc_id)
        assert document is not None and document.text[citation.start : citation.end] == citation.quote


def test_authorship_questions_are_recognised() -> None:
    from rag.authorship import asks_for_author

    assert asks_for_author("Who wrote the piece arguing Beijing is neutral?")
    assert asks_for_author("Who is the author of the commentary on Kiev's drone purchases?")
    assert not asks_for_author("Who said that China never provided lethal weapons?")


@pytest.mark.parametrize(("byline", "name"), [
    ("By Jane Doe", "Jane Doe"), ("Doe, Jane", "Jane Doe"), ("Jane Doe Jr.", "Jane Doe"), ("   ", ""),
])
def test_a_byline_is_read_as_a_name(byline: str, name: str) -> None:
    from rag.authorship import _person_name

    assert _person_name(byline) == name


def test_a_figure_dispute_keeps_a_side_whose_sentence_gives_two_figures() -> None:
    # Found by a sweep over more passages: the best opposing sentence gave two figures that
    # differ from each other, dropped itself from its own side, and the dispute crashed.
    texts = ["Officials said 1,200 Israelis were killed in the rampage.",
             "Gunmen killed 1,400 Israelis, and thousands of Israelis were killed later."]
    dispute = figure_dispute("How many Israelis were killed in the rampage?", texts, (0.6, 0.55))
    assert dispute is not None
    assert dispute.sides[0].text == texts[0] and dispute.sides[1].text == texts[1]


def test_a_dispute_over_one_question_of_two_leaves_the_other_answered() -> None:
    from rag.compose import plan_sentences

    question = "How many crew were on the Tarvik ferry, and were they all Karvian?"
    evidence = [said("a", "The Tarvik ferry had a crew of 22 members when it sank.", 0.62),
                said("b", "The Tarvik ferry had a 21-member crew when it left port.", 0.60),
                said("c", "The Tarvik ferry's crew is entirely Karvian, its owners said.", 0.58),
                said("d", "The harbour of Tarvik reopened on Monday.", 0.40)]
    selection = EvidenceSelection(evidence, evidence[:2], evidence[0].score, 1.0, None, analyse(question))
    conflicts = disagreements(question, evidence)
    assert conflicts and conflicts[0].judge == "values"
    plan = plan_answer(question, selection, Assessment(True, "test"), conflicts, PlanLimits())
    # The crew's size is disputed; whether they were all Karvian is answered beside the dispute.
    assert [e.doc_id for e in plan.rest] == ["c"]
    assert plan_sentences(plan, [])[-1].text == evidence[2].text
    # Whether the reports agree is what the disagreement itself answers.
    agree = "How many crew were on the Tarvik ferry, and do the reports agree on it?"
    selection = EvidenceSelection(evidence, evidence[:2], evidence[0].score, 1.0, None, analyse(agree))
    plan = plan_answer(agree, selection, Assessment(True, "test"), disagreements(agree, evidence), PlanLimits())
    assert plan.disagreement is not None and plan.rest == []
    # One subject doing two things asks one question: "… drowned and were never found" is not split.
    from rag.clauses import question_clauses
    assert question_clauses("How many migrants drowned and were never found?") == [
        "How many migrants drowned and were never found"]
    # A question that asks one thing has no other to answer.
    single = "How many crew were on the Tarvik ferry?"
    selection = EvidenceSelection(evidence, evidence[:2], evidence[0].score, 1.0, None, analyse(single))
    plan = plan_answer(single, selection, Assessment(True, "test"), disagreements(single, evidence), PlanLimits())
    assert plan.disagreement is not None and plan.rest == []


def test_a_count_the_lead_leaves_out_comes_from_the_leads_own_paragraph() -> None:
    question = "How many packages did the release named after the piggy bank have, and when did it ship?"
    texts = ["Debian 2.0 Hamm (July 24th, 1998): Named for the piggy-bank in the Toy Story movies.",
             "This was the first release to support the Motorola 68000 series architectures.",
             "With Ian Jackson as Project Leader, this release consisted of over 1500 packages.",
             "Debian 5.0 was released in 2009 with about 23,000 packages."]
    plan = plan_over(question, [said(doc, text, score, start) for doc, start, text, score in
                                zip("ddde", [0, 86, 167, 0], texts, [0.6, 0.3, 0.1, 0.45], strict=True)])
    # "Debian 2.0" and "68000" are numbers but count nothing asked; another release's count is
    # not this one's. The lead's own paragraph gives the count, though it ranks last.
    assert plan.lead is not None and plan.lead.text == texts[0]
    assert plan.support[0].text == texts[2]


def test_support_from_another_document_must_give_what_the_lead_leaves_out() -> None:
    question = "Which company shipped the drones, and when?"
    texts = [("a", "Kupol shipped the drones to the ministry.", 0.6, 0),
             ("a", "The drones were tested at a range near Moscow.", 0.5, 60),
             ("b", "Analysts said drones were increasingly common in the war.", 0.52, 0),
             ("c", "The shipment arrived in July 2023, customs records show.", 0.4, 0)]
    plan = plan_of(question, texts)
    assert plan.lead is not None and plan.lead.doc_id == "a"
    supporting = {e.doc_id: e.text for e in plan.support}
    # The lead's own document supports it; another gives the date it lacks; a third, about
    # something else and ranked above the date (but not nearly as well as the lead), is left out.
    assert set(supporting) == {"a", "c"}


def test_this_module_on_a_page_about_it_settles_a_yes_or_no_question() -> None:
    title = "jsonkit — Read JSON files"
    denial = "This module does not support writing JSON."
    writer = "The jsonw package is a JSON writer for use with this module."
    module = Evidence("a", "a.html", title, "a:0", 0, len(denial), denial, 0.66)
    other = Evidence("a", "a.html", title, "a:0", 50, 50 + len(writer), writer, 0.55)
    plan = plan_over("Does the jsonkit module support writing JSON?", [module, other])
    # "This module" is the page's jsonkit: its negation answers no.
    assert plan.verdict is not None and plan.verdict.stance == "denies"
    assert plan.lead is not None and plan.lead.place == module.place


def test_the_lead_is_about_the_subject_the_question_names() -> None:
    question = "When was the Garpiya-3 first tested?"
    other = said("a", "The Orlan-10 was first tested in May 2019.", 0.6)
    about = said("b", "The Garpiya-3 drone was tested with Chinese help in 2023.", 0.58)
    ranked = [other, about]
    selection = EvidenceSelection(ranked, ranked, other.score, 1.0, None, analyse(question))
    plan = plan_answer(question, selection, Assessment(True, "test", (), (about,)), [], PlanLimits())
    assert plan.lead is about


@pytest.mark.parametrize(("question", "texts", "supporting"), [
    # Another document corroborates a name only when it names what the lead names.
    ("Which agency did the president ask to pass the evidence on?",
     ["The president asked the Security Service of Ukraine to pass the evidence on.",
      "Files on the workers went to Beijing through the Security Service of Ukraine last week.",
      "The European Commission will look into the allegations."], ["b"]),
    # A list question gathers from documents not yet cited.
    ("What kinds of goods reached Russia?",
     ["Drones reached Russia through Kyrgyzstan.", "Ceramics for body armour reached Russia.",
      "Machine tools reached Russia through Turkey."], ["b", "c"]),
])
def test_which_other_documents_support_the_lead(question: str, texts: list[str], supporting: list[str]) -> None:
    ranked = [said(doc, text, 0.6 - 0.05 * i) for i, (doc, text) in enumerate(zip("abc", texts, strict=True))]
    plan = plan_over(question, ranked)
    assert plan.lead is not None and plan.lead.doc_id == "a"
    assert sorted(e.doc_id for e in plan.support) == supporting


def test_a_figure_dispute_is_led_by_the_precise_figure_most_documents_give() -> None:
    # A headline's "hundreds" ranked first, and agrees with everything; four outlets give 471.
    texts = [("a", "The minister mocked a headline saying the strike killed hundreds of people."),
             ("b", "The health ministry said 471 people were killed in the strike."),
             ("c", "US intelligence estimated that 100 to 300 people were killed in the strike."),
             ("d", "Officials said 471 people were killed in the strike."),
             ("e", "At least 471 people were killed in the strike, the ministry said.")]
    ranked = [said(doc, text, 0.6 - 0.01 * i) for i, (doc, text) in enumerate(texts)]
    dispute = value_dispute(analyse("How many people were killed in the strike?"), ranked, 2)
    assert dispute is not None
    assert "471" in dispute.sides[0].text and "100 to 300" in dispute.sides[1].text
    assert all("471" in ally.text for ally in dispute.allies[0]), "precise allies before vague ones"


def test_a_denial_leads_the_side_against_before_voices_that_see_no_evidence() -> None:
    question = "Has China supplied weapons to Russia?"
    ranked = [
        said("a", "Ukraine's president said China was supplying weapons to Russia.", 0.7),
        said("b", "The US said it had not seen any evidence that China supplied weapons to Russia.", 0.6),
        said("c", "A German minister said he had seen no evidence that China supplied weapons to Russia.", 0.55),
        said("d", "China's foreign ministry said China has never supplied weapons to Russia.", 0.5),
    ]
    (conflict,) = disagreements(question, ranked)
    against = [conflict.sides[1], *conflict.allies[1]]
    assert [(e.doc_id, e.stance) for e in against] == [("d", "denies"), ("b", "no_evidence")]


def test_who_denies_a_claim_is_answered_by_the_voices_that_deny_it() -> None:
    question = "Who denies that China supplied weapons to Russia?"
    assert analyse(question).denied_claim == "China supplied weapons to Russia"
    plan = plan_over(question, [
        said("a", "Ukraine's president said China was supplying weapons to Russia.", 0.7),
        said("b", "China has repeatedly denied sending military equipment to Russia.", 0.6),
        said("c", "The US said it had not seen any evidence that China gave Russia weapons.", 0.55),
    ], selected=3)
    # The best-ranked sentence makes the claim; the answer is who denies it.
    assert [e.doc_id for e in plan.evidence] == ["b", "c"]


def test_who_rejects_a_claim_names_an_opinion_writer_and_cites_the_sentence_that_names_him(demo_engine: Engine) -> None:
    response = ask(demo_engine, "Who says the Western claims that the Chinese state arms Russia are false?")
    named = [s for s in response.sentences if "Andrew Korybko" in s.text]
    assert named, response.answer
    quotes = [response.citations[n - 1].quote for n in named[0].citations]
    assert any(q.startswith("Andrew Korybko is") for q in quotes), quotes
    assert all(s.supported for s in response.sentences)


def test_support_leaves_out_same_document_filler_that_shares_nothing_with_the_question() -> None:
    question = "Who is Lin Jian?"
    texts = [("a", "Foreign Ministry spokesman Lin Jian said on Friday that China controls dual-use items.", 0.6, 0),
             ("a", "If Beijing ignores these claims, it risks being complicit.", 0.5, 100),
             ("a", "Lin Jian has been a spokesman since 2024.", 0.4, 200)]
    plan = plan_of(question, texts)
    assert plan.lead is not None and plan.lead.start == 0
    # Near the best score, in the lead's own document, but about neither Lin Jian nor anything asked.
    assert [e.start for e in plan.support] == [200]


def test_support_keeps_a_sentence_ranked_next_to_the_lead_though_it_shares_no_word_with_the_question() -> None:
    question = "What were people near the coast told to do?"
    texts = [("a", "Floodwaters swept people near the coast out to sea.", 0.40, 0),
             ("a", "Officials ordered residents to evacuate seaside areas on Sunday.", 0.39, 100),
             ("a", "The ministry later thanked the volunteers for their work.", 0.30, 200)]
    plan = plan_of(question, texts)
    # A paraphrase ranked almost as high as the lead is about the question; filler further down is not.
    assert [e.start for e in plan.support] == [100]


def test_which_spokeswoman_is_led_by_the_sentence_that_names_one_as_such() -> None:
    question = "Which spokeswoman said the ferries were cancelled?"
    texts = [("a", "Ilvo Merrow said the ferries stopped running at noon.", 0.50, 0),
             ("b", "Tomas Vell, a spokesperson for the harbour, said two ferries were late.", 0.48, 0),
             ("c", "Ferries are not running, as per Anna Tarvik, a spokeswoman for the port.", 0.45, 0)]
    plan = plan_of(question, texts)
    assert plan.lead is not None and plan.lead.doc_id == "c"


def test_only_a_question_about_a_person_or_party_attributes_each_sentence_to_its_speaker() -> None:
    texts = [("a", "The tarvik class is registered with the name 'tarvik'.", 0.5, 0),
             ("a", "Ilvo Merrow said the ferries were cancelled.", 0.4, 100)]
    assert plan_of("Who said the ferries were cancelled?", texts).voices
    # A name of any kind is as often a thing's: its sentences are not put in a writer's mouth.
    assert not plan_of("Which names are registered with the module?", texts).voices


def test_support_keeps_a_sentence_that_names_the_questions_country_by_its_capital() -> None:
    question = "What does Beijing say about arming Russia?"
    texts = [("a", "Beijing says it has never armed either side.", 0.6, 0),
             ("a", "China has strongly denied involvement in the war.", 0.5, 60)]
    plan = plan_of(question, texts)
    assert [e.start for e in plan.support] == [60]


def test_a_yes_or_no_lead_is_the_first_voice_that_settles_the_question_not_merely_the_first_voice() -> None:
    question = "Has Ukraine bought drones from China?"
    texts = [("a", "Ukraine said it had found Chinese parts in Russian drones.", 0.6, 0),
             ("b", "Ukraine has bought drones from China, customs records show.", 0.5, 0)]
    plan = plan_of(question, texts)
    assert plan.lead is not None and plan.lead.doc_id == "b"
    assert plan.verdict is not None and plan.verdict.stance == "affirms"


def test_a_question_about_what_a_named_source_found_takes_only_that_sources_voices() -> None:
    from rag.disagreement import stances

    question = analyse("Did Human Rights Watch find that Israel was responsible for the blast?")
    evidence = [said("a", "The Ministry of Health in Gaza said Israel was responsible for the blast.", 0.6),
                said("b", "Human Rights Watch found that Israel was not responsible for the blast.", 0.55),
                said("c", "US officials said Israel was not responsible for the blast.", 0.5)]
    voiced = stances(question, evidence)
    # The ministry and the officials disagree about Israel, but the question asks what HRW found.
    assert [v.evidence.doc_id for v in voiced] == ["b"]
    assert voiced[0].stance == "denies"


def test_a_voice_that_leans_on_the_sentence_before_is_quoted_after_it_or_not_at_all() -> None:
    context = "Another doctor at the hospital, Ibrahim Al-Naqa, spoke to Reuters about the scenes."
    leaning = "He said 300 people were killed in the strike."
    ranked = [said("a", "The health ministry said 471 people were killed in the strike.", 0.6),
              said("b", leaning, 0.55, start=len(context) + 1),
              said("b", context, 0.3),
              said("c", "They said 300 people were killed in the strike.", 0.5)]   # "they": nothing before it
    dispute = value_dispute(analyse("How many people were killed in the strike?"), ranked, 2)
    assert dispute is not None
    side = [dispute.sides[1], *dispute.allies[1]]
    # "They said 200 …" has no sentence before it to say who "they" are: it is left out.
    assert [e.text for e in side] == [leaning]
    assert side[0].context is not None and side[0].context.text == context
    quoted = [s.text for s in disagreement_sentences(dispute)]
    assert quoted[-2:] == [f"On the other side, a{context[1:]}", leaning]


def test_a_paragraph_that_lost_its_full_stop_still_reads_as_a_sentence_but_a_heading_does_not() -> None:
    from rag.units import reads_as_a_sentence

    assert reads_as_a_sentence("Forensic reviewing of open source videos and news broadcasts have given a "
                               "clearer picture of what happened on Tuesday night")
    assert not reads_as_a_sentence("Forensic review of the open source videos")
    assert not reads_as_a_sentence("What details do we have about the strike and its aftermath?")


def test_a_two_part_question_is_led_by_the_sentence_that_gives_the_first_part_not_a_later_one_only() -> None:
    question = "How many people were wounded in the strike, and when?"
    texts = [("a", "Wounded people wait for treatment at another hospital on October 18, 2023.", 0.6, 0),
             ("b", "Officials said 314 people were wounded in the strike.", 0.55, 0)]
    plan = plan_of(question, texts)
    assert plan.lead is not None and plan.lead.doc_id == "b"


def test_what_a_named_person_said_is_answered_with_their_words_only() -> None:
    nahshon = "Emmanuel Nahshon of the Foreign Ministry criticised the time the report took."
    his_quote = "“More than a month to reach the conclusion the world reached in two days,” he said."
    naim = "Hamas official Basem Naim said the report was biased."
    naims_quote = "“The report has no evidence at all,” he said."
    texts = [("a", nahshon, 0.6, 0), ("a", his_quote, 0.5, len(nahshon) + 1),
             ("a", naim, 0.55, 300), ("a", naims_quote, 0.5, 300 + len(naim) + 1)]
    plan = plan_of("What did Emmanuel Nahshon say about the report?", texts)
    assert plan.lead is not None and plan.lead.text == nahshon
    # His own quotation follows; the Hamas official's words, and the quotation after them, do not.
    assert [e.text for e in plan.support] == [his_quote]


def test_a_quotation_that_goes_on_in_the_first_person_is_still_the_speakers() -> None:
    named = "Zelenskyy suggested that Moscow may have stolen drone technology from Beijing."
    goes_on = "We believe that Russia made an agreement with these citizens and stole these technologies."
    texts = [("a", named, 0.6, 0), ("a", goes_on, 0.5, len(named) + 1),
             ("a", "Analysts said the claim softened Kyiv's tone toward Beijing and its technology.", 0.55, 300)]
    plan = plan_of("How did Zelenskyy suggest Russia got hold of the drone technology?", texts)
    assert plan.lead is not None and plan.lead.text == named
    assert [e.text for e in plan.support] == [goes_on]


def test_a_voice_far_below_the_best_sentence_does_not_settle_a_yes_or_no_question() -> None:
    texts = [("a", "Ukraine said it had found Chinese parts in Russian drones.", 0.7, 0),
             ("b", "Ukraine has bought drones from China, customs records show.", 0.45, 0)]
    plan = plan_of("Has Ukraine bought drones from China?", texts)
    assert plan.verdict is None


def test_a_context_that_is_itself_a_voice_is_quoted_once() -> None:
    first = "The health ministry said 471 people were killed in the strike."
    leaning = "It later said 300 people were killed in the strike."
    ranked = [said("a", first, 0.6), said("a", leaning, 0.55, start=len(first) + 1),
              said("b", "Officials said 300 people were killed in the strike.", 0.5)]
    dispute = value_dispute(analyse("How many people were killed in the strike?"), ranked, 2)
    assert dispute is not None
    texts = [s.text for s in disagreement_sentences(dispute)]
    assert sum("ministry said 471" in t for t in texts) == 1


def test_a_yes_or_no_question_is_not_refused_when_its_subject_is_named_as_the_object() -> None:
    from rag.answerability import _speaks_of

    question = analyse("Has Germany sent drones to Ukraine?")
    assert _speaks_of(frozenset({"germany"}), "Ukraine received 500 drones from Germany last year.", question)
    assert not _speaks_of(frozenset({"germany"}), "China signed a trade deal with Germany last year.", question)


@pytest.mark.parametrize(("sentence", "two_parties"), [
    ("The city council blamed the storm drains, while the water company said the pipes had burst.", True),
    ("Union leaders said the plant would close, but the owners insisted it would stay open.", True),
    ("One official put the toll at 40, whereas the mayor said 90 people had died.", True),
    ("Israeli officials blamed a rocket, while Palestinian officials said an air strike hit it.", True),
    ("The minister said the plant would close while visiting the site.", False),        # one party
    ("He said the pipes had burst, but he added that repairs had begun.", False),       # one party
    ("The river rose overnight, while the rain kept falling.", False),                   # no one takes a side
    # The reporter's caveat on a source's figure is no second party.
    ("The Tarvik observatory reported 40 dead, but the figure could not be independently verified.", False),
    # Named as the one who did not confirm it, the army is a second party.
    ("The Tarvik observatory reported 40 dead, but the figure was not confirmed by the Karvian army.", True),
])
def test_a_sentence_that_sets_two_parties_against_each_other_is_recognised(sentence: str, two_parties: bool) -> None:
    assert speaks_for_two_parties(sentence) is two_parties


def test_a_sentence_that_states_both_sides_is_no_voice_of_either() -> None:
    question = "Did the pipes burst?"
    both = "The city council said the pipes burst, while the water company said the pipes did not burst."
    ranked = [
        said("a", both, 0.8),
        said("b", "The city council said the pipes burst last night.", 0.7),
        said("c", "The water company said the pipes did not burst.", 0.6),
    ]
    (conflict,) = disagreements(question, ranked)
    quoted = {e.doc_id for side in ((conflict.sides[0], *conflict.allies[0]), (conflict.sides[1], *conflict.allies[1]))
              for e in side}
    assert quoted == {"b", "c"}


def test_a_figure_dispute_leaves_out_a_sentence_that_gives_both_figures() -> None:
    texts = ["Officials said 120 people were killed in the fire.",
             "A fire chief said 60 people were killed, while hospital sources put the figure at 120.",
             "The fire service said 60 people were killed."]
    dispute = figure_dispute("How many people were killed in the fire?", texts, (0.7, 0.65, 0.6))
    assert dispute is not None
    quoted = [dispute.sides[0], *dispute.allies[0], dispute.sides[1], *dispute.allies[1]]
    assert [e.doc_id for e in quoted] == ["a", "c"]


@pytest.mark.parametrize(("question", "asks"), [
    ("Who was to blame for the fire at the depot?", True),
    ("Who was responsible for the fire?", True),
    ("Who was blamed for the fire?", True),
    ("Who is at fault for the crash?", True),
    # These ask for the voices that blame: a list of them, not a dispute over who is responsible.
    ("Across the documents, who put the blame on the council?", False),
    ("What points to the council being responsible for the fire?", True),
    ("Which newspapers blamed the council for the fire?", False),
    # One party's position: whom it blamed.
    ("Who did the health ministry blame for the explosion?", False),
    ("Who did the council blame?", False),
])
def test_who_is_responsible_is_told_from_who_blames(question: str, asks: bool) -> None:
    assert asks_who_is_responsible(analyse(question)) is asks


def test_what_a_named_outlet_reported_is_led_by_that_outlets_own_sentence() -> None:
    plan = plan_of("What did Reuters report about the drone shipments?", [
        ("a", "Drone shipments from Karvia to the militia rose sharply this spring.", 0.7, 0),
        ("b", "Karvia shipped 300 drones to the militia in March, Reuters reported.", 0.6, 0),
    ])
    assert plan.lead is not None and plan.lead.doc_id == "b"


@pytest.mark.parametrize(("question", "stance"), [
    # About the claim itself, conceding it says it was made; about the world, it denies it.
    ("Does Karvia claim to be neutral?", "affirms"),
    ("Is Karvia neutral?", "denies"),
])
def test_a_conceded_claim_affirms_the_claim_and_denies_its_content(question: str, stance: str) -> None:
    voice = said("a", "For all its claims that it is neutral, Karvia is in fact arming the northern militia.", 0.7)
    (found,) = stances(analyse(question), [voice])
    assert found.stance == stance


@pytest.mark.parametrize(("sentence", "elsewhere"), [
    ("As Russia shells Kharkiv, reporters are investigating what happened at the depot.", True),
    ("Russia did not shell the depot, officials said.", False),
    ("Russia shelled the depot at dawn.", False),
])
def test_a_voice_that_does_the_act_to_another_named_place_is_not_about_the_question(sentence: str,
                                                                                     elsewhere: bool) -> None:
    assert acts_on_another("Russia did shell the depot", sentence) is elsewhere


def test_a_figure_is_backed_by_a_second_outlet_before_the_same_outlet_again() -> None:
    texts = [("a", "Officials said 120 people were killed in the fire.", 0.8),
             ("a", "The death toll from the fire stood at 120 on Sunday.", 0.75),
             ("b", "Hospital staff said 120 people were killed in the blaze.", 0.7),
             ("c", "The fire service said 60 people were killed.", 0.65)]
    ranked = [said(doc, text, score) for doc, text, score in texts]
    dispute = value_dispute(analyse("How many people were killed in the fire?"), ranked, 2)
    assert dispute is not None
    assert [e.doc_id for e in (dispute.sides[0], *dispute.allies[0])] == ["a", "b"]


def test_a_question_that_asks_only_whether_something_happened_somewhere_takes_voices_in_their_own_words() -> None:
    """With "happen" the only word left of the predicate, a voice need not repeat it: "some fans died
    inside the stadium" and "no deaths were recorded in the stadium" are the two sides."""
    question = "Is it true that deaths happened inside the stadium?"
    ranked = [
        said("a", "The city insisted that no deaths were recorded inside the stadium.", 0.5),
        said("b", "The inquiry claims that some fans died inside the stadium after the crush.", 0.45),
    ]
    (conflict,) = disagreements(question, ranked)
    assert {conflict.sides[0].doc_id, conflict.sides[1].doc_id} == {"a", "b"}
    assert conflict.sides[0].doc_id == "b"   # side 0 affirms


def test_a_rival_figure_must_name_the_place_or_party_the_question_names() -> None:
    """"How many protesters were arrested in Karvia?": a figure that names neither Karvia nor a Karvian is
    about somewhere else, however it is counted."""
    ranked = [said("a", "Police in Karvia said 13 protesters were arrested on Friday.", 0.7),
              said("b", "Dozens of protesters were arrested, the group said.", 0.65),
              said("c", "Karvian officials said 40 protesters were arrested.", 0.6)]
    dispute = value_dispute(analyse("How many protesters were arrested in Karvia?"), ranked, 2)
    assert dispute is not None
    quoted = {e.doc_id for e in (dispute.sides[0], *dispute.allies[0], dispute.sides[1], *dispute.allies[1])}
    assert quoted == {"a", "c"}


def test_a_sentence_that_grants_the_claim_only_under_a_condition_gets_no_plain_yes() -> None:
    """"Does glob match hidden files?" — "files beginning with a dot can only be matched by patterns that
    also start with a dot": a plain "Yes" would misstate it; its words are quoted without a verdict."""
    from rag.plan import settles

    question = analyse("Does glob match files that start with a dot?")
    conditional = said("a", "Files that start with a dot can only be matched by patterns starting with a dot.", 0.7)
    plain = said("b", "Glob matches files that start with a dot.", 0.7)
    assert not settles(question, conditional)
    assert settles(question, plain)


def test_a_figure_asked_for_two_days_is_given_for_each_and_not_disputed() -> None:
    """Written for this test: a toll that rose from day to day is a series, not a disagreement."""
    question = "What was the reported death toll on Saturday, and what was it by Sunday?"
    sunday = said("a", "The death toll climbed to 57 on Sunday, officials said.", 0.60)
    friday = said("b", "The governor said 50 people were killed on Friday.", 0.55)
    saturday = said("c", "The number killed rose to 52, an official announced on Saturday.", 0.05)
    ranked = [sunday, friday, saturday]
    analysis = analyse(question)
    assert value_dispute(analysis, ranked, 2) is None
    plan = plan_over(question, ranked)
    assert plan.lead == sunday and saturday in plan.support


def test_a_question_whether_the_sources_agree_gathers_each_documents_account() -> None:
    question = "How was the dam destroyed?"
    ranked = [said("a", "The dam was destroyed by an explosion inside the dam on Tuesday.", 0.7),
              said("a", "The explosion at the dam flooded the town of Oleshky.", 0.6, start=70),
              said("b", "The dam was destroyed by shelling from the other bank, the governor said.", 0.55)]
    selection = EvidenceSelection(ranked, ranked, ranked[0].score, 1.0, None, analyse(question))
    alone = plan_answer(question, selection, Assessment(True, "test"), [], PlanLimits())
    compared = plan_answer(question, selection, Assessment(True, "test"), [], PlanLimits(), compares_accounts=True)
    assert alone.support[0].doc_id == "a"
    assert compared.support[0].doc_id == "b"   # the other report's account comes first


def test_a_name_given_by_the_next_sentence_completes_the_better_ranked_one() -> None:
    question = "Which police official confirmed the death in the northern district?"
    confirmed = "In the northern district, the death of a fisherman was confirmed."
    reported = "This was reported by the district police chief Jonas Ek."
    plan = plan_over(question, [
        said("a", confirmed, 0.50),
        said("a", reported, 0.30, start=len(confirmed) + 1),
        said("b", "Mayor Lena Holm said the floods had reached the harbour.", 0.48),
    ])
    assert plan.lead is not None and plan.lead.text == confirmed
    assert [e.text for e in plan.evidence[:2]] == [confirmed, reported]


def test_another_reports_sentence_ranking_next_to_the_lead_supports_it() -> None:
    question = "How were the people on board split between passengers and crew?"
    lead = "All 12 people on board, including four crew members, are believed to be dead."
    plan = plan_over(question, [
        said("a", lead, 0.50),
        said("b", "There were eight passengers and four crew members on board the jet.", 0.47),
        said("d", "The passengers had boarded late, the airline said, and the crew had flown the route for "
                  "years.", 0.30),
    ])
    cited = [e.doc_id for e in plan.evidence]
    assert cited[0] == "a" and "b" in cited   # nearly as good as the best, whatever its report
    assert "d" not in cited   # far below the best, and in another report: not support


def test_a_count_of_part_of_a_whole_has_no_rival_in_a_count_of_the_whole() -> None:
    """"How many of the dead died in hospital?": "the toll rose to 50" counts all the dead, so it is no
    rival to "12 died in hospital"; another count of those who died in hospital is."""
    lead = said("a", "Officials said 12 of the dead died from their wounds in hospital.", 0.6)
    whole = said("b", "The number of dead in the attack grew to 50 on Sunday, officials said.", 0.59)
    question = analyse("How many of the dead died in hospital?")
    assert value_dispute(question, [lead, whole], 2) is None
    rival = said("c", "Another report said 15 of the dead died in hospital.", 0.58)
    dispute = value_dispute(question, [lead, whole, rival], 2)
    assert dispute is not None and {dispute.sides[0].doc_id, dispute.sides[1].doc_id} == {"a", "c"}


def test_the_asked_persons_quotation_follows_the_sentence_that_names_them() -> None:
    """"According to Kovac, why …?": Kovac's words are the answer in whichever document; his quotation
    ("“…,” he said.") comes right after the sentence naming him, never after another document's sentence."""
    naming = "Governor Ivan Kovac said thousands of people had been at the depot when the shells struck."
    quotation = "“They wanted to sow panic and fear among the civilians,” he said."
    plan = plan_of("According to Kovac, why did the Bordurians shell the depot?", [
        ("a", "“Fifty dead, five of them children,” Ivan Kovac, the governor, said on Telegram.", 0.60, 0),
        ("a", "The depot burned for two days after the shelling began.", 0.58, 200),
        ("b", "The shelling of the depot was the deadliest of the war, officials said.", 0.57, 0),
        ("c", naming, 0.50, 300),
        ("c", quotation, 0.45, 300 + len(naming) + 1),
    ])
    texts = [e.text for e in plan.support]
    assert quotation in texts and texts.index(naming) == texts.index(quotation) - 1
    assert all("Kovac" in t or t == quotation for t in texts), "only the asked person's words"


def test_a_quotation_by_a_pronoun_never_follows_another_documents_sentence() -> None:
    lead = "The depot burned for two days after the shelling began, the fire service said."
    quotation = "“The depot burned for two whole days and nights,” he said."
    plan = plan_of("How long did the depot burn?", [
        ("a", lead, 0.60, 0),
        ("b", quotation, 0.59, 400),
    ])
    assert quotation not in [e.text for e in plan.support]


@pytest.mark.parametrize(("question", "sentence", "settled"), [
    ("Did a mine damage the Tarvik ferry?", "A mine damaged the Tarvik ferry, the coast guard said.", True),
    ("Did a mine damage the Tarvik ferry?",
     "Two officials told reporters the coast guard believed a mine likely damaged the Tarvik ferry.", False),
    ("Did a mine damage the Tarvik ferry?", "Investigators suspect a mine damaged the Tarvik ferry.", False),
    ("Did a mine damage the Tarvik ferry?", "A mine probably damaged the Tarvik ferry, the coast guard said.", False),
    # The deed in another tense of an irregular verb still settles it.
    ("Did a mine sink the Tarvik ferry?", "A mine sank the Tarvik ferry, the coast guard said.", True),
])
def test_a_guess_is_quoted_without_a_yes(question: str, sentence: str, settled: bool) -> None:
    """Written for this test: a belief or a guess answers a yes/no question in its own words only."""
    plan = plan_over(question, [said("a", sentence, 0.7)])
    assert plan.lead is not None and plan.lead.text == sentence
    assert (plan.verdict is not None) is settled


def test_what_a_party_says_is_its_own_words_not_a_sentence_that_names_it() -> None:
    narration = "Two Karvian torpedoes struck the ferry, the coastguard said."
    denial = "Karvia denied attacking the ferry, accusing Tarvik of staging the sinking."
    acted = "The Karvian navy launched its exercise near the ferry route that week."
    texts = [("a", narration, 0.6, 0), ("b", acted, 0.55, 0), ("c", denial, 0.5, 0)]
    plan = plan_of("What does Karvia say caused the sinking of the ferry?", texts)
    assert plan.lead is not None and plan.lead.text == denial
    assert narration not in [e.text for e in plan.support]
    assert acted not in [e.text for e in plan.support]


def test_counts_of_groups_asked_side_by_side_are_no_dispute() -> None:
    ranked = [said("a", "The Karvian ministry said 140 Karvian officers were injured.", 0.6),
              said("b", "Tarvikian officials said 49 officers were injured.", 0.55)]
    assert value_dispute(analyse("How many Karvian and Tarvikian officers were injured?"), ranked, 2) is None
    assert value_dispute(analyse("How many officers were injured?"), ranked, 2) is not None


def test_a_figure_the_giver_is_only_reported_to_have_claimed_is_no_rival_of_theirs() -> None:
    ranked = [said("a", "The Karvian health ministry said 470 people were killed in the blast.", 0.6),
              said("b", "Several dozen people were killed, not nearly 500 as Karvia had claimed, a Tarvikian "
                        "spokesperson said.", 0.55)]
    asked = analyse("How many people does Karvia say were killed?")
    assert value_dispute(asked, ranked, 2) is None
    # Karvia is the subject of a verb of saying in it, so it reads as Karvia's without its speaker.
    assert from_the_giver(asked, ranked[1].text)


def test_whose_words_are_asked_is_not_answered_by_their_remark_on_something_said_before() -> None:
    remark = "Karvia disputes this figure."
    answer = "Karvia said the ferry was hit by a Tarvikian torpedo."
    texts = [("a", "A mine hit the ferry, the coastguard said.", 0.6, 0), ("b", remark, 0.5, 0),
             ("c", answer, 0.45, 0)]
    plan = plan_of("What weapon does Karvia say hit the ferry?", texts)
    assert plan.lead is not None and plan.lead.text == answer
    assert remark not in [e.text for e in plan.support]


def test_a_date_of_another_numbered_release_is_no_rival() -> None:
    ranked = [said("a", "Karvos 2.1 was released on 9 March 1999 after a week's delay.", 0.6),
              said("a", "Karvos 0.91 was released in January 1994.", 0.55, start=200)]
    analysis = analyse("When was Karvos 2.1 released?")
    assert analysis.specific_names == frozenset({"karvos 2.1"})
    assert value_dispute(analysis, ranked, 2) is None


def test_a_figure_of_the_whole_is_no_rival_to_the_counts_of_its_parts() -> None:
    parts = "There were nine passengers and two crew members aboard the Tarvik ferry, the coastguard said."
    whole = "The owner said all 11 passengers aboard the Tarvik ferry were rescued."
    other = "A harbour official said 14 passengers were aboard the Tarvik ferry."
    analysis = analyse("How many passengers and how many crew were aboard the ferry?")
    assert [v.text for v in values_for(analysis.parts[1], parts, analysis)] == ["two"]   # crew members
    assert value_dispute(analysis, [said("a", parts, 0.6), said("b", whole, 0.55)], 2) is None
    # A figure that is not the sum of the parts is still a rival.
    assert value_dispute(analysis, [said("a", parts, 0.6), said("c", other, 0.55)], 2) is not None


def test_a_claim_the_sentence_itself_says_is_denied_gets_no_yes() -> None:
    contested = "Karvia has said the ferry was sunk by a Tarvikian mine, which Tarvik has denied."
    plan = plan_of("Was the ferry sunk by a Tarvikian mine?", [("a", contested, 0.6, 0)])
    assert plan.lead is not None and plan.lead.text == contested
    assert plan.verdict is None
    plain = "Karvia has said the ferry was sunk by a Tarvikian mine."
    assert plan_of("Was the ferry sunk by a Tarvikian mine?", [("a", plain, 0.6, 0)]).verdict is not None


def test_a_persons_words_quoted_by_a_paper_are_still_theirs() -> None:
    named = "Anna Kel, an analyst at the Tarvik Institute, said the ferry had been overloaded."
    quoted = "“We have seen no evidence of sabotage,” the Herald quoted Kel as saying."
    texts = [("a", named, 0.6, 0), ("b", quoted, 0.5, 0), ("c", "The Herald said the ferry sank at dawn.", 0.55, 0)]
    plan = plan_of("What did Anna Kel say?", texts)
    assert plan.lead is not None and plan.lead.text == named
    assert [e.text for e in plan.support] == [quoted]


def test_an_organisation_named_again_by_its_first_word_speaks_in_its_sentences() -> None:
    first = "Seaguard also denounced violations of maritime law on both sides of the strait."
    second = "Seaguard accused the Karvian and Tarvikian governments of failing to investigate the sinking."
    texts = [("a", first, 0.7, 0), ("a", "The ferry sank at dawn, the coastguard said.", 0.65, 200),
             ("a", second, 0.6, 400)]
    plan = plan_of("What did Seaguard International say?", texts)
    assert plan.lead is not None and plan.lead.text == first
    assert [e.text for e in plan.support] == [second]


def test_what_one_party_says_was_done_is_its_account_not_a_dispute() -> None:
    ranked = [said("a", "Karvia accuses Tarvik of destroying the dam near the harbour.", 0.6),
              said("b", "Tarvik accuses Karvia of destroying the dam to flood the valley.", 0.55)]

    assert disagreements("Who destroyed the dam?", ranked)   # the two accounts are a dispute
    assert disagreements("Who does Tarvik say destroyed the dam?", ranked) == []   # one party's account is asked


def test_a_two_part_question_about_a_pieces_author_is_answered_by_the_author_sentence(demo_engine: Engine) -> None:
    """The piece is described by its title's words ("Chinese Drones for Ukraine"), though other
    documents have sentences that match the rest of the question better."""
    for question in ("Who penned the article on Chinese drones for Ukraine, and where is he based?",
                     "Who wrote the Global Research commentary on Chinese drones for Ukraine, and where is he based?"):
        response = ask(demo_engine, question)
        assert response.answerable, question
        assert "Korybko" in response.sentences[0].text and "Moscow" in response.sentences[0].text, question


def test_the_date_of_an_event_named_in_other_words_is_disputed_between_reports() -> None:
    question = "what date did the karvia terminal blast happen on?"
    texts = ["On the night of May 3, an explosion occurred at the ferry terminal in Karvia.",
             "As reported, on May 2, the navy staged a detonation at the Karvia terminal."]
    ranked = [said(doc, text, score) for doc, text, score in zip("ab", texts, (0.6, 0.58), strict=True)]
    analysis = analyse(question)
    assert [v.text for v in values_for(analysis.parts[0], texts[0], analysis)] == ["May 3"]
    assert [v.text for v in values_for(analysis.parts[0], texts[1], analysis)] == ["May 2"]
    dispute = value_dispute(analysis, ranked, 2)
    assert dispute is not None and {dispute.sides[0].text, dispute.sides[1].text} == set(texts)


def sides_of_a_value_dispute(question: str, texts: list[str]) -> set[str] | None:
    """The two sentences a figure or date dispute sets against each other, of two documents' sentences
    ranked in the order given; None without a dispute."""
    dispute = figure_dispute(question, texts, (0.6, 0.58))
    return None if dispute is None else {dispute.sides[0].text, dispute.sides[1].text}


def test_amounts_in_several_currencies_are_rivals_where_they_can_be_compared() -> None:
    # "4,124 euros" is not read as money, "£3,900" is: the dollar amounts still differ.
    question = "How much had the missing woman paid for her seat on the Tarvik ferry?"
    texts = ["The missing woman had paid $4,500 (4,124 euros) for her seat on the Tarvik ferry, her husband said.",
             "Relatives said the woman had paid $5,000 (£3,900) for passage on the Tarvik ferry."]
    assert sides_of_a_value_dispute(question, texts) == set(texts)


def test_a_day_without_its_year_rivals_another_day_of_the_same_month() -> None:
    question = "what date did the attack on the Tarvik concert hall actually happen?"
    texts = ["Following the events that took place on May 23, 2024, at the Tarvik concert hall, the inquiry began.",
             "On the evening of May 22, four gunmen attacked the Tarvik concert hall."]
    assert sides_of_a_value_dispute(question, texts) == set(texts)


def test_a_date_without_its_year_is_no_rival_to_one_with_a_year() -> None:
    # Another event's day ("a Karvia Day on 7 July") is not the founding date.
    question = "On what exact day was the Karvia society founded?"
    texts = ["The Karvia society was officially founded on August 16th, 1993.",
             "The meeting in Tarvik ended with a Karvia Day on 7 July."]
    assert sides_of_a_value_dispute(question, texts) is None


def test_what_a_bodys_office_concluded_is_led_by_that_body_not_another_office() -> None:
    from rag.disagreement import reporting_source

    question = "What did the UN human rights office conclude about what caused the Karvia terminal blast?"
    assert reporting_source(question) == ("un", "human", "rights", "office")
    texts = ["According to the Prosecutor General's Office, the Karvia terminal blast killed about 40 people.",
             "The UN has said that the Karvia terminal blast was not caused by a Tarvian missile."]
    plan = plan_over(question, [said(doc, text, score) for doc, text, score in zip("ab", texts, (0.6, 0.5),
                                                                                    strict=True)])
    assert plan.lead is not None and plan.lead.text == texts[1]


def test_what_someone_said_is_not_answered_by_another_speakers_words() -> None:
    question = "What did Mykola Tarvenko say about the Karvia terminal blast?"
    texts = ["“Karvia has staged the Karvia terminal blast,” said Tarvian foreign policy chief Anna Hrymenko.",
             "The Karvia terminal blast killed 40 people, officials said."]
    plan = plan_over(question, [said(doc, text, score) for doc, text, score in zip("ab", texts, (0.6, 0.5),
                                                                                    strict=True)])
    assert not plan.answerable
    assert [part.missing for part in plan.missing] == ["Mykola Tarvenko"] and plan.lead is not None
    # A sentence that names him is his answer, though its speaker may be read otherwise.
    named = ["Mykola Tarvenko, the port director, told reporters the Karvia terminal blast was an accident."]
    plan = plan_over(question, [said("c", named[0], 0.6)])
    assert plan.answerable and plan.lead is not None and plan.lead.text == named[0]


def test_a_quotation_opened_with_a_straight_mark_and_closed_with_a_curly_one_is_whole() -> None:
    assert is_clean_unit('Ilvo Merrow denied it, saying: "We have not announced these numbers.”')
    assert not is_clean_unit("Ilvo Merrow denied it, saying: “We have not announced these numbers.")


def test_what_someone_says_is_theirs_though_an_opening_phrase_points_back() -> None:
    question = "What did Ilvo Merrow say?"
    texts = [("a", "In response to this claim, Ilvo Merrow denied that 300 people had died, saying: "
                   "“We haven't announced these numbers.”", 0.6, 0),
             ("b", "The harbour office said the ferries would resume on Monday.", 0.4, 0)]
    plan = plan_of(question, texts)
    assert plan.answerable and plan.lead is not None and plan.lead.doc_id == "a"
    # What he disputes only an earlier sentence says when the demonstrative is the verb's own object.
    from rag.plan import _of_something_said_before
    assert _of_something_said_before("Ilvo Merrow disputes this figure.")
    assert not _of_something_said_before(texts[0][1])


def test_a_list_of_figures_gives_each_different_figure_before_repeating_one() -> None:
    question = "List the different death tolls for the Tarvik flood given across these reports."
    texts = [("a", "At least 120 people died in the Tarvik flood, officials said.", 0.60, 0),
             ("b", "The Tarvik flood killed 120 people, the harbour office said.", 0.59, 0),
             ("c", "Rescuers said the Tarvik flood killed 300 people.", 0.50, 0),
             ("d", "The Tarvik flood damaged the harbour office.", 0.55, 0)]
    plan = plan_of(question, texts)
    assert plan.lead is not None and plan.lead.doc_id == "a"
    # 300 comes before a second 120, and a sentence with no toll is no item of the list.
    assert [e.doc_id for e in plan.support][:1] == ["c"]
    assert "d" not in [e.doc_id for e in plan.support]


def test_a_list_of_people_names_each_one_before_quoting_one_again() -> None:
    question = "Across these reports, which officials put out tolls of the Tarvik flood?"
    texts = [("a", "At least 120 people died in the Tarvik flood, Governor Mara Venn said.", 0.60, 0),
             ("b", "The Tarvik flood killed 130 people, said regional head Mara Venn.", 0.59, 0),
             ("c", "The Tarvik flood killed 140 people, Mayor Arlo Dane said on Friday.", 0.50, 0)]
    plan = plan_of(question, texts)
    assert plan.lead is not None and plan.lead.doc_id == "a"
    # Arlo Dane, not yet named, comes before Mara Venn again.
    assert [e.doc_id for e in plan.support][:1] == ["c"]


def test_a_bound_figure_does_not_lead_a_figure_dispute() -> None:
    # "At least 23" agrees with 23 and with 37 alike: leading, it left no figure to oppose, and the
    # dispute between 23 and 37 was lost.
    texts = ["The Tarvik crossing left at least 23 migrants dead and many unaccounted for, the film shows.",
             "Officials said 23 people died in the Tarvik crossing.",
             "According to the Karvian NGO, 37 people died in the Tarvik crossing."]
    dispute = figure_dispute("How many people died in the Tarvik crossing?", texts, (0.6, 0.58, 0.56))
    assert dispute is not None
    assert {dispute.sides[0].text, dispute.sides[1].text} == {texts[1], texts[2]}


def test_which_of_the_reports_is_answered_by_one_named_sentence_from_each() -> None:
    from rag.compose import ExtractiveComposer
    from rag.which_documents import asks_which_documents

    question = "Which of the reports say it was the Tarvik Guard that stopped the gunman?"
    assert asks_which_documents(question)
    assert not asks_which_documents("Which news organisations do the documents rely on?")
    assert not asks_which_documents("Which files does the Tarvik module create?")   # files as the subject
    assert not asks_which_documents("What documents were seized in the Tarvik raid?")
    assert not asks_which_documents("What do reports say about the gunman's rifle?")
    assert asks_which_documents("Which documents give a number of Karvian deaths?")
    plan = plan_of(question, [
        ("a", "A Tarvik Guard officer stopped the gunman in the hall, police said.", 0.62, 0),
        ("a", "The Tarvik Guard unit had trained for such attacks, police said.", 0.60, 100),
        ("b", "The gunman was stopped by a Tarvik Guard team an hour later.", 0.55, 0),
        ("c", "The school in Karvia reopened a week later.", 0.50, 0),
    ])
    assert plan.names_documents
    # One sentence of each document that says it; none of a document that does not.
    assert [e.doc_id for e in plan.evidence] == ["a", "b"]
    writing = ExtractiveComposer().stream(plan)
    try:
        while True:
            next(writing)
    except StopIteration as finished:
        sentences = finished.value
    assert [s.text.split(":")[0] for s in sentences] == ["a.txt", "b.txt"]


def test_which_reports_gave_a_stated_figure_takes_only_the_reports_that_give_it() -> None:
    plan = plan_of("Which reports put the death toll of the Tarvik crush at 156?", [
        ("a", "The Tarvik crush killed at least 156 people, officials said.", 0.62, 0),
        ("b", "The toll from the Tarvik crush rose to 154 on Monday.", 0.61, 0),
        ("c", "President Arlo Venn apologised for the Tarvik crush that killed 156.", 0.55, 0),
    ])
    assert [e.doc_id for e in plan.evidence] == ["a", "c"]


def test_a_quotation_of_the_asked_source_elsewhere_competes_by_how_well_it_answers() -> None:
    lead = "\"To see the Tarvik bridge fall is heartbreaking,\" Arlo Venn said."
    condition = "The Tarvik bridge was \"fully up to code\" before the crash, Venn said."
    before_quote = "On Wednesday Arlo Venn told reporters that the search was his priority."
    quote = "\"We have to bring these families closure,\" he said."
    added = "\"It still shakes us,\" he added."
    plan = plan_of("What did Arlo Venn say about the condition of the Tarvik bridge?", [
        ("a", lead, 0.46, 0),
        ("a", added, 0.25, len(lead) + 1),
        ("a", condition, 0.45, 200),
        ("a", before_quote, 0.30, 400),
        ("a", quote, 0.20, 400 + len(before_quote) + 1),
    ])
    texts = [e.text for e in plan.evidence]
    # His quotation two paragraphs on is no continuation of the lead: it does not crowd out his words
    # on the bridge's condition.
    assert condition in texts


def test_which_reports_give_a_number_takes_no_report_without_one_nor_one_that_denies_it() -> None:
    plan = plan_of("Which reports give the number of Karvian troops killed in the Tarvik blast?", [
        ("a", "The Tarvik blast killed 13 Karvian troops, officials said.", 0.62, 0),
        ("b", "The Tarvik blast happened near the Abbey Gate of the base.", 0.60, 0),
        ("c", "Karvian troops were not killed in the Tarvik blast, the army said, denying 12 deaths.", 0.58, 0),
    ])
    assert [e.doc_id for e in plan.evidence] == ["a"]
