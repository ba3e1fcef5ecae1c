"""Questions that offer two answers: which "or" offers a choice, and when the sources split on it."""

from __future__ import annotations

import pytest

from rag.alternatives import alternatives_asked, alternatives_dispute
from tests.rag.helpers import disagreements, said


@pytest.mark.parametrize(("question", "first", "second"), [
    ("When exactly did the Tarvik weir give way - Friday night or Saturday?", "Friday night", "Saturday"),
    ("which rocket hit the Karvia depot, a Vesna-2 or a Grom?", "a Vesna-2", "a Grom"),
    ("Was it potassium chlorate or sodium chlorate that burned in Tarvik?", "potassium chlorate", "sodium chlorate"),
])
def test_a_choice_set_apart_at_the_end_or_as_what_it_was_is_offered(question: str, first: str, second: str) -> None:
    asked = alternatives_asked(question + " \n")   # whitespace after the question changes nothing
    assert asked is not None and (asked.first, asked.second) == (first, second)
    # Each alternative is retrieved on its own, in the question's words.
    assert asked.wordings[0].count(first) == 1 and second not in asked.wordings[0]


@pytest.mark.parametrize("question", [
    # Parties and figures are read by the doers' and the figures' readings, not as alternatives.
    "Was it Karvia or Tarvik that blew up the Valmora dam?",
    "How many died in the Tarvik blast, 40 or 50?",
    "Which groups or bodies gave death tolls for the Tarvik flood?",
    "At what height, in feet or metres, was the Karvia jet flying?",
    "Did the Tarvik mill sell drones or weapons to Karvia?",
    "Was the Tarvik weir safe or dangerous?",
])
def test_or_that_widens_what_is_asked_offers_no_choice(question: str) -> None:
    assert alternatives_asked(question) is None


QUESTION = "Was it potassium chlorate or sodium chlorate that burned in Tarvik?"


def test_two_reports_that_name_different_alternatives_are_set_against_each_other() -> None:
    ranked = [
        said("a", "Officials said the fire in Tarvik was fed by 300 tons of potassium chlorate.", 0.6),
        said("b", "The mayor said a store of sodium chlorate had burned in the Tarvik warehouse.", 0.5),
        said("c", "Tarvik's port was closed for a week.", 0.4),
    ]
    dispute = alternatives_dispute(QUESTION, ranked, 2)
    assert dispute is not None
    assert (dispute.sides[0].doc_id, dispute.sides[1].doc_id) == ("a", "b")
    assert dispute.topic == "which it was, potassium chlorate or sodium chlorate"


def test_one_report_weighing_both_or_naming_only_one_is_no_split() -> None:
    both = said("a", "It is unclear whether potassium chlorate or sodium chlorate burned in Tarvik.", 0.6)
    one = said("b", "Officials said potassium chlorate burned in the Tarvik warehouse.", 0.5)
    same_doc = said("b", "The mayor said sodium chlorate burned in the Tarvik warehouse.", 0.45)
    assert alternatives_dispute(QUESTION, [both, one], 2) is None
    assert alternatives_dispute(QUESTION, [one, same_doc], 2) is None, "one report, not two sources"


def test_a_denial_a_guess_or_a_report_of_both_is_on_neither_side() -> None:
    sodium = said("b", "The mayor said a store of sodium chlorate had burned in the Tarvik warehouse.", 0.5)
    for text in ("Officials ruled out potassium chlorate as the cause of the fire that burned in Tarvik.",
                 "Investigators said potassium chlorate may have burned in the Tarvik warehouse.",
                 "There was no potassium chlorate in the Tarvik warehouse that burned, officials said."):
        assert alternatives_dispute(QUESTION, [said("a", text, 0.6), sodium], 2) is None, text
    # Document "a" gives both, in two sentences: it is on neither side, and "c" alone has no rival.
    ranked = [said("a", "Officials said potassium chlorate burned in the Tarvik warehouse.", 0.6),
              said("a", "Later the mayor said sodium chlorate had burned in the Tarvik warehouse.", 0.55),
              said("c", "Potassium chlorate burned in the Tarvik warehouse, the fire service said.", 0.5)]
    assert alternatives_dispute(QUESTION, ranked, 2) is None


def test_a_sentence_far_from_the_question_must_share_its_other_words() -> None:
    ranked = [
        said("a", "Officials said potassium chlorate burned in the Tarvik warehouse.", 0.6),
        # Low relevance and nothing of "burned in Tarvik": sodium chlorate is named for something else.
        said("b", "Sodium chlorate is sold as a weed killer.", 0.1),
    ]
    assert alternatives_dispute(QUESTION, ranked, 2) is None


def test_the_answer_reports_the_split_when_no_source_denies_either() -> None:
    ranked = [
        said("a", "Officials said the fire in Tarvik was fed by 300 tons of potassium chlorate.", 0.6),
        said("b", "The mayor said a store of sodium chlorate had burned in the Tarvik warehouse.", 0.5),
    ]
    (conflict,) = disagreements(QUESTION, ranked)
    assert conflict.judge == "alternatives"
    assert {conflict.sides[0].doc_id, conflict.sides[1].doc_id} == {"a", "b"}


def test_a_when_question_that_offers_two_days_is_answered_with_the_split() -> None:
    question = "When exactly did the Tarvik weir give way - Friday night or Saturday?"
    ranked = [
        said("a", "Floods obliterated Tarvik after the storm burst the weir above the town on Friday night.", 0.3),
        said("b", "As the storm hit on Saturday, residents heard loud bangs when the weir gave way.", 0.2),
    ]
    (conflict,) = disagreements(question, ranked)
    assert conflict.judge == "alternatives" and conflict.proposition is None
    assert (conflict.sides[0].doc_id, conflict.sides[1].doc_id) == ("a", "b")
