"""A figure as written, read as the range of numbers it allows.

"471" is 471; "at least 471" is 471 or more; "about 50" is 35 to 65; "100 to 300" is 100 to 300;
"several dozen" is 36 to 99; "hundreds" is 200 to 999; "tens of thousands" is 20,000 to 99,999.
Two figures that cannot both be right are two ranges that do not overlap, which is how the
answer's disagreements (``rag.values``) and the contradiction map (``rag.conflicts``) compare
counts, so both read figures here.

The words come from closed classes of English: approximators and comparatives before a numeral
(Quirk, Greenbaum, Leech and Svartvik 1985, *A Comprehensive Grammar of the English Language*,
§7.57 and §10.64: "at least", "about", "nearly", "up to"), and plural or quantified scale
numerals ("dozens", "several hundred", "tens of thousands", §6.64).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SCALES = {"dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORD_NUMBERS = {
    word: value for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split())
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_AT_LEAST = ("at least", "more than", "over", "above", "upwards of", "exceeding", "in excess of", "no fewer than",
             "no less than")
_AT_MOST = ("at most", "fewer than", "less than", "under", "below", "up to", "no more than")
_NEARLY = ("nearly", "almost", "close to", "just under")  # a little below the figure
_ABOUT = ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "circa", "or so")
_ABOUT_TOLERANCE = 0.3   # "about x": within 30% of x
_NEARLY_TOLERANCE = 0.3  # "nearly x": up to 30% below x
_RANGE = re.compile(r"(?:between\s+)?(\S+)\s*(?:to|and|-|–|—)\s*(\S+)$")


@dataclass(frozen=True)
class Figure:
    low: float
    high: float

    def overlaps(self, other: Figure, tolerance: float = 0.0) -> bool:
        """Can both be right? ``tolerance`` forgives rounding: a share of the larger figure."""
        slack = tolerance * max(abs(self.high if math.isfinite(self.high) else self.low),
                                abs(other.high if math.isfinite(other.high) else other.low), 1.0)
        return self.low <= other.high + slack and other.low <= self.high + slack


def _has(phrase: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?:^|\s){re.escape(word)}(?:\s|$)", phrase) for word in words)


def _exact(text: str) -> float | None:
    """One written number: "471", "1,000", "2.5 million", "fifty", "a dozen"."""
    digits = _NUMBER.findall(text)
    scale = next((factor for word, factor in _SCALES.items() if re.search(rf"\b{word}\b", text)), None)
    if digits:
        return float(digits[0].replace(",", "")) * (scale or 1.0)
    words = [_WORD_NUMBERS[w] for w in text.split() if w in _WORD_NUMBERS]
    if words:
        return float(words[0]) * (scale or 1.0)
    if scale is not None and re.search(r"\b(?:a|one)\s+(?:dozen|hundred|thousand|million|billion|trillion)\b", text):
        return scale
    return None


def _vague(text: str) -> Figure | None:
    """Plural and quantified scale words: "dozens" (24-99), "several hundred" (300-999), "hundreds
    of thousands" (200,000-999,999). The upper end stops below the next word a writer would use."""
    match = re.search(r"\b(tens|hundreds)\s+of\s+(thousands|millions|billions)\b", text)
    if match:
        factor = (10.0 if match.group(1) == "tens" else 100.0) * _SCALES[match.group(2)[:-1]]
        return Figure(2 * factor, 10 * factor - 1)
    match = re.search(r"\b(dozens|hundreds|thousands|millions|billions)\b", text)
    if match:
        scale = _SCALES[match.group(1)[:-1]]
        top = 100.0 if scale == 12.0 else 10 * scale
        return Figure(2 * scale, top - 1)
    match = re.search(r"\b(several|a few|few)\s+(dozen|hundred|thousand|million|billion)\b", text)
    if match:
        scale = _SCALES[match.group(2)]
        top = 100.0 if scale == 12.0 else 10 * scale
        first = 3 if match.group(1) == "several" else 2
        return Figure(first * scale, top - 1)
    return None


def read_figure(text: str) -> Figure | None:
    """The range a written figure allows, or None when ``text`` holds no figure."""
    phrase = " ".join(text.lower().split())
    vague = _vague(phrase)
    if vague is not None:
        return vague
    bare = phrase
    for words in (_AT_LEAST, _AT_MOST, _NEARLY, _ABOUT):
        for word in words:
            bare = re.sub(rf"(?:^|\s){re.escape(word)}(?=\s|$)", " ", bare)
    bare = bare.strip()
    scale = _scale_after(bare)
    ranged = _RANGE.search(bare.removesuffix(scale).strip())
    if ranged:
        first, second = _exact(ranged.group(1) + scale), _exact(ranged.group(2) + scale)
        if first is not None and second is not None:
            return Figure(min(first, second), max(first, second))
    value = _exact(bare)
    if value is None:
        return None
    if _has(phrase, _AT_LEAST):
        return Figure(value, math.inf)
    if _has(phrase, _AT_MOST):
        return Figure(0.0, value)
    if _has(phrase, _NEARLY):
        return Figure(value * (1 - _NEARLY_TOLERANCE), value)
    if _has(phrase, _ABOUT):
        return Figure(value * (1 - _ABOUT_TOLERANCE), value * (1 + _ABOUT_TOLERANCE))
    return Figure(value, value)


def _scale_after(text: str) -> str:
    """'2 to 3 million': the scale word after a range applies to both ends."""
    match = re.search(r"\s(dozen|hundred|thousand|million|billion|trillion)$", text)
    return f" {match.group(1)}" if match else ""
