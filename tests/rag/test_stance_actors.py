"""Same proposition, same actor: a voice stands on the question's proposition only where the asked actor
does the asked act (real spaCy pipeline)."""

from __future__ import annotations

import pytest

from rag.disagreement import acts_in_the_asked_clause, core_predicate_terms, done_by_another, predicate_terms
from rag.question import analyse, subject_names

QUESTION = analyse("Did Moscow blow up its own gas lines?")
SUBJECT = subject_names(QUESTION)
CORE = core_predicate_terms(QUESTION, predicate_terms(QUESTION))


@pytest.mark.parametrize(("sentence", "another"), [
    ('Russia\'s Defense Ministry said that "British specialists" blew up the Nord Stream gas pipelines.', True),
    ("Russia has accused the United Kingdom of directing the explosions on the gas pipelines.", True),
    ("NATO is pretty sure that Russia blew up the pipelines.", False),
    ("Ukraine accused Russia of blowing up the pipelines.", False),
    ("The pipelines were blown up in September.", False),   # no doer: the question stays open
])
def test_an_act_given_to_another_doer_is_no_stance_of_the_asked_actor(sentence: str, another: bool) -> None:
    assert done_by_another(QUESTION.proposition, SUBJECT, sentence) is another


@pytest.mark.parametrize(("sentence", "in_clause"), [
    ("NATO is pretty sure that Russia blew up the pipelines.", True),
    ("Russian officials said Moscow had nothing to do with the gas pipeline blasts.", True),
    ("The Nord Stream 2 pipeline never brought natural gas to Europe because Germany stopped the flows just "
     "before Russia launched its military operation in Ukraine.", False),
    ("The vessel is the best lead in the case: the blowing up of the gas pipelines running from Russia to "
     "Germany.", False),
])
def test_the_asked_actor_must_act_in_the_clause_of_the_asked_act(sentence: str, in_clause: bool) -> None:
    assert acts_in_the_asked_clause(SUBJECT, sentence, CORE) is in_clause
