"""Same proposition, same actor: a voice stands on the question's proposition only where the asked actor
does the asked act (real spaCy pipeline)."""

from __future__ import annotations

import pytest

from rag.disagreement import acts_in_the_asked_clause, core_predicate_terms, done_by_another, predicate_terms
from rag.nlp import parse
from rag.plan import _blamers
from rag.question import analyse, subject_names
from rag.roles import blamed_by, blames
from rag.schemas import Evidence

QUESTION = analyse("Did Moscow blow up its own gas lines?")
SUBJECT = subject_names(QUESTION)
CORE = core_predicate_terms(QUESTION, predicate_terms(QUESTION))


@pytest.mark.parametrize(("sentence", "another"), [
    ('Russia\'s Defense Ministry said that "British specialists" blew up the Nord Stream gas pipelines.', True),
    ("Russia has accused the United Kingdom of directing the explosions on the gas pipelines.", True),
    ("NATO is pretty sure that Russia blew up the pipelines.", False),
    ("Ukraine accused Russia of blowing up the pipelines.", False),
    ("The pipelines were blown up in September.", False),   # no doer: the question stays open
    # Held responsible: the doer of "blowing up" is whoever was responsible for it.
    ("The Russian defence ministry said that British navy personnel were responsible for blowing up the "
     "pipelines.", True),
    ("Western officials said that Russia was responsible for blowing up the pipelines.", False),
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


@pytest.mark.parametrize(("question", "blamed"), [
    ("Which Russian officials in these reports put the blame on Ukraine for the dam's destruction?", "Ukraine"),
    ("Across the documents, who put the blame on Israel?", "Israel"),
    ("Who accused Kyiv of blowing up the dam?", "Kyiv"),
    ("Who was to blame for the blast?", None),        # asks who is responsible, not who blames
    ("Which side did Russia blame?", None),           # asks whom Russia blames
])
def test_a_question_asking_for_accusers_names_the_accused(question: str, blamed: str | None) -> None:
    assert analyse(question).blamed == blamed


@pytest.mark.parametrize(("sentence", "target", "blamer"), [
    ("Putin's spokesman Dmitry Peskov accuses Kyiv of blowing up the dam.", "Kyiv", "Putin 's spokesman Dmitry Peskov"),
    ("Ukraine accuses Russia of blowing up the dam.", "Russia", "Ukraine"),
    ("The United States has put the blame on Palestinian fighters.", "Palestinian fighters", "The United States"),
    ("Israel was blamed by Hamas for the blast.", "Israel", "Hamas"),
])
def test_who_blames_whom_is_read_from_the_parse(sentence: str, target: str, blamer: str) -> None:
    verb = next(t for t in parse(sentence) if blames(t))
    assert blamed_by(verb) == (target, blamer)


def test_the_accusers_of_the_asked_party_answer_who_blamed_it_not_those_it_accuses() -> None:
    def said(text: str, source: str) -> Evidence:
        return Evidence(doc_id=source, source=source, title=None, chunk_id=f"{source}:0", start=0, end=len(text),
                        text=text, score=1.0)

    candidates = [
        said("Ukraine accuses Russia of blowing up the Soviet-era dam.", "a.txt"),
        said("The Kremlin accuses Kyiv of sabotaging the hydroelectric dam.", "b.txt"),
        said("Putin's spokesman Dmitry Peskov accuses Kyiv of blowing up the Kakhovka dam.", "c.txt"),
        said("The Kremlin again accused Kyiv of sabotage.", "d.txt"),   # the same accuser once only
    ]
    question = analyse("Which Russian officials put the blame on Ukraine for the dam's destruction?")
    assert [e.source for e in _blamers(question, candidates, limit=4)] == ["b.txt", "c.txt"]


def _voiced(question: str, sentences: list[str]) -> dict[str, str]:
    """Each sentence's stance toward the question's proposition, for the sentences that take one."""
    from rag.disagreement import stances

    evidence = [Evidence(f"d{i}", f"d{i}.txt", None, f"d{i}:0", 0, len(text), text, 0.6 - i / 100)
                for i, text in enumerate(sentences)]
    return {s.evidence.text: s.stance for s in stances(analyse(question), evidence)}


def test_an_accusation_of_the_asked_party_affirms_and_blame_of_another_denies() -> None:
    """"Did Ruritania blow up the bridge?": "X accused Ruritania of sabotaging the bridge" says yes, in
    other words of destroying; "Ruritania accuses Borduria of destroying the bridge" and "Y said Borduria
    was behind the blast", given to another doer, say no."""
    accusation = "Borduria's government accused Ruritania of sabotaging the Elbe bridge on Monday."
    counter = "Ruritania accuses Borduria of destroying the Elbe bridge to slow its advance."
    third = "Observers have accused Borduria of blowing up the Elbe bridge."
    voiced = _voiced("Did Ruritania blow up the Elbe bridge?", [accusation, counter, third])
    assert voiced == {accusation: "affirms", counter: "denies", third: "denies"}


def test_parties_that_blame_each_other_speak_for_both_sides() -> None:
    from rag.voices import speaks_for_two_parties

    assert speaks_for_two_parties("Ruritania and Borduria have blamed each other for the bridge collapse.")
    assert speaks_for_two_parties("Ruritania and Borduria traded blame for the attack.")
    assert not speaks_for_two_parties("The two delegations met each other in Geneva.")


def test_an_accused_party_is_one_the_sentence_speaks_of_doing_it() -> None:
    from rag.roles import is_accused

    assert is_accused(frozenset({"the united states"}),
                      "A reporter has accused the United States of sabotaging the pipeline.")
    assert not is_accused(frozenset({"the united states"}),
                          "The United States has accused Russia of sabotaging the pipeline.")


@pytest.mark.parametrize(("question", "responsible"), [
    ("Who was behind the explosion at the depot?", True),
    ("Which group is behind the attack?", True),
    ("Who was to blame for the blast?", True),
    ("Which group carried out the attack on the depot?", True),
    ("What was behind the building?", False),   # a place
    ("Who stood behind the fence?", False),
])
def test_who_was_behind_asks_who_is_responsible(question: str, responsible: bool) -> None:
    from rag.disagreement import asks_who_is_responsible

    assert asks_who_is_responsible(analyse(question)) is responsible


def test_a_cause_given_to_the_asked_party_affirms_its_responsibility_and_another_partys_denies() -> None:
    """"Was Ruritania responsible for the blast?": "resulted from a Ruritanian shell" and "blamed
    Ruritania" say yes; "was caused by a rocket fired by the Borduria Liberation Front" and "Borduria was
    responsible" say no; "resulted from an apparent munition" names no party and takes no side, nor
    does a sentence that reports both accounts (the disagreement leaves it out as speaking for two)."""
    shell = "Officials said the blast at the depot resulted from a Ruritanian artillery shell."
    blamed = "Depot workers blamed Ruritania for the blast."
    rocket = "The army said the blast was caused by a rocket fired by the Borduria Liberation Front."
    other = "The governor said Borduria was responsible for the blast at the depot."
    vague = "The blast at the depot resulted from an apparent munition, such as those used by Bordurian militias."
    both = "Ruritania blamed a rocket for the blast, while Borduria said Ruritania fired a shell."
    voiced = _voiced("Was Ruritania responsible for the blast at the depot?",
                     [shell, blamed, rocket, other, vague, both])
    assert voiced.get(shell) == "affirms" and voiced.get(blamed) == "affirms"
    assert voiced.get(rocket) == "denies" and voiced.get(other) == "denies"
    assert voiced.get(vague) != "denies"
    assert voiced.get(both) != "denies"


def test_a_verb_in_another_tense_is_the_asked_deed() -> None:
    """"Did Ruritania blow up the Elbe pipeline?": "Ruritania blew up the gas lines" uses the asked verb in
    its past form, which only its dictionary form ("blow") shares with the question."""
    blew = "Ruritania blew up the link on Monday."
    other = "Ruritania issued new guidelines on Monday."
    assert _voiced("Did Ruritania blow up the Elbe pipeline?", [blew, other]) == {blew: "affirms"}


@pytest.mark.parametrize(("sentence", "acts_itself"), [
    ("In September, seven months after Ruritania's full-scale invasion of Borduria, a series of blasts "
     "damaged three gas lines designed to carry Ruritanian gas.", False),
    ("Ruritania's war damaged the gas lines.", False),
    ("Ruritania's Defense Ministry blew up the gas lines.", True),
    ("Ruritania's navy blew up the gas lines.", True),
    ("Ruritania's president ordered his men to blow up the gas lines.", True),
])
def test_the_owner_of_an_event_is_no_doer_of_what_the_event_does(sentence: str, acts_itself: bool) -> None:
    """A body or a person of Ruritania's acts for it; Ruritania's invasion or war does not."""
    question = analyse("Did Ruritania blow up the gas lines?")
    core = core_predicate_terms(question, predicate_terms(question))
    assert acts_in_the_asked_clause(subject_names(question), sentence, core) is acts_itself


def test_a_denial_in_another_form_of_the_asked_verb_is_a_voice() -> None:
    """"Has Turkey sent drones to Karvia?" is denied by "denied sending equipment": "sent" and "sending"
    are one verb."""
    from rag.disagreement import stances

    question = analyse("Has Turkey sent drones to Karvia?")
    texts = ["Turkey has sent Karvia enough drones to arm a brigade, the Ledger reported.",
             "Turkey has repeatedly denied sending military equipment to Karvia."]
    ranked = [Evidence(f"d{i}", f"d{i}.txt", None, f"d{i}:0", 0, len(t), t, 0.6 - i * 0.05)
              for i, t in enumerate(texts)]
    assert [s.stance for s in stances(question, ranked)] == ["affirms", "denies"]
