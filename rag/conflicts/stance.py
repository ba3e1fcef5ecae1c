"""What a claim asserts about its proposition: its polarity and the quantities it gives.

Two claims contradict when they are about the same point and one asserts it
while the other denies it ("approved the provision of lethal aid" / "has never
provided lethal weapons"), or when they give different numbers for the same
quantity. This module reads those signals off one claim; ``judges`` compares two.

Polarity counts the words that flip a proposition (not, never, denied, falsely,
disproven, ...) in the asserted part of the claim. Concessive asides
("for all its claims that it is neutral", "despite ...") and reported doubts of
others are not the claim's own assertion, so they are left out of the count.
Nor is a negation that governs a speech act ("avoided accusing", "did not say"): that
is a silence about the proposition, not a denial of it (``Stance.negates_speech``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.lexicon import HEDGE_ADVERBS
from rag.text import STOPWORDS, content_terms, display_text, numbers, polarity_cue_positions

# ", for all its claims that it is a neutral actor," / ", despite its stance," / "though ...,": asides.
_CONCESSIVE_ASIDE = re.compile(
    r"(?:^|,)\s*(?:for all|despite|in spite of|although|though|even though|notwithstanding)\b[^,]*(?:,|$)", re.I
)
# A negation governed by a modal or a directive is not asserted: "ensuring that its companies do
# not provide", "may not want to admit it".
_MODAL_BEFORE = re.compile(
    r"\b(?:may|might|must|should|could|would|ensur(?:e|es|ed|ing)|make\s+sure|responsible\s+for|want(?:s|ed)?\s+to)"
    r"\b(?:\W+\w+){0,4}\W*$",
    re.I,
)
# "..., since they can't do so directly": a negation in a background reason is not what the claim asserts.
# ("because" is left alone: "forced to retreat because they had no ammunition" asserts the lack.)
_BACKGROUND_REASON = re.compile(r"\b(?:since|as)\s+(?:they|it|he|she|we|these|those|there)\b", re.I)
# "avoided directly accusing", "did not say", "declined to comment on": a plain negation (or an
# avoidance verb) that governs a speech act says what someone did not say, not that the thing
# said would be false. Words that judge the content itself ("falsely", "denied", "disproven")
# are not affected: "falsely claimed that ..." does deny it.
_SPEECH_ACT_NEXT = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,2}?(?:accus\w*|blam\w*|nam(?:e|es|ed|ing)|comment\w*|respond\w*|confirm\w*|"
    r"say|says|said|saying|mention\w*|criticis\w*|criticiz\w*|condemn\w*|speak\w*|spoke)\b",
    re.I,
)
_CONTENT_JUDGING_CUE = re.compile(
    r"^(?:false|falsely|lies?|den(?:y|ies|ied|ying)|refute[sd]?|reject(?:s|ed)?|disprov\w*|denials?|untrue|"
    r"baseless|groundless|unfounded|fabricat\w*|disinformation|misinformation)$",
    re.I,
)
_QUANTITY = re.compile(
    r"(?<![\w.])(?P<currency>\$)?(?P<value>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>%|percent|per cent|million|billion|"
    r"thousand|trillion)?(?:\s+(?:worth\s+of|of|in))?(?:\s+(?:more|less|than|about|some|[a-z]+-?[a-z]*ed))*"
    r"\s+(?P<unit>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,2})?",
    re.I,
)


# Hearsay and speculation: the claim reports a rumour or a guess, not a statement of fact. The
# adverbs are the lexicon's (Quirk et al.), less "reportedly": news reports use it for sourced findings.
_HEDGE = re.compile(
    r"\b(?:" + "|".join(sorted(HEDGE_ADVERBS - {"reportedly"})) + r"|rumou?r(?:s|ed)?|speculat\w*|might|"
    r"may\s+have|could\s+have|seems?)\b",
    re.I,
)


def is_hedged(text: str) -> bool:
    """Whether the claim only reports a rumour or a guess ("… possibly also supplying them …")."""
    return bool(_HEDGE.search(display_text(text)))


@dataclass(frozen=True)
class Quantity:
    value: str                  # normalised number, e.g. "100 million", "69%"
    unit: frozenset[str]        # content words right after it: what is being counted


@dataclass(frozen=True)
class Stance:
    polarity: int               # +1 asserts the proposition, -1 denies it
    cues: tuple[str, ...]       # the words that flipped it
    quantities: tuple[Quantity, ...]
    terms: frozenset[str]       # stemmed content words, for "same point" checks
    negates_speech: bool = False  # "avoided accusing", "did not say": a negation of a speech act was set aside

    @property
    def denies(self) -> bool:
        return self.polarity < 0


def asserted_part(text: str) -> str:
    """The claim without its concessive asides, which it does not itself assert.

    A claim that is nothing but the aside ("despite its official claim of neutrality")
    keeps it: then the aside is what it says.
    """
    text = display_text(text)
    rest = _CONCESSIVE_ASIDE.sub(",", text)
    return rest if len(rest.split()) >= 3 else text


def _head_noun(phrase: str) -> list[str]:
    """The counted thing: the last word before a function word ("military drones to Russia" -> drone)."""
    head: list[str] = []
    for word in phrase.split():
        if word.lower() in STOPWORDS:
            break
        head = [word]
    return content_terms(head[0]) if head else []


def quantities(text: str) -> tuple[Quantity, ...]:
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(display_text(text)):
        value = numbers(match.group(0))
        if not value:
            continue  # a year, or not a number after normalisation
        unit = frozenset(_head_noun(match.group("unit") or ""))
        if match.group("currency"):
            unit = unit | {"$"}
        found.append(Quantity(value=sorted(value)[0], unit=unit))
    return tuple(found)


def _asserted_cues(text: str) -> tuple[tuple[str, ...], bool]:
    """Polarity cues outside the scope of a modal or directive, and outside background reasons;
    and whether a negation governing a speech act was set aside."""
    reason = _BACKGROUND_REASON.search(text)
    text = text[: reason.start()] if reason else text
    cues = []
    negates_speech = False
    for cue, position in polarity_cue_positions(text):
        if _MODAL_BEFORE.search(text[:position]):
            continue
        if not _CONTENT_JUDGING_CUE.match(cue) and _SPEECH_ACT_NEXT.match(text[position + len(cue):]):
            negates_speech = True
            continue
        cues.append(cue)
    return tuple(cues), negates_speech


def stance_of(text: str) -> Stance:
    asserted = asserted_part(text)
    cues, negates_speech = _asserted_cues(asserted)
    return Stance(
        polarity=-1 if len(cues) % 2 else 1,
        cues=cues,
        quantities=quantities(text),
        terms=frozenset(content_terms(asserted)),
        negates_speech=negates_speech,
    )


def conflicting_quantities(a: Stance, b: Stance) -> tuple[Quantity, Quantity] | None:
    """Different values for what is counted in the same unit, when the claims share no value at all."""
    values_a = {q.value for q in a.quantities}
    values_b = {q.value for q in b.quantities}
    if values_a & values_b:
        return None  # the same figure appears on both sides: they agree on it
    for qa in a.quantities:
        for qb in b.quantities:
            same_unit = bool((qa.unit & qb.unit) - {"$"}) and ("$" in qa.unit) == ("$" in qb.unit)
            if same_unit and qa.value != qb.value:
                return qa, qb
    return None
