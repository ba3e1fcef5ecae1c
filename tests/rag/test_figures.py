"""Written figures read as the ranges they allow, and compared as ranges."""

from __future__ import annotations

import math

import pytest

from rag.figures import Figure, read_figure
from rag.question import analyse
from rag.values import Value, disagree, supplies, values_for

# Each figure as written, and the range it allows.
EXACT = {"471": 471, "1,000": 1000, "$2.5 million": 2.5e6, "fifty": 50, "a dozen": 12, "twenty-five": 25,
         "one hundred fifty": 150, "a hundred thousand": 100_000, "half a million": 500_000, "2.5m": 2.5e6,
         "$5bn": 5e9, "100 m": 100}  # "100 m": a unit, not "million": the suffix must touch the number
RANGES = {"at least 471": (471, math.inf), "more than 300": (300, math.inf), "past 11,300": (11_300, math.inf),
          "up to 1,000": (0, 1000),
          "about 50": (45, 55), "about 40": (35, 45), "about 10,000": (8000, 12000),
          "about 2,750": (2475, 3025), "nearly 500": (350, 500), "100 to 300": (100, 300), "100-300": (100, 300),
          "between 10 and 20": (10, 20), "2 to 3 million": (2e6, 3e6), "several dozen": (36, 99),
          "Dozens": (24, 99), "hundreds": (200, 999), "tens of thousands": (20_000, 99_999),
          "no more than 5": (0, 5), "not less than 5": (5, math.inf), "just under 50": (35, 50),
          "2 million to 3 million": (2e6, 3e6), "$5 billion to $10 billion": (5e9, 10e9),
          "between 5 and 10 percent": (5, 10)}
CASES = [(text, value, value) for text, value in EXACT.items()] + [(t, lo, hi) for t, (lo, hi) in RANGES.items()]


@pytest.mark.parametrize(("text", "low", "high"), CASES)
def test_a_written_figure_is_the_range_it_allows(text: str, low: float, high: float) -> None:
    assert read_figure(text) == Figure(low, high)


def test_text_without_a_figure_reads_as_none() -> None:
    assert read_figure("several reports") is None
    assert read_figure("99999999999999999999") is None  # an identifier, not a count


def test_ranges_overlap_within_rounding_and_an_open_end_never_disagrees_with_what_it_allows() -> None:
    assert Figure(1000, 1000).overlaps(Figure(1005, 1005), tolerance=0.02)
    assert not Figure(15_000, 15_000).overlaps(Figure(15_400, 15_400), tolerance=0.02)
    assert Figure(471, math.inf).overlaps(Figure(500, 500))
    assert not Figure(36, 99).overlaps(Figure(471, 471))


def test_an_approximate_figure_is_not_forgiven_rounding_twice() -> None:
    """"About 40 were killed" against "at least 50 were killed": the rounding "about" allows is in its
    range already, so a tolerance for points does not widen it into agreement."""
    about_forty, at_least_fifty = read_figure("about 40"), read_figure("at least 50")
    assert about_forty is not None and at_least_fifty is not None
    assert not about_forty.overlaps(at_least_fifty, tolerance=0.1)
    assert Figure(46, 46).overlaps(Figure(50, 50), tolerance=0.1)   # two points: 46 may be rounded to 50


def the_value(question: str, sentence: str) -> Value:
    """The one value a sentence gives for the question's one asked part."""
    analysis = analyse(question)
    (count,) = analysis.parts
    (found,) = values_for(count, sentence, analysis)
    return found


def test_answers_compare_counts_as_ranges() -> None:
    question = "How many people were killed in the blast?"
    at_least = the_value(question, "Officials said at least 471 people were killed in the blast.")
    five_hundred = the_value(question, "Health ministry sources said 500 people were killed in the blast.")
    dozens = the_value(question, "Several dozen people were killed in the blast, a spokesman said.")
    assert not disagree(at_least, five_hundred)   # "at least 471" allows 500
    assert disagree(dozens, at_least)             # dozens cannot be 471 or more


@pytest.mark.parametrize(("question", "sentence", "counted"), [
    # A question of who was there counts no harm: the dead or the bodies found are other counts.
    ("How many people were on board the ferry?", "The bodies of four people have been found at the site.", False),
    ("How many people were on board the ferry?", "There were ten people on board the ferry.", True),
    # Bodies found are of the dead, but counted apart from them.
    ("How many people died in the sinking?", "The bodies of four people have been found at the site.", False),
    ("How many bodies were recovered?", "Four bodies have been recovered from the river.", True),
    # Among the harmed: "16 children" of the hospitalised answers who the hospitalised were.
    ("How many of the hospitalized wounded were kids?", "98 people were hospitalized, including 16 children.", True),
    # "injured" says who is counted, not what they underwent: the discharged among the injured.
    ("How many injured passengers had been discharged from Tarvik hospitals?",
     "“So far, 693 passengers have been discharged,” the chief secretary said.", True),
    ("How many injured passengers were there in Tarvik?", "Officials said 900 passengers were injured in Tarvik.",
     True),
    # A number before a name numbers it: a train called "12841 … Express" carries no 12,841 passengers.
    ("How many passengers were on board the Coromandel Express?",
     "The goods train collided with 12841 Shalimar-Chennai Central Coromandel Express, an official said.", False),
    ("How many Palestinians were killed?", "Gaza officials said 471 Palestinians were killed.", True),
])
def test_a_count_of_harm_answers_only_a_question_about_that_harm(question: str, sentence: str, counted: bool) -> None:
    analysis = analyse(question)
    assert bool(values_for(analysis.parts[0], sentence, analysis)) is counted


def test_a_count_takes_no_harm_from_the_noun_it_is_coordinated_with() -> None:
    """"Ten bodies and the two flight recorders were recovered": the recorders are no bodies."""
    analysis = analyse("How many flight recorders were recovered from the site?")
    found = values_for(analysis.parts[0], "Ten bodies and the two flight recorders have been recovered.", analysis)
    assert [v.low for v in found] == [2.0]


def test_a_figure_the_count_might_reach_bounds_it_from_above() -> None:
    """"It can reach 2,000 deaths" is a projection: 1,130 counted so far is no rival to it, 3,000 is."""
    question = "How many people died in Tarvik?"
    analysis = analyse(question)
    (count,) = analysis.parts
    projected = the_value(question, "The mayor said the number of deaths in Tarvik can reach 2,000.")
    assert (projected.low, projected.high) == (0.0, 2000.0)
    assert not disagree(projected, the_value(question, "Officials said 1,130 people died in Tarvik."))
    assert disagree(projected, the_value(question, "Officials said 3,000 people died in Tarvik."))
    # It bounds the count but does not give it: it answers "how many died" only when nothing else does.
    assert not supplies(count, "The mayor said the number of deaths in Tarvik can reach 2,000.", analysis)
    assert supplies(count, "Officials said 1,130 people died in Tarvik.", analysis)
