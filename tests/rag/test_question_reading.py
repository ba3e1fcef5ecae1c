"""Reading questions and sentences with the real spaCy pipeline: forms, asked-for parts, stances, values."""

from __future__ import annotations

import pytest

from rag.answerability import speaks_to_the_question
from rag.disagreement import core_predicate_terms, predicate_terms
from rag.nlp import parse
from rag.question import (
    COUNT_LABELS,
    DATE_LABELS,
    NUMBER_LABELS,
    analyse,
    given_names,
    gives,
    places_of_the_act,
    search_text,
    subject_names,
)
from rag.restate import compares_accounts, in_full, restated, with_apostrophes, with_its_topic
from rag.schemas import Evidence
from rag.search_terms import answer_search_terms
from rag.text import content_terms, mentioned, mentions_name
from rag.units import continued, is_clean_unit, leading_marks, leans_on_context, points_back
from rag.values import SentenceContext, Value, dimension_of, disagree, figures_offered, supplies, values_for
from rag.voices import read_voice, speaker_tokens


@pytest.mark.parametrize(
    ("question", "form", "missing"),
    [
        ("Did China give Russia lethal weapons?", "yes_no", []),
        ("Is it true that the hospital was hit by a rocket?", "yes_no", []),
        ("How many drones did China ship to Russia, and when?", "wh", ["the number of drones", "a date"]),
        ("In which Chinese city is the factory where IEMZ Kupol planned to build the G3?", "wh", ["the city"]),
        ("What is the range and payload of the Garpiya-3?", "wh", ["the range or payload"]),
        ("Which company made the vests?", "wh", ["the company"]),
        ("Which news outlets reported the blast?", "list", ["the news outlets"]),
        ("Across the reports, who demanded an investigation?", "list", ["who it was"]),
        ("How did China respond to the accusation?", "open", []),
        # Wh-words that open a subordinate clause ask nothing.
        ("Why does the csv module want newline='' when opening a file?", "open", []),
        ("Where does the project's name come from?", "open", []),
        # "many" belongs to the noun it counts, past the nouns that modify it.
        ("How many titanium alloy shipments went to Russia?", "wh", ["the number of shipments"]),
        ("How much trade did Russia do with China?", "wh", ["the amount of trade"]),
        # "Who is <a name>?" asks about the name given, not for another one; "who is <a role>?" asks for a
        # person's name; "who did it?" for a person, an organisation or a country.
        ("Who is Lin Jian?", "open", []),
        ("Who is the Chinese ambassador?", "wh", ["the ambassador"]),
        ("Who is the President of Ukraine?", "wh", ["the president"]),
        # The tokenizer splits "co-pilot", and the parser may hang "pilot" as a complement: still a role.
        ("Who was the co-pilot of the ferry?", "wh", ["the co-pilot"]),
        ("What was the name of the ferry's co-pilot?", "wh", ["the co-pilot"]),
        ("Who blamed Israel for the blast?", "wh", ["who it was"]),
        # A share is given by a percentage; a release of a named product by its version number.
        ("By what percentage did exports fall?", "wh", ["the percentage"]),
        ("In which Python release was the module added?", "wh", ["the release"]),
        # A distance is asked by "how far", a span of time by "how far ahead".
        ("How far can the drone fly?", "wh", ["the distance"]),
        ("How far ahead of the vacancy does the election begin?", "wh", ["the figure"]),
        # "where … from and to" asks for places (a word's origin does not); "when" with its own subject
        # after a conjunction says when, it does not ask.
        ("Where was the ferry travelling from and to when it sank?", "wh", ["the place"]),
        ("Which river did the runoff drain into?", "wh", ["the river"]),
        # A military unit is an organisation; words about the collection do not hide a list's plural noun.
        ("Which brigade fired the rockets?", "wh", ["the brigade"]),
        ("According to the documents, which charities called for an inquiry?", "list", ["the charities"]),
        # A hedge before the wh-word still opens the question.
        ("Roughly how many drones were shipped, and in what year?", "wh", ["the number of drones", "the year"]),
    ],
)
def test_question_forms_and_the_parts_they_ask_for(question: str, form: str, missing: list[str]) -> None:
    analysis = analyse(question)
    assert analysis.form == form
    assert [part.missing for part in analysis.parts] == missing


def test_a_yes_no_question_becomes_its_proposition() -> None:
    assert analyse("Has China sent drones to Russia?").proposition == "China has sent drones to Russia"
    assert analyse("Is it true that China is supplying Russia, or is that disinformation?").proposition == (
        "China is supplying Russia")
    assert analyse("Has China denied arming Russia, and what do others say?").proposition == (
        "China has denied arming Russia")
    # The small parser hangs the predicate on the subject; the subject still ends where it should.
    assert analyse("Was the Chinese government aware of drones being supplied?").proposition == (
        "the Chinese government was aware of drones being supplied")
    assert analyse("Are Chinese companies selling drones to Russia?").proposition == (
        "Chinese companies are selling drones to Russia")
    # The parser reads "ship" as a noun and hangs "drones" on the auxiliary: the first subject is the one.
    assert analyse("Did Iran ship military drones to Sudan?").proposition == "Iran did ship military drones to Sudan"
    # A passive question: the parser makes its participle a modifier of the subject.
    assert analyse("Was the warehouse hit by an artillery shell?").proposition == (
        "the warehouse was hit by an artillery shell")
    assert analyse("Were the engines made in Italy shipped to Egypt?").proposition == (
        "the engines made in Italy were shipped to Egypt")
    # A parse that leaves no subject to move gives no proposition, not the question reworded.
    assert analyse("Did Kyiv's admission that volunteers buy Chinese drones disprove the claim that China arms "
                   "Russia?").proposition is None


def test_asked_parts_have_the_entity_types_that_fill_them() -> None:
    number, date = analyse("How many people were killed, and when?").parts
    assert number.labels == COUNT_LABELS and number.noun == "people"
    assert date.labels == DATE_LABELS
    (amount,) = analyse("How much trade did the two countries do?").parts
    assert amount.labels == NUMBER_LABELS
    (cost,) = analyse("How much did the shipments cost?").parts
    assert cost.labels == frozenset({"MONEY"})


@pytest.mark.parametrize("question, asked", [
    ("Do the outlets agree on the death toll?", "What was the death toll?"),
    ("Do the sources disagree about who was responsible for the fire?", "Who was responsible for the fire?"),
    ("Do the documents agree on whether Karvia armed the militia?", "Is it true that Karvia armed the militia?"),
    ("Is there any disagreement among the sources about the number of casualties?",
     "What was the number of casualties?"),
    # Nothing to ask about: left as it is (the map answers "where do they disagree?").
    ("Do the sources disagree about this?", "Do the sources disagree about this?"),
    ("What do the sources disagree about?", "What do the sources disagree about?"),
    # A question, then whether the sources agree on it.
    ("How many people died in the crossing attempt? Do the reports agree?",
     "How many people died in the crossing attempt?"),
    ("Is there hard proof that Karvia armed the militia? Do the sources in this collection agree?",
     "Is there hard proof that Karvia armed the militia?"),
    # The accounts of an embedded question are asked by asking it.
    ("How do Karvia and Tarvik differ on who burned the ferry?", "Who burned the ferry?"),
    ("What do the two governments each say about how many sailors drowned?", "How many sailors drowned?"),
    ("Given who owned the ferry, how do Karvia and Tarvik differ on who burned it?", "Who burned the ferry?"),
    ("What do the reports say about the ferry?", "What do the reports say about the ferry?"),   # no question in it
    # One speaker's words are asked for as that speaker's: "What he saw?" would lose who saw it.
    ("what did the Tarvik captain say about what he saw?", "what did the Tarvik captain say about what he saw?"),
    ("What do the reports say about who burned the ferry?", "Who burned the ferry?"),
    ("What does each side say about who burned the ferry?", "Who burned the ferry?"),
    ("What do the police say about how many sailors drowned?", "How many sailors drowned?"),
    ("What did the captain and the crew say about what they saw?",
     "What did the captain and the crew say about what they saw?"),
    # Whom the collection blames is who was to blame; one party's blame is that party's position.
    ("Who do the reports blame for the ferry fire?", "Who was to blame for the ferry fire?"),
    ("Who did the ministry blame for the ferry fire?", "Who did the ministry blame for the ferry fire?"),
    # What the collection says did it is what did it; a clause with its own subject is left as asked.
    ("Who do the documents say was behind the ferry fire?", "Who was behind the ferry fire?"),
    ("Which group do the reports say burned the ferry?", "Which group burned the ferry?"),
    ("When do the reports say the ferry burned?", "When do the reports say the ferry burned?"),
])
def test_a_question_whether_the_sources_agree_on_something_asks_about_that_thing(question: str, asked: str) -> None:
    assert restated(question) == asked


def test_a_figure_noun_asks_for_what_it_counts() -> None:
    (number,) = analyse("What was the number of binary packages in the release?").parts
    assert number.labels == COUNT_LABELS and number.noun == "package"
    # A range of countable things is a count; the range of one thing is a measure.
    (deaths,) = analyse("What range of deaths did the inspectors estimate?").parts
    assert deaths.labels == COUNT_LABELS and deaths.noun == "death"
    (reach,) = analyse("What is the range of the missile?").parts
    assert reach.labels == frozenset({"QUANTITY"})
    toll = analyse("What was the death toll?")
    (figure,) = toll.parts
    # "the death toll" says what it counts in other words: people killed, not people wounded.
    assert [v.text for v in values_for(figure, "Officials said 471 people were killed in the explosion.", toll)] == [
        "471"]
    assert values_for(figure, "The ministry said 314 others were wounded.", toll) == []


def test_a_bare_figure_counts_the_noun_its_clause_leaves_out() -> None:
    question = analyse("How many soldiers were injured in the Tarvik blast?")
    (count,) = question.parts
    sentence = "In the Tarvik blast about 40 Karvian soldiers were killed and 130 were injured."
    # "130" counts the soldiers of the clause before it, though it names no one itself.
    assert [v.text for v in values_for(count, sentence, question)] == ["130"]
    # A bare figure after a clause that counts nothing is still no count of soldiers.
    assert values_for(count, "The Tarvik blast hit the barracks and 130 were injured.", question) == []
    # The borrowed noun says what is counted, not that the figure answers: 30 taken to hospital are no
    # count of the rescued.
    rescued = analyse("How many migrants were rescued off Tarvik?")
    assert [v.text for v in values_for(rescued.parts[0], "200 migrants were rescued off Tarvik and 30 were taken "
                                       "to hospital.", rescued)] == ["200"]


def test_a_count_of_people_named_by_their_nationality_answers_a_count_of_that_nation() -> None:
    question = analyse("How many Karvians went on the pilgrimage?")
    (count,) = question.parts
    assert [v.text for v in values_for(
        count, "About 20,000 Karvian pilgrims travelled to Tarvik for the pilgrimage.", question)] == ["About 20,000"]
    # Pilgrims of another nation are no answer.
    assert values_for(count, "About 20,000 Tarvikian pilgrims travelled to Karvia for the pilgrimage.", question) == []


def test_a_count_of_a_qualified_group_is_not_answered_by_a_count_of_all() -> None:
    question = analyse("How many Karvian pilgrims went to Tarvik this year?")
    (count,) = question.parts
    # All the pilgrims are not the Karvian ones.
    assert values_for(count, "More than 1.8 million pilgrims went to Tarvik this year.", question) == []
    # A people named another way is the same people; another people is not.
    american = analyse("How many American soldiers were killed?")
    assert [v.text for v in values_for(american.parts[0], "Three U.S. soldiers were killed in the attack.",
                                       american)] == ["Three"]
    assert values_for(count, "About 300 Tarvikian pilgrims went to Tarvik this year.", question) == []
    assert [v.text for v in values_for(count, "About 80,000 Karvian pilgrims went to Tarvik this year.",
                                       question)] == ["About 80,000"]


def test_a_figure_noun_before_another_noun_asks_for_the_figure() -> None:
    question = analyse("What magnitude earthquake was the Tarvik blast equivalent to?")
    (magnitude,) = question.parts
    assert magnitude.noun == "magnitude"
    assert [v.text for v in values_for(magnitude, "The Tarvik blast equalled a magnitude 3.3 earthquake.",
                                       question)] == ["3.3"]
    # "which number plate" asks for an identifier, "which figure skater" for a person: no number.
    assert not analyse("Which number plate did the Karvia truck have?").parts
    for question in ("Which figure skater won the gold medal in Tarvik?", "Which toll booth was attacked in Tarvik?"):
        assert not any(part.labels & NUMBER_LABELS for part in analyse(question).parts), question


def test_a_name_must_name_the_thing_asked_about() -> None:
    factory = analyse("What is the name of the Italian plant that could assemble the trucks?")
    (plant,) = factory.parts
    # The company is named, the plant is not.
    assert not gives(plant, "In a new report, Rossi Motori said it could assemble trucks in an Italian plant.", factory)
    assert not gives(plant, "Rossi Motori, a subsidiary of Fiat, tested the trucks with experts in Italy.", factory)
    assert gives(plant, "The trucks would be assembled at a plant called Officine Nord.", factory)
    model = analyse("What is the name of the truck Rossi Motori tested?")
    (name,) = model.parts
    # A name the recogniser does not know, given by "called".
    assert gives(name, "Rossi Motori tested a new truck called Zefiro-2 with experts in Italy.", model)
    city = analyse("Which city is Rossi Motori based in?")
    (where,) = city.parts
    assert not gives(where, "Rossi Motori tested the trucks with experts in Germany.", city)   # a country
    assert gives(where, "Rossi Motori is based in Turin.", city)


@pytest.mark.parametrize(("question", "sentence", "names"), [
    # A model written before the noun, in quotation marks or not, with a word of description between.
    ("What kind of missile hit the ferry?", "The ferry was hit by a “Karst-7” missile.", {"karst-7"}),
    ("Which missile hit the ferry?", "Tarvik says Karst-M tactical missiles are used only by its navy.", {"karst-m"}),
    ("What type of jet crashed?", "The crashed Aerion Swift 300 jet had left Tarvik at noon.",
     {"aerion swift 300"}),
    # A sentence that says what "it" was, speaking of the missile.
    ("What kind of missile hit the ferry?", "Officials said it was a Karst or a Volta, a missile of the navy.",
     {"karst", "volta"}),
    # A model by name, or a class in words that classify the thing.
    ("What kind of drone did Karvia build?", "Karvia tested a new drone model called Sirocco-2.", {"sirocco-2"}),
    ("What type of drones did Karvia ship?", "Karvia shipped 400 military drones to Tarvik.", {"military drones"}),
    ("What kind of missile hit the ferry?", "A large ballistic missile hit the ferry.", {"ballistic missile"}),
    ("What kind of missile hit the ferry?", "Two large missiles hit the ferry.", set()),   # a size, no kind
    # Whose missile it was is no model; a sentence that never speaks of a missile names none.
    ("What kind of missile hit the ferry?", "The ferry was hit by Karvian missiles.", set()),
    ("What kind of missile hit the ferry?", "The ferry sank off Tarvik, the Tarvik Coast Guard said.", set()),
])
def test_a_kind_of_artefact_is_answered_by_its_model(question: str, sentence: str, names: set[str]) -> None:
    analysis = analyse(question)
    (kind,) = analysis.parts
    assert kind.verb == "name"
    assert given_names(kind, sentence, analysis) == names


def test_a_kind_of_anything_else_asks_for_a_description() -> None:
    assert analyse("What kind of support did Karvia offer?").parts == ()
    # A general noun's kinds may be named as anything ("tear gas and batons"): an open question too.
    assert analyse("What kind of weapons did the border police use?").parts == ()


def test_a_measure_is_given_only_by_a_sentence_about_the_measured_thing() -> None:
    crater = analyse("How deep was the pit?")
    (measure,) = crater.parts
    assert not supplies(measure, "We estimate the number of deaths is at the low end of the 100-to-300 range.", crater)
    assert supplies(measure, "Engineers said the pit was about 2 metres deep.", crater)
    war = analyse("How long did the siege last?")
    (span,) = war.parts
    assert supplies(span, "The siege lasted six months.", war)


def test_a_speed_is_given_in_a_unit_of_length_per_hour() -> None:
    question = analyse("How fast was the Tarvik express running?")
    (speed,) = question.parts
    given = [values_for(speed, f"The Tarvik express was running at {text}.", question)
             for text in ("128 km/h on Friday", "100 kilometres an hour")]
    assert [[v.text for v in values] for values in given] == [["128 km"], ["100 kilometres"]]
    assert speed.missing == "the speed"
    assert dimension_of("80 miles an hour") == "speed", "a rate the recogniser keeps in the quantity"
    assert values_for(speed, "The Tarvik express was running 40 km from the station.", question) == []


def test_a_count_is_not_given_by_a_sum_of_money_or_a_date() -> None:
    analysis = analyse("How many Garpiya-3 drones have been produced?")
    (count,) = analysis.parts
    assert count.noun == "drone"
    assert not gives(count, "Russia has imported more than $100 million worth of drones since 2022.", analysis)
    assert gives(count, "The plant produced 2,400 drones last year.", analysis)


def test_a_number_in_a_name_counts_nothing() -> None:
    analysis = analyse("How many developers did Debian have in 1999?")
    (count,) = analysis.parts
    # "Debian 2.1" names a release; "more than 400" counts developers.
    assert values_for(count, "Debian 2.1 was released on 09 March, 1999, after a delay of a week.", analysis) == []
    assert [v.text for v in values_for(
        count, "At the time of release, more than 400 developers maintained its packages.", analysis)] == [
        "more than 400"]
    assert continued("Debian 2.1 was released in March 1999.").startswith("Debian 2.1")
    assert continued("Some 300 people died.") == "some 300 people died."


def test_a_count_must_count_what_was_asked_to_answer_the_question() -> None:
    analysis = analyse("How many helicopters did China send to Russia?")
    (count,) = analysis.parts
    shipped_drones = "The Telegraph found that China had shipped 1,000 military drones to Russia."
    assert gives(count, shipped_drones, analysis), "a number, but it counts drones"
    assert not supplies(count, shipped_drones, analysis)
    assert supplies(count, "China sent 40 helicopters to Russia last year.", analysis)


@pytest.mark.parametrize(
    ("question", "open_clause"),
    [
        ("What does splitext return, and how many dots can the extension contain?", True),
        ("How many people were killed, and why?", True),
        ("How many people were killed, and when?", False),
        ("Which company made the vests?", False),
    ],
)
def test_a_clause_that_asks_for_an_account_is_told_apart(question: str, open_clause: bool) -> None:
    assert analyse(question).open_clause is open_clause


@pytest.mark.parametrize(
    ("sentence", "polarity", "speaker"),
    [
        ("Foreign Ministry spokesman Lin Jian said on Friday, “The Chinese side has never provided lethal weapons "
         "to any party in the conflict.”", "denies", "Foreign Ministry spokesman Lin Jian"),
        ("The US said it had not seen any evidence that China had given Russia weapons or lethal aid.",
         "no_evidence", "The US"),
        ("China has repeatedly denied sending military equipment to Russia.", "denies", "China"),
        ('"We haven\'t seen evidence of entire systems being delivered," the "Times" quoted Hinz.',
         "no_evidence", None),
        ("According to the Telegraph, China had shipped 1,000 military drones to Russia.", "affirms",
         "the Telegraph"),
        # The parser hangs the name on the quoted verb; the phrase between the quote and "said" is the speaker.
        ("The “river keeps carrying dozens of cars”, Ilvo Merrow, minister of transport in the government that runs "
         "western Karvia, said.", "affirms",
         "Ilvo Merrow, minister of transport in the government that runs western Karvia"),
    ],
)
def test_a_sentence_is_read_for_its_speaker_and_its_polarity(sentence: str, polarity: str,
                                                            speaker: str | None) -> None:
    voice = read_voice(sentence)
    assert voice.polarity == polarity
    if speaker is not None:
        assert voice.speaker == speaker


def test_a_negated_word_of_interest_is_a_denial_even_inside_a_positive_sentence() -> None:
    sentence = 'There was "only light damage at the hospital," with "no damage to the building and no impact craters."'
    assert read_voice(sentence).polarity == "affirms"
    assert read_voice(sentence, frozenset({"crater"})).polarity == "denies"


def test_a_negation_inside_what_someone_asks_for_denies_nothing() -> None:
    focus = frozenset(content_terms("companies sell rifles to Sudan"))
    asked = ("The regulator is reviewing the complaints, and the minister urged Italy to ensure its companies "
             "do not sell such rifles.")
    assert read_voice(asked, focus).polarity == "affirms"
    assert read_voice("Italian companies did not sell rifles to Sudan.", focus).polarity == "denies"


@pytest.mark.parametrize("sentence", [
    "Satellite images showed no structural damage or craters at the site.",
    "The inspectors found no bodies, weapons or craters near the hospital.",
    # The parser hangs "cratering" on "facility", inside the phrase that "no damage" governs.
    "Analysts said there was no structural damage to the facility or large cratering in its parking lot.",
])
def test_a_negative_determiner_covers_every_noun_it_is_coordinated_with(sentence: str) -> None:
    assert read_voice(sentence).polarity == "affirms"
    assert read_voice(sentence, frozenset({"crater"})).polarity == "denies"


def test_a_negative_determiner_does_not_reach_up_a_chain_of_phrases() -> None:
    sentence = "There were no casualties among the staff of the hospital, which was hit by a rocket."
    assert read_voice(sentence, frozenset({"hospit"})).polarity == "affirms"


@pytest.mark.parametrize(("question", "core"), [
    # The subject and the place set the scene; what is asked is what happened.
    ("Did the blast leave a crater at the hospital?", {"crater", "leav"}),
    # After a copula the subject is the topic and stays.
    ("Is Beijing's neutrality in the war credible?", {"neutrality", "war", "credibl"}),
    # How it happened is not what happened: "officially neutral" says nothing of an admission.
    ("Has Karvia officially admitted to arming the rebels?", {"admitt", "admit", "arm", "rebel"}),
    # A verb counts in its dictionary form too: "denied sending" answers "has sent".
    ("Has Karvia sent drones to the rebels?", {"sent", "send", "dron", "rebel"}),
    # After "there was", the place hangs on what is said to be there: it sets the scene all the same.
    ("Was there a crater at the site of the blast?", {"crater"}),
])
def test_a_voice_must_speak_to_what_is_said_to_have_happened(question: str, core: set[str]) -> None:
    analysis = analyse(question)
    assert core_predicate_terms(analysis, predicate_terms(analysis)) == core


@pytest.mark.parametrize(("names", "text", "named"), [
    ({"beijing"}, "China said it never armed either side.", True),
    ({"china"}, "Beijing said it never armed either side.", True),
    ({"kyiv"}, "Ukrainian officials summoned the ambassador.", True),
    ({"china"}, "Russia said it never armed either side.", False),
    # An abbreviation names its country in capitals only: lower-cased, "us" is also a pronoun.
    ({"america"}, "He told us nothing.", False),
    ({"american"}, "At least 12 US service members have been killed.", True),
    ({"american"}, "The U.S. military said that 12 of its personnel died.", True),
    ({"british"}, "UK officials confirmed the figure.", True),
    ({"american"}, "Bus drivers were among the dead.", False),
])
def test_a_country_is_named_by_its_capital_or_its_other_names(names: set[str], text: str, named: bool) -> None:
    assert mentions_name(frozenset(names), text) is named


def test_hedges_and_speakers() -> None:
    assert read_voice("The drones may have been shipped through Turkey.").hedged
    assert not read_voice("The drones were shipped through Turkey.").hedged
    sentence = "Human Rights Watch said a rocket hit the hospital."
    words = sentence.split()
    assert {words[i] for i in speaker_tokens(sentence) if i < len(words)} >= {"Human", "Rights"}


def test_values_count_what_the_question_counts() -> None:
    question = analyse("How many people were killed in the blast?")
    (part,) = question.parts
    sentence = "The ministry said the strike had killed 471 Palestinians and wounded 314 others."
    assert [v.text for v in values_for(part, sentence, question)] == ["471"]
    packages = analyse("How many packages did the release contain?")
    assert values_for(packages.parts[0], "The release was made by 474 developers.", packages) == []


@pytest.mark.parametrize(("question", "sentence", "given"), [
    ("How many people were wounded?", "Officials said 471 people were killed in the blast.", []),
    ("How many people were wounded?", "At least 471 people were killed, with more than 300 wounded.",
     ["more than 300"]),
    ("How many people were injured?", "The agency reported nearly 500 deaths.", []),
    ("How many people died?", "Several dozen people lost their lives in the blast.", ["Several dozen"]),
    ("How many people died?", "Officials said 471 people were killed in the blast.", ["471"]),
    # The recogniser leaves this number untagged; it still counts the sacks.
    ("How many sacks of rye did the mill grind?", "The Brannock mill ground 900 sacks of rye.", ["900"]),
    # People are counted by who they are: "155 Chinese" are nationals.
    ("How many Chinese nationals were fighting?", "He said at least 155 Chinese were fighting.", ["at least 155"]),
    # One kind of harm in other words: "injured" answers "hurt".
    ("How many people were hurt?", "The ministry reported that 471 people were killed and 342 injured.", ["342"]),
])
def test_a_casualty_figure_counts_one_kind_of_harm(question: str, sentence: str, given: list[str]) -> None:
    analysis = analyse(question)
    assert [v.text for v in values_for(analysis.parts[0], sentence, analysis)] == given


def test_each_count_of_a_two_count_question_asks_its_own_harm() -> None:
    analysis = analyse("How many sailors drowned, and how many passengers were injured in all?")
    sailors, passengers = analysis.parts
    sentence = "Nine sailors drowned and 40 passengers were injured when the Tarvik ferry sank."
    assert [v.text for v in values_for(sailors, sentence, analysis)] == ["Nine"]
    assert [v.text for v in values_for(passengers, sentence, analysis)] == ["40"]


def test_a_count_that_names_nobody_does_not_count_one_kind_of_people() -> None:
    analysis = analyse("How many children died in the fire?")
    elided = "The mayor said 12 of the victims died in hospital, while 30 were killed at the scene."
    assert values_for(analysis.parts[0], elided, analysis) == []
    about_children = "Among the victims were many children: 30 died at the scene, the mayor said."
    assert [v.text for v in values_for(analysis.parts[0], about_children, analysis)] == ["30"]


def test_figures_and_dates_disagree_only_when_both_cannot_hold() -> None:
    def number(low: float, high: float | None = None) -> Value:
        return Value("n", "number", low=low, high=low if high is None else high)

    def date(year: int | None, month: int | None = None, day: int | None = None) -> Value:
        return Value("d", "date", date=(year, month, day))

    assert disagree(number(471), number(100, 300))
    assert not disagree(number(200), number(100, 300))
    assert not disagree(number(1000), number(1005))          # rounding
    assert disagree(number(15000), number(15400))
    assert disagree(date(1997, 6, 5), date(1997, 7))
    assert not disagree(date(1997, 6, 5), date(1997))         # one gives less, not something else
    assert not disagree(number(5), date(1997))
    # A sum of money and a count are not two answers to one question.
    assert not disagree(Value("$100 million", "number", low=1e8, high=1e8, unit="money"), number(1000))
    assert disagree(Value("$2.5m", "number", low=2.5e6, high=2.5e6, unit="money"),
                    Value("$100 million", "number", low=1e8, high=1e8, unit="money"))


def test_a_side_of_a_time_dispute_holds_times_only() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    def said(doc: str, text: str, score: float) -> Evidence:
        return Evidence(doc, f"{doc}.txt", None, f"{doc}:0", 0, len(text), text, score)

    analysis = analyse("What time did the fire start?")
    ranked = [
        said("a", "A witness said the fire started at about 6.30pm on Tuesday.", 0.60),
        said("b", "The inspectors' review suggests that on October 17 the fire started in the storeroom.", 0.58),
        said("c", "Footage aired at 18:59 local time shows the fire starting above the depot.", 0.55),
    ]
    dispute = value_dispute(analysis, ranked, voices_per_side=2)
    assert dispute is not None
    sides = [[dispute.sides[0].doc_id, *(e.doc_id for e in dispute.allies[0])],
             [dispute.sides[1].doc_id, *(e.doc_id for e in dispute.allies[1])]]
    # The date agrees with neither time: it answers another question, and stands on no side.
    assert sorted(sides) == [["a"], ["c"]]


def test_a_side_of_a_figure_dispute_is_led_by_a_voice_that_says_whose_figure_it_is() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    ranked = [Evidence(doc, f"{doc}.txt", None, f"{doc}:0", 0, len(text), text, score) for doc, text, score in [
        ("a", "Rights groups want an inquiry into the deaths of 23 people at the Tarvik fence.", 0.62),
        ("b", "According to the Karvian ombudsman, 37 people died at the Tarvik fence.", 0.61),
        ("c", "Official figures say that 23 people died at the Tarvik fence.", 0.60),
    ]]
    dispute = value_dispute(analyse("How many people died at the Tarvik fence?"), ranked, 2)
    assert dispute is not None
    # Of the two sentences giving 23, the one that names whose figure it is leads its side.
    assert {dispute.sides[0].doc_id, dispute.sides[1].doc_id} == {"b", "c"}


def test_a_figure_the_reporter_could_not_confirm_is_still_its_sources_figure() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence
    from rag.voices import read_voice

    caveat = ("The Karvian Observatory reported 29 dead at the Tarvik fence, but the figure could not "
              "immediately be confirmed.")
    voice = read_voice(caveat)
    assert voice.polarity == "affirms" and voice.hedged
    ranked = [Evidence(doc, f"{doc}.txt", None, f"{doc}:0", 0, len(text), text, score) for doc, text, score in [
        ("a", "The Karvian Observatory said 27 people died at the Tarvik fence.", 0.62),
        ("b", caveat, 0.60),
    ]]
    dispute = value_dispute(analyse("How many people died at the Tarvik fence?"), ranked, 2)
    assert dispute is not None and {dispute.sides[0].doc_id, dispute.sides[1].doc_id} == {"a", "b"}


def test_a_figure_about_what_the_sentence_before_named_can_be_a_rival() -> None:
    from dataclasses import replace

    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    named = "The Tarvik ferry left Karvia harbour on Monday."
    described = "The ferry had a crew of 21 members."
    ranked = [
        Evidence("c", "c.txt", None, "c:0", 0, 44, "The Tarvik ferry had a crew of 22 members.", 0.62),
        Evidence("b", "b.txt", None, "b:1", len(named) + 1, len(named) + 1 + len(described), described, 0.60),
        Evidence("b", "b.txt", None, "b:0", 0, len(named), named, 0.50),
    ]
    dispute = value_dispute(analyse("How many crew were on the Tarvik ferry?"), ranked, 2)
    # "The ferry" is the Tarvik ferry the sentence before it names.
    assert dispute is not None and {dispute.sides[0].doc_id, dispute.sides[1].doc_id} == {"b", "c"}
    # A noun the sentence before uses for something else does not refer back to the name.
    other_ship = "The Tarvik ferry left port while another ship waited nearby."
    elsewhere = [ranked[0], replace(ranked[1], text="The ship had a crew of 21 members."),
                 replace(ranked[2], text=other_ship, end=len(other_ship))]
    elsewhere[1] = replace(elsewhere[1], start=len(other_ship) + 1, end=len(other_ship) + 1 + len(elsewhere[1].text))
    assert value_dispute(analyse("How many crew were on the Tarvik ferry?"), elsewhere, 2) is None
    # A subject the sentence before does not describe ("the footage") may be about anything else.
    footage = "The footage shows a crew of 21 members."
    other = [ranked[0], replace(ranked[1], text=footage, end=ranked[1].start + len(footage)), ranked[2]]
    assert value_dispute(analyse("How many crew were on the Tarvik ferry?"), other, 2) is None
    # Without that sentence, nothing says which ship had 21.
    assert value_dispute(analyse("How many crew were on the Tarvik ferry?"), ranked[:2], 2) is None


def test_temperatures_that_differ_are_disputed_but_not_across_scales() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    question = analyse("What was the highest temperature in Tarvik?")
    (part,) = question.parts
    both = "Temperatures in Tarvik climbed as high as 51.8 degrees Celsius (125 degrees Fahrenheit), officials said."
    reaching = "The pilgrims walked in Tarvik amid extreme heat, with temperatures reaching 48 degrees Celsius."
    # "temperatures reaching 48 degrees": the figure is the temperature's, though no word of it hangs on 48.
    assert [v.text for v in values_for(part, reaching, question)] == ["48 degrees Celsius"]
    # The same heat in two scales is one reading, not two rivals.
    assert [v.unit for v in values_for(part, both, question)] == ["", "fahrenheit"]
    ranked = [Evidence(doc, f"{doc}.txt", None, f"{doc}:0", 0, len(text), text, score)
              for doc, text, score in [("a", both, 0.62), ("b", reaching, 0.60)]]
    dispute = value_dispute(question, ranked, 2)
    assert dispute is not None and {dispute.sides[0].doc_id, dispute.sides[1].doc_id} == {"a", "b"}
    # A count the parse calls a quantity is not the reach of its own noun: "roughly 2,000 migrants
    # approached" counts who approached, not how many were pushed back.
    # Nor is what a thing carried its weight: only a verb of reaching makes a measure its subject's.
    heavy = analyse("How heavy was the Tarvik?")
    assert values_for(heavy.parts[0], "The Tarvik carried 4,700 tonnes of cargo.", heavy) == []
    pushed = analyse("How many migrants were pushed back into Karvia?")
    approached = "On June 24, roughly 2,000 migrants approached the fences between Tarvik and Karvia."
    assert values_for(pushed.parts[0], approached, pushed) == []


def test_a_length_the_question_names_as_one_of_two_is_a_rival_however_it_ranks() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    question = analyse("how long is the Tarvik, 948 or 985 feet?")
    long_ship = "The 985-foot-long Karvian-registered ship called Tarvik struck the bridge."
    # "How long is …" may ask a span of time or a length: a length, when the question names one.
    assert [v.text for part in question.parts for v in values_for(part, long_ship, question)] == ["985-foot-long"]
    voyage = analyse("how long was the Tarvik's planned voyage?")
    assert [v for part in voyage.parts for v in values_for(part, long_ship, voyage)] == []
    jam = analyse("How long was the 5 km traffic jam near Tarvik?")
    assert [v for part in jam.parts for v in values_for(part, long_ship, jam)] == []
    ranked = [Evidence(doc, f"{doc}.txt", None, f"{doc}:0", 0, len(text), text, score) for doc, text, score in [
        ("a", "The Karvian-flagged Tarvik is a 948-foot ship with a crew of 22.", 0.41),
        ("c", "The port of Tarvik handled 948 ships last year.", 0.38),
        ("b", long_ship, 0.20),
    ]]
    dispute = value_dispute(question, ranked, 2)
    # The 985-foot sentence ranks far below, but gives a figure the question itself names.
    assert dispute is not None and {dispute.sides[0].doc_id, dispute.sides[1].doc_id} == {"a", "b"}
    # A figure that only says what is asked about is no answer offered: no floor is lifted for it.
    assert figures_offered("How many of the 300 passengers died?") == []


def test_a_figure_dispute_is_about_the_figure_not_about_one_partys_figure() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    ranked = [Evidence(doc, f"{doc}.txt", None, f"{doc}:0", 0, len(text), text, score) for doc, text, score in [
        ("a", "The ministry said 471 people were killed in the fire.", 0.6),
        ("b", "Intelligence officials estimated that 100 to 300 people were killed in the fire.", 0.55),
    ]]
    assert value_dispute(analyse("What was the death toll of the fire?"), ranked, 2) is not None
    # Asked for what one party, described rather than named, put it at: no other figure is its rival.
    asked = analyse("What death count did the health authorities put on the fire?")
    assert asked.asks_for_a_partys_figure and value_dispute(asked, ranked, 2) is None


def test_a_figure_of_another_year_is_no_rival_to_the_asked_years() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    def said(doc: str, start: int, text: str, score: float) -> Evidence:
        return Evidence(doc, f"{doc}.txt", None, f"{doc}:0", start, start + len(text), text, score)

    released = said("a", 0, "Version 2 was released in March 1999 after a delay.", 0.5)
    ranked = [
        said("a", len(released.text) + 1, "At the time of release, more than 400 volunteers maintained it.", 0.6),
        said("b", 0, "There were about sixty volunteers in the first years of the project.", 0.58),
        released,
    ]
    # Asked for 1999, the count of the first years is no rival; asked without a year, it is.
    assert value_dispute(analyse("How many volunteers did the project have in 1999?"), ranked, 2) is None
    assert value_dispute(analyse("How many volunteers did the project have?"), ranked, 2) is not None


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("China has sent Russia enough military equipment to outfit an army.", True),
        ("# Chinese Drones for Ukraine.", False),
        ("- drones and helicopters were shipped in May.", False),
        ("while simultaneously pushing false claims about that country.", False),
        ("“The Chinese side has never provided lethal weapons to any party in the conflict.", False),
        ("China Is Sending Military Aid To Russia", False),
        ("( – China is reportedly supplying Russia with helicopters.", False),
        ("Is China neutral?", False),
    ],
)
def test_only_whole_sentences_are_answer_units(text: str, clean: bool) -> None:
    assert is_clean_unit(text) is clean


def test_sentences_that_lean_on_the_one_before_are_recognised() -> None:
    assert leans_on_context("That allegation has now been disproven by none other than Kiev.")
    assert not leans_on_context("Kiev has disproven the allegation.")
    assert leans_on_context("This is another reason why relations plummeted.")
    assert leans_on_context("They were sent to Russia last year.")
    # A quantifying pronoun alone leaves its noun in the sentence before; before a noun it does not.
    assert leans_on_context("Another, three minutes later, described an attack on Tel Aviv.")
    assert not leans_on_context("Another investigation found that China had shipped drones to Russia.")
    # "Both … and …" joins two names it gives; "Both said …" leaves them in the sentence before.
    assert not leans_on_context("Both Karvian envoy Ana Ruiz and Tarvik's mayor said the ferry had been hit.")
    assert leans_on_context("Both said the ferry had been hit.")
    # An "it" that stands for the clause after it points nowhere.
    assert not leans_on_context("It is unclear which kind of mine sank the ferry.")
    assert not leans_on_context("It was reported that the ferry sank within minutes.")
    assert leans_on_context("It sank within minutes.")
    assert leans_on_context("It said the ferry sank.")
    # Nor does an "it" that only carries a span up to what the sentence names; "500 metres long" is a thing's.
    assert not leans_on_context("It was 20 miles before the next detector on the Tarvik line.")
    assert leans_on_context("It was 500 metres long and very old.")


def test_a_demonstrative_before_a_concrete_noun_still_says_what_the_sentence_is_about() -> None:
    # "Such"/"these" before a concrete noun name the subject; before a shell noun ("admission",
    # "claims") they stand for a proposition stated elsewhere.
    assert not leans_on_context("Such optical sights were sent to more than 50 Russian companies last year.")
    assert not leans_on_context("These drones were destined for Ukraine, according to the Times.")
    assert points_back("This admission does not mean that the state is arming Ukraine.")
    assert points_back("Those claims are false.")


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("According to the documents, who wrote the piece?", "who wrote the piece?"),
        ("Who in these documents rejects the claim?", "Who rejects the claim?"),
        ("Across the corpus, what items reached Russia?", "what items reached Russia?"),
        # "Which sources …" asks for sources: its words stay.
        ("Which sources say China armed Russia?", "Which sources say China armed Russia?"),
    ],
)
def test_words_about_the_collection_itself_are_not_searched(question: str, searched: str) -> None:
    assert search_text(question) == searched


def test_a_possessive_is_the_word_it_belongs_to() -> None:
    from rag.text import content_terms

    assert content_terms("Russia's war and China’s drones") == content_terms("Russia war and China drones")


def test_a_plain_negation_knows_what_it_negates() -> None:
    # The condition is not negated: only matching files are.
    voice = read_voice("If the pattern is followed by an os.sep, then files will not match.")
    assert voice.polarity == "denies"
    assert "pattern" not in voice.negated_scope and "match" in voice.negated_scope
    assert "weapon" in read_voice("China has never provided lethal weapons to any party.").negated_scope
    # The subject is outside the negation: this says nothing against the government's being aware.
    assert "govern" not in read_voice("The government may not want to admit it, the official said.").negated_scope
    # A denial verb's object may be worded freely: no scope limits it.
    assert read_voice("China denied the allegations.").negated_scope == frozenset()


def test_a_photo_caption_is_not_an_answer_sentence() -> None:
    assert not is_clean_unit("Drone photo of a Karvia Rail freight train that derailed in Tarvik, Feb. 4, 2023.")
    assert not is_clean_unit("File image of the Tarvik dam before it was breached in June.")
    # A sentence that says something of a picture is evidence.
    assert is_clean_unit("Video footage of the blast showed two flashes over the Tarvik hospital.")


def test_a_credit_line_in_capitals_is_not_an_answer_sentence() -> None:
    assert not is_clean_unit("Maxar Technologies/Handout via REUTERS THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.")
    assert is_clean_unit("The US and the UK said NATO would meet in Brussels.")


def test_a_place_named_by_its_peoples_adjective_is_not_a_new_answer() -> None:
    analysis = analyse("In which Chinese city is the factory where the company planned to build the drone?")
    (city,) = analysis.parts
    assert not gives(city, "The company tested the drone with the aid of local experts in China.", analysis)
    assert gives(city, "The company planned to build the drone in a factory in Shenzhen.", analysis)


def test_a_name_the_question_refers_to_by_its_head_noun_is_not_a_new_answer() -> None:
    analysis = analyse("Which company made the munition that struck the hospital grounds?")
    (company,) = analysis.parts
    assert not gives(company, "A munition struck the grounds of al-Ahli Arab Hospital on Tuesday.", analysis)
    assert gives(company, "The munition was made by Almaz-Antey Corporation in 2019.", analysis)


def test_a_leaning_sentence_about_something_else_cannot_answer_on_its_own() -> None:
    analysis = analyse("In which Chinese city is the factory where the company planned to build the drone?")
    assert not speaks_to_the_question("This could permit the weapons to be used in Ukraine.", analysis)
    assert speaks_to_the_question("This factory is in Shenzhen, the company said.", analysis)
    assert speaks_to_the_question("Officials in Kyiv said so on Monday.", analysis)  # stands on its own


def test_when_is_answered_by_an_event_but_a_date_is_not() -> None:
    sentence = "The investigation found that China had shipped 1,000 drones to Russia before the invasion."
    when = analyse("How many drones did China ship to Russia, and when?")
    date_part = next(part for part in when.parts if part.labels & DATE_LABELS)
    assert gives(date_part, sentence, when)
    on_what_date = analyse("On what date did China ship the drones to Russia?")
    (date_only,) = on_what_date.parts
    assert not gives(date_only, sentence, on_what_date)


def test_asking_which_outlet_reported_makes_the_reporter_the_answer() -> None:
    outlets = analyse("Which news agency broke the story that drones were shipped to Russia?")
    assert outlets.asks_for_source
    (outlet,) = outlets.parts
    assert gives(outlet, "Drones were shipped to Russia, Reuters reported.", outlets)
    assert not analyse("Which company made the vests?").asks_for_source


def test_a_question_about_the_collections_sources_is_told_apart_from_a_topical_one() -> None:
    from rag.question import asks_about_the_sources, has_a_topic, reporters

    general = analyse("Which news organisations' reporting do the documents rely on?")
    topical = analyse("Which news organisations reported the hospital blast?")
    assert asks_about_the_sources(general) and not has_a_topic(general)
    # Both gather one source at a time; only the topical one has passages to rank them by.
    assert asks_about_the_sources(topical) and has_a_topic(topical)
    assert not asks_about_the_sources(analyse("Which drones did the factory build?"))
    assert reporters("Drones were shipped to Russia, Reuters reported.", general) == ["reuters"]
    assert reporters("Reuters is a news agency based in London.", general) == []


def ranked_documents(texts: list[str]) -> list[Evidence]:
    """One sentence per document, ranked in the order given."""
    return [Evidence(f"d{i}", f"d{i}.txt", None, f"d{i}:0", 0, len(t), t, 0.6 - i * 0.01) for i, t in enumerate(texts)]


def test_a_third_figure_at_odds_with_both_sides_is_left_out() -> None:
    from rag.disagreement import value_dispute

    analysis = analyse("How many people were killed in the blast?")
    texts = [
        "A civil defence chief said 300 people were killed in the blast.",
        "The health ministry said 471 people were killed in the blast.",
        "An official said several dozen people were killed in the blast.",
    ]
    conflict = value_dispute(analysis, ranked_documents(texts), voices_per_side=2)
    assert conflict is not None
    quoted = [conflict.sides[0].text, conflict.sides[1].text, *[e.text for side in conflict.allies for e in side]]
    assert texts[0] in quoted and texts[1] in quoted
    assert texts[2] not in quoted  # dozens disagrees with 300 and with 471: it is on neither side


def test_rival_figures_on_one_side_of_the_lead_stand_together() -> None:
    """"Several dozen" and "100 to 300" differ, but both say fewer died than the lead's 471."""
    from rag.disagreement import value_dispute

    texts = ["The health ministry said 471 people were killed in the Tarvik blast.",
             "Hospital officials said 471 people were killed in the Tarvik blast.",
             "US intelligence estimated that 100 to 300 people were killed in the Tarvik blast.",
             "A spokesman said several dozen people were killed in the Tarvik blast."]
    conflict = value_dispute(analyse("How many people were killed in the Tarvik blast?"), ranked_documents(texts), 2)
    assert conflict is not None
    assert {conflict.sides[1].text, *(e.text for e in conflict.allies[1])} == set(texts[2:])
    # A figure far below the others is no estimate of the same count.
    texts[3] = "A spokesman said 9 people were killed in the Tarvik blast."
    conflict = value_dispute(analyse("How many people were killed in the Tarvik blast?"), ranked_documents(texts), 2)
    assert conflict is not None and not any("9 people" in e.text for e in conflict.allies[1])


def test_a_figure_given_as_counted_leads_rather_than_one_given_about() -> None:
    """"About 100 were injured" agrees with 87 and with 109, which disagree: it cannot lead a side."""
    from rag.disagreement import value_dispute

    texts = ["According to the ministry, about 100 people were injured in the Tarvik strike.",
             "The governor said 87 people were injured in the Tarvik strike.",
             "Another 109 people were injured in the Tarvik strike, the railway said.",
             "Officials said 109 people were injured in the Tarvik strike."]
    conflict = value_dispute(analyse("How many people were injured in the Tarvik strike?"), ranked_documents(texts), 2)
    assert conflict is not None
    assert {conflict.sides[0].text, conflict.sides[1].text} & {texts[2], texts[3]}
    assert texts[1] in {conflict.sides[0].text, conflict.sides[1].text}


@pytest.mark.parametrize(
    ("question", "name"),
    [("How many Garpiya-3 drones were produced?", "garpiya-3"), ("When was the G3 tested?", "g3"),
     ("Is the MQ-9 Reaper used by Ukraine?", "mq-9"), ("What was the code name of Debian 0.93R6?", "0.93r6")],
)
def test_a_model_designator_is_a_specific_name(question: str, name: str) -> None:
    assert name in analyse(question).specific_names
    assert not analyse("What changed in the 1990s?").specific_names
    assert not analyse("What changed in version 2.0?").specific_names


@pytest.mark.parametrize(("sentence", "after_a_comma"), [
    ("The US said it had not seen any evidence.", "the US said it had not seen any evidence."),
    ("China last week denied providing weapons.", "China last week denied providing weapons."),
    # The small tagger takes this name for a common noun; a bare singular subject is a name.
    ("Zelenskyy previously said 155 Chinese were fighting.", "Zelenskyy previously said 155 Chinese were fighting."),
    ("Insiders claim that businesses provided weapons.", "insiders claim that businesses provided weapons."),
])
def test_a_sentence_continued_after_a_comma_keeps_names_capitalised(sentence: str, after_a_comma: str) -> None:
    from rag.units import continued

    assert continued(sentence) == after_a_comma


def test_a_person_the_small_recogniser_misreads_does_not_name_anyone() -> None:
    question = analyse("What is the name of the clinic's director?")
    (part,) = question.parts
    # The small model tags both as PERSON: a plural common noun, and a hospital's name.
    assert not gives(part, "Bloodstains and torched cars could be seen in the hospital courtyard.", question)
    assert not gives(part, "Wounded Palestinians wait for treatment in al-Shifa Hospital in Gaza City, central Gaza "
                           "Strip, after arriving from al-Ahli Arab Hospital following an explosion there.", question)
    assert gives(part, "The clinic's director is Dr. Ahmed Mokhallalati.", question)
    # A town in a dateline, tagged PERSON.
    worker = analyse("What was the name of the rescue worker at the scene?")
    assert worker.parts[0].labels == frozenset({"PERSON"})
    assert not gives(worker.parts[0], "Kramatorsk, Ukraine: Dozens of people have died after rockets struck a train "
                                      "station in the eastern Ukrainian city of Kramatorsk.", worker)


def test_a_negative_implicative_denies_what_it_leaves_undone() -> None:
    refrained = read_voice("He refrained from disclosing the Chinese company involved.")
    assert refrained.polarity == "denies" and "disclos" in refrained.negated_scope
    # Leaving a speech act undone denies the speech act only: not the arming it would have named.
    avoided = read_voice("Western leaders have avoided directly accusing the Chinese government of arming Russia.")
    assert avoided.polarity == "denies" and avoided.negated_scope == frozenset({"accus"})
    # A second main verb carries the claim; "did not fail to" is no denial.
    assert read_voice("He refrained from naming the company, but asserted that China sends weapons.").polarity == (
        "affirms")
    assert read_voice("The ministry did not fail to report the shipment.").polarity != "denies"


def test_a_report_the_writer_calls_false_sides_by_what_the_question_asks() -> None:
    from rag.disagreement import stances
    from rag.schemas import Evidence

    text = "The West has falsely claimed that the Chinese state is supplying Russia with weapons."
    assert read_voice(text).discredits_report
    evidence = [Evidence("d0", "d0.txt", "Is Beijing neutral?", "d0:0", 0, len(text), text, 0.6)]
    about_the_supply = stances(analyse("Is China supplying Russia with weapons?"), evidence, same_words=False)
    about_the_claim = stances(analyse("Has the West claimed that China is supplying Russia with weapons?"),
                              evidence, same_words=False)
    assert [s.stance for s in about_the_supply] == ["denies"]
    assert about_the_supply[0].evidence.speaker == "Is Beijing neutral?"   # the writer's voice, not the West's
    assert [s.stance for s in about_the_claim] == ["affirms"]
    # A false report of a negation is the writer's word for the positive (typographic apostrophe too).
    text = ("The West has falsely claimed since around the start of this year that the Chinese state is secretly "
            "supplying Russia, which disqualifies it from mediating in the war since it isn’t neutral.")
    evidence = [Evidence("d0", "d0.txt", "Is Beijing neutral?", "d0:0", 0, len(text), text, 0.6)]
    assert [s.stance for s in stances(analyse("Is China neutral?"), evidence, same_words=False)] == ["affirms"]


def test_what_is_left_of_a_dateline_is_not_part_of_the_sentence() -> None:
    sentence = "( – China is reportedly supplying Russia with drones, despite its (official) neutrality."
    assert sentence[leading_marks(sentence):].startswith("China is reportedly")
    assert leading_marks("(Reuters) – China said it sends no weapons.") == 0


def test_a_position_conceded_only_to_be_contradicted_is_denied() -> None:
    neutral = frozenset({"neutral"})
    for sentence in [
        "Despite its official claim of neutrality, China is supplying Russia with helicopters.",
        "China, for all its claims that it is a neutral actor, is, in fact, supporting Russia's positions.",
        "In spite of its neutral stance, China has shipped drones to Russia.",
    ]:
        assert read_voice(sentence, neutral, head=neutral).polarity == "denies", sentence
    # Conceding something other than what the proposition predicates is no denial of it:
    # "China sends drones while claiming to be neutral" is affirmed, not denied, by the first sentence.
    assert read_voice("Despite its official claim of neutrality, China is supplying Russia with drones.",
                      frozenset({"neutral", "suppli", "drone"}), head=frozenset({"suppli"})).polarity == "affirms"
    assert read_voice("China is officially neutral.", neutral, head=neutral).polarity == "affirms"


def test_a_count_of_the_harmed_is_no_rival_to_a_count_of_all() -> None:
    question = analyse("How many Chinese nationals were fighting for the Russian army?")
    part = question.parts[0]
    (fighting,) = values_for(part, "He said at least 155 Chinese nationals were fighting for the Russian army.",
                             question)
    captured = values_for(part, "It followed the capture of two Chinese nationals fighting for the Russian army.",
                          question)
    # The two captured are among the 155: no rival count (a count of the harmed answers no "how many were
    # fighting" at all).
    assert not any(disagree(fighting, other) for other in captured)
    killed = analyse("How many people were killed?")
    (a,) = values_for(killed.parts[0], "Officials said 471 people were killed in the blast.", killed)
    (b,) = values_for(killed.parts[0], "US intelligence estimated 100 to 300 people killed in the blast.", killed)
    assert disagree(a, b)


def test_a_figure_the_question_attributes_to_someone_must_be_theirs() -> None:
    question = analyse("What death toll did Human Rights Watch itself arrive at after its investigation?")
    (part,) = question.parts
    assert part.missing == "the death toll"
    assert not supplies(part, "A US intelligence report estimated the death toll at 100 to 300.", question)
    assert supplies(part, "Human Rights Watch put the death toll at 100.", question)
    # A name inside the subject does not give the figure: the release does.
    release = analyse("How many packages did the release named after Hamm contain?")
    assert supplies(release.parts[0], "It contained over 1500 packages.", release)


def test_times_of_day_are_values_that_can_disagree() -> None:
    question = analyse("What time did the explosion happen?")
    (part,) = question.parts
    (early,) = values_for(part, "He said the blast took place at about 6.30pm local time on Tuesday.", question)
    (late,) = values_for(part, "The footage shows the impact occurring at 6.59pm local time.", question)
    (same,) = values_for(part, "The footage shows the impact occurring at 18:58 local time.", question)
    assert early.kind == late.kind == "time"
    assert disagree(early, late)          # "about 6.30" allows a quarter of an hour, not half an hour
    assert not disagree(late, same)       # a minute apart: one time, reported twice


@pytest.mark.parametrize(("sentence", "given"), [
    ("The library implements version 2.4.1 of the protocol.", True),
    ("Support arrived in v3.", True),
    ("The library implements the protocol described at example.org.", False),
    ("The library was downloaded 300 times.", False),     # a count is not a version
])
def test_which_version_is_answered_only_by_a_version_number(sentence: str, given: bool) -> None:
    analysis = analyse("Which version of the protocol does the library implement?")
    (part,) = analysis.parts
    assert part.missing == "the version"
    assert gives(part, sentence, analysis) is given


def test_a_figure_is_an_answer_only_from_the_subject_the_question_names() -> None:
    # Written for this test: the figure belongs to another country than the one asked about.
    analysis = analyse("How much did Portugal spend on Brazilian coffee last year?")
    (part,) = analysis.parts
    assert analysis.giver == frozenset({"portugal"})
    assert not supplies(part, "Spain spent $40 million on Brazilian coffee last year.", analysis)
    assert supplies(part, "Portuguese importers spent $12 million on Brazilian coffee last year.", analysis)


def test_what_holds_a_figure_is_no_party_that_must_give_it() -> None:
    analysis = analyse("Roughly how many binary packages did Sarge contain?")
    assert analysis.giver == frozenset()
    assert supplies(analysis.parts[0], "There were around 15,000 binary packages maintained by 900 people.",
                    analysis)
    # What a copula measures is no giver either: the distance of Tarvik need not be Tarvik's word.
    distance = analyse("How far downstream is Tarvik?")
    assert distance.giver == frozenset()
    # A name that only says which event it was ("the Tarvik blast") gives nothing; a body of a named party
    # ("the Karvian military") does.
    assert analyse("What date did the Tarvik blast happen on?").giver == frozenset()
    assert analyse("How many people did the Israeli military say were killed?").giver == frozenset({"israeli"})
    assert supplies(distance.parts[0], "Volunteers said the town of Tarvik, 40 kilometres downstream, was flooded.",
                    distance)


@pytest.mark.parametrize(("question", "specific"), [
    ("When was Debian 12 Bookworm released?", {"debian 12 bookworm"}),
    ("What toll did Human Rights Watch arrive at?", {"human rights watch"}),
    # A description the recogniser tags as an organisation names no one in particular: a sentence about
    # the US estimate that disputes it need not say "health ministry" to answer.
    ("Who disputes the health ministry's death toll?", set()),
])
def test_only_a_name_proper_must_be_mentioned_by_the_answer(question: str, specific: set[str]) -> None:
    assert analyse(question).specific_names == specific


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # The giver says it, even when the parser takes the figure for the subject of "said".
    ("How many people did Israel say were killed?",
     "Several dozen people lost their lives in the blast, not nearly 500 as Hamas had claimed, a spokesperson "
     "for the Israeli Ministry of Foreign Affairs said Wednesday.", True),
    # Israel acts, but says nothing: a figure of its own doing is not what it said.
    ("How many people did Israel say were killed?",
     "Israel has responded to a rampage by gunmen who killed 1,400 Israelis.", False),
    # Named in another role.
    ("How many people did Israel say were killed?",
     "Palestinian officials blamed an Israeli airstrike for the blast that killed 471 people.", False),
    # Not a verb of saying: the giver must act.
    ("What death toll did Human Rights Watch arrive at?",
     "Human Rights Watch counted 120 dead after its investigation.", True),
    ("What death toll did Human Rights Watch arrive at?",
     "The ministry said 471 people were killed, according to a summary by Human Rights Watch.", False),
    # The common ways a figure is given besides "X said".
    ("How many people did Israel say were killed?",
     "According to the Israeli military, about 50 people were killed in the blast.", True),
    ("How many people did Israel say were killed?", "Israeli officials put the number of dead at about 50.", True),
])
def test_a_figure_asked_of_a_named_giver_must_come_from_them(question: str, sentence: str, given: bool) -> None:
    from rag.values import from_the_giver

    analysis = analyse(question)
    assert analysis.giver
    assert from_the_giver(analysis, sentence) is given


def test_a_source_is_named_by_its_initials_only_in_capitals() -> None:
    from rag.disagreement import names_source

    assert names_source(("human", "rights", "watch"), "HRW said the rocket misfired.")
    assert not names_source(("ian", "thompson"), "A Hamas official said it was biased.")
    # The other way round: the initials asked for, the full name written.
    assert names_source(("kmo",), "The Karvian Maritime Office said the ferries were late.")
    assert not names_source(("kmo",), "The Karvian office said the ferries were late.")


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # "hundreds of X": the figure counts the noun of its "of" phrase.
    ("How many soldiers were killed?", "Hundreds of civilians were killed in the shelling.", []),
    ("How many people were killed?", "Hundreds of civilians were killed in the shelling.", ["Hundreds"]),
    # A figure that does not say what it counts answers a question about people in general only.
    ("How many soldiers were killed?", "Officials say hundreds were killed in the shelling.", []),
    ("How many people were killed?", "Officials say hundreds were killed in the shelling.", ["hundreds"]),
    ("How many soldiers were killed?", "Officials say 40 soldiers were killed in the shelling.", ["40"]),
    ("How many Israelis were killed?", "Officials say hundreds were killed in the shelling.", []),
    # Figures of things are read as the parse places them, named or not.
    ("What death toll did the ministry give?", "The ministry gave a death toll of 471.", ["471"]),
    ("How many drones did Germany send?", "Germany sent 500 to Ukraine last year.", ["500"]),
    # A bare figure counts no kind of people the sentence does not name: "38 died" is no count of children.
    ("How many children died in the crush?", "At least 38 died in the crush.", []),
    ("How many countries did the 26 Karvian dead come from?",
     "The ministry put the total at 26 foreign nationals from 15 countries.", ["15"]),
    # Children by another name, and a parent "of three".
    ("How many kids did Aron Vell have?", "Relatives say Aron Vell has six children.", ["six"]),
    ("How many kids did Aron Vell have?", "Aron Vell, a father of three, was missing.", ["three"]),
    ("How many workers were missing?", "Aron Vell, a father of three, was missing.", []),
    # A crew counted by its members.
    ("How many crew were on the Tarvik?", "The Tarvik had a crew of 22 members on board.", ["22"]),
    ("How many crew were on the Tarvik?", "The ferry had a 21-member crew, most of them Karvians.", ["21"]),
    ("How many crew were on the Tarvik?", "The ferry had a crew of 22 on board.", ["22"]),
    ("How many crew were on the Tarvik?", "The Tarvik carried 21 crew members.", ["21"]),
    ("How many crew were on the Tarvik?", "All 22 members of the crew were safe.", ["22"]),
    # A measure before a noun gives the dimension its adjective names, or else a length.
    ("How wide was the lane?", "They were trapped in a narrow 3.2-meter-wide lane.", ["3.2-meter"]),
    ("How wide was the lane?", "The site is a steep 40-meter back lane off the main street.", []),
    ("How fast was the wind?", "A 40-mph wind hit the coast.", ["40-mph"]),   # a speed before its noun
    # A measure whose unit is what is counted; a count of people whose root is no unit is not one.
    ("How many knots was the Tarvik doing?", "The Tarvik was doing eight knots.", ["eight knots"]),
    ("How many migrants were pushed back?", "Roughly 2,000 migrants approached the Karvia fence.", []),
])
def test_a_figure_counts_what_it_names(question: str, sentence: str, given: list[str]) -> None:
    analysis = analyse(question)
    assert [v.text for v in values_for(analysis.parts[0], sentence, analysis)] == given


def test_a_size_is_the_measured_things_and_may_be_named_before_it() -> None:
    """"How fast was the Tarvik going?" asks the ferry's speed, not a figure the Tarvik gives; a report
    that named the ferry just before says "the ship" after."""
    analysis = analyse("How fast was the Tarvik going when it hit the pier?")
    assert not analysis.giver and analyse("How deep did Karvia say the charges were?").giver == {"karvia"}
    sentence = "It was travelling at about eight knots, port officials said."
    assert supplies(analysis.parts[0], sentence, analysis, SentenceContext(before="The Tarvik left Karvia at dawn."))
    assert not supplies(analysis.parts[0], sentence, analysis, SentenceContext(before="A storm hit Karvia."))
    # Nor does a title that names it make any measure of its report the Tarvik's.
    assert not supplies(analysis.parts[0], "Winds reached 40 mph overnight.", analysis,
                        SentenceContext(title="The Tarvik hits a pier"))


@pytest.mark.parametrize(("question", "asked"), [
    ("Aron Vell - how many children did he have?", "how many children did Aron Vell have?"),
    ("The Tarvik: where was it headed?", "where was The Tarvik headed?"),
    ("the death toll - what was it?", "what was the death toll?"),
    ("Aron Vell - how many children?", "Aron Vell - how many children?"),        # no pronoun to stand for it
    ("Vell said it was fine - is that true?", "Vell said it was fine - is that true?"),   # a clause, no topic
    ("How many died - and when?", "How many died - and when?"),
])
def test_a_question_led_by_its_topic_is_asked_with_the_topic(question: str, asked: str) -> None:
    assert with_its_topic(question) == asked


def test_a_facility_asked_by_its_kind_is_named_as_that_kind() -> None:
    """"Which shipyard …?" is not answered by the port a ship sailed to, though both are facilities."""
    analysis = analyse("Which shipyard in Karvia is repairing the Tarvik?")
    assert analysis.parts and "FAC" in analysis.parts[0].labels
    assert not supplies(analysis.parts[0], "The Tarvik has arrived at the Port of Karvia to undergo repairs.",
                        analysis)
    assert supplies(analysis.parts[0], "The Tarvik is being repaired at the Karvia Marine Shipyard.", analysis)


def test_a_number_followed_by_a_unit_is_a_measure() -> None:
    """The small recogniser reads "about eight knots" as the number "about eight"."""
    assert [(e.text, e.label_) for e in parse("The ferry was travelling at about eight knots.").ents] == [
        ("about eight knots", "QUANTITY")]
    assert [(e.text, e.label_) for e in parse("It sailed 12 nautical miles.").ents] == [
        ("12 nautical miles", "QUANTITY")]
    assert [e.label_ for e in parse("About 40 people were rescued.").ents] == ["CARDINAL"]


def test_a_measure_or_a_destination_is_searched_in_the_words_its_answer_is_given_in() -> None:
    assert "knots" in answer_search_terms("how fast was the ferry going?").split()
    assert "width" in answer_search_terms("How wide was the lane?").split()
    assert "bound" in answer_search_terms("Where was the ferry headed?").split()
    assert answer_search_terms("Where did the ferry sink?") == ""
    assert answer_search_terms("How many people died?") == ""



@pytest.mark.parametrize(("sentence", "names"), [
    # A name the recogniser calls a person, that names a building: no person.
    ("A satellite image shows Al-Ahli hospital after the blast.", set()),
    ("Flights resumed at Kennedy airport on Monday.", set()),
    ("The hospital is run by its director, Ahmed Saleh.", {"ahmed saleh"}),
])
def test_a_place_named_after_someone_names_no_person(sentence: str, names: set[str]) -> None:
    assert any(ent.label_ == "PERSON" for ent in parse(sentence).ents), "the recogniser must see a person here"
    analysis = analyse("What is the name of the director of the hospital?")
    assert given_names(analysis.parts[0], sentence, analysis) == names


def test_a_person_who_names_a_government_is_still_a_person() -> None:
    analysis = analyse("Who leads the government?")
    assert given_names(analysis.parts[0], "The Netanyahu government approved the plan.", analysis) == {"netanyahu"}


def test_a_vague_span_of_time_dates_nothing() -> None:
    conference = analyse("On what date did Zelenskyy hold the news conference?")
    date = conference.parts[0]
    assert not supplies(date, "Zelenskyy held a news conference in Kyiv in recent days.", conference)
    assert supplies(date, "Zelenskyy held a news conference in Kyiv on 8 April.", conference)


def test_a_count_of_those_who_did_something_is_not_a_count_of_the_dead() -> None:
    pushed = analyse("How many migrants were pushed back into Morocco?")
    part = pushed.parts[0]
    assert values_for(part, "Officials said 13 migrants had died of their injuries.", pushed) == []
    assert [v.text for v in values_for(part, "The forces managed to push back 450 migrants.", pushed)] == ["450"]


def test_a_giver_described_in_a_document_that_names_it_gives_the_figure() -> None:
    """"A statement released by the NGO" in an article titled after Amnesty is Amnesty's figure."""
    toll = analyse("What toll did Amnesty International come up with?")
    part = toll.parts[0]
    sentence = "According to a statement released by the NGO, 37 people died in the attempt."
    assert not supplies(part, sentence, toll)
    assert supplies(part, sentence, toll, SentenceContext(title="Amnesty International puts Melilla toll at 37"))
    assert not supplies(part, sentence, toll, SentenceContext(title="Morocco says 23 died at Melilla"))
    # "The ministry" is no description of Amnesty International, whatever the title says.
    ministry = "The ministry said 37 people died in the attempt."
    assert not supplies(part, ministry, toll, SentenceContext(title="Amnesty International puts Melilla toll at 37"))


def test_a_death_count_is_not_answered_by_those_who_did_something_else() -> None:
    died = analyse("How many people died in the crossing attempt?")
    part = died.parts[0]
    assert values_for(part, "Authorities said about 2,000 people tried to climb the iron fence.", died) == []
    assert [v.text for v in values_for(part, "The health ministry said the toll stood at 471.", died)] == ["471"]
    assert [v.text for v in values_for(part, "Official numbers say 23 people died, while UN experts put the "
                                              "death toll at 37.", died)] == ["23", "37"]
    # "49 guards sustained injuries" counts the injured, not a toll, whatever the verb's object says.
    assert values_for(part, "Spanish officials said 49 Civil Guards sustained minor injuries.", died) == []


def test_how_many_of_them_counts_the_noun_the_copula_gives() -> None:
    question = analyse("Which cities were the wounded treated in, and how many of them were migrants?")
    count = question.parts[1]
    assert count.noun == "migrant"
    assert values_for(count, "The ministry said 76 civilians were injured along with 140 officers.", question) == []


def test_a_partitive_figure_counts_its_noun() -> None:
    """"470 of the migrants" counts migrants, whatever verb the report uses for what was done to them."""
    question = analyse("How many of the migrants were returned straight to Moroccan soil?")
    sentence = "According to a report produced by the ombudsman, 470 of the migrants were sent back onto Moroccan soil."
    assert [v.text for v in values_for(question.parts[0], sentence, question)] == ["470"]


def test_a_giver_named_after_its_description_is_the_name() -> None:
    """The recogniser tags only "Moroccan" in "the Moroccan human rights association AMDH"; the giver is
    the association, named by the proper noun at the end."""
    assert analyse("What death toll did the Moroccan human rights association AMDH put out?").giver == {"amdh"}
    assert analyse("What toll did Human Rights Watch arrive at?").giver == {"human rights watch"}


def test_a_quotation_over_several_sentences_is_also_read_whole() -> None:
    from index.sentences import split_sentences
    from rag.evidence import with_whole_quotations

    text = ('NATO called the reports concerning. "China has become a key facilitator. China cannot continue '
            'without consequences," a NATO spokesperson said. The allies would discuss it.')
    units = [text[s.start : s.end] for s in with_whole_quotations(text, split_sentences(text))]
    whole = ('"China has become a key facilitator. China cannot continue without consequences," '
             'a NATO spokesperson said.')
    assert whole in units
    assert "China has become a key facilitator." not in units   # the speaker's words, not the writer's
    assert "NATO called the reports concerning." in units and "The allies would discuss it." in units
    # A quotation opened after its speaker is read whole with the speaker's name.
    text = ('One villager, Vitaly Stepinok, told Reuters: "I heard an explosion. It was just a bang, and I saw '
            'white smoke." He added more.')
    units = [text[s.start : s.end] for s in with_whole_quotations(text, split_sentences(text))]
    assert text[: text.index(" He added")] in units
    assert 'One villager, Vitaly Stepinok, told Reuters: "I heard an explosion.' not in units


def test_a_straight_mark_that_opens_a_second_quotation_closes_none() -> None:
    """Two callers quoted in turn, the second quotation left open: its sentence opens a quotation, it
    closes none, so the first quotation is read whole once (and reading it never fails)."""
    from index.sentences import split_sentences
    from rag.evidence import with_whole_quotations

    text = ('The first call came at 6 p.m. with one caller saying, "We might get crushed here. '
            'I think police need to act." Ten more calls came later. A second caller said, "There are so '
            'many people that they are falling. Please come.')
    units = [text[s.start : s.end] for s in with_whole_quotations(text, split_sentences(text))]
    first = text[: text.index(" Ten more")]
    assert units.count(first) == 1
    assert 'A second caller said, "There are so many people that they are falling.' in units
    # A mark right after words closes, though a comma follows it.
    text = 'Vell said: "We could not move. I thought we would die", she told reporters. Then help came.'
    units = [text[s.start : s.end] for s in with_whole_quotations(text, split_sentences(text))]
    assert text[: text.index(" Then")] in units


def test_every_corpus_text_reads_into_units_within_it() -> None:
    """Real reports leave quotation marks unmatched in many ways: reading any of the suite's texts into
    sentences and whole quotations never fails, and every unit is a span of the text."""
    from pathlib import Path

    from index.sentences import split_sentences
    from rag.evidence import with_whole_quotations

    files = sorted((Path(__file__).resolve().parents[2] / "corpus").glob("*/*.txt"))
    assert len(files) > 100
    for path in files:
        text = path.read_text(encoding="utf-8")
        units = with_whole_quotations(text, split_sentences(text))
        assert len(set(units)) == len(units), path.name   # no quotation read twice
        for unit in units:
            assert 0 <= unit.start < unit.end <= len(text), path.name


def test_those_who_tried_are_not_those_who_made_it() -> None:
    through = analyse("How many people got through to Spain?")
    assert values_for(through.parts[0], "About 2,000 people tried to climb the iron fence.", through) == []
    assert [v.text for v in values_for(through.parts[0], "Just 133 people managed to reach Spain.", through)] == ["133"]
    tried = analyse("How many people tried to cross the fence?")
    assert [v.text for v in values_for(tried.parts[0], "Around 2,000 people tried to cross the fence.", tried)] == [
        "Around 2,000"]


def test_what_time_asks_for_a_time_of_day() -> None:
    """"8.30am" is often tagged ORG by the small recogniser; a clock time is read by pattern. A day is no
    time of day, and "what time of year" asks for a date."""
    question = analyse("What time did the attempt to cross begin?")
    (part,) = question.parts
    assert part.missing == "the time of day"
    assert gives(part, "The attempt took place on June 24, 2022 at 8.30am when a group approached.", question)
    assert gives(part, "About 2,000 people tried to cross the fence at dawn on Friday.", question)
    assert not gives(part, "The association, in a series of tweets on Saturday, called for an inquiry.", question)
    assert "DATE" in analyse("What time of year did it happen?").parts[0].labels


def test_who_calls_for_something_is_the_answer_to_who_demanded_it_not_its_attribution() -> None:
    """"X called for an investigation" reports a demand, the act asked about; "X said …" reports words."""
    demand = "The Moroccan Association for Human Rights (AMDH), in a series of tweets, called for an investigation."
    assert speaker_tokens(demand) == set()
    question = analyse("Who demanded an investigation into the deaths?")
    (part,) = question.parts
    assert given_names(part, demand, question)
    report = "The AMDH said the investigation had not begun."
    assert speaker_tokens(report)   # still the attribution of what is said


@pytest.mark.parametrize(("question", "names", "subject"), [
    # The small tagger reads "Zelenskyy" as a common noun and the recogniser tags nothing.
    ("Is Zelenskyy blaming the Chinese government itself, or not?", {"zelenskyy", "chinese"}, {"zelenskyy"}),
    ("Did President Zelenskyy say China supplies arms?", {"zelenskyy", "china"}, {"zelenskyy"}),   # no title
])
def test_a_capitalised_name_the_recogniser_misses_is_still_a_name(question: str, names: set[str],
                                                                  subject: set[str]) -> None:
    analysis = analyse(question)
    assert names <= analysis.names and "president" not in analysis.names
    assert subject_names(analysis) == subject


def test_or_not_is_no_part_of_the_proposition() -> None:
    assert analyse("Is Zelenskyy blaming the Chinese government itself, or not?").proposition == (
        "Zelenskyy is blaming the Chinese government itself")


def test_a_figure_of_those_who_underwent_harm_counts_them() -> None:
    """"49 Civil Guards sustained minor injuries" counts the injured guards: it answers how many were
    hurt, not how many died, nor how many of the injured were taken to hospital."""
    from rag.values import values_for

    sentence = "Spanish officials said 49 Civil Guards sustained minor injuries."
    hurt = analyse("How many Civil Guards were hurt?")
    assert hurt.parts[0].missing == "the number of Civil Guards"
    assert [v.text for v in values_for(hurt.parts[0], sentence, hurt)] == ["49"]
    others = ("How many Civil Guards died?", "How many of the injured Civil Guards had to be taken to hospital?")
    for question in others:
        analysis = analyse(question)
        assert values_for(analysis.parts[0], sentence, analysis) == []


def test_a_name_is_the_same_with_or_without_its_accents() -> None:
    assert mentions_name(frozenset({"pedro sánchez"}), "Spanish Prime Minister Pedro Sanchez condemned it.")
    assert mentions_name(frozenset({"pedro sanchez"}), "Pedro Sánchez on Saturday condemned it.")
    assert content_terms("Sánchez in Cáceres") == content_terms("Sanchez in Caceres")


def test_who_is_answered_by_whoever_fills_the_asked_role_named_or_not() -> None:
    """"Who does Sánchez blame for the violence?" is answered by "… which he blamed on 'mafias who
    traffic in human beings'", though mafias are no named entity; a sentence that names no one in that
    role does not answer it."""
    question = analyse("Who does Pedro Sánchez blame for the violence?")
    (part,) = question.parts
    assert gives(part, "Pedro Sanchez condemned the assault, which he blamed on “mafias who traffic in people.”",
                 question)
    assert not gives(part, "Pedro Sanchez condemned the assault on Friday.", question)
    built = analyse("Who built the fence?")
    assert not gives(built.parts[0], "The fence was built in 1998.", built)


def test_a_distance_is_given_by_a_measurement_not_by_a_date_or_a_stray_numeral() -> None:
    analysis = analyse("How far can the Garpiya-3 fly?")
    part = analysis.parts[0]
    assert not supplies(part, "The Garpiya-3, one of the new models, was tested this year.", analysis)
    assert supplies(part, "The Garpiya-3 can fly 2,000 kilometres.", analysis)


def test_those_an_act_was_done_to_are_not_what_is_counted() -> None:
    """"operating on the wounded" says on whom the surgeons operate: the count is of surgeons, so a count of
    the wounded is no answer, and the surgeons' count is."""
    question = "How many surgeons were operating on the wounded at the same time?"
    analysis = analyse(question)
    part = analysis.parts[0]
    assert [v.text for v in values_for(part, "30-40 surgeons are operating on them at once, said the mayor.",
                                       analysis)] == ["30-40"]
    assert not values_for(part, "At least 39 people were killed and 87 wounded on Friday.", analysis)
    graves = analyse("How many graves were being dug for the dead migrants?")
    assert not supplies(graves.parts[0], "The death toll among the migrants is 27 dead.", graves)


@pytest.mark.parametrize(("sentence", "places"), [
    # The place of another clause of a sentence about the question's subject is no answer.
    ("The leader spoke at a news conference in Kyiv, days after saying that the drone factory employs Chinese "
     "workers.", []),
    ("The drone factory is in the city of Izhevsk, officials said.", ["izhevsk"]),
    # A sentence that uses no word of the question gives no sign against its place.
    ("It stands on the outskirts of Izhevsk.", ["izhevsk"]),
    # A place that acts stands for its government.
    ("It will be important for Beijing to see how the drone factory works.", []),
])
def test_a_place_must_be_where_the_asked_thing_is(sentence: str, places: list[str]) -> None:
    analysis = analyse("In which city is the drone factory?")
    assert sorted(given_names(analysis.parts[0], sentence, analysis)) == places


def test_a_count_of_a_kind_answers_a_count_of_its_general_noun() -> None:
    analysis = analyse("How many vehicles next to the station were destroyed?")
    part = analysis.parts[0]
    sentence = "The journalists said four cars next to the station had been destroyed."
    assert [v.text for v in values_for(part, sentence, analysis)] == ["four"]
    # The kinds go one way only: a count of vehicles does not say how many of them were cars.
    cars = analyse("How many cars next to the station were destroyed?")
    assert not values_for(cars.parts[0], "Nine vehicles next to the station were destroyed.", cars)


def test_who_speaks_of_judges_or_sees_an_event_is_no_party_to_it() -> None:
    maker = analyse("Which company made the munition that struck the hospital?")
    assert not given_names(maker.parts[0], "A munition that Human Rights Watch has not been able to identify hit "
                                            "the hospital.", maker)
    assert given_names(maker.parts[0], "The munition was made by the China North Industries Corporation, the report "
                                        "found.", maker)
    spokesperson = analyse("What is the name of the delegation's spokesperson?")
    assert not given_names(spokesperson.parts[0], "Prime Minister Pedro Sánchez condemned the violent assault.",
                           spokesperson)
    # Asking who judged it makes the judge the answer.
    condemned = analyse("Who condemned the assault?")
    assert given_names(condemned.parts[0], "Prime Minister Pedro Sánchez condemned the violent assault.", condemned)


def test_a_publication_its_description_names_is_no_person() -> None:
    question = analyse("What is the name of the official who spoke first?")
    assert not given_names(question.parts[0], "The film was released by French daily Le Monde and German weekly "
                                              "magazine Der Spiegel.", question)


def test_an_organisation_in_another_clause_made_nothing() -> None:
    maker = analyse("Which company made the munition that struck the hospital?")
    assert not given_names(maker.parts[0], "A doctor at the hospital spoke to Reuters about the munition.", maker)
    assert given_names(maker.parts[0], "Norinco Group made the munition that struck the hospital.", maker)
    # Asked which agency reported it, the reporter is the answer wherever it stands.
    agency = analyse("Which news agency reported the strike on the hospital?")
    assert given_names(agency.parts[0], "According to Reuters, the strike on the hospital killed dozens.", agency)


@pytest.mark.parametrize(("sentence", "named"), [
    ("The United Nations called for an investigation into the blast at the hospital.", False),
    ("AFP correspondents at the hospital saw dozens of bodies.", False),
    ("IEMZ Kupol developed and tested a new drone model.", True),
])
def test_a_subject_organisation_answers_only_by_the_asked_act(sentence: str, named: bool) -> None:
    question = analyse("Which company built the drone that hit the hospital?")
    assert bool(given_names(question.parts[0], sentence, question)) is named


def test_how_long_is_answered_by_a_span_of_time_not_by_a_number_in_a_name() -> None:
    analysis = analyse("How long had the jet been flying before it crashed?")
    part = analysis.parts[0]
    assert supplies(part, "The plane burned up on impact after being in the air for about half-an-hour.", analysis)
    assert not supplies(part, "The Embraer Legacy 600 executive jet had been flying from Moscow.", analysis)
    assert not supplies(part, "There were ten people on board the jet.", analysis)


def test_which_airport_is_named_by_the_airport_not_the_city() -> None:
    analysis = analyse("Which Moscow airport did the jet leave from?")
    part = analysis.parts[0]
    assert given_names(part, "The plane was traveling from Moscow's Sheremetyevo International Airport to St. "
                             "Petersburg.", analysis) == {"sheremetyevo international airport"}
    assert not given_names(part, "The jet left Moscow on its way to St. Petersburg.", analysis)


def test_a_figure_of_standing_is_a_person_and_a_speaker_who_is_the_asked_one_is_named() -> None:
    assert analyse("Which senior Wagner figure was on the passenger list?").parts[0].labels == frozenset({"PERSON"})
    villager = analyse("What is the name of the villager who told Reuters he saw white smoke?")
    assert given_names(villager.parts[0], 'One villager, 72-year-old Vitaly Stepinok, told Reuters: "I saw white '
                                          'smoke."', villager) == {"vitaly stepinok"}


def test_what_date_is_answered_by_a_calendar_date_of_the_act_not_a_relative_one_or_the_saying() -> None:
    analysis = analyse("On exactly what date did German prosecutors first issue the warrant for the diver?")
    part = analysis.parts[0]
    assert supplies(part, "German prosecutors issued the warrant on June 14, 2024.", analysis)
    assert not supplies(part, "Last year, German prosecutors issued a warrant for a Volodymyr Z.", analysis)
    assert not supplies(part, "Poland arrested a man wanted on a German warrant, prosecutors said Tuesday, "
                              "September 30.", analysis)


def test_what_hour_needs_a_clock_time_and_what_depth_a_measurement() -> None:
    hour = analyse("At what exact hour did the dam give way?")
    assert hour.parts[0].labels == frozenset({"TIME"}) and hour.parts[0].missing == "the hour"
    assert supplies(hour.parts[0], "The dam collapsed at 2:50 am.", hour)
    assert not supplies(hour.parts[0], "On the night of June 6, the dam was blown up.", hour)
    depth = analyse("At what depth were the explosive charges placed?")
    assert depth.parts[0].labels == frozenset({"QUANTITY"})
    assert supplies(depth.parts[0], "The charges were placed at a depth of 80 metres.", depth)
    assert not supplies(depth.parts[0], "Divers placed the explosive charges on the pipes.", depth)


def test_an_amount_is_read_through_its_unit_to_what_it_measures() -> None:
    analysis = analyse("How much methane escaped from the ruptured pipelines?")
    part = analysis.parts[0]
    found = values_for(part, "The sabotage released up to 150,000 tons of methane gas into the atmosphere, making "
                             "it one of the largest methane leaks ever recorded.", analysis)
    assert [(v.low, v.high) for v in found] == [(0.0, 150000.0)]   # "one of the … leaks" counts leaks
    released = values_for(part, "It meant the release of 300,000 tonnes of methane.", analysis)
    assert [v.high for v in released] == [300000.0]


@pytest.mark.parametrize(("question", "places"), [
    ("How many people have been evacuated from Oleshky so far?", {"oleshky"}),   # the recogniser says PERSON
    ("How many people were killed at the station in Kramatorsk?", {"kramatorsk"}),
    ("How many people died in the Mykolaiv region?", {"mykolaiv"}),
    ("How many Chinese nationals were fighting in Ukraine?", set()),     # a country is seldom repeated
    ("How many people died in the Melilla crossing attempt?", set()),    # names the event, not its place
    ("How many drones did China send to Russia in 2023?", set()),
])
def test_the_place_of_the_asked_act_is_read_from_the_parse(question: str, places: set[str]) -> None:
    assert places_of_the_act(analyse(question)) == places


def test_the_pronoun_one_counts_nobody() -> None:
    analysis = analyse("How many people have been evacuated from the town?")
    assert not values_for(analysis.parts[0], "The mayor said it is impossible to evacuate by one’s own means.",
                          analysis)


def test_the_name_of_the_asked_object_is_not_its_maker() -> None:
    analysis = analyse("Which company built the dam?")
    part = analysis.parts[0]
    assert not given_names(part, "Cities were submerged after the dam at the Nova Kakhovka Hydroelectric Power "
                                 "Station’s dam was destroyed on June 6.", analysis)
    assert given_names(part, "The dam was built by Hydroproekt, a Soviet design institute.", analysis) == {
        "hydroproekt"}


def test_one_of_a_group_does_not_say_how_many_it_has() -> None:
    analysis = analyse("How many divers took part in the operation?")
    part = analysis.parts[0]
    assert not values_for(part, "He was suspected of being one of the divers who planted the devices.", analysis)
    assert [v.high for v in values_for(part, "Six divers took part in the operation.", analysis)] == [6.0]


@pytest.mark.parametrize(("sentence", "skipped"), [
    ("'Within days, Zelensky approved the plan, according to the four people familiar with the plot.", 1),
    ("'We will win,' he said.", 0),                # closed in the sentence
    ("Russia's army said so.", 0),                 # an apostrophe
])
def test_a_pull_quote_opened_in_single_quotes_is_left_out_of_the_sentence(sentence: str, skipped: int) -> None:
    assert leading_marks(sentence) == skipped


def test_a_question_whether_the_sources_agree_compares_their_accounts() -> None:
    assert compares_accounts("How many people died? Do the reports agree?")
    assert compares_accounts("Do the outlets agree on the death toll?")
    assert not compares_accounts("How many people died?")
    assert not compares_accounts("Where do the sources disagree?")


def test_a_photographer_credited_before_a_sentence_is_nobody_the_report_names() -> None:
    question = analyse("Which official confirmed the death in the region?")
    (part,) = question.parts
    assert not gives(part, "REUTERS/Alexander Petrov The death toll from the floods has grown to 16 in the region.",
                     question)
    assert gives(part, "Regional governor Maria Lindqvist said the death toll had risen to 12.", question)
    company = analyse("Which company made the shell that struck the depot?")
    (maker,) = company.parts
    assert not gives(maker, "Source: AAP, AP / Abed Khaled An army spokesperson said the figures were inflated.",
                     company)


def test_an_officer_named_right_after_the_institution_is_a_person() -> None:
    question = analyse("Which police official confirmed the death?")
    (part,) = question.parts
    # The small recogniser reads "the City Police Anna Berglund" as one organisation.
    assert gives(part, "This was reported by the head of the traffic department of the City Police Anna Berglund.",
                 question)


def test_a_calendar_date_is_a_day_and_dates_the_asked_act() -> None:
    question = analyse("On what date did prosecutors issue the arrest warrant?")
    (part,) = question.parts
    assert supplies(part, "Prosecutors issued the arrest warrant on March 3, 2021.", question)
    assert supplies(part, "Prosecutors issued the arrest warrant on Tuesday.", question)
    # A year is not a date, and a day that dates something else does not date the warrant.
    assert not supplies(part, "A man was arrested over the 2021 attack on the depot.", question)
    assert not supplies(part, "The depot burned down on March 3, 2021, leaving the town without fuel.", question)


@pytest.mark.parametrize(("name", "text", "named"), [
    ("the Jerusalem Post", "03_jpost_toll_rises.txt", True),          # a website's compact name
    ("New York Times", "https://www.nytimes.com/2022/04/08/world", True),
    ("Washington Post", "washingtonpost.com", True),
    ("State Department", "Under Secretary of State Jane Roe told senators", True),
    ("Defence Ministry", "the Ministry of Defence said on Friday", True),
    ("Foreign Ministry", "the Ministry of Foreign Affairs", True),
    ("State Department", "the state of the art", False),
    ("Defence Ministry", "the health ministry said on Friday", False),
    # An acronym of a full name that opens a sentence after "The".
    ("KMO", "The Karvian Maritime Office said on Friday", True),
    ("KMO", "The Karvian office said on Friday", False),
])
def test_a_name_may_be_written_in_another_of_its_forms(name: str, text: str, named: bool) -> None:
    assert mentioned(name, text) is named


@pytest.mark.parametrize(("question", "compares"), [
    ("How do the army and the rebels differ on who shelled the bridge?", True),
    ("What does the ministry say about the shelling, and does the mayor agree?", True),
    ("What do the different witnesses say they saw?", True),
    ("Who shelled the bridge? The reports don't seem to line up on this.", True),
    ("Are there conflicting accounts of the shelling?", True),
    ("How does the second dialect differ from the first?", False),   # differs from something, not a source
    ("What did the mayor say about the shelling?", False),
])
def test_a_question_may_ask_for_several_accounts_without_asking_whether_they_agree(question: str,
                                                                                   compares: bool) -> None:
    assert compares_accounts(question) is compares


@pytest.mark.parametrize(("question", "one_party"), [
    ("According to the coroner's report, how many people died in the fire?", True),
    ("How many were hurt according to the fire brigade's statement?", True),
    ("How many people died in the fire, per the city council?", True),
    ("According to the documents, how many people died in the fire?", False),
    ("How many people died in the fire, according to reports?", False),
    ("How many people died in the fire?", False),
])
def test_a_figure_asked_of_one_partys_account_is_that_partys(question: str, one_party: bool) -> None:
    # Another party's different figure is then no dispute about the answer (``rag.disagreement.value_dispute``).
    assert analyse(question).asks_for_a_partys_figure is one_party


def test_an_alternative_after_a_comma_is_no_part_of_the_proposition() -> None:
    """"Whole rifles, or only parts?" asks whether whole rifles arrived: the second alternative denies it."""
    assert analyse("Have whole rifles from Norway reached Chile, or only spare parts?").proposition == (
        "whole rifles from Norway have reached Chile")


def test_how_much_with_a_verb_of_paying_asks_for_money() -> None:
    analysis = analyse("How much will it cost to rebuild the bridge?")
    assert [sorted(part.labels) for part in analysis.parts] == [["MONEY"]]
    cost = analysis.parts[0]
    assert gives(cost, "The rebuilding will cost about $40 million, the ministry said.", analysis)
    assert not gives(cost, "Three spans of the bridge fell into the river.", analysis)


def test_an_amount_of_a_thing_is_not_a_bare_count_of_another() -> None:
    """"How much fuel was on board?" is not answered by "ten people on board": a bare number answers
    it only where the sentence speaks of fuel, a measure with its unit wherever it stands."""
    analysis = analyse("How much fuel was on board the ferry?")
    fuel = analysis.parts[0]
    assert not gives(fuel, "There were ten passengers and three crew members on board the ferry.", analysis)
    assert gives(fuel, "The ferry carried 40 tonnes of fuel when it sank.", analysis)
    assert gives(fuel, "The ferry's tanks held 40 of fuel, the harbour master said.", analysis)
    # The rule is for "how much X": a count of what was asked is still a count.
    toll = analyse("What toll did the rescuers give?")
    assert gives(toll.parts[0], "Rescuers said 37 people died in the fire.", toll)


def test_the_name_of_a_person_by_role_needs_the_role_named() -> None:
    """"What was the name of the ferry's captain?": a sentence that never says "captain" names somebody
    else; one that speaks of the captain without naming him gives no name either."""
    analysis = analyse("What was the name of the ferry's captain?")
    captain = analysis.parts[0]
    assert not gives(captain, "The ferry's owner, Lars Berg, was once an ally of Mayor Anna Holm.", analysis)
    assert not gives(captain, "Police named the ferry's captain, who survived, as the prime suspect.", analysis)
    assert gives(captain, "The ferry's captain, Lars Berg, survived the sinking.", analysis)


def test_those_taken_to_hospital_are_a_harm_counted_apart() -> None:
    """"98 people were hospitalised" is no count of those waiting on a platform, and no rival to "109
    injured": the injured are counted apart from those taken to hospital."""
    waiting = analyse("How many people were waiting on the platform when the train came?")
    assert values_for(waiting.parts[0], "Officials said 98 people were hospitalized after the crash.", waiting) == []
    assert values_for(waiting.parts[0], "About 400 people were waiting on the platform.", waiting)
    in_hospital = analyse("How many people were hospitalized?")
    (taken,) = values_for(in_hospital.parts[0], "Officials said 98 people were hospitalized.", in_hospital)
    injured = analyse("How many people were injured?")
    (hurt,) = values_for(injured.parts[0], "Officials said 109 people were injured.", injured)
    assert not disagree(taken, hurt)


@pytest.mark.parametrize(("question", "core"), [
    # A passive asks of what was done to: the recorders, not a flight, nor bodies "found".
    ("Were the flight recorders found?", {"recorder"}),
    ("Was the ferry's black box recovered?", {"box", "recover"}),
    # The doer of an active verb is the actor, read apart.
    ("Did the blast leave a crater at the hospital?", {"leav", "crater"}),
])
def test_the_core_of_a_proposition_keeps_what_was_done_to(question: str, core: set[str]) -> None:
    analysis = analyse(question)
    assert core_predicate_terms(analysis, predicate_terms(analysis)) == core


def test_what_nationality_asks_for_a_people() -> None:
    analysis = analyse("What nationality were most of the sailors on board?")
    (part,) = analysis.parts
    assert part.labels == frozenset({"NORP"})
    assert gives(part, "Forty sailors (mostly Filipinos) were on board the tanker.", analysis)
    assert not gives(part, "Forty sailors were on board the tanker when it sank off Malta.", analysis)


def test_a_peoples_adjective_names_no_person() -> None:
    """"Which judge …?" is not answered by "the Moroccan and Spanish security forces" or "French daily Le
    Monde"; "Which nationals …?" is by "155 Chinese"."""
    judge = analyse("Which judge led the Spanish inquiry?")
    assert not gives(judge.parts[0], "The tragedy was confirmed by the Moroccan and Spanish security forces.", judge)
    assert gives(judge.parts[0], "Judge Ana Ruiz led the inquiry into the deaths.", judge)
    nationals = analyse("Which foreign nationals were fighting for the army?")
    assert gives(nationals.parts[0], "At least 155 Chinese were fighting with the army.", nationals)


def test_which_judge_needs_a_judge_named_but_which_diplomat_does_not_need_the_word() -> None:
    judge = analyse("Which judge led the inquiry into the sinking?")
    assert not gives(judge.parts[0], "The inquiry into the sinking opened after pressure from Pedro Alves.", judge)
    assert gives(judge.parts[0], "Judge Ana Ruiz led the inquiry into the sinking.", judge)
    diplomat = analyse("Which Ruritanian diplomat criticised the sinking?")
    assert gives(diplomat.parts[0], "Ruritania's Deputy Foreign Minister, Jan Kowal, criticised the sinking.", diplomat)


def test_a_size_is_given_in_a_unit_of_what_is_asked() -> None:
    """"How tall is the fence?" is not answered by "12 square kilometres" (an area) nor by "2,000 people"
    (which the recogniser may tag as a quantity); "six metres" answers it, and "40 tonnes" answers "How
    heavy was the load?" but not "How deep was the pit?"."""
    tall = analyse("How tall is the harbour fence?")
    assert not supplies(tall.parts[0], "The harbour fence encloses an area of only 12 square kilometres.", tall)
    assert not supplies(tall.parts[0], "Roughly 2,000 migrants approached the harbour fence.", tall)
    assert supplies(tall.parts[0], "The harbour fence is six metres tall.", tall)
    deep = analyse("How deep was the pit at the harbour?")
    assert not supplies(deep.parts[0], "A 40-tonne load fell into the pit at the harbour.", deep)
    heavy = analyse("How heavy was the load that fell at the harbour?")
    assert supplies(heavy.parts[0], "The load that fell at the harbour weighed 40 tonnes.", heavy)
    # A measure before a noun is the thing's own length: it says nothing of how deep the thing lies.
    pipes = analyse("How deep were the Tarvik pipelines at the blast sites?")
    assert not supplies(pipes.parts[0], "The 1,200-kilometer Tarvik pipelines still hold gas at the blast sites.",
                        pipes)
    assert supplies(pipes.parts[0], "The Tarvik pipelines lie 80 metres deep at the blast sites.", pipes)


def test_a_name_with_a_possessive_is_named_without_it() -> None:
    """"Ruritania's interior ministry" is named by "the Ruritanian Ministry of the Interior"."""
    from rag.text import mentions_name

    assert mentions_name(frozenset({"ruritania's interior ministry"}),
                         "The Ruritanian interior ministry said the report was false.")
    assert not mentions_name(frozenset({"ruritania's interior ministry"}), "Borduria's interior ministry said so.")


@pytest.mark.parametrize(("question", "source"), [
    ("What did Ruritania's interior ministry say about the shell?", ("ruritania", "interior", "ministry")),
    ("What did the Bordurian police report about the crash?", ("bordurian", "police")),
    ("What did the ministry say about the shell?", ()),       # no party named: anyone's ministry
    ("What did Ruritania's president say about the shell?", ()),   # a person is named by name, not office
])
def test_an_institution_of_a_named_party_is_a_source_whose_words_are_asked(question: str,
                                                                          source: tuple[str, ...]) -> None:
    from rag.disagreement import reporting_source

    assert reporting_source(question) == source


@pytest.mark.parametrize(("question", "sentence", "given"), [
    ("What was the tail number of the ferry?", "Ten bodies and the two life rafts were recovered.", False),
    ("What was the tail number of the ferry?", "The ferry, registration TR-02795, sank on Monday.", True),
    ("What was the flight number?", "Flight RU417 left Tarvik at noon.", True),
    ("Which airline operated the flight?", "The private jet operated the flight from Paris to Lyon.", False),
    ("Which airline operated the flight?", "Tarvik Air operated the flight.", True),
])
def test_an_identifier_or_an_airline_is_asked_for_by_its_kind(question: str, sentence: str, given: bool) -> None:
    """"The tail number" names a code, not a count of ferries; "which airline" asks for an organisation."""
    analysis = analyse(question)
    assert analysis.parts and gives(analysis.parts[0], sentence, analysis) is given


@pytest.mark.parametrize(("sentence", "given"), [
    ("Prime Minister Juan Ruiz visited the delegation in Tarvik on Saturday.", False),
    ("Juan Ruiz, the prime minister, visited the delegation in Tarvik.", False),
    ("Its prime minister, Juan Ruiz, visited the delegation in Tarvik.", False),
    ("The delegation spokesman Juan Ruiz visited the fence in Tarvik on Friday.", True),
    ("Juan Ruiz visited the delegation in Tarvik on Friday.", True),   # no title: may be anyone
])
def test_a_person_titled_otherwise_is_not_the_asked_role(sentence: str, given: bool) -> None:
    analysis = analyse("Who is the spokesperson for the delegation in Tarvik?")
    assert gives(analysis.parts[0], sentence, analysis) is given


def test_the_name_of_a_role_is_given_by_a_name_titled_with_that_role() -> None:
    analysis = analyse("What's the name of the elderly villager who told the BBC he saw smoke?")
    sentence = 'One villager, 72-year-old Juan Ruiz, told the BBC: "I saw white smoke."'
    assert gives(analysis.parts[0], sentence, analysis)


def test_a_year_is_no_identifier() -> None:
    analysis = analyse("What was the flight number?")
    assert not gives(analysis.parts[0], "The flight left Tarvik in 2022.", analysis)


@pytest.mark.parametrize(("sentence", "given"), [
    ("The ferry that went down in the Normandy region was carrying ten people.", False),
    ("The ferry left Paris on Monday.", False),
    ("The ferry, which had been sailing from Paris to London, sank near the coast.", True),
    ("The ferry was bound for London when it sank.", True),
])
def test_where_a_journey_was_headed_is_answered_by_its_end(sentence: str, given: bool) -> None:
    analysis = analyse("Where was the ferry headed?")
    assert gives(analysis.parts[0], sentence, analysis) is given


def test_where_something_happened_is_no_destination_question() -> None:
    analysis = analyse("Where did the ferry sink?")
    assert gives(analysis.parts[0], "The ferry sank near Lisbon on Monday.", analysis)


def test_who_a_named_party_says_did_it_is_answered_by_that_partys_words_only() -> None:
    analysis = analyse("Who does Karvia say sank the ferry?")
    assert analysis.asks_within_a_partys_words and not analysis.asks_for_source
    (part,) = analysis.parts
    # A verb joined to a denial, or a participle clause on it, has the denier as its subject; the
    # adjective of a people on a body that acts for a state names that side.
    karvias = "Karvia denied attacking the ferry and claimed it was sunk by the Tarvikian navy."
    assert supplies(part, karvias, analysis)
    assert supplies(part, "Karvia denied the attack, accusing Tarvik of staging it.", analysis)
    others = "Tarvikian officials said a Karvian submarine sank the ferry."
    assert not supplies(part, others, analysis)
    # "Who said …?" asks for the speaker, whose words are any party's.
    assert not analyse("Who said the ferry sank?").asks_within_a_partys_words


def test_n_of_whom_counts_the_people_named_before() -> None:
    analysis = analyse("How many Tarvikians were arrested by Karvia?")
    sentence = "He said 40 Tarvikians were working at the port – six of whom were arrested by Karvia last week."
    assert [v.text for v in values_for(analysis.parts[0], sentence, analysis)] == ["six"]
    assert analysis.parts[0].missing == "the number of Tarvikians"


@pytest.mark.parametrize(("question", "reporter"), [
    # The parser takes "say" for an auxiliary of the verb after it: the word order still tells.
    ("Which missile does Karvia say hit the ferry?", ["Karvia"]),
    ("How many people does the Tarvik Coastguard say drowned?", ["Tarvik", "Coastguard"]),
    ("What did Karvia say about the ferry?", []),   # what was said, asked whole
    ("Who said the ferry sank?", []),
])
def test_a_party_named_between_the_auxiliary_and_say_is_whose_words_are_asked(question: str,
                                                                               reporter: list[str]) -> None:
    from rag.question import inverted_reporter

    assert [t.text for t in inverted_reporter(parse(question))] == reporter
    assert analyse(question).asks_within_a_partys_words == bool(reporter)


@pytest.mark.parametrize("sentence", [
    "Built to carry gas to Tarvik, the 1,200-kilometer pipelines are not in operation.",   # a size of each
    "Three leaks occurred on the Baltic Sea's Karvia Stream 1 and 2 pipelines on Monday.",   # a second name
])
def test_a_size_or_a_name_number_before_the_noun_does_not_count_it(sentence: str) -> None:
    analysis = analyse("How many pipelines were damaged?")
    assert values_for(analysis.parts[0], sentence, analysis) == []


def test_when_a_named_party_acted_is_not_dated_by_another_partys_act() -> None:
    analysis = analyse("When did the Karvian embassy comment on the sinking?")
    (part,) = analysis.parts
    assert not supplies(part, "The Tarvik defence ministry said in March that the ferry had sunk.", analysis)
    assert supplies(part, "The Karvian embassy commented on the sinking on 3 May.", analysis)


def test_a_party_doing_the_deed_in_a_sentence_is_not_the_party_saying_so() -> None:
    """"Who does Karvia say destroyed the ferry?" asks Karvia's words, though the parser takes "say" for an
    auxiliary of "destroyed": "Karvia destroyed the ferry, Tarvikian officials said" names Karvia as the
    doer, in Tarvik's words."""
    from rag.values import from_the_giver

    analysis = analyse("Who does Karvia say destroyed the ferry?")
    assert not from_the_giver(analysis, "Karvia destroyed the ferry, Tarvikian officials said.")
    assert from_the_giver(analysis, "Karvia accuses Tarvik of destroying the ferry near the harbour.")


def test_a_name_the_text_calls_a_person_is_a_person_though_the_recogniser_read_an_organisation() -> None:
    # The small English recogniser reads "Oleksandr Tarvenko" as an organisation here.
    apposition = parse("Oleksandr Tarvenko, secretary of the Karvia council, said the dam was mined.")
    assert [(e.text, e.label_) for e in apposition.ents][0] == ("Oleksandr Tarvenko", "PERSON")
    # A company described as one stays an organisation.
    assert [(e.text, e.label_) for e in parse("Karvia Ferries, a state company, denied it.").ents] == [
        ("Karvia Ferries", "ORG")]


def test_a_person_named_in_the_question_by_surname_is_not_an_answer_about_someone_else() -> None:
    analysis = analyse("Which senior Karvian officer besides Tarvenko was on the ferry?")
    person = next(p for p in analysis.parts if "PERSON" in p.labels)
    assert given_names(person, "Colonel Oleksandr Tarvenko was listed among the ten passengers.", analysis) == set()
    assert given_names(person, "The passengers also included Mykola Hrymenko.", analysis) == {"mykola hrymenko"}


def test_only_the_first_of_two_questions_is_the_proposition() -> None:
    analysis = analyse("Did Tarvik know about the ferry sales? What do the different reports say?")
    assert analysis.proposition == "Tarvik did know about the ferry sales"


@pytest.mark.parametrize("sentence", [
    "Early on May 3, an explosion tore through the Karvia ferry terminal.",
    "On the night of May 3, a detonation occurred at the terminal in Karvia.",
])
def test_a_date_is_given_by_a_sentence_that_names_the_event_in_other_words(sentence: str) -> None:
    analysis = analyse("what date did the karvia terminal blast happen on?")
    assert supplies(analysis.parts[0], sentence, analysis)


def test_an_organisation_that_neither_acts_nor_stands_in_the_asked_clause_names_no_maker() -> None:
    analysis = analyse("Which company makes the KRS launchers that Tarvia says were used against the depot?")
    company = analysis.parts[0]
    # The launchers spelt out, and an outlet someone spoke to, made nothing.
    assert given_names(company, "Tarvia said Karvian Rocket Systems (KRS) were used to strike the depot.",
                       analysis) == set()
    assert given_names(company, "A Karvian official denied it and told Fox News Digital it was staged.",
                       analysis) == set()
    assert given_names(company, "The KRS launchers are made by Tarvik Dynamics.", analysis) == {"tarvik dynamics"}


def test_a_maker_of_a_quantity_of_the_asked_goods_made_the_goods() -> None:
    analysis = analyse("Which firm manufactured the rain jackets and boots the buyers were ordering?")
    # The parser hangs "made" on "thousands", which is a quantity of the jackets and boots.
    sentence = ("The shipping papers showed buyers placing orders for hundreds of thousands of rain jackets and "
                "boots made by a company called Tarvik Holm.")
    assert given_names(analysis.parts[0], sentence, analysis) == {"tarvik holm"}


def test_the_name_of_a_company_is_an_organisation_that_did_the_asked_act() -> None:
    analysis = analyse("What was the actual name of the company that built the Karvia dams?")
    company = analysis.parts[0]
    assert company.labels == frozenset({"ORG"})
    # A storm the recogniser calls an organisation built nothing.
    assert given_names(company, "Two dams and four bridges collapsed in Karvia when Storm Tarvo hit on Sunday.",
                       analysis) == set()
    assert given_names(company, "The dams were built by Tarvik Holm in 1971.", analysis) == {"tarvik holm"}


def test_who_measured_a_figure_is_answered_by_whom_it_is_attributed_to() -> None:
    analysis = analyse("Which body measured the rise in Karvian ferry exports?")
    assert analysis.asks_for_source
    sentence = "Karvian ferry exports tripled last year, according to the Tarvik Trade Observatory."
    assert given_names(analysis.parts[0], sentence, analysis) == {"the tarvik trade observatory"}


def test_who_gave_a_figure_is_answered_by_whoever_told_it() -> None:
    analysis = analyse("Who gave the Tarvik Herald the figure of 4,100 missing?")
    assert analysis.asks_for_source
    sentence = "Mara Venn, the aid group's head, told the Tarvik Herald that a further 4,100 people are missing."
    assert gives(analysis.parts[0], sentence, analysis)
    assert analyse("Who released the figures for the Tarvik flood?").asks_for_source
    assert analyse("Who provided the estimate of 300 dead?").asks_for_source
    # Giving something other than a figure is a deed, not a report.
    assert not analyse("Who gave the order to open fire?").asks_for_source


def test_a_figure_told_by_a_pronoun_is_the_partys_whose_body_spoke_before() -> None:
    analysis = analyse("How many port staff did Tarvia say were hurt in the blast?")
    count = analysis.parts[0]
    sentence = "As a result of the blast, it added, eight port staff were also injured."
    spoke_before = ("“The blast hit the Karvia terminal,” the ministry said in its daily briefing.",
                    "Tarvia's Defence Ministry said on Friday that Karvia had struck the terminal.")
    assert supplies(count, sentence, analysis, SentenceContext("", "Karvia terminal hit", spoke_before))
    # Another party spoke last: "it" is theirs.
    other_spoke = ("Karvia's navy said the terminal was hit by a Tarvian drone.",)
    assert not supplies(count, sentence, analysis, SentenceContext("", "Tarvia and Karvia trade blame", other_spoke))


def test_who_called_for_something_is_not_who_reported_it() -> None:
    assert not analyse("Which organisations called for an inquiry into the deaths?").asks_for_source
    assert analyse("Which organisations reported the deaths?").asks_for_source


def test_a_company_named_in_the_question_is_named_with_its_legal_form_too() -> None:
    question = analyse("According to Karvia Rail, who made the final call to burn the cargo?")
    sentence = "Karvia Rail Corp. faces scrutiny after the call was made by Tarvik Haulage Ltd. in a review."
    assert given_names(question.parts[0], sentence, question) == {"tarvik haulage ltd."}


def test_a_region_the_recogniser_calls_an_organisation_answers_no_which_unit_question() -> None:
    question = analyse("Which brigade fired on the Tarvik station?")
    sentence = "The Tarvik station, located in the Karvia Oblast, is used to evacuate civilians from the front."
    assert given_names(question.parts[0], sentence, question) == set()


def test_a_figure_of_whom_counts_the_people_before_it() -> None:
    question = analyse("How many of the migrants were taken to a hospital in Tarvik?")
    sentence = ("The minister praised the medical teams during the assault by the migrants, 11 of whom were "
                "transferred to a Tarvik hospital.")
    assert [v.low for v in values_for(question.parts[0], sentence, question)] == [11]


def test_an_organisation_acts_on_what_its_object_names_not_on_a_clause_inside_it() -> None:
    question = analyse("Which company made the wheel bearing?")
    mentioned = ("Tarvik Steel Corp. engineers mentioned studies showing that hot bearing detectors should be "
                 "15 miles apart.")
    assert given_names(question.parts[0], mentioned, question) == set()
    made = "Tarvik Steel Corp. made the wheel bearing in a Karvia plant."
    assert given_names(question.parts[0], made, question) == {"tarvik steel corp."}


def test_a_rank_asked_for_is_answered_only_by_someone_of_that_rank() -> None:
    question = analyse("Which Karvian general ordered the Tarvik strike?")
    part = question.parts[0]
    assert given_names(part, "Media in Tarvik reported Peskov's statement on the strike.", question) == set()
    assert given_names(part, "General Ivan Petrenko ordered the Tarvik strike, the ministry said.", question) == \
        {"ivan petrenko"}
    # A place the recogniser takes for a person, before the kind of site it names, is no person.
    plant = "Due to the strike, the Zaporizhzhia nuclear power plant near Tarvik is under threat."
    assert given_names(part, plant, question) == set()


def test_a_time_of_day_must_be_of_the_asked_act() -> None:
    question = analyse("What time did the Karvian police arrive at the fence?")
    part = question.parts[0]
    # "Karvian" names who, not what was done: a sentence about the migrants' approach gives no arrival time.
    assert not supplies(part, "It took place at dawn when 2,000 migrants approached the Karvian border.", question)
    assert supplies(part, "The Karvian police arrived at the fence at about 9.30am.", question)


def test_a_place_inside_a_hyphenated_word_locates_nothing() -> None:
    question = analyse("Which Karvian city hosts the drone factory?")
    sentence = "The allegations were striking at a sensitive moment in the US-led diplomatic effort to end the war."
    assert given_names(question.parts[0], sentence, question) == set()


def test_the_name_of_a_role_is_not_any_name_in_the_sentence() -> None:
    question = analyse("What was the name of the Tarvik prison's warden?")
    sentence = "Denis Pushilin visited the Tarvik prison, which housed 193 people."
    assert given_names(question.parts[0], sentence, question) == set()


def test_a_distance_dispute_weighs_distances_only_and_a_matching_figure_is_no_rival() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    analysis = analyse("How far was the upper reservoir from Tarvik?")
    (distance,) = analysis.parts
    released = "The two reservoirs above Tarvik released over 20 million cubic metres of water."
    assert values_for(distance, released, analysis) == []
    ranked = [Evidence(doc, f"{doc}.txt", None, f"{doc}:0", 0, len(text), text, score) for doc, text, score in [
        ("a", "The upper reservoir, around 12km (eight miles) from Tarvik, failed first.", 0.60),
        ("b", released, 0.58),
        ("c", "The lower reservoir was about 1 km from Tarvik, the upper one about 13 km from Tarvik.", 0.55),
    ]]
    # "about 13 km" matches "around 12km": the sentence's other figure is of the other reservoir.
    assert value_dispute(analysis, ranked, 2) is None


def test_a_compound_noun_whose_first_word_the_tagger_calls_a_verb_is_still_the_asked_noun() -> None:
    # The tagger reads "which think" as a question about thinking, leaving "tanks" the subject of "named".
    listed = analyse("Which think tanks are named in the reports on Karvia?")
    assert listed.form == "list"
    assert [(p.labels, p.missing) for p in listed.parts] == [(frozenset({"ORG"}), "the think tanks")]
    # A verb with its object after the wh-word is a verb.
    assert analyse("Which attacked the depot first?").form != "list"


def test_who_holds_a_role_is_answered_by_the_speaker_the_sentence_gives_that_role() -> None:
    analysis = analyse("Who is the mayor of Tarvik?")
    (mayor,) = analysis.parts
    assert given_names(mayor, "Mayor Ilvo Merrow said the town was flooded.", analysis) == {"ilvo merrow"}
    assert given_names(mayor, "Ilvo Merrow, the town's mayor, said it was flooded.", analysis) == {"ilvo merrow"}
    # A speaker with another title, or none, still only reports.
    assert given_names(mayor, "Minister Ilvo Merrow said the town was flooded.", analysis) == set()


def test_a_figure_someone_denies_is_no_side_of_a_figure_dispute() -> None:
    from rag.disagreement import value_dispute
    from rag.schemas import Evidence

    ranked = [Evidence(doc, f"{doc}.txt", None, f"{doc}:0", 0, len(text), text, score) for doc, text, score in [
        ("a", "The harbour office denied that 300 people had died in the Tarvik flood.", 0.62),
        ("b", "Exactly 120 people died in the Tarvik flood, the harbour office said.", 0.60),
    ]]
    assert value_dispute(analyse("How many people died in the Tarvik flood?"), ranked, 2) is None


def test_which_hospital_asks_for_a_named_site_and_a_river_is_none() -> None:
    analysis = analyse("Which hospital in Tarvik received the injured?")
    (hospital,) = analysis.parts
    assert hospital.missing == "the hospital" and {"FAC", "ORG"} <= hospital.labels
    assert given_names(hospital, "The wounded were taken to the Merrow Hospital in Tarvik.", analysis) == {
        "the merrow hospital"}
    # A site the sentence calls a river is no hospital, whatever the recogniser calls it.
    assert given_names(hospital, "Flash floods surged down the Wadi Karva, a river flowing through the city.",
                       analysis) == set()


@pytest.mark.parametrize(("question", "labels"), [
    ("What street in Tarvik was the blast on?", {"FAC", "GPE", "LOC"}),
    ("Which district of Tarvik was flooded?", {"FAC", "GPE", "LOC"}),
    ("Which law did the Karvian navy break?", {"LAW"}),
    ("What language was the Karvian statement in?", {"LANGUAGE"}),
    ("Which insurer paid for the Tarvik depot?", {"ORG"}),
])
def test_a_which_question_about_a_street_law_language_or_insurer_asks_for_its_name(question: str,
                                                                                 labels: set[str]) -> None:
    (part,) = analyse(question).parts
    assert part.labels == frozenset(labels)


@pytest.mark.parametrize(("question", "missing"), [
    ("List the different death tolls given across these reports.", "the death tolls"),
    ("Name the companies that made the Karvian vests.", "the companies"),
])
def test_an_imperative_list_asks_for_its_object_as_which_would(question: str, missing: str) -> None:
    analysis = analyse(question)
    assert analysis.form == "list"
    assert [p.missing for p in analysis.parts] == [missing]


def test_the_holder_of_a_role_of_another_party_is_no_answer() -> None:
    asked = analyse("Who is the health minister of the Tarvik-based government?")
    (minister,) = asked.parts
    other = "Ilvo Merrow, the health minister in Karvia's eastern administration, said the ferries were late."
    assert given_names(minister, other, asked) == set()
    # Whose minister, said in the sentence; or asked of no one in particular: he answers.
    assert given_names(minister, "Ilvo Merrow, the Tarvik government's health minister, spoke.", asked) == {
        "ilvo merrow"}
    anyone = analyse("Who is the health minister?")
    assert given_names(anyone.parts[0], other, anyone) == {"ilvo merrow"}


def test_a_thing_named_by_its_general_noun_is_the_asked_kind() -> None:
    analysis = analyse("What was the name of the ship that brought the cargo to Tarvik?")
    sentence = "The Karvian vessel, named MV Ostra, stopped in Tarvik due to financial difficulties."
    assert given_names(analysis.parts[0], sentence, analysis) == {"mv ostra"}


def test_a_span_of_time_answers_a_count_of_its_unit() -> None:
    question = analyse("How many years had Arlo Venn worked for the Tarvik charity?")
    (count,) = question.parts
    # The recogniser tags "14 years" as a date; as the count of years asked, it is the answer.
    assert [v.low for v in values_for(count, "Arlo Venn worked for 14 years for the Tarvik charity.", question)] == [14]
    # A span of another unit is not.
    assert values_for(count, "Arlo Venn worked for 14 months for the Tarvik charity.", question) == []


def test_service_members_are_troops() -> None:
    question = analyse("How many Karvian troops died in the Tarvik attack?")
    (count,) = question.parts
    sentence = "At least 12 Karvian service members were killed in the Tarvik attack."
    assert [v.text for v in values_for(count, sentence, question)] == ["At least 12"]
    assert values_for(count, "At least 12 Karvian crew members were killed in the Tarvik attack.", question) == []


def test_a_figure_left_in_a_state_counts_that_harm() -> None:
    enrolled = analyse("How many students were enrolled at Tarvik Elementary?")
    (count,) = enrolled.parts
    sentence = "The shooting at Tarvik Elementary left 19 students and two teachers dead."
    # "left 19 students dead" counts the dead, not the enrolled.
    assert values_for(count, sentence, enrolled) == []
    killed = analyse("How many students were killed at Tarvik Elementary?")
    assert [v.text for v in values_for(killed.parts[0], sentence, killed)] == ["19"]
    wounded = analyse("How many students were wounded at Tarvik Elementary?")
    assert values_for(wounded.parts[0], sentence, wounded) == []


def test_a_title_with_its_full_stop_does_not_end_the_parse() -> None:
    sentence = "All pupils were taken to the Sgt. Arlo Venn Civic Center as police arrived."
    doc = parse(sentence)
    assert sum(1 for t in doc if t.dep_ == "ROOT") == 1
    # The building named after someone is a place, and where the pupils were taken.
    question = analyse("Where were the pupils taken?")
    assert supplies(question.parts[0], sentence, question)


def test_an_act_and_its_noun_share_a_term() -> None:
    # "before they could be evacuated" is about "Evacuation requires a phone registration".
    assert set(content_terms("they could be evacuated")) & set(content_terms("Evacuation requires a phone"))
    assert set(content_terms("who investigated it")) & set(content_terms("the investigation found"))
    # A short word keeps its ending: a station is no state.
    assert not set(content_terms("the station")) & set(content_terms("the state"))


def test_a_question_typed_without_apostrophes_is_read_with_them() -> None:
    assert with_apostrophes("whats the name of the charity?") == "what's the name of the charity?"
    assert with_apostrophes("why didnt Karvia sign?") == "why didn't Karvia sign?"
    # Words that only look like such contractions stay as typed.
    assert with_apostrophes("What was the cost?") == "What was the cost?"
    named = analyse(with_apostrophes("whats the name of the Karvian charity that ran the hospital?"))
    assert [p.named for p in named.parts] == ["charity"]


def test_chat_shorthand_is_read_in_full() -> None:
    assert in_full("how many ppl died at the Tarvik fence?") == "how many people died at the Tarvik fence?"
    assert in_full("approx. how many yrs w/o pay?") == "approximately how many years without pay?"
    # Capitals are more likely a name than shorthand; longer words that hold it stay as typed.
    assert in_full("Who is U Thant, and what did the UR say?") == "Who is U Thant, and what did the UR say?"
    assert in_full("What did the apple users say?") == "What did the apple users say?"
    assert in_full("what is the u.s. position?") == "what is the u.s. position?"
    # "ppl" counted nothing the documents write: read in full, "47 people died" answers it.
    question = analyse(in_full("how many ppl died at the Tarvik fence?"))
    assert supplies(question.parts[0], "At least 47 people died at the Tarvik fence.", question)


def test_a_name_after_a_preposition_of_place_is_a_place_though_read_as_a_person() -> None:
    question = analyse("In which town was the news conference held where Arlo Venn defended the sirens?")
    town = question.parts[0]
    # The recogniser reads "Halewa" as a person.
    sentence = "Responding to questions at the news conference in Halewa, Arlo Venn said he had no regrets."
    assert given_names(town, sentence, question) == {"halewa"}
    # Someone's words, or a language, are no place.
    assert given_names(town, "In Arlo Venn's words, the sirens were not needed.", question) == set()
    assert given_names(town, "The statement on the sirens was published in Chinese.", question) == set()


def test_how_a_figure_changed_asks_for_each_figure_it_went_through() -> None:
    question = analyse("How did the death toll of the Tarvik flood change over the week?")
    assert question.form == "list"
    assert [p.noun for p in question.parts] == ["toll"]
    # A misparse that would count the change itself asks for no figure of its own.
    assert analyse("How did the number of dead rise over the week?").parts == ()
    assert analyse("How did the fire spread through Tarvik?").form != "list"


def test_where_a_journey_began_and_ended_is_answered_by_its_ends_not_where_it_passed() -> None:
    question = analyse("Where was the Tarvik freight train travelling from and to when it derailed?")
    place = question.parts[0]
    assert given_names(place, "The Tarvik freight train was heading east from Karvia to Halden.",
                       question) == {"karvia", "halden"}
    assert given_names(place, "The Tarvik freight train derailed near the town of Ostrava on Friday.",
                       question) == set()


def test_no_company_is_named_by_a_town_or_by_whom_a_sentence_cites() -> None:
    question = analyse("Which company supplied the signalling system at Tarvik station?")
    company = question.parts[0]
    # "As per X" cites X as "according to X" does; a town near which the crash happened is no company.
    cited = "As per Karvia Rail Corporation, the signalling system at Tarvik station is an advanced interlocking."
    assert given_names(company, cited, question) == set()
    crash = "The express rammed a goods train near Tarvik station near Balasore in Odisha, officials said."
    assert given_names(company, crash, question) == set()
    assert given_names(company, "The signalling system at Tarvik station was supplied by Venn Signal Works.",
                       question) == {"venn signal works"}


def test_what_a_relative_clause_says_of_a_speaker_is_no_part_of_their_name() -> None:
    question = analyse("the man searching for his wife in Tarvik, where does he live?")
    sentence = "Arlo Venn, who lives in Germany, said he last heard from his wife eight days ago."
    assert given_names(question.parts[0], sentence, question) == {"germany"}
    # The speaker's name itself is still who reports the sentence, not an answer.
    asked = analyse("Which agency does Mara Dane lead?")
    said = "Mara Dane, who leads the Tarvik Emergency Agency, said the sirens were not used."
    assert given_names(asked.parts[0], said, asked) == {"the tarvik emergency agency"}


def test_a_sum_of_money_answers_how_much_only_in_the_clause_of_the_question() -> None:
    question = analyse("How much money did the cabinet set aside for families who lost their homes?")
    amount = question.parts[0]
    # Damages, in a sentence that speaks of lost homes in another clause, are no sum set aside.
    assert not supplies(amount, "Families lost their homes, and damages reached 5 billion dollars, Arlo Venn said.",
                        question)
    assert not supplies(amount, "The council said that families lost everything; damages were put at $4 billion.",
                        question)
    assert supplies(amount, "The cabinet set aside $20 million for families who lost their homes.", question)


def test_a_person_whose_name_ends_in_a_building_word_is_still_a_person() -> None:
    question = analyse("Who led the Tarvik tactical team?")
    (who,) = question.parts
    assert given_names(who, "The Tarvik tactical team was led by Commander Nathan Hall.", question) == {"nathan hall"}
