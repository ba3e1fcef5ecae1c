"""A figure as written, read as the range of numbers it allows.

"471" is 471; "at least 471" is 471 or more; "about 50" is 45 to 55; "100 to 300" is 100 to 300;
"$2 million to $3 million" is 2e6 to 3e6; "several dozen" is 36 to 99; "hundreds" is 200 to 999;
"tens of thousands" is 20,000 to 99,999. Two figures that cannot both be right are two ranges
that do not overlap, which is how the answer's disagreements (``rag.values``) and the
contradiction map (``rag.conflicts``) compare counts, so both read figures here.

The words come from closed classes of English: approximators and comparatives before a numeral
(Quirk, Greenbaum, Leech and Svartvik 1985, *A Comprehensive Grammar of the English Language*,
§7.57 and §10.64: "at least", "about", "nearly", "up to", "no more than"), and plural or
quantified scale numerals ("dozens", "several hundred", "tens of thousands", §6.64).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_SCALES = {"dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE_WORDS = frozenset(_SCALES)  # "dozen", "hundred", …: they scale a count, they are not what is counted
_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}  # written onto the number: "2.5m"
_UNITS = {
    word: value for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split())
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
# Read in this order: "just under" before "under", "no more than" before "more than".
_APPROXIMATORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nearly", ("just under", "just shy of", "nearly", "almost", "close to")),
    ("at least", ("no fewer than", "not fewer than", "no less than", "not less than")),
    ("at most", ("no more than", "not more than", "no greater than")),
    ("at most", ("at most", "fewer than", "less than", "under", "below", "up to", "as many as", "as much as",
                 "a maximum of")),
    ("at least", ("at least", "more than", "over", "above", "upwards of", "exceeding", "in excess of",
                  "a minimum of", "past")),
    ("about", ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "circa",
               "or so")),
)
# "about x" allows half the step of the scale x is rounded to (Krifka 2009, "Approximate interpretations
# of number words: a case for strategic communication"): "about 40" is on a scale of tens, 35 to 45;
# "about 2,750" on one of tens too, but never narrower than a tenth of x nor wider than a fifth
# ("about 10,000" is 8,000 to 12,000, not 5,000 to 15,000).
_ABOUT_NARROWEST = 0.1
_ABOUT_WIDEST = 0.2
_NEARLY_TOLERANCE = 0.3  # "nearly x": up to 30% below x
_LARGEST = 1e15          # beyond this a "figure" is an identifier or a parse error, not a count
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_SCALE_WORD = r"(?:dozen|hundred|thousand|million|billion|trillion)s?"
_AMOUNT = re.compile(rf"[$€£]?\s*({_NUMBER})(?:(k|mn|m|bn|b|tn)\b|\s*({_SCALE_WORD})\b)?")
_RANGE = re.compile(
    rf"(?:between\s+)?([$€£]?\s*{_NUMBER}(?:(?:k|mn|m|bn|b|tn)\b|\s*{_SCALE_WORD}\b)?)"
    rf"\s*(?:to|and|-|–|—)\s*([$€£]?\s*{_NUMBER}(?:(?:k|mn|m|bn|b|tn)\b|\s*{_SCALE_WORD}\b)?)"
)


# The most a precise figure's range may span, as a share of its top: "nearly 500" is 350-500
# (``_NEARLY_TOLERANCE``), "hundreds" is 200-999.
_PRECISE_SPREAD = 0.35


@dataclass(frozen=True)
class Figure:
    low: float
    high: float

    @property
    def precise(self) -> bool:
        """A reported figure ("471", "nearly 500", "at least 471"), not a vague one ("hundreds",
        "100 to 300")."""
        return not math.isfinite(self.high) or self.high - self.low <= _PRECISE_SPREAD * abs(self.high)

    @property
    def point(self) -> bool:
        return self.low == self.high

    def overlaps(self, other: Figure, tolerance: float = 0.0) -> bool:
        """Can both be right? Two figures written as points may be roundings of one number: "500" of 471
        (a step of 100), not "3.3" of 3.5 (a step of 0.1). The slack is half the coarser step, but at
        most ``tolerance``, a share of the larger. A figure written as a range ("about 40", "at least
        50") already says how far off it may be, and gets none."""
        slack = 0.0
        if self.point and other.point:
            ends = [abs(x) for x in (self.low, other.low) if math.isfinite(x)]
            step = max(_rounding_step(abs(self.low)), _rounding_step(abs(other.low)))
            slack = min(step / 2, tolerance * max([*ends, 1.0]))
        return self.low <= other.high + slack and other.low <= self.high + slack


def _amount(text: str) -> tuple[float, float | None] | None:
    """A number written in digits and the scale written with it, if any: '2.5m' -> (2.5, 1e6)."""
    match = _AMOUNT.search(text)
    if match is None:
        return None
    number = float(match.group(1).replace(",", ""))
    if match.group(2):
        return number, _SUFFIXES[match.group(2)]
    if match.group(3):
        return number, _SCALES[match.group(3).rstrip("s")]
    return number, None


def _words(text: str) -> float | None:
    """'fifty', 'twenty-five', 'one hundred fifty', 'a hundred thousand', 'half a million', 'a dozen'."""
    tokens = re.findall(r"[a-z]+", text.replace("-", " "))
    total = current = 0.0
    seen = False
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in _UNITS or token in _TENS:
            current += _UNITS.get(token, 0) + _TENS.get(token, 0)
        elif token == "half" and following == "a":
            current += 0.5
        elif token == "a" and following in _SCALES:
            current = current or 1.0
            continue
        elif token in ("dozen", "hundred"):
            current = (current or 1.0) * _SCALES[token]
        elif token in _SCALES:
            total += (current or 1.0) * _SCALES[token]
            current = 0.0
        else:
            continue
        seen = True
    return total + current if seen else None


def _exact(text: str) -> float | None:
    """One written number: '471', '1,000', '$2.5 million', '5bn', 'twenty-five', 'a dozen'."""
    amount = _amount(text)
    value = amount[0] * (amount[1] or 1.0) if amount is not None else _words(text)
    return value if value is not None and value <= _LARGEST else None


def _range(text: str) -> Figure | None:
    """'100 to 300', '1,000-2,000', 'between 5 and 10', '2 to 3 million', '$5 billion to $10 billion'.
    A scale written on one end only applies to both."""
    match = _RANGE.search(text)
    if match is None:
        return None
    first, second = _amount(match.group(1)), _amount(match.group(2))
    if first is None or second is None:
        return None
    scale = first[1] or second[1] or 1.0
    low, high = first[0] * (first[1] or scale), second[0] * (second[1] or scale)
    if max(low, high) > _LARGEST:
        return None
    return Figure(min(low, high), max(low, high))


def _vague(text: str) -> Figure | None:
    """Plural and quantified scale words: "dozens" (24-99), "several hundred" (300-999), "hundreds
    of thousands" (200,000-999,999). The upper end stops below the next word a writer would use."""
    match = re.search(r"\b(tens|hundreds)\s+of\s+(thousands|millions|billions)\b", text)
    if match:
        factor = (10.0 if match.group(1) == "tens" else 100.0) * _SCALES[match.group(2)[:-1]]
        return Figure(2 * factor, 10 * factor - 1)
    match = re.search(r"\b(dozens|hundreds|thousands|millions|billions)\b", text)
    if match and not re.search(_NUMBER, text):
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
    ranged = _range(phrase)
    if ranged is not None:
        return ranged
    value = _exact(phrase)
    if value is None:
        return None
    kind = next((kind for kind, words in _APPROXIMATORS
                 if any(re.search(rf"(?:^|\s){re.escape(w)}(?=\s|$)", phrase) for w in words)), None)
    if kind == "nearly":
        return Figure(value * (1 - _NEARLY_TOLERANCE), value)
    if kind == "at most":
        return Figure(0.0, value)
    if kind == "at least":
        return Figure(value, math.inf)
    if kind == "about":
        spread = min(max(_rounding_step(value) / 2, _ABOUT_NARROWEST * value), _ABOUT_WIDEST * value)
        return Figure(value - spread, value + spread)
    return Figure(value, value)


def _rounding_step(value: float) -> float:
    """The step of the scale a figure is rounded to: 40 -> 10, 2,750 -> 10, 11,000 -> 1,000, 3.5 -> 0.1."""
    if value <= 0:
        return 0.0
    step = 1.0
    if value != int(value):
        while value / step != int(value / step) and step > 1e-6:
            step /= 10
        return step
    while int(value) % int(step * 10) == 0 and step * 10 <= value:
        step *= 10
    return step


# "6:59 p.m.", "6.30pm", "about 18:30": a time of day, perhaps approximate.
CLOCK = re.compile(
    r"\b(?P<about>(?:about|around|approximately|roughly|some)\s+)?(?P<hour>[012]?\d)(?:[:.](?P<minute>[0-5]\d))?"
    r"\s*(?P<half>[ap])\.?\s?m\b\.?|\b(?P<about24>(?:about|around|approximately|roughly)\s+)?"
    r"(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)\b",
    re.IGNORECASE,
)
_EXACT_MINUTES = 2      # "6:59 p.m." allows a minute or two of reporting either way
_APPROXIMATE_MINUTES = 15   # "about 6.30pm"


def clock_minutes(text: str) -> tuple[float, float] | None:
    """The first time of day in ``text`` as minutes after midnight, low to high: "about 6.30pm" is
    1095 to 1125, "6:59 p.m." 1137 to 1141."""
    match = CLOCK.search(text)
    if match is None:
        return None
    if match.group("hour") is not None:
        hour = int(match.group("hour")) % 12 + (12 if match.group("half").lower() == "p" else 0)
        minute, approximate = int(match.group("minute") or 0), bool(match.group("about"))
    else:
        hour, minute = int(match.group("hour24")), int(match.group("minute24"))
        approximate = bool(match.group("about24"))
    at = hour * 60 + minute
    slack = _APPROXIMATE_MINUTES if approximate else _EXACT_MINUTES
    return float(at - slack), float(at + slack)


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_DAY = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")


def read_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of a date as written, each None where the text does not give it ("July 29"
    has no year); None when it gives neither a year nor a month."""
    lowered = text.lower()
    year_match = _YEAR.search(lowered)
    month = next((number for name, number in _MONTHS.items() if name in lowered or name[:3] + " " in lowered), None)
    rest = _YEAR.sub(" ", lowered)
    day_match = _DAY.search(rest) if month is not None else None
    year = int(year_match.group(1)) if year_match else None
    day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None
    if year is None and month is None:
        return None
    return year, month, day
