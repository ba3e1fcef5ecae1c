"""How conflict sentences name who says what."""

from __future__ import annotations

from rag.compose import ExtractiveComposer, conflict_sentences, join_sides, speaker_label
from rag.evidence import EvidenceSelection
from rag.schemas import Evidence, FoundConflict

HEADLINE = "China Is Sending Military Aid To Russia Despite Claiming Neutrality"


def side(text: str, speaker: str | None, title: str | None = HEADLINE, source: str = "a.txt") -> Evidence:
    return Evidence(doc_id=source, source=source, title=title, chunk_id=f"{source}:0", start=0, end=len(text),
                    text=text, score=1.0, speaker=speaker)


def conflict(a: Evidence, b: Evidence, allies: tuple[tuple[Evidence, ...], tuple[Evidence, ...]] = ((), ())
             ) -> FoundConflict:
    return FoundConflict(topic="weapons", explanation="", sides=(a, b), judge="signals", confidence=0.9,
                         allies=allies)


def test_a_headline_voice_is_named_as_the_article_and_a_person_by_name() -> None:
    assert speaker_label(side("x", "China Is Sending Military Aid To Russia…")) == (
        "the article “China Is Sending Military Aid To Russia…”")
    assert speaker_label(side("x", "Lin Jian")) == "Lin Jian"
    # A speaker whose name the headline starts with is still that speaker, not the article.
    assert speaker_label(side("x", "China", title="China is sending enough military gear")) == "China"
    assert speaker_label(side("x", HEADLINE)) == f"the article “{HEADLINE}”"
    assert speaker_label(side("x", None)) == HEADLINE
    assert speaker_label(side("x", None, title=None)) == "a.txt"


def test_each_disagreement_is_one_sentence_that_says_who_says_what() -> None:
    denial = side("China has never provided lethal weapons.", "Lin Jian", source="b.txt")
    report = side("China approved the provision of lethal aid.", "The Washington Post")
    rumour = side("Drones were shipped in May.", "Reuters", source="c.txt")
    first, second = conflict_sentences([conflict(denial, report), conflict(rumour, denial)])
    assert first.text == ("The sources disagree: Lin Jian says “China has never provided lethal weapons”, "
                          "while The Washington Post says “China approved the provision of lethal aid”.")
    assert second.text.startswith("The sources disagree on another point: Reuters says")
    assert first.kind == second.kind == "conflict" and first.evidence == [denial, report]
    assert conflict_sentences([]) == []


def test_other_voices_on_a_side_are_quoted_with_it() -> None:
    denial = side("China has never provided lethal weapons.", "Lin Jian", source="b.txt")
    embassy = side("China strictly controls drone exports.", "the embassy", source="b.txt")
    report = side("China approved the provision of lethal aid.", "The Washington Post")
    (sentence,) = conflict_sentences([conflict(report, denial, allies=((), (embassy,)))])
    assert sentence.text == ("The sources disagree: The Washington Post says “China approved the provision of lethal "
                             "aid”; on the other side, Lin Jian says “China has never provided lethal weapons” and the "
                             "embassy says “China strictly controls drone exports”.")
    assert sentence.evidence == [report, denial, embassy]


def test_sides_are_joined_so_a_comma_inside_a_side_is_not_the_turn_to_the_other() -> None:
    assert join_sides([["A says x"], ["B says y"]]) == "A says x, while B says y"
    assert join_sides([["A says x", "C says z", "E says v"], ["B says y"]]) == (
        "A says x, C says z and E says v; on the other side, B says y")


def test_an_evidence_sentence_a_conflict_quotes_is_not_said_twice() -> None:
    sentence = "Lin Jian said on Friday: China has never provided lethal weapons."
    evidence = side(sentence, "Lin Jian", source="b.txt")
    claim = Evidence(doc_id="b.txt", source="b.txt", title=HEADLINE, chunk_id="b.txt:0", start=25,
                     end=len(sentence), text=sentence[25:], score=1.0, speaker="Lin Jian")
    other = side("Drones were shipped in May.", "Reuters", source="c.txt")
    report = side("China approved the provision of lethal aid.", "The Washington Post")
    selection = EvidenceSelection(ranked=[evidence, other], selected=[evidence, other], best_score=1.0,
                                  term_coverage=1.0)
    sentences = list(ExtractiveComposer().compose("Did China give weapons?", selection, [conflict(report, claim)]))
    assert [s.kind for s in sentences] == ["answer", "conflict"] and sentences[0].evidence == [other]
