"""Who did it, by each source's account (real spaCy pipeline)."""

from __future__ import annotations

import pytest

from rag.agents import asked_deed, doer_dispute
from rag.question import analyse
from rag.schemas import Evidence


def said(source: str, text: str, score: float) -> Evidence:
    return Evidence(doc_id=source, source=source, title=None, chunk_id=f"{source}:0", start=0, end=len(text),
                    text=text, score=score)


@pytest.mark.parametrize(("question", "asks"), [
    ("Who blew up the Kakhovka dam?", True),
    ("Which country sabotaged the pipelines?", True),
    ("Who said the dam was mined?", False),        # who said, not who did
    ("Was the dam blown up by Russia?", False),    # a yes/no question has its own stances
    # The deed named by its noun: carried out, or been behind.
    ("Who carried out the strike on the depot?", True),
    ("Who was behind the Baltic pipeline explosions?", True),
    ("Who was behind the fence?", False),          # no deed
])
def test_a_question_asking_who_did_a_deed_names_the_deed(question: str, asks: bool) -> None:
    assert (asked_deed(analyse(question)) is not None) is asks


def test_sources_naming_different_doers_of_the_deed_are_the_two_sides() -> None:
    ranked = [
        said("a.txt", "On the night of June 6, Russia blew up the Kakhovka dam in the Kherson region.", 0.7),
        said("b.txt", "According to Ukrainian intelligence, the Russians deliberately blew up the dam.", 0.68),
        said("c.txt", "Rescuers evacuated residents after the Nova Kakhovka dam breached.", 0.5),  # the dam itself
        said("d.txt", "The Kremlin accuses Kyiv of sabotaging the hydroelectric dam.", 0.3),
    ]
    dispute = doer_dispute(analyse("Who blew up the Kakhovka dam?"), ranked, 2, 0.0, 10)
    assert dispute is not None
    assert [e.source for e in (dispute.sides[0], *dispute.allies[0])] == ["a.txt", "b.txt"]   # "the Russians" is Russia
    assert [e.source for e in (dispute.sides[1], *dispute.allies[1])] == ["d.txt"]


def test_one_doer_named_by_every_source_is_no_dispute() -> None:
    ranked = [said("a.txt", "Russia blew up the dam.", 0.7), said("b.txt", "Russian forces blew up the dam.", 0.6)]
    assert doer_dispute(analyse("Who blew up the dam?"), ranked, 2, 0.0, 10) is None


def test_a_deed_named_by_its_noun_is_done_to_what_the_question_names() -> None:
    deed = asked_deed(analyse("Who carried out the strike on the depot?"))
    assert deed is not None and deed.objects == frozenset({"depot"}) and "blow" in deed.verbs
    ranked = [
        said("a.txt", "Borduria has accused Ruritania of blowing up the depot.", 0.6),
        said("b.txt", "Ruritania accused Borduria of bombing the depot to blame it on others.", 0.55),
    ]
    dispute = doer_dispute(analyse("Who was behind the explosions at the depot?"), ranked, 2, 0.0, 10)
    assert dispute is not None
    assert {dispute.sides[0].source, dispute.sides[1].source} == {"a.txt", "b.txt"}


@pytest.mark.parametrize(("question", "objects"), [
    ("Who was blamed for the destruction of the bridge?", {"bridg"}),
    ("Which group was responsible for the attack on the ferry terminal?", {"ferry", "terminal"}),
    ("Who bears responsibility for the blast at the depot?", {"depot"}),   # "at" hangs on "bears"
    ("Who is responsible for the explosions?", None),   # nothing the deed was done to: no deed to look for
    ("Who did the ministry blame for the attack on the bridge?", None),   # one party's position
])
def test_who_is_held_responsible_for_a_deed_asks_for_its_doer(question: str, objects: set[str] | None) -> None:
    deed = asked_deed(analyse(question))
    assert (deed.objects if deed is not None else None) == (frozenset(objects) if objects else None)


def test_a_deed_named_by_its_noun_and_done_by_its_subject_names_a_doer() -> None:
    ranked = [
        said("a.txt", "Tarvik has committed sabotage at the Dunmore power station, the ministry said.", 0.6),
        said("b.txt", "The Dunmore power station was blown up by Borduria, witnesses said.", 0.5),
    ]
    dispute = doer_dispute(analyse("Who wrecked the power station?"), ranked, 2, 0.0, 10)
    assert dispute is not None
    assert {dispute.sides[0].source, dispute.sides[1].source} == {"a.txt", "b.txt"}


def test_what_a_sentence_sets_beside_the_asked_object_is_the_same_object() -> None:
    # "the dam at the power station" makes "the dam" a name of what "Who wrecked the power station?" asks about.
    ranked = [
        said("a.txt", "Villages flooded after the dam at the Dunmore power station was destroyed on Monday.", 0.7),
        said("b.txt", "Tarvik blew up the dam, the governor said.", 0.6),
        said("c.txt", "Officials in Tarvik accused Borduria of sabotaging the dam.", 0.5),
    ]
    dispute = doer_dispute(analyse("Who wrecked the power station?"), ranked, 2, 0.0, 10)
    assert dispute is not None
    assert {dispute.sides[0].source, dispute.sides[1].source} == {"b.txt", "c.txt"}
    # Without a sentence that sets them side by side, the dam is another thing.
    assert doer_dispute(analyse("Who wrecked the power station?"), ranked[1:], 2, 0.0, 10) is None


def test_an_accusation_of_destroying_a_thing_names_no_one_who_did_something_else_to_it() -> None:
    ranked = [said("a", "Tarvik accuses Karvia of sinking the ferry, which Karvia had seized in May.", 0.7),
              said("b", "Karvia accuses Tarvik of scuttling the ferry to blame it on Karvia.", 0.6)]
    assert doer_dispute(analyse("Who sank the ferry?"), ranked, 2, 0.0, 10) is not None
    assert doer_dispute(analyse("Who controlled the ferry?"), ranked, 2, 0.0, 10) is None


def test_a_deed_named_with_no_object_is_looked_for_by_its_own_noun() -> None:
    ranked = [said("a", "The reporter alleges the sabotage was carried out by the Karvian navy.", 0.7),
              said("b", "Officials are sure that Tarvik sabotaged the ferry line in response to sanctions.", 0.6)]
    dispute = doer_dispute(analyse("Who was behind the sabotage?"), ranked, 2, 0.0, 10)
    assert dispute is not None
    assert {dispute.sides[0].source, dispute.sides[1].source} == {"a", "b"}
