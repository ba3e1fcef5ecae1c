"""How an answer plan is phrased: leads, disagreements, missing details, refusals."""

from __future__ import annotations

from rag.answerability import Assessment
from rag.compose import ExtractiveComposer, disagreement_sentences, missing_sentences, speaker_label
from rag.disagreement import StancedEvidence
from rag.plan import AnswerPlan
from rag.question import AskedPart, analyse
from rag.schemas import ComposedSentence, Evidence, FoundConflict
from rag.voices import Voice

HEADLINE = "China Is Sending Military Aid To Russia Despite Claiming Neutrality"


def evidence(text: str, speaker: str | None = None, title: str | None = HEADLINE, source: str = "a.txt",
             stance: str | None = None) -> Evidence:
    return Evidence(doc_id=source, source=source, title=title, chunk_id=f"{source}:0", start=0, end=len(text),
                    text=text, score=1.0, speaker=speaker, stance=stance)


def written(plan: AnswerPlan) -> list[ComposedSentence]:
    writing = ExtractiveComposer().stream(plan)
    try:
        while True:
            next(writing)
    except StopIteration as finished:
        sentences: list[ComposedSentence] = finished.value
        return sentences


def test_a_voice_is_named_by_its_speaker_or_by_a_shortened_headline() -> None:
    assert speaker_label(evidence("x", "Lin Jian")) == "Lin Jian"
    assert speaker_label(evidence("x", None)) == f"the article “{HEADLINE}”"
    long_title = "One two three four five six seven eight nine ten eleven twelve"
    assert speaker_label(evidence("x", None, title=long_title)) == (
        "the article “One two three four five six seven eight nine ten…”")
    assert speaker_label(evidence("x", None, title=None)) == "a.txt"


def test_a_disagreement_states_its_proposition_then_each_side_in_its_own_words() -> None:
    report = evidence("US intelligence showed that China approved lethal aid.", "US intelligence", stance="affirms")
    denial = evidence("Lin Jian said China has never provided lethal weapons.", "Lin Jian", source="b.txt",
                      stance="denies")
    rumour = evidence("Insiders claim that Chinese businesses provided weapons.", "Insiders", source="c.txt",
                      stance="affirms")
    conflict = FoundConflict(topic="whether China did give Russia lethal weapons", explanation="", judge="stance",
                             sides=(report, denial), confidence=0.9, allies=((rumour,), ()),
                             proposition="China did give Russia lethal weapons")
    lead, *voices = disagreement_sentences(conflict)
    assert lead.text == "The sources disagree on whether China did give Russia lethal weapons."
    assert lead.evidence == [report, denial]
    assert [v.text for v in voices] == [
        "On one side, US intelligence showed that China approved lethal aid.",
        "Insiders claim that Chinese businesses provided weapons.",
        "On the other side, Lin Jian said China has never provided lethal weapons.",
    ]
    assert [v.evidence for v in voices] == [[report], [rumour], [denial]]


def test_a_voice_whose_sentence_does_not_name_its_speaker_is_attributed() -> None:
    unnamed = evidence("And the shipments doubled last year.", "Politico", stance="affirms")
    named = evidence("The ministry said none were shipped.", "The ministry", source="b.txt", stance="denies")
    conflict = FoundConflict(topic="the number of shipments", explanation="", judge="values", sides=(unnamed, named),
                             confidence=0.5)
    _, first, second = disagreement_sentences(conflict)
    # The leading "And" goes: a sentence lifted out of its paragraph must stand alone.
    assert first.text == "On one side, according to Politico, the shipments doubled last year."
    assert second.text == "On the other side, the ministry said none were shipped."


def test_a_missing_detail_is_said_plainly() -> None:
    parts = (AskedPart(frozenset({"DATE"}), "a date"), AskedPart(frozenset({"ORG"}), "the company", verb="name"))
    assert [s.text for s in missing_sentences(parts)] == [
        "The documents do not give a date.", "The documents do not name the company."]
    assert all(s.kind == "note" and not s.evidence for s in missing_sentences(parts))


def test_a_settled_yes_no_question_leads_with_yes_or_no_and_whose_word_it_is() -> None:
    lead = evidence("China has never provided lethal weapons to any party.", "Lin Jian", stance="denies")
    plan = AnswerPlan(analyse("Did China give Russia lethal weapons?"), answerable=True, lead=lead,
                      verdict=StancedEvidence(lead, Voice("denies", "Lin Jian", False), "denies"))
    (sentence,) = written(plan)
    assert sentence.text == "No, according to Lin Jian: China has never provided lethal weapons to any party."
    assert sentence.evidence == [lead]


def test_a_question_with_an_answer_and_a_missing_part_gives_both() -> None:
    lead = evidence("China had shipped 1,000 military drones to Russia.")
    support = evidence("The drones were tested in Russia.", source="b.txt")
    plan = AnswerPlan(analyse("How many drones did China ship, and when?"), answerable=True, lead=lead,
                      support=[support], missing=(AskedPart(frozenset({"DATE"}), "a date"),))
    assert [s.text for s in written(plan)] == [
        "China had shipped 1,000 military drones to Russia.", "The drones were tested in Russia.",
        "The documents do not give a date."]


def test_an_unanswerable_detail_is_refused_with_the_closest_passage() -> None:
    closest = evidence("A Chinese company shipped a batch of drones to Russia.")
    plan = AnswerPlan(analyse("Which company shipped the drones?"), answerable=False, lead=closest,
                      missing=(AskedPart(frozenset({"ORG"}), "the company", verb="name"),))
    note, quote = written(plan)
    assert note.text == "The documents do not name the company."
    assert quote.text == "The closest they come: A Chinese company shipped a batch of drones to Russia."
    assert quote.evidence == [closest]


def test_nothing_relevant_gives_the_plain_refusal() -> None:
    plan = AnswerPlan(analyse("Who won the 1998 World Cup?"), answerable=False)
    (sentence,) = written(plan)
    assert sentence.kind == "refusal" and sentence.text.startswith("The documents do not say.")


def test_assessment_defaults_to_nothing_missing() -> None:
    assert Assessment(True, "supported").missing == ()


def test_a_voice_in_the_articles_own_words_is_named_by_its_author_and_cites_the_sentence_naming_them() -> None:
    byline = evidence("Jane Roe is a columnist who covers the region.", title="Opinion", source="op.txt")
    column = Evidence(doc_id="op.txt", source="op.txt", title="Opinion", chunk_id="op.txt:1", start=200, end=240,
                      text="The accusations were false from the start.", score=1.0, speaker="Jane Roe",
                      stance="denies", author="Jane Roe", byline=byline)
    report = evidence("Officials said the shipments went ahead.", "Officials", source="b.txt", stance="affirms")
    conflict = FoundConflict(topic="whether the shipments went ahead", explanation="", judge="stance",
                             sides=(report, column), confidence=0.5)
    _, _, against = disagreement_sentences(conflict)
    assert against.text == "On the other side, according to Jane Roe, the accusations were false from the start."
    assert against.evidence == [column, byline]
    # Without a sentence naming the author, the byline is not turned into a speaker the answer cannot cite.
    unnamed = Evidence(doc_id="x.txt", source="x.txt", title="Opinion", chunk_id="x.txt:0", start=0, end=10,
                       text="It was false.", score=1.0, speaker="Opinion", stance="denies")
    conflict = FoundConflict(topic="t", explanation="", judge="stance", sides=(report, unnamed), confidence=0.5)
    assert disagreement_sentences(conflict)[2].evidence == [unnamed]


def test_a_document_is_named_by_its_title_only_where_the_title_reads_as_a_headline() -> None:
    headline = evidence("The Tarvik Guard stopped the gunman.", title="Tarvik Guard stops gunman at school",
                        source="a.txt")
    furniture = evidence("A Tarvik Guard team stopped him later.", title="Now catch your favourite game. Anytime.",
                         source="b.txt")
    plan = AnswerPlan(analyse("Which of the reports say the Tarvik Guard stopped the gunman?"), True,
                      lead=headline, support=[furniture], names_documents=True)
    assert [s.text.split(": ")[0] for s in written(plan)] == ["“Tarvik Guard stops gunman at school” (a.txt)", "b.txt"]
