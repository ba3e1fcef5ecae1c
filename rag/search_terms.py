"""Words searched beside a question whose answer is given in words the question does not use.

"How fast was the ship going?" shares no word with "traveling at about eight knots", nor "Where was the
ship headed?" with "leaving Baltimore bound for Colombo". The lexical search (BM25) also looks for the
words a report gives such an answer in: the units of the asked measure, the phrases of a destination.
Few words, so that they do not outweigh the question's own. The dense search reads the question alone.
"""

from __future__ import annotations

import re

from rag.question import analyse
from rag.roles import asks_for_a_destination

# "How fast …?", "How wide …?": the dimension and its usual units.
_MEASURE_WORDS = {
    "fast": "speed knots mph km/h",
    "wide": "width wide metres meters feet", "broad": "width wide metres meters feet",
    "tall": "height tall metres meters feet", "high": "height high metres meters feet",
    "deep": "depth deep metres meters feet",
    "far": "distance km kilometres kilometers miles",
    "heavy": "weight tonnes tons kg pounds",
}
_HOW_ADJECTIVE = re.compile(r"\bhow\s+(" + "|".join(_MEASURE_WORDS) + r")\b", re.IGNORECASE)
_DESTINATION_WORDS = "bound destination voyage route heading"


def answer_search_terms(question: str) -> str:
    """The words to search beside ``question``; empty for most questions."""
    found = _HOW_ADJECTIVE.search(question)
    if found is not None:
        return _MEASURE_WORDS[found.group(1).lower()]
    if "where" in question.lower() and asks_for_a_destination(analyse(question)):
        return _DESTINATION_WORDS
    return ""
