"""Words searched beside a question whose answer is given in words the question does not use.

"How fast was the ship going?" shares no word with "traveling at about eight knots", nor "Where was the
ship headed?" with "leaving Baltimore bound for Colombo". The lexical search (BM25) also looks for the
words a report gives such an answer in: the asked dimension and its usual units, the phrases of a
destination. Few words, so that they do not outweigh the question's own. The dense search reads the
question alone.
"""

from __future__ import annotations

from rag.question import SIZE_LABELS, analyse
from rag.roles import asks_for_a_destination
from rag.values import asked_dimension

# The units most reports give a dimension in (``core.lexicon.UNITS_OF`` lists every one that is read).
_USUAL_UNITS = {"length": "metres meters feet km miles", "speed": "knots mph km/h", "mass": "tonnes tons kg pounds"}
_DESTINATION_WORDS = "bound destination voyage route heading"


def answer_search_terms(question: str) -> str:
    """The words to search beside ``question``; empty for most questions."""
    analysis = analyse(question)
    size = next((part for part in analysis.parts if part.labels == SIZE_LABELS), None)
    if size is not None:
        units = _USUAL_UNITS.get(asked_dimension(size) or "")
        return f"{size.missing.split()[-1]} {units}" if units else ""
    return _DESTINATION_WORDS if asks_for_a_destination(analysis) else ""
