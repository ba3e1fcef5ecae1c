"""Which pairs of events are about the same proposition, and could disagree about it.

Two events (``frames.Frame``) are aligned when the parse says they are the same action
by the same actor on the same object:

- the same actor key: the Chinese state is not Chinese companies or Chinese citizens,
  and Ukraine buying drones is not China supplying Russia;
- compatible recipients: both name the same one, or one names none or "any party";
- close predicates: the embedding of "verb lemma + object" ("provide lethal weapons",
  "supply weapons and gunpowder") at or above ``AlignLimits.min_predicate``;
- the same object where one is named ("Gaza" is not "the Gaza Strip hospital");
- the same period: no disjoint years, and not one "before" and the other "after/since/
  during" the same event ("shipped 1,000 drones before the invasion" against "denied
  sending equipment since the invasion").

An aligned pair is a candidate when the stances differ (one affirms, the other denies or
reports no evidence), or when both affirm and give different exact figures for the same
counted thing. Two denials, or a denial and a "no evidence", stand on the same side.

A state and its own companies are different actors, with one exception: a state's denial
that it did something ("The Chinese side has never provided lethal weapons to any party")
and a report that its companies do exactly that ("Chinese companies are providing Russia
with lethal weapons"), the predicates nearly the same (``AlignLimits.min_company_predicate``).
Companies selling parts against the state denying weapons stay apart.

Responsibility is the other place where different actors can disagree: "Gaza's health ministry
said Israel was responsible for the explosion" and "the explosion resulted from an Islamic
Jihad rocket" each hold a party responsible for the same event, and cannot both be right
(a "rival" pair). Each side affirms of its own party what the other, by naming another,
denies.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np

from core.lexicon import COUNTRIES, HARM_KINDS
from rag.conflicts.frames import AGENTLESS, GENERIC_PEOPLE, PEOPLE_WORDS, RESPONSIBLE, Frame
from rag.figures import Figure

Kind = Literal["polarity", "numbers", "rival"]


@dataclass(frozen=True)
class AlignLimits:
    min_predicate: float = 0.45     # cosine of the two predicates; see ``Calibration`` in docs/contradictions.md
    min_company_predicate: float = 0.85  # a state's denial against its companies' doing: nearly the same act
    candidates_per_actor: int = 400  # most recent events of the same actor compared with a new one
    number_tolerance: float = 0.1    # relative difference below which two figures are the same


def frame_json(frame: Frame, context: str = "") -> str:
    """The frame, and the sentence its claim was cut from, as stored."""
    return json.dumps(asdict(frame) | {"_context": context}, ensure_ascii=False)


def frame_and_context(body: str) -> tuple[Frame, str]:
    data: dict[str, Any] = json.loads(body)
    return frame_from_json(body), str(data.get("_context", ""))


def frame_from_json(body: str) -> Frame:
    data: dict[str, Any] = {k: v for k, v in json.loads(body).items() if not k.startswith("_")}
    data["years"] = tuple(data.get("years", ()))
    data["quantities"] = tuple((q[0], float(q[1]), float(q[2]), q[3]) for q in data.get("quantities", ())
                               if len(q) == 4)
    data["period"] = tuple(data.get("period", ("", "")))
    return Frame(**data)


def _recipients_compatible(a: Frame, b: Frame) -> bool:
    ra, rb = set(filter(None, a.recipient.split(","))), set(filter(None, b.recipient.split(",")))
    if not ra or not rb or "*" in ra or "*" in rb:
        return True
    return bool(ra & rb)


def _same_period(a: Frame, b: Frame) -> bool:
    if a.years and b.years and not set(a.years) & set(b.years):
        return False
    if bool(_ANOTHER_YEAR.search(a.time)) != bool(_ANOTHER_YEAR.search(b.time)):
        return False   # "Last year more than 200 pilgrims died" is no count of this year's dead
    return not (a.period[0] and b.period[0] and a.period[1] == b.period[1] and a.period[0] != b.period[0])


# A date that places an event in a year before the report's own: "last year", "two years ago".
_ANOTHER_YEAR = re.compile(r"\b(?:last|previous|prior)\s+year\b|\byears?\s+(?:ago|earlier|before)\b", re.IGNORECASE)


def _numbers_differ(a: Frame, b: Frame, tolerance: float) -> bool:
    """Both give a figure of the same kind for the same counted thing, the ranges they give do not
    overlap (within ``tolerance``), and no figure of one agrees with one of the other."""
    differ = False
    for label_a, low_a, high_a, counted_a in a.quantities:
        for label_b, low_b, high_b, counted_b in b.quantities:
            if label_a != label_b or not _same_counted(counted_a, counted_b):
                continue
            if label_a.startswith(("TIME", "DATE")):
                overlap = low_a <= high_b and low_b <= high_a   # minutes of the day, slack already read; days
            else:
                overlap = Figure(low_a, high_a).overlaps(Figure(low_b, high_b), tolerance)
            if overlap:
                return False
            differ = True
    return differ


def _same_counted(a: str, b: str) -> bool:
    """Do two figures count the same things? "people" counts any people: "at least 50 people were
    killed" and "about 40 soldiers were killed" count one dead; soldiers and civilians are not one."""
    if not a or not b:
        return False
    return a == b or (GENERIC_PEOPLE & {a, b} != set() and {a, b} <= PEOPLE_WORDS)


def alignment(a: Frame, b: Frame, predicate_similarity: float, limits: AlignLimits) -> Kind | None:
    """How the two events could disagree, or None when they are not about one proposition."""
    rivals = _rival_parties(a, b)
    if a.actor != b.actor and not rivals and not (
            _state_and_its_companies(a, b) and predicate_similarity >= limits.min_company_predicate):
        return None
    if predicate_similarity < limits.min_predicate:
        return None
    if not _recipients_compatible(a, b) or not _same_period(a, b):
        return None
    if (a.obj_entity or b.obj_entity) and a.obj_entity != b.obj_entity:
        return None  # "bombards Gaza" is not "bombed the hospital": a named object must be the same
    if rivals:
        return "rival"
    if a.affirms != b.affirms:
        return "polarity" if _claims_what_is_denied(a, b, limits.number_tolerance) else None
    if a.affirms and b.affirms and _same_harm(a, b) and _same_place(a, b) \
            and _numbers_differ(a, b, limits.number_tolerance):
        return "numbers"
    return None


def _claims_what_is_denied(a: Frame, b: Frame, tolerance: float) -> bool:
    """A denied figure is denied as reached: "denied that the toll had reached 11,300" is answered by "more
    than 11,000" (rounded), not by "at least 5,300", which says less than was denied, nor by a report with
    no figure of that count. A denial without a figure disagrees by its stance alone."""
    affirming, denying = (a, b) if a.affirms else (b, a)
    comparable = [(x, y) for x in affirming.quantities for y in denying.quantities
                  if x[0] == y[0] and _same_counted(x[3], y[3])]
    if not comparable:
        # A denied figure is denied, not the deed: "denied the toll had reached 11,300" is no denial that
        # "the storm killed about 170 people elsewhere". A denial with no figure meets any report.
        return not denying.quantities
    return any(_claims_the_denied(x, y, tolerance) for x, y in comparable)


def _claims_the_denied(claimed: tuple[str, float, float, str], denied: tuple[str, float, float, str],
                       tolerance: float) -> bool:
    """Does a claimed figure reach a denied one? "More than 125", denied, is not claimed by "125": only by a
    figure above it, or by another "more than" at least as high."""
    if math.isinf(denied[2]):
        return claimed[1] > denied[1] or (math.isinf(claimed[2]) and claimed[1] >= denied[1])
    return claimed[1] >= denied[1] or Figure(claimed[1], claimed[1]).overlaps(Figure(denied[1], denied[1]), tolerance)


def _same_place(a: Frame, b: Frame) -> bool:
    """Could two counts be of one place? "16 dead in Ukraine" and "29 dead in Russian-controlled territory"
    count different dead; a count that names no place may be of any, and "the city of Derna" is Derna.
    Words compare by their first six letters, as parties do (``same_party``): "Ukrainian" is of Ukraine."""
    if not a.place or not b.place:
        return True
    return bool(_word_prefixes(a.place, min_length=4) & _word_prefixes(b.place, min_length=4))


def _same_harm(a: Frame, b: Frame) -> bool:
    """Do the two figures count the same harm, if either counts one? "23 migrants died" and "13 migrants
    were given jail sentences" or "33 migrants were injured" count different people (``HARM_KINDS``)."""
    kinds_a, kinds_b = _harm_kinds(a), _harm_kinds(b)
    return kinds_a == kinds_b or not (kinds_a or kinds_b)


def _harm_kinds(frame: Frame) -> frozenset[int]:
    """The harms the event's verb or its words name: "died" and "put the death toll at" count the dead."""
    words = {frame.action.lower(), *frame.predicate.lower().split(), *frame.obj.lower().split()}
    return frozenset(i for i, kind in enumerate(HARM_KINDS) if words & kind)


# Actor kinds (``frames.actor_key``: "china|company") that are a country's companies.
COMPANY_KINDS = frozenset({"company", "business", "firm", "manufacturer", "supplier", "maker", "producer",
                           "exporter", "enterprise", "contractor"})


def _state_and_its_companies(a: Frame, b: Frame) -> bool:
    """One event is a state's denial (or "no evidence"), the other a report that the state's own
    companies did it."""
    state, companies = (a, b) if "|" not in a.actor else (b, a)
    country, _, kind = companies.actor.partition("|")
    return ("|" not in state.actor and country == state.actor and kind in COMPANY_KINDS
            and not state.affirms and companies.affirms)


def related_actors(actor: str) -> list[str]:
    """The other actors whose events an event of ``actor`` is compared with: a state's companies, or a
    company's state (``_state_and_its_companies``)."""
    country, _, kind = actor.partition("|")
    if not kind:
        # Only a country has companies of its own ("china|company" is read from "Chinese companies").
        return [f"{actor}|{k}" for k in sorted(COMPANY_KINDS)] if actor in COUNTRIES else []
    return [country] if kind in COMPANY_KINDS else []


def _rival_parties(a: Frame, b: Frame) -> bool:
    """Both hold a party responsible for an event, not the same party, and one of them a state.

    Two parties that are not states may be one inside the other, which the text rarely says in
    the same sentence: "an Islamic Jihad rocket" and "a misfiring Palestinian rocket launch"
    name one party, Islamic Jihad being Palestinian. A state has one key however it is named."""
    return (a.action == RESPONSIBLE == b.action and a.affirms and b.affirms
            and AGENTLESS not in (a.actor, b.actor) and (a.state or b.state)
            and not same_party(a.actor, b.actor))


def same_party(a: str, b: str) -> bool:
    """"islamic jihad" and "palestinian islamic jihad", "palestinian" and "palestinian islamic jihad":
    one names the other, or a part of it. Words compare by their first six letters, so that a
    demonym meets its country ("palestinian", "palestine")."""
    words_a, words_b = (_word_prefixes(key.replace("|", " ")) for key in (a, b))
    return words_a <= words_b or words_b <= words_a


def _word_prefixes(text: str, min_length: int = 0) -> set[str]:
    """The first six letters of each word of at least ``min_length`` letters: "ukrainian" meets "ukraine"."""
    return {w[:6] for w in text.split() if len(w) >= min_length}


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)
