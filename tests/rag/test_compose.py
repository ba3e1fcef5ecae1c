"""How conflict sentences name who says what."""

from __future__ import annotations

from rag.compose import conflict_sentences, speaker_label
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
                             "aid”, while Lin Jian says “China has never provided lethal weapons” and the embassy says "
                             "“China strictly controls drone exports”.")
    assert sentence.evidence == [report, denial, embassy]
