"""Events read off the real spaCy parse: which sentences are claims, who acts, what stance they take,
and which pairs of events are about one proposition."""

from __future__ import annotations

import math

import pytest

from index.embed import Embedder
from rag.conflicts.align import AlignLimits, alignment, frame_from_json, frame_json, same_party
from rag.conflicts.frames import Frame, frames_in, parse


def frames(text: str) -> list[Frame]:
    return frames_in(parse(text), 0, len(text))


def only(text: str) -> Frame:
    found = frames(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "actor", "stance", "hedged"), [
    ("China last week staunchly denied providing weapons.", "china", "denies", False),
    ("The Chinese side has never provided lethal weapons to any party in the conflict.", "china", "denies", False),
    ("The West has falsely claimed that the Chinese state is secretly supplying Russia with military equipment.",
     "china", "denies", False),
    ("The US said it had not seen any evidence that China had given Russia weapons or lethal aid.",
     "china", "no_evidence", False),
    ("There is irrefutable evidence that Chinese companies are providing Russia with lethal weapons.",
     "china|company", "affirms", False),
    ("China reportedly provides Russia with drone equipment.", "china", "affirms", True),
    ("Zelenskyy previously said at least 155 Chinese were fighting with the Russian army.",
     "china|people", "affirms", False),
    ("Ukrainian President Volodymyr Zelenskyy has claimed that Chinese citizens are helping to produce drones.",
     "china|people", "affirms", False),
    ("The Telegraph found that helicopters were being shipped from China to Russia.", "china", "affirms", False),
    ("Beijing has sent Russia enough military equipment to outfit an army.", "china", "affirms", False),
    ("Likewise, the Chinese state itself obviously knew that it wasn't arming either of the participants.",
     "china", "denies", False),
    # A copula with an adjective of responsibility stands for the event.
    ("Analysts concluded that Israel was not responsible for the blast.", "israel", "denies", False),
    ("Gaza officials said Israel was responsible for the blast.", "israel", "affirms", False),
    # Blame names who the claim holds responsible; a weapon a country's forces use is that country's act.
    ("Palestinian officials blamed an Israeli airstrike for the explosion.", "israel", "affirms", False),
    ("Hamas blamed the blast on Israel.", "israel", "affirms", False),
])
def test_actor_and_stance(text: str, actor: str, stance: str, hedged: bool) -> None:
    frame = next(f for f in frames(text) if f.actor == actor)
    assert (frame.stance, frame.hedged) == (stance, hedged)


@pytest.mark.parametrize("text", [
    "The query arises regarding whether the Chinese administration was informed about this cooperation.",
    "If Beijing ignores these claims, it risks being complicit.",
    "The Commission may need to consider imposing sanctions against Chinese companies.",
    "China should stop sending weapons to Russia.",
    "Is the Chinese government supplying weapons to Russia?",
    "It sent drones to Russia last year.",
    "That allegation has now inadvertently been disproven by none other than Kiev.",
    "Stoltenberg has thus far avoided directly accusing the Chinese government of supplying weapons to Russia.",
    "Ukraine is also a customer of Chinese weapons.",
    "If Israel was responsible, it would say so.",
    "Israel did not blame China for the attack.",
])
def test_non_claims_have_no_events(text: str) -> None:
    assert frames(text) == []


def test_time_and_period_are_read() -> None:
    before = only("China had shipped 1,000 military drones to Russia before Vladimir Putin's invasion of Ukraine.")
    since = only("China has repeatedly denied sending military equipment to Russia since it launched its "
                 "full-scale invasion of Ukraine in February 2022.")
    assert before.period == ("before", "invasion") and since.period[0] == "after" and 2022 in since.years
    assert before.quantities and before.quantities[0][1] == 1000.0
    assert frame_from_json(frame_json(since)) == since


@pytest.fixture(scope="module")
def predicate(embedder: Embedder):  # type: ignore[no-untyped-def]
    def cosine(a: Frame, b: Frame) -> float:
        va, vb = embedder.embed([a.predicate, b.predicate])
        return float(va @ vb)
    return cosine


@pytest.mark.parametrize(("first", "second"), [
    # The false flags: a buyer, citizens, a different period, a different actor.
    ("Ukraine is also a customer of Chinese weapons.",
     "China has repeatedly denied sending military equipment to Russia."),
    ("Zelenskyy previously said at least 155 Chinese were fighting with the Russian army.",
     "The Chinese side has never provided lethal weapons to any party in the conflict."),
    ("Another investigation found that China had shipped 1,000 military drones to Russia before Vladimir Putin's "
     "invasion of Ukraine.",
     "China has repeatedly denied sending military equipment to Russia since it launched its full-scale invasion."),
    ("Another investigation found that China had shipped 1,000 military drones to Russia.",
     "Russian President Vladimir Putin acknowledged that his troops didn't have enough equipment."),
    ("Chinese companies are providing Russia with lethal weapons for use in Ukraine.",
     "China last week staunchly denied providing weapons."),
    # Two denials stand on one side.
    ("China last week staunchly denied providing weapons.",
     "The Chinese side has never provided lethal weapons to any party in the conflict."),
    ("Israel probably did not bomb the hospital.",
     "Analysts concluded that Israel was not responsible for the blast."),
])
def test_look_alikes_do_not_align(first: str, second: str, predicate) -> None:  # type: ignore[no-untyped-def]
    for a in frames(first):
        for b in frames(second):
            assert alignment(a, b, predicate(a, b), AlignLimits()) is None, (a, b)


@pytest.mark.parametrize(("first", "second"), [
    ("Zelenskyy said that China was supplying weapons and gunpowder to Russia.",
     "The Chinese side has never provided lethal weapons to any party in the conflict."),
    ("China has sent Russia enough military equipment to outfit an army.",
     "China has repeatedly denied sending military equipment to Russia."),
    ("US intelligence documents showed that China approved the provision of lethal aid to Russia.",
     "The US said it had not seen any evidence that China had given Russia weapons or lethal aid."),
    ("Gaza officials said Israel was responsible for the blast.",
     "Analysts concluded that Israel was not responsible."),
    ("Palestinian officials blamed an Israeli airstrike for the blast.",
     "Analysts concluded that Israel was not responsible."),
])
def test_one_proposition_affirmed_and_denied_aligns(first: str, second: str, predicate) -> None:  # type: ignore[no-untyped-def]
    pairs = [(a, b) for a in frames(first) for b in frames(second)]
    assert any(alignment(a, b, predicate(a, b), AlignLimits()) == "polarity" for a, b in pairs), pairs


@pytest.mark.parametrize(("text", "low", "high"), [
    ("Gaza officials have said at least 471 people were killed in the blast.", 471.0, float("inf")),
    ("US intelligence estimates there were likely 100 to 300 people killed in the strike.", 100.0, 300.0),
    ("The health ministry in Gaza said 471 people were killed.", 471.0, 471.0),
    ("A total of 40 people were killed in the Tarvik blast, the ministry said.", 40.0, 40.0),
])
def test_counted_passives_give_figure_ranges(text: str, low: float, high: float) -> None:
    frame = only(text)
    assert frame.actor == "~" and frame.stance == "affirms"
    assert [(q[1], q[2], q[3]) for q in frame.quantities] == [(low, high, "people")]


def test_a_figure_of_the_others_is_no_count_of_the_whole() -> None:
    # "5,550 other fish" are those beside the minnows: no rival to a total of "almost 45,000 fish".
    text = "Officials said an estimated 38,222 minnows died in the Tarvik creek, along with 5,550 other fish."
    assert all(q[1] != 5550.0 for f in frames(text) for q in f.quantities)
    assert not any(f.quantities for f in frames("Twelve more bodies were found in the Karvia river on Sunday."))
    assert not any(f.quantities for f in frames("The storm also killed about 70 people elsewhere in Karvia."))
    # "more than" bounds a whole; "another" may count a different harm in full.
    assert any(f.quantities for f in frames("More than 1,450 people have been evacuated from Tarvik."))
    assert any(f.quantities for f in frames("Seventeen people died and another 36 were injured in Tarvik."))


def test_different_figures_for_one_count_align_as_numbers(predicate) -> None:  # type: ignore[no-untyped-def]
    chief = only("A civil defence chief said 300 people were killed.")
    ministry = only("The health ministry in Gaza said 471 people were killed.")
    at_least = only("Gaza officials have said at least 471 people were killed.")
    estimate = only("US intelligence estimates there were likely 100 to 300 people killed.")
    assert alignment(chief, ministry, predicate(chief, ministry), AlignLimits()) == "numbers"
    assert alignment(estimate, at_least, predicate(estimate, at_least), AlignLimits()) == "numbers"
    assert alignment(ministry, at_least, predicate(ministry, at_least), AlignLimits()) is None  # ranges overlap
    assert alignment(chief, estimate, predicate(chief, estimate), AlignLimits()) is None
    rampage = frames("Israel responded to a rampage by Hamas gunmen who killed 1,400 Israelis.")
    assert all(alignment(f, ministry, predicate(f, ministry), AlignLimits()) is None for f in rampage)
    # A count of a year before the report's is no rival to this year's count.
    last_year = frames("Last year, 200 pilgrims were killed in the Tarvik crush.")
    this_year = only("Officials said 1,081 pilgrims were killed in the Tarvik crush.")
    assert last_year and all(alignment(f, this_year, predicate(f, this_year), AlignLimits()) is None
                             for f in last_year)


def test_counted_things_that_did_something_align_as_numbers(predicate) -> None:  # type: ignore[no-untyped-def]
    # Things counted as the subject of what they did: two reports' other figures for one deed are rivals.
    eleven = only("Eleven of the wagons were carrying hazardous materials.")
    twenty = only("Of the 50 wagons that left the track near Tarvik, 20 were carrying hazardous chemicals.")
    assert eleven.actor == twenty.actor == "~"
    assert ("CARDINAL", 11.0, 11.0, "wagon") in eleven.quantities
    assert alignment(eleven, twenty, predicate(eleven, twenty), AlignLimits()) == "numbers"
    # Counted people are read as the dead or the harmed only: attempts and arrivals are no rival counts.
    assert not frames("About 2,000 people tried to climb the Karvia fence on Friday.")


def test_different_times_of_day_for_one_incident_align_as_numbers(predicate) -> None:  # type: ignore[no-untyped-def]
    doctor = only("A surgeon said the explosion took place at about 7.15pm local time on Monday.")
    review = only("At 7:48 p.m. that evening, a shell of unknown make hit the courtyard of the clinic.")
    footage = only("Video from the scene shows the impact on the clinic occurring at 7.49pm local time.")
    assert doctor.action == review.action == footage.action and doctor.actor == "~"
    assert alignment(doctor, review, predicate(doctor, review), AlignLimits()) == "numbers"
    assert alignment(review, footage, predicate(review, footage), AlignLimits()) is None   # a minute apart
    # A time in a named zone is not compared with local times; other events at a time are no incident.
    zoned = only("The strike occurred at around 18:00 GMT on Monday.")
    assert alignment(zoned, doctor, predicate(zoned, doctor), AlignLimits()) is None
    assert not any(f.action == doctor.action for f in frames("At 8.14pm, the ministry gave a further update."))
    assert not any(f.action == doctor.action for f in frames("At 7pm, the army said no shell hit the clinic."))


def test_people_who_died_or_lost_their_lives_are_counted_as_killed(predicate) -> None:  # type: ignore[no-untyped-def]
    dozens = only("Several dozen people lost their lives in the blast outside the hospital.")
    fifty = only("At least 50 people died in the blast.")
    ministry = only("The health ministry in Gaza said 471 people were killed.")
    assert (dozens.actor, dozens.action) == (ministry.actor, ministry.action) == ("~", "kill")
    assert [(q[1], q[2], q[3]) for q in dozens.quantities] == [(36.0, 99.0, "people")]
    assert alignment(dozens, ministry, predicate(dozens, ministry), AlignLimits()) == "numbers"
    assert alignment(fifty, ministry, predicate(fifty, ministry), AlignLimits()) is None  # "at least 50" allows 471
    assert frames("He died in 2001.") == []  # no count: nothing to compare


@pytest.mark.parametrize(("text", "verdict"), [
    ("That allegation has now inadvertently been disproven by none other than Kiev.", "denies"),
    ("This report was corroborated by the official.", "affirms"),
    ("The allegation has been disproven.", None),       # no demonstrative: not pointing back
    ("That drone has been shot down over the city.", None),
])
def test_a_verdict_on_the_report_before(text: str, verdict: str | None) -> None:
    from rag.conflicts.frames import anaphoric_verdict

    assert anaphoric_verdict(parse(text), 0, len(text)) == verdict


def test_that_allegation_takes_the_events_it_points_back_at(fresh_engine) -> None:  # type: ignore[no-untyped-def]
    from index.loaders import load_text

    contradiction_map = fresh_engine.contradiction_map
    assert contradiction_map is not None
    text = ("The West has claimed that Karvia is secretly supplying combat drones to Valmora. "
            "That allegation has now been disproven, Radio Meridian said.")
    fresh_engine.ingestor.ingest(load_text("meridian.txt", text))
    (claim,) = [c for c in contradiction_map.store.claims(contradiction_map.store.claim_rowids("default"))
                if "allegation" in c.claim.text]
    report = "The Ledger reported that Karvia supplied combat drones to Valmora."
    fresh_engine.ingestor.ingest(load_text("ledger.txt", report))
    (dispute,) = contradiction_map.disputes("default")
    assert {v.claim.text: v.stance for v in dispute.voices}[claim.claim.text] == "denies"


def test_long_documents_parse_in_windows_with_exact_offsets() -> None:
    from rag.conflicts.frames import ParsedDocument

    line = "The ministry said that Karvia supplied combat drones to Valmora in 2021.\n"
    text = line * 40
    parsed = ParsedDocument(text, window=500)
    assert len(parsed.windows) > 5 and parsed.windows[-1][1] == len(text)
    start = text.index("Karvia", 1500)
    end = text.index("\n", start)
    (frame,) = parsed.frames(text.rfind("\n", 0, start) + 1, end)
    assert frame.actor == "karvia" and frame.years == (2021,)


def test_only_the_lines_that_hold_claims_are_parsed_with_exact_offsets() -> None:
    from rag.conflicts.frames import ParsedDocument

    claim = "The ministry said that Karvia supplied combat drones to Valmora in 2021."
    text = f"def main():\n    return 42\n\nA caption.\n{claim}\nMore text here.\n\n>>> print(1)\n"
    start = text.index(claim)
    parsed = ParsedDocument(text, spans=[(start, start + len(claim))])
    # One window: the claim's own line, none of the code around it.
    assert [(a, b) for a, b, _ in parsed.windows] == [(start, start + len(claim))]
    (frame,) = parsed.frames(start, start + len(claim))
    assert frame.actor == "karvia" and frame.years == (2021,)
    assert parsed.frames(0, 10) == []   # a line that holds no claim was never parsed


def test_adjacent_claim_lines_are_parsed_as_one_run() -> None:
    from rag.conflicts.frames import ParsedDocument

    first, second = "Karvia supplied drones to Valmora.", "Valmora denied receiving any drones."
    text = f"{first}\n{second}\n\nUnrelated paragraph.\n"
    parsed = ParsedDocument(text, spans=[(0, len(first)), (len(first) + 1, len(first) + 1 + len(second))])
    assert [(a, b) for a, b, _ in parsed.windows] == [(0, len(first) + 1 + len(second))]


@pytest.mark.parametrize(("text", "topic"), [
    ("Several dozen people lost their lives in the blast.", "how many people were killed"),
    ("China shipped 1,000 military drones to Russia.", "how many drones were shipped"),
    ("Russia bought 200 helicopters from China.", "how many helicopters were bought"),
])
def test_a_dispute_over_figures_is_named_without_either_figure(text: str, topic: str) -> None:
    from rag.conflicts.frames import count_topic

    assert count_topic(only(text)) == topic


@pytest.mark.parametrize(("text", "stance", "value"), [
    # Written for this test: counts of the dead as a copula's or a verb's subject.
    ("The death toll rose to 212, the regional governor said.", "affirms", 212),
    ("The number of dead reached 40 by Friday.", "affirms", 40),
    ("Deaths stood at 18 on Monday.", "affirms", 18),
    # "would" reported by a past-tense verb asserts, and the figure it rejects (600) is not read.
    ("An analyst estimated the real death toll would be about 60, rather than 600.", "affirms", 60),
    ("The toll was not 500.", "denies", 500),
    ("Officials put the death toll at 45.", "affirms", 45),
    # Any verb that moves the count to or past a figure.
    ("The death toll in Tarvik has soared to 1,130 as the search goes on.", "affirms", 1130),
    ("The toll surged to 860 people in Karvia alone, the agency said.", "affirms", 860),
    # What an event left dead.
    ("The Tarvik ferry disaster left 78 people dead, a spokesman said.", "affirms", 78),
    ("The ferry capsized off Karvia on Monday, leaving 79 people dead and many more missing.",
     "affirms", 79),
    ("The blast in Tarvik left 137 dead and 5,000 wounded.", "affirms", 137),
])
def test_a_death_toll_is_read_as_a_count_of_people_killed(text: str, stance: str, value: float) -> None:
    frame = only(text)
    assert (frame.action, frame.stance) == ("kill", stance)
    ((_, low, high, counted),) = frame.quantities
    assert counted == "people" and low <= value <= high < 2 * value


def test_a_toll_that_passed_a_figure_is_more_than_it_and_its_denial_is_no_denial_of_the_figure() -> None:
    for text in ("The death toll in Tarvik exceeded 125.", "The toll surged past 125 people in Tarvik."):
        ((_, low, high, _),) = only(text).quantities
        assert (low, high) == (125.0, math.inf), text
    denial = only("The Tarvik police denied a report that the death toll in Tarvik exceeded 125.")
    assert denial.stance == "denies"
    exactly = only("Tarvik police said the death toll in Tarvik was 125.")
    higher = only("Tarvik officials said the death toll in Tarvik was 131.")
    assert alignment(denial, exactly, 1.0, AlignLimits()) is None, "125 is what the police say, not what they deny"
    assert alignment(denial, higher, 1.0, AlignLimits()) == "polarity"


def test_a_death_toll_meets_the_count_of_killed_people_it_contradicts() -> None:
    toll = only("An analyst said the death toll was about 60.")
    killed = next(f for f in frames("Officials said at least 412 people were killed.") if f.action == "kill")
    assert alignment(toll, killed, 1.0, AlignLimits()) == "numbers"
    agreeing = next(f for f in frames("Officials said 61 people were killed.") if f.action == "kill")
    assert alignment(toll, agreeing, 1.0, AlignLimits()) is None


def test_a_count_of_some_of_the_dead_meets_no_count_of_all_of_them() -> None:
    toll = only("Officials said the death toll from the Tarvik ferry fire rose to 154.")
    for part in ("Karvia said that three of its nationals lost their lives in the fire.",
                 "The death toll of foreigners is 26, officials said.",
                 "The toll among Karvians stood at 12."):
        assert all(alignment(toll, f, 1.0, AlignLimits()) is None for f in frames(part)), part
    for whole in ("The death toll of the Tarvik ferry fire rose to 160.",
                  "The death toll of victims of the Tarvik ferry fire rose to 160."):
        assert alignment(toll, only(whole), 1.0, AlignLimits()) == "numbers", whole


def test_a_figure_put_on_the_dead_in_a_joined_clause_is_its_own_count() -> None:
    # Written for this test, after the shape of an al-Ahli sentence: two speakers, two counts, one sentence.
    text = "A rescue official said 90 people were killed, while hospital sources put the figure at 140."
    counts = sorted(f.quantities for f in frames(text) if f.action == "kill")
    assert counts == [(("CARDINAL", 90.0, 90.0, "people"),), (("CARDINAL", 140.0, 140.0, "people"),)]


def test_the_deaths_of_people_are_a_toll_taken_as_given() -> None:
    led = only("A stampede at the Tarvik stadium on Saturday has led to the deaths of 125 people.")
    denied = next(f for f in frames("The Karvia police denied causing the deaths of 131 people at the Tarvik stadium.")
                  if f.action == "kill")
    assert (led.action, led.quantities) == ("kill", (("CARDINAL", 125.0, 125.0, "people"),))
    assert (denied.action, denied.stance) == ("kill", "affirms"), "the cause is denied, not the deaths"
    assert alignment(led, denied, 1.0, AlignLimits()) == "numbers"
    # The deaths of some are a part of the toll, not a rival count of it.
    for part in ("The crush at the Tarvik stadium led to the deaths of 17 children.",
                 "Police opened an inquiry into the deaths of two people who were trampled at gate 13.",
                 "The toll in Tarvik rose to 125 after the deaths of 3 people in hospital."):
        assert [f.quantities for f in frames(part) if f.action == "kill"] in ([], [(("CARDINAL", 125.0, 125.0,
                                                                                    "people"),)]), part
    # Denying reports of the deaths denies the deaths.
    assert only("Karvian officials denied reports of the deaths of 40 people.").stance == "denies"


def test_only_the_dead_an_event_left_are_its_toll() -> None:
    assert not any(f.action == "kill" for f in frames("The storm left 300 people homeless and 20 dead."))
    assert not any(f.action == "kill" for f in frames("The blast in Tarvik left 12 soldiers dead."))
    ((_, low, _, _),) = only("The attack on Tarvik left 5 dead.").quantities
    assert low == 5


def test_the_number_of_injured_is_a_count_of_people_injured() -> None:
    placed = next(f for f in frames("Tarvik revised the death toll to 275 and put the number of injured at 1,175.")
                  if f.action == "injure")
    risen = only("The number of the wounded in Tarvik rose to 1,175.")
    counted = next(f for f in frames("A Karvia official said that apart from 278 deaths, 1,100 people were injured.")
                   if f.action == "injure")
    assert placed.quantities == risen.quantities == (("CARDINAL", 1175.0, 1175.0, "people"),)
    assert alignment(placed, counted, 1.0, AlignLimits()) == "numbers"
    assert alignment(placed, risen, 1.0, AlignLimits()) is None


def test_a_count_of_the_missing_is_its_own_count_and_meets_another() -> None:
    fewer = only("Up to 500 people are still missing from the Tarvik ferry, the UN agency says.")
    more = only("About 1,000 remain missing after the Tarvik ferry sank.")
    assert (fewer.action, fewer.quantities) == (more.action, (("CARDINAL", 0.0, 500.0, "people"),))
    assert more.quantities[0][1] <= 1000 <= more.quantities[0][2]
    assert alignment(fewer, more, 1.0, AlignLimits()) == "numbers"
    for text in ("Some 1,900 people are reported missing in the city.",
                 "About 1,900 people were listed as missing in the city."):
        assert any(f.action == fewer.action for f in frames(text)), text
    assert not any(f.action == fewer.action for f in frames("The missing ferry carried 40 people."))
    # Only people go missing: aircraft, boats, money and roofs are no count of the missing.
    for text in ("Three aircraft remain missing.", "Two of the boats are still missing.",
                 "$2 million is missing from the accounts.", "About 3,000 homes are missing roofs."):
        assert not any(f.action == fewer.action for f in frames(text)), text
    assert not any(f.action == fewer.action for f in frames("The storm left 300 people homeless."))


@pytest.mark.parametrize("text", [
    "The company put the figure at 3 million dollars.",   # a figure, but no deaths in the sentence
    "The toll road was closed on Monday.",          # "toll" without a figure for it
    "The number of visitors reached 200.",          # a count of something else
    "He thought the toll might be 50.",             # speculation
    "The storm left 300 people homeless.",          # left, but not dead
])
def test_other_tolls_and_counts_are_not_deaths(text: str) -> None:
    assert not any(f.action == "kill" for f in frames(text))


@pytest.mark.parametrize(("text", "actor", "stance", "state"), [
    # What an event resulted from, or was caused by, is read as who was responsible for it.
    ("The fire at the depot was caused by a Turkish drone strike, officials said.", "turkey", "affirms", True),
    ("Officials said the explosion resulted from a Hezbollah rocket that misfired.", "hezbollah", "affirms", False),
    ("The explosion at the depot resulted from a rocket fired by Hezbollah.", "hezbollah", "affirms", False),
    ("A Syrian air strike caused the explosion at the depot, the monitor said.", "syria", "affirms", True),
    ("The explosion was not caused by a Turkish drone, the ministry said.", "turkey", "denies", True),
    # The agent of a weapon is a party of its own: a Syrian militia is not Syria.
    ("The explosion at the depot was caused by a rocket fired by a Syrian militia.", "syria|militia", "affirms",
     False),
    # Blame on a weapon "from" a group holds the group responsible.
    ("The army blamed a misfired rocket from another militant group, Hezbollah.", "hezbollah", "affirms", False),
    # A country's forces act for the country.
    ("The blast was caused by a strike by the Israeli army.", "israel", "affirms", True),
])
def test_a_cause_names_the_party_responsible(text: str, actor: str, stance: str, state: bool) -> None:
    frame = only(text)
    assert (frame.actor, frame.action, frame.stance, frame.state) == (actor, "be responsible", stance, state)


@pytest.mark.parametrize("text", [
    "The explosion may have been caused by a Turkish drone.",
    "If the explosion was caused by a Turkish drone, the talks will end.",
])
def test_an_unasserted_cause_is_no_event(text: str) -> None:
    assert frames(text) == []


def test_a_rocket_from_a_place_names_no_party() -> None:
    # "From Gaza" says where the rocket came from, not who fired it: no party, so no rival of anyone.
    assert frames("The explosion resulted from a rocket from Gaza.") == []


@pytest.mark.parametrize(("first", "second", "kind"), [
    # A state and another party, each held responsible for the same event: rivals.
    ("Syrian officials said Turkey was responsible for the explosion at the depot.",
     "Officials said the explosion at the depot resulted from a Hezbollah rocket that misfired.", "rival"),
    ("Officials blamed a Turkish drone strike for the explosion at the depot.",
     "The explosion at the depot resulted from a rocket fired by Hezbollah.", "rival"),
    # The same party, named two ways.
    ("Officials said the explosion at the depot resulted from a Hezbollah rocket that misfired.",
     "The explosion at the depot resulted from a rocket fired by Hezbollah.", None),
    # Two parties, neither a state: one may belong to the other.
    ("Officials said the explosion at the depot resulted from a Hezbollah rocket that misfired.",
     "The explosion at the depot was caused by a rocket fired by a Syrian militia.", None),
])
def test_rival_parties_held_responsible(first: str, second: str, kind: str | None, predicate) -> None:  # type: ignore[no-untyped-def]
    a, b = only(first), only(second)
    assert alignment(a, b, predicate(a, b), AlignLimits()) == kind


@pytest.mark.parametrize(("a", "b", "same"), [
    ("islamic jihad", "palestinian islamic jihad", True),
    ("karvian", "karvia", True),
    ("syria|militia", "syria", True),
    ("israel", "islamic jihad", False),
])
def test_one_party_named_two_ways(a: str, b: str, same: bool) -> None:
    assert same_party(a, b) is same and same_party(b, a) is same


@pytest.mark.parametrize(("first", "second", "kind"), [
    # A state's denial against its own companies doing exactly that: one proposition.
    ("The Turkish government has never sent armed drones to the militia.",
     "Turkish companies have sent armed drones to the militia, the report said.", "polarity"),
    # Companies selling parts is another act.
    ("The Turkish government has never sent armed drones to the militia.",
     "Turkish companies sold spare parts to the militia.", None),
    # The state doing it and its companies not doing it do not disagree.
    ("Turkey sent armed drones to the militia.",
     "Turkish companies have not sent armed drones to the militia.", None),
])
def test_a_states_denial_meets_its_companies_doing_the_same(first: str, second: str, kind: str | None,
                                                            predicate) -> None:  # type: ignore[no-untyped-def]
    a, b = only(first), only(second)
    assert alignment(a, b, predicate(a, b), AlignLimits()) == kind
    assert alignment(b, a, predicate(b, a), AlignLimits()) == kind


def test_the_one_accused_of_a_deed_is_its_actor() -> None:
    """"Borduria has accused Ruritania of blowing up the bridge" is a claim that Ruritania did it, made by
    Borduria: set beside "Borduria blew up the bridge", it is no claim of Borduria's deed."""
    blown = [f for f in frames("Borduria has accused Ruritania of blowing up the Elbe bridge.") if f.action == "blow"]
    assert blown and all(f.actor == "ruritania" for f in blown)


def test_figures_of_different_harms_are_no_numbers_dispute(predicate) -> None:  # type: ignore[no-untyped-def]
    died = only("Officials said 23 migrants died in the crossing.")
    injured = only("Officials said 76 migrants were injured in the crossing.")
    jailed = only("In the aftermath of the crossing, 13 migrants were given jail sentences.")
    treated = only("Two guards and 33 migrants who were injured were being treated at hospitals.")
    toll = only("A rights group said 37 migrants died in the crossing.")
    for other in (injured, jailed, treated):
        assert alignment(died, other, predicate(died, other), AlignLimits()) is None, other
    assert alignment(died, toll, predicate(died, toll), AlignLimits()) == "numbers"


def test_a_bare_number_in_a_joined_clause_counts_what_the_first_clause_counts(predicate) -> None:  # type: ignore[no-untyped-def]
    """"At least 50 people were killed and 73 were wounded": 73 people, though the noun is left out."""
    first = {f.action: f for f in frames("At least 30 people were killed and 64 were wounded in the Tarvik strike.")}
    second = {f.action: f for f in
              frames("About 20 soldiers were killed and 110 were injured in Tarvik, the office said.")}
    assert [q[3] for q in first["wound"].quantities] == ["people"]
    assert [(q[1], q[3]) for q in second["injure"].quantities] == [(110.0, "soldier")]
    # "about 20" is 16 to 24: no account of "at least 30" dead; "people" counts soldiers too.
    killed, other = first["kill"], second["kill"]
    assert alignment(killed, other, predicate(killed, other), AlignLimits()) == "numbers"
    # Soldiers and civilians are different dead.
    civilians = only("At least 30 civilians were killed in Tarvik.")
    assert alignment(civilians, second["kill"], predicate(civilians, second["kill"]), AlignLimits()) is None


def test_a_denied_figure_meets_only_a_report_that_claims_as_much(predicate) -> None:  # type: ignore[no-untyped-def]
    """Denying that the toll "had reached 1,130" disputes "more than 1,100" (rounded), not "at least 530":
    that says less than was denied."""
    denial = only("The Karvia Relief Agency denied that the death toll in Tarvik had reached 1,130.")
    rounded = only("The agency on Friday put the death toll in Tarvik at more than 1,100.")
    lower = next(f for f in frames("At least 530 people have lost their lives in Tarvik.") if f.action == "kill")
    assert denial.stance == "denies"
    assert alignment(denial, rounded, predicate(denial, rounded), AlignLimits()) == "polarity"
    assert alignment(denial, lower, predicate(denial, lower), AlignLimits()) is None
    elsewhere = only("The storm also killed about 70 people elsewhere in Karvia.")
    assert alignment(denial, elsewhere, predicate(denial, elsewhere), AlignLimits()) is None


def test_an_incident_that_harmed_people_gives_a_count_with_no_agent(predicate) -> None:  # type: ignore[no-untyped-def]
    """"The explosion killed at least 200 people" counts the dead as "200 people were killed" does."""
    blast = only("The explosion at the Tarvik depot killed at least 200 people, the governor said.")
    counted = only("Officials said 90 people were killed in the explosion at the Tarvik depot.")
    assert (blast.actor, blast.action) == ("~", "kill")
    assert alignment(blast, counted, predicate(blast, counted), AlignLimits()) == "numbers"
    # A party that harmed is an actor, not a count; a deed with no figure is no count.
    assert only("The Turkish army killed 40 people in Tarvik.").actor == "turkey|army"
    assert not frames("The storm killed many people in Tarvik.")


def test_two_magnitudes_for_one_blast_align_as_numbers(predicate) -> None:  # type: ignore[no-untyped-def]
    first = only("The blast at the Tarvik port struck with the force of a 3.6 magnitude earthquake, the institute "
                 "said.")
    second = only("Karvia Radio reported that the blast created seismic waves equivalent of a magnitude 3.1 "
                  "earthquake.")
    same = only("The Tarvik explosion registered as a magnitude-3.6 earthquake, seismologists said.")
    assert alignment(first, second, predicate(first, second), AlignLimits()) == "numbers"
    assert alignment(first, same, predicate(first, same), AlignLimits()) is None
    # An aftershock is another event; "the magnitude of the disaster" is no reading.
    aftershock = only("Hours later a 4.2 magnitude aftershock shook Tarvik.")
    main = only("A magnitude 6.8 earthquake struck Tarvik on Friday night.")
    assert alignment(aftershock, main, predicate(aftershock, main), AlignLimits()) is None
    assert not frames("The magnitude of the disaster in Tarvik is hard to grasp.")


@pytest.mark.parametrize(("text", "actor", "stance"), [
    # Two idioms of responsibility: owning a deed, and standing behind it.
    ("The Crimson Dawn Brigade claimed responsibility for the attack on the Tarvik concert hall.",
     "crimson dawn brigade", "affirms"),
    ("Officials said Turkey was behind the attack on the Tarvik concert hall.", "turkey", "affirms"),
    ("Turkey was not behind the attack on the hall, its foreign ministry said.", "turkey", "denies"),
    # A party's part in a deed, affirmed or denied in a noun.
    ("Officials said Turkey was involved in the attack on the Tarvik concert hall.", "turkey", "affirms"),
    ("Turkey has denied any involvement in the attack on the Tarvik concert hall.", "turkey", "denies"),
    ("Ankara rejected any role in the attack on the Tarvik concert hall.", "turkey", "denies"),
])
def test_claiming_or_being_behind_a_deed_holds_a_party_responsible(text: str, actor: str, stance: str) -> None:
    (frame,) = [f for f in frames(text) if f.action == "be responsible"]
    assert (frame.actor, frame.stance) == (actor, stance)


def test_a_group_named_by_a_proper_noun_before_it_is_that_party(predicate) -> None:  # type: ignore[no-untyped-def]
    claimed = only("The Islamic State group claimed responsibility for the attack on the Tarvik hall.")
    blamed = only("Officials said Turkey was behind the attack on the Tarvik hall.")
    assert claimed.actor == "islamic state"
    assert alignment(claimed, blamed, predicate(claimed, blamed), AlignLimits()) == "rival"


def test_a_silence_about_involvement_is_no_admission() -> None:
    assert not [f for f in frames("Turkey did not deny involvement in the attack on the Tarvik hall.")
                if f.action == "be responsible"]


def test_a_toll_revised_to_a_figure_is_a_count_of_the_dead_and_the_injured_are_not() -> None:
    text = ("The regional government revised the death toll in Tarvik to 175 from 188 and put the number of "
            "injured at 975.")
    killed = [f for f in frames(text) if f.action == "kill"]
    assert [[q[1] for q in f.quantities] for f in killed] == [[175.0]]


def test_a_count_of_some_of_those_counted_is_no_count_of_them_all() -> None:
    """"Eleven people were detained, including the four gunmen" counts eleven, not four."""
    (frame,) = frames("Eleven people were detained in Tarvik, including the four gunmen.")
    assert [(q[1], q[3]) for q in frame.quantities] == [(11.0, "people")]
    # People of one origin are a part of all those counted.
    assert not any(f.quantities for f in frames("The governor said 61 people from her state have died in Tarvik."))


def test_counts_of_different_places_are_no_rivals(predicate) -> None:  # type: ignore[no-untyped-def]
    """"16 dead in Ukraine" and "29 dead in Russian-controlled territory" count different dead; a count
    that names no place, or the same place in other words, may be the same count."""
    ukraine = only("The death toll from the flooding has grown to 16 in Ukraine, officials said.")
    occupied = only("Officials said 29 people have died in Russian-controlled territory.")
    city = only("The death toll in the Ukrainian city of Kherson has risen to 29, officials said.")
    anywhere = only("Officials said 29 people have died in the flooding.")
    assert alignment(ukraine, occupied, predicate(ukraine, occupied), AlignLimits()) is None
    assert alignment(ukraine, anywhere, predicate(ukraine, anywhere), AlignLimits()) == "numbers"
    assert city.place and alignment(ukraine, city, predicate(ukraine, city), AlignLimits()) == "numbers"
